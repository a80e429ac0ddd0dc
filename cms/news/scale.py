"""News at the size of the province: 20,000 published articles (``seed_demo --scale``).

Published since 2019, most by the federation (for everyone), the others by upper-level and
grassroots unions (for their own subtree), more of them recent; each with one or two of the demo's
categories, a summary, a body of paragraphs and, most of them, a cover image reused from the
demo's articles. Written by ``cms.core.demo.bulk.publish_pages`` (revision, log entries,
references and search entries as publishing leaves them); keyed on slugs under the news section.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cms.core.demo.scale import (
    ScaleContext,
    cover_images,
    publish_new_pages,
    published_at,
    publishers,
    register_scale_seeder,
    slug_of,
)
from cms.news.models import NewsCategory, NewsIndexPage, NewsPage

FIRST_DAY = date(2019, 1, 1)
FEATURED_SHARE = 0.01
WITH_COVER_SHARE = 0.85
# Federation, upper-level and grassroots unions' shares of the articles.
PUBLISHER_WEIGHTS = (0.8, 0.1, 0.1)

# Title, summary and paragraphs by category; {org} is the publishing union's name.
TOPICS: dict[str, tuple[tuple[str, str], ...]] = {
    "hoat-dong-cong-doan": (
        ("{org} tổ chức Hội nghị người lao động năm {year}", "Hội nghị đánh giá việc thực hiện thỏa ước lao động tập thể và bàn nhiệm vụ năm {year}."),
        ("{org} tập huấn nghiệp vụ cho cán bộ công đoàn", "Cán bộ công đoàn được bồi dưỡng kỹ năng đối thoại, thương lượng và tuyên truyền."),
        ("{org} tổng kết công tác công đoàn năm {year}", "Năm {year}, tổ chức công đoàn phát triển thêm đoàn viên và chăm lo tốt đời sống người lao động."),
        ("{org} phát động thi đua lao động giỏi quý {quarter}", "Phong trào thi đua hướng tới hoàn thành kế hoạch sản xuất và an toàn lao động."),
        ("{org} ký kết thỏa ước lao động tập thể giai đoạn {year}–{next_year}", "Thỏa ước có nhiều điều khoản có lợi hơn cho người lao động so với quy định của pháp luật."),
    ),
    "chinh-sach-phap-luat": (
        ("Tuyên truyền Bộ luật Lao động cho đoàn viên {org}", "Người lao động được giải đáp về hợp đồng, tiền lương, thời giờ làm việc và nghỉ ngơi."),
        ("{org} đối thoại định kỳ với người sử dụng lao động", "Nhiều kiến nghị về tiền lương, bữa ăn ca và điều kiện làm việc được giải quyết ngay tại hội nghị."),
        ("Hỏi đáp chính sách bảo hiểm xã hội tại {org}", "Đoàn viên được hướng dẫn về chế độ ốm đau, thai sản và hưu trí."),
        ("{org} triển khai Luật Công đoàn năm 2024", "Những điểm mới của Luật Công đoàn được phổ biến đến từng tổ công đoàn."),
    ),
    "guong-dien-hinh": (
        ("Gương lao động giỏi ở {org}", "Nhiều sáng kiến cải tiến kỹ thuật giúp tăng năng suất, tiết kiệm chi phí sản xuất."),
        ("{org} biểu dương {count} đoàn viên tiêu biểu năm {year}", "Các đoàn viên được khen thưởng vì thành tích xuất sắc trong lao động và hoạt động công đoàn."),
        ("Chủ tịch công đoàn tận tụy vì người lao động ở {org}", "Gần mười năm gắn bó với phong trào, chị luôn lắng nghe và bảo vệ quyền lợi đoàn viên."),
    ),
    "doi-song-cong-nhan": (
        ("{org} trao {count} suất quà cho đoàn viên khó khăn", "Mỗi suất quà gồm tiền mặt và nhu yếu phẩm, trao tận tay đoàn viên có hoàn cảnh khó khăn."),
        ("Mái ấm Công đoàn đến với đoàn viên {org}", "Ngôi nhà mới được hỗ trợ từ quỹ Mái ấm Công đoàn và sự chung tay của đồng nghiệp."),
        ("Nâng chất lượng bữa ăn ca tại {org}", "Bữa ăn ca được nâng giá trị và thực đơn đa dạng hơn sau đối thoại giữa công đoàn và doanh nghiệp."),
        ('"Tết Sum vầy" năm {year} tại {org}', "Đoàn viên được tặng quà, vé xe về quê và tham gia gian hàng 0 đồng dịp Tết."),
    ),
    "dai-hoi": (
        ("Đại hội {org} nhiệm kỳ {year}–{term_end}", "Đại hội bầu Ban Chấp hành khóa mới và thông qua phương hướng nhiệm vụ nhiệm kỳ {year}–{term_end}."),
        ("{org} tổ chức thành công Đại hội điểm", "Đại hội điểm rút kinh nghiệm cho các công đoàn cơ sở trước mùa đại hội."),
    ),
}  # fmt: skip
PARAGRAPHS = (
    "Tham dự có đại diện lãnh đạo công đoàn cấp trên, người sử dụng lao động và đông đảo đoàn viên, người lao động.",
    "Thời gian qua, tổ chức công đoàn đã phối hợp chặt chẽ với chuyên môn chăm lo việc làm, thu nhập và điều kiện "
    "làm việc cho người lao động.",
    "Các ý kiến tại buổi làm việc tập trung vào tiền lương, thời giờ làm việc, an toàn vệ sinh lao động và phúc lợi.",
    "Dịp này, nhiều tập thể và cá nhân có thành tích xuất sắc được khen thưởng.",
    "Ban Chấp hành công đoàn cam kết tiếp tục đồng hành, lắng nghe và bảo vệ quyền, lợi ích hợp pháp của đoàn viên.",
)


def _display(organisation) -> str:
    return organisation.short_name or organisation.name


def build(ctx: ScaleContext, categories: list[NewsCategory], images: list) -> list[NewsPage]:
    rng = ctx.rng("news")
    orgs = publishers()
    today = timezone.localdate()
    by_slug = {category.slug: category for category in categories}
    topics = [slug for slug in TOPICS if slug in by_slug] or list(TOPICS)
    pages = []
    for number in range(1, ctx.size("news") + 1):
        # Most news is the federation's, for everyone; unions write for their own members.
        publisher, audience = orgs.draw(rng, weights=PUBLISHER_WEIGHTS)
        when = published_at(rng, FIRST_DAY, today)
        topic = rng.choice(topics)
        title_pattern, summary_pattern = rng.choice(TOPICS[topic])
        values = {
            "org": _display(publisher),
            "year": when.year,
            "next_year": when.year + 2,
            "term_end": when.year + 5,
            "quarter": ["I", "II", "III", "IV"][(when.month - 1) // 3],
            "count": rng.randrange(20, 500, 10),
        }
        title = title_pattern.format(**values)[:250]
        chosen = [by_slug[topic]] if topic in by_slug else []
        if categories and rng.random() < 0.2:
            chosen = list({*chosen, rng.choice(categories)})
        page = NewsPage(
            title=title,
            slug=slug_of(title, number),
            summary=summary_pattern.format(**values),
            date=timezone.localtime(when).date(),
            author="Ban Tuyên giáo LĐLĐ tỉnh"
            if publisher is orgs.federation
            else f"Văn phòng {_display(publisher)}",
            organisation=publisher,
            cover_image=rng.choice(images) if images and rng.random() < WITH_COVER_SHARE else None,
            is_featured=rng.random() < FEATURED_SHARE,
            body=[("paragraph", f"<p>{text}</p>") for text in rng.sample(PARAGRAPHS, rng.randint(2, 4))],
            first_published_at=when,
        )
        page.categories = chosen
        page.audience = audience
        pages.append(page)
    return pages


def seed(ctx: ScaleContext) -> None:
    index = NewsIndexPage.objects.first()
    if index is None:
        ctx.report("no news section: run the demo's news seeder first")
        return
    categories = list(NewsCategory.objects.all())
    images = cover_images()
    pages = build(ctx, categories, images)
    wanted = publish_new_pages(ctx, index, pages, "news articles")
    ctx.report(f"{len(pages)} scale news articles ({len(wanted)} created)")


register_scale_seeder("news", seed, after=("organisations",))
