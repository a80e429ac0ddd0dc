"""Demo congress information: the 19th congress of the Nghệ An trade unions (2023–2028)."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.congress.models import CongressDocument, CongressIndexPage, CongressPage
from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext
from cms.core.demo.content import home_page, publish_child, section, upsert_page
from cms.news.models import NewsIndexPage, NewsPage
from cms.organisations.models import Organisation

ROOT_CODE = "ldld-nghe-an"

DOCUMENTS = [
    ("Báo cáo chính trị trình Đại hội XIX", "bao-cao-chinh-tri-dai-hoi-xix.pdf"),
    ("Nghị quyết Đại hội Công đoàn tỉnh Nghệ An lần thứ XIX", "nghi-quyet-dai-hoi-xix.pdf"),
    ("Chương trình Đại hội", "chuong-trinh-dai-hoi-xix.pdf"),
]

NEWS = [
    (
        "khai-mac-dai-hoi-cong-doan-tinh-lan-thu-xix",
        "Khai mạc Đại hội Công đoàn tỉnh Nghệ An lần thứ XIX",
        date(2023, 9, 27),
        "300 đại biểu đại diện cho hơn 200.000 đoàn viên dự Đại hội tại Trung tâm Hội nghị tỉnh.",
    ),
    (
        "be-mac-dai-hoi-cong-doan-tinh-lan-thu-xix",
        "Bế mạc Đại hội Công đoàn tỉnh Nghệ An lần thứ XIX, nhiệm kỳ 2023–2028",
        date(2023, 9, 28),
        "Đại hội bầu Ban Chấp hành khóa XIX và thông qua Nghị quyết với 12 chỉ tiêu chủ yếu.",
    ),
]


def _document(title: str, filename: str):
    model = get_document_model()
    existing = model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    content = f"%PDF-1.4\n% {title}\n".encode()
    return model.objects.create(title=title, file=ContentFile(content, name=filename))


def _news_index():
    return NewsIndexPage.objects.first() or section(NewsIndexPage, "Tin tức", "tin-tuc")


def seed(ctx: SeedContext) -> None:
    home_page()
    publisher = Organisation.objects.get(code=ROOT_CODE)
    news_index = _news_index()
    news = []
    for slug, title, day, summary in NEWS:
        page, _created = upsert_page(
            news_index,
            NewsPage,
            slug,
            title=title,
            date=day,
            summary=summary,
            organisation=publisher,
            author="Ban Tuyên giáo LĐLĐ tỉnh",
        )
        news.append(page)

    index = section(
        CongressIndexPage,
        "Đại hội Công đoàn",
        "dai-hoi",
        intro="Văn kiện, nghị quyết và tin tức Đại hội Công đoàn tỉnh Nghệ An",
    )
    slug = "dai-hoi-cong-doan-tinh-nghe-an-lan-thu-xix"
    existing = CongressPage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        ctx.report("1 congress (0 created)")
        return
    page = CongressPage(
        slug=slug,
        title="Đại hội Công đoàn tỉnh Nghệ An lần thứ XIX, nhiệm kỳ 2023–2028",
        summary="Đại hội đại biểu Công đoàn tỉnh Nghệ An lần thứ XIX với chủ đề "
        '"Đổi mới – Dân chủ – Đoàn kết – Phát triển".',
        organisation=publisher,
        number="XIX",
        term="2023–2028",
        start_date=date(2023, 9, 27),
        end_date=date(2023, 9, 28),
        venue="Trung tâm Hội nghị tỉnh Nghệ An, TP Vinh",
        delegates_count=300,
        body=[
            {
                "type": "paragraph",
                "value": "<p>Đại hội tổng kết nhiệm kỳ 2018–2023, đề ra phương hướng, mục tiêu nhiệm kỳ 2023–2028: "
                "phát triển 210.000 đoàn viên, 100% công đoàn cơ sở đủ điều kiện thương lượng tập thể.</p>",
            }
        ],
        related_news=news,
        documents=[
            CongressDocument(title=title, document=_document(title, filename))
            for title, filename in DOCUMENTS
        ],
    )
    publish_child(index, page)
    ctx.report("1 congress (1 created)")


# After news, whose section the congress news go under.
register_seeder("congress", seed, after=("organisations", "news"), order=55)
