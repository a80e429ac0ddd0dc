"""Legal consultations at the size of the province (``seed_demo --scale``).

Questions members ask (wages, contracts, maternity, social insurance...), asked from unions
across the province and answered by the federation's legal advisers, each with its topics and
one or two legal bases (a few citing the repealed 2012 Labour Code, so they show as under
review). Keyed on slugs under the legal library.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cms.core.demo.scale import (
    ScaleContext,
    publish_new_pages,
    published_at,
    publishers,
    register_scale_seeder,
    slug_of,
)
from cms.legal.models import LegalBasis, LegalLibraryPage, LegalScenarioPage, LegalTopic

FIRST_DAY = date(2021, 1, 1)
# code, name, in force from, until
INSTRUMENTS = (
    ("45/2019/QH14", "Bộ luật Lao động 2019", date(2021, 1, 1), None),
    ("41/2024/QH15", "Luật Bảo hiểm xã hội 2024", date(2025, 7, 1), None),
    ("50/2024/QH15", "Luật Công đoàn 2024", date(2025, 7, 1), None),
    ("84/2015/QH13", "Luật An toàn, vệ sinh lao động 2015", date(2016, 7, 1), None),
)
REPEALED = ("10/2012/QH13", "Bộ luật Lao động 2012", date(2013, 5, 1), date(2020, 12, 31))
QUESTIONS = (
    ("Công ty có được trả lương chậm quá {days} ngày không?", "tien-luong"),
    ("Làm thêm giờ vào ngày nghỉ hằng tuần được trả lương thế nào?", "thoi-gio-lam-viec"),
    ("Hợp đồng lao động thời vụ {months} tháng có phải đóng bảo hiểm xã hội không?", "bao-hiem-xa-hoi"),
    ("Lao động nữ sinh con được nghỉ thai sản bao lâu?", "thai-san"),
    ("Nghỉ việc không báo trước {days} ngày có bị phạt không?", "hop-dong-lao-dong"),
    ("Bị sa thải khi đang mang thai có đúng luật không?", "ky-luat-sa-thai"),
    ("Công ty không trang bị bảo hộ lao động, người lao động cần làm gì?", "an-toan-ve-sinh-lao-dong"),
    ("Đoàn viên bị tai nạn trên đường đi làm có được hưởng chế độ không?", "bao-hiem-xa-hoi"),
    ("Chủ tịch công đoàn cơ sở có được bảo vệ khi hết hợp đồng lao động không?", "quyen-cong-doan"),
    ("Thử việc {months} tháng có đúng quy định không?", "hop-dong-lao-dong"),
)
ASKERS = (
    "Công nhân KCN {place} hỏi",
    "Một đoàn viên ở {place} hỏi",
    "Nữ công nhân may tại {place} hỏi",
    "Giáo viên mầm non ở {place} hỏi",
    "Chủ tịch công đoàn cơ sở tại {place} hỏi",
)
PLACES = (
    "Nam Cấm",
    "VSIP",
    "Bắc Vinh",
    "Hoàng Mai",
    "Diễn Châu",
    "Hưng Nguyên",
    "Nghi Lộc",
    "Đô Lương",
    "Vinh",
)


def build(ctx: ScaleContext, topics: dict[str, LegalTopic]) -> list[LegalScenarioPage]:
    rng = ctx.rng("legal")
    federation = publishers().federation
    pages = []
    for number in range(1, ctx.size("legal") + 1):
        when = published_at(rng, FIRST_DAY, timezone.localdate())
        pattern, topic = rng.choice(QUESTIONS)
        question = pattern.format(days=rng.choice((15, 30, 45)), months=rng.choice((2, 3, 6)))
        asker = rng.choice(ASKERS).format(place=rng.choice(PLACES))
        title = question.rstrip("?")
        chosen = [topics[topic]] if topic in topics else []
        instruments = [rng.choice(INSTRUMENTS)]
        if rng.random() < 0.4:
            instruments.append(rng.choice(INSTRUMENTS))
        if rng.random() < 0.05:
            instruments.append(REPEALED)
        page = LegalScenarioPage(
            title=title,
            slug=slug_of(title, number),
            summary=question,
            organisation=federation,
            asker=asker,
            situation=f"{asker.removesuffix(' hỏi')} cho biết đã trao đổi với công ty nhưng chưa được giải quyết.",
            question=question,
            answer="<p>Theo quy định hiện hành, người lao động có quyền yêu cầu người sử dụng lao động thực hiện "
            "đúng hợp đồng và pháp luật; đoàn viên có thể đề nghị công đoàn cơ sở hỗ trợ, đại diện.</p>",
            reviewed_by="Văn phòng tư vấn pháp luật LĐLĐ tỉnh",
            # Generated text cites no checked article: it is shown to members as under review, and
            # never claims a review (a date) it did not have.
            reviewed_on=None,
            under_review=True,
            review_note="Scale test data: not checked against the law.",
            first_published_at=when,
        )
        page.topics = chosen
        page.legal_bases = [
            LegalBasis(
                instrument_code=code,
                instrument_name=name,
                article="",
                valid_from=valid_from,
                valid_until=valid_until,
            )
            for code, name, valid_from, valid_until in dict.fromkeys(instruments)
        ]
        page.audience = []
        pages.append(page)
    return pages


def seed(ctx: ScaleContext) -> None:
    library = LegalLibraryPage.objects.first()
    if library is None:
        ctx.report("no legal library: run the demo's legal seeder first")
        return
    pages = build(ctx, LegalTopic.objects.in_bulk(field_name="slug"))
    wanted = publish_new_pages(ctx, library, pages, "legal consultations")
    ctx.report(f"{len(pages)} scale legal consultations ({len(wanted)} created)")


register_scale_seeder("legal", seed, after=("organisations",))
