"""Demo congress information: the 20th congress of the Nghệ An trade unions (2025–2030).

As reported by the provincial press: held on 7–8 December 2025 at the Nhà Văn hóa Lao động tỉnh
(phường Thành Vinh), 300 official delegates for about 150,000 union members, with the motto
"Đoàn kết – Dân chủ – Kỷ cương – Đổi mới – Phát triển". The 19th congress (term 2023–2028) had
"Đổi mới – Dân chủ – Đoàn kết – Khát vọng – Phát triển".
"""

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
MOTTO = "Đoàn kết – Dân chủ – Kỷ cương – Đổi mới – Phát triển"
PREVIOUS_MOTTO = "Đổi mới – Dân chủ – Đoàn kết – Khát vọng – Phát triển"

DOCUMENTS = [
    ("Báo cáo chính trị trình Đại hội XX", "bao-cao-chinh-tri-dai-hoi-xx.pdf"),
    ("Nghị quyết Đại hội Công đoàn tỉnh Nghệ An lần thứ XX", "nghi-quyet-dai-hoi-xx.pdf"),
    ("Chương trình Đại hội", "chuong-trinh-dai-hoi-xx.pdf"),
]

NEWS = [
    (
        "ngay-lam-viec-thu-nhat-dai-hoi-cong-doan-tinh-lan-thu-xx",
        "Ngày làm việc thứ nhất Đại hội Công đoàn tỉnh Nghệ An lần thứ XX",
        date(2025, 12, 7),
        "Đại hội bầu Đoàn Chủ tịch, Thư ký, Ban Thẩm tra tư cách đại biểu và nghe báo cáo kết quả hoạt động "
        "Công đoàn Nghệ An giai đoạn 2023–2025.",
    ),
    (
        "dai-hoi-cong-doan-tinh-nghe-an-lan-thu-xx-phien-chinh-thuc",
        "Đại hội Công đoàn tỉnh Nghệ An lần thứ XX, nhiệm kỳ 2025–2030",
        date(2025, 12, 8),
        f"300 đại biểu chính thức đại diện cho khoảng 150.000 đoàn viên dự Đại hội với phương châm “{MOTTO}”.",
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
            author="Liên đoàn Lao động tỉnh Nghệ An",
        )
        news.append(page)

    index = section(
        CongressIndexPage,
        "Đại hội Công đoàn",
        "dai-hoi",
        intro="Văn kiện, nghị quyết và tin tức Đại hội Công đoàn tỉnh Nghệ An",
    )
    slug = "dai-hoi-cong-doan-tinh-nghe-an-lan-thu-xx"
    existing = CongressPage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        ctx.report("1 congress (0 created)")
        return
    page = CongressPage(
        slug=slug,
        title="Đại hội Công đoàn tỉnh Nghệ An lần thứ XX, nhiệm kỳ 2025–2030",
        summary=f"Đại hội Công đoàn tỉnh Nghệ An lần thứ XX với phương châm “{MOTTO}”.",
        organisation=publisher,
        number="XX",
        term="2025–2030",
        start_date=date(2025, 12, 7),
        end_date=date(2025, 12, 8),
        venue="Nhà Văn hóa Lao động tỉnh Nghệ An, phường Thành Vinh",
        delegates_count=300,
        body=[
            {
                "type": "paragraph",
                "value": "<p>Đại hội tổng kết hoạt động Công đoàn Nghệ An giai đoạn 2023–2025 (nhiệm kỳ XIX, "
                f"phương châm “{PREVIOUS_MOTTO}”), trong bối cảnh tổ chức công đoàn sắp xếp lại bộ máy theo "
                "mô hình mới, và đề ra phương hướng, mục tiêu nhiệm kỳ 2025–2030.</p>"
                "<p>300 đại biểu chính thức đại diện cho khoảng 150.000 đoàn viên công đoàn trong toàn tỉnh "
                "dự Đại hội.</p>",
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
