"""Member benefits at the size of the province (``seed_demo --scale``).

Partner discounts, hardship support, scholarships and Tết programmes of the federation and of
unions for their own members: past, current and upcoming, with a partner and a discount where
there is one. Keyed on slugs under the benefits section.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from cms.benefits.models import BenefitIndexPage, BenefitKind, BenefitPage
from cms.core.demo.scale import (
    ScaleContext,
    cover_images,
    publish_new_pages,
    published_at,
    publishers,
    register_scale_seeder,
    slug_of,
)

FIRST_DAY = date(2022, 1, 1)
PARTNERS = (
    ("Nhà hàng {brand}", "Giảm {pct}% hóa đơn ăn uống"),
    ("Siêu thị {brand}", "Giảm {pct}% khi thanh toán bằng thẻ đoàn viên"),
    ("Phòng khám đa khoa {brand}", "Giảm {pct}% phí khám bệnh"),
    ("Trung tâm ngoại ngữ {brand}", "Giảm {pct}% học phí cho con đoàn viên"),
    ("Nhà xe {brand}", "Giảm {pct}% giá vé dịp lễ, Tết"),
)
BRANDS = ("Hoàng Long", "Sông Lam", "Minh Phát", "An Phú", "Thành Vinh", "Cửa Lò", "Hồng Lĩnh", "Trường An")
PROGRAMMES = (
    (BenefitKind.HARDSHIP_SUPPORT, "Hỗ trợ đoàn viên có hoàn cảnh khó khăn năm {year}"),
    (BenefitKind.SCHOLARSHIP, "Học bổng cho con đoàn viên vượt khó học giỏi năm học {year}–{next}"),
    (BenefitKind.TET_REUNION, "Chương trình Tết Sum vầy năm {next}"),
    (BenefitKind.UNION_HOUSE, "Hỗ trợ xây, sửa Mái ấm Công đoàn năm {year}"),
)


def build(ctx: ScaleContext, images: list) -> list[BenefitPage]:
    rng = ctx.rng("benefits")
    orgs = publishers()
    pages = []
    for number in range(1, ctx.size("benefits") + 1):
        publisher, audience = orgs.draw(rng, weights=(0.4, 0.3, 0.3))
        when = published_at(rng, FIRST_DAY, timezone.localdate())
        start = timezone.localtime(when).date()
        if rng.random() < 0.6:
            partner_pattern, discount_pattern = rng.choice(PARTNERS)
            partner = partner_pattern.format(brand=rng.choice(BRANDS))
            kind, title = BenefitKind.PARTNER_DISCOUNT, f"Ưu đãi cho đoàn viên tại {partner}"
            discount = discount_pattern.format(pct=rng.choice((5, 10, 15, 20)))
        else:
            kind, pattern = rng.choice(PROGRAMMES)
            title, partner, discount = pattern.format(year=start.year, next=start.year + 1), "", ""
        until = start + timedelta(days=rng.choice((90, 180, 365, 730))) if rng.random() < 0.8 else None
        page = BenefitPage(
            title=title,
            slug=slug_of(title, number),
            summary=discount or f"{publisher.short_name or publisher.name} triển khai cho đoàn viên.",
            organisation=publisher,
            kind=kind,
            eligibility="<p>Đoàn viên công đoàn đang sinh hoạt tại đơn vị.</p>",
            how_to_claim="<p>Xuất trình thẻ đoàn viên hoặc thẻ đoàn viên điện tử trên ứng dụng.</p>",
            valid_from=start,
            valid_until=until,
            partner_name=partner,
            discount_text=discount,
            cover_image=rng.choice(images) if images and rng.random() < 0.7 else None,
            first_published_at=when,
        )
        page.audience = audience
        pages.append(page)
    return pages


def seed(ctx: ScaleContext) -> None:
    index = BenefitIndexPage.objects.first()
    if index is None:
        ctx.report("no benefits section: run the demo's benefits seeder first")
        return
    pages = build(ctx, cover_images())
    wanted = publish_new_pages(ctx, index, pages, "benefits")
    ctx.report(f"{len(pages)} scale benefits ({len(wanted)} created)")


register_scale_seeder("benefits", seed, after=("organisations",))
