"""Announcements at the size of the province (``seed_demo --scale``).

Notices from the federation and from upper-level and grassroots unions since 2021, mostly for
the publisher's own subtree; some important or urgent, a few recent ones pinned, and about half
with an expiry date, those past it taken offline as ``publish_scheduled`` leaves them (not live,
expired). Keyed on slugs under the announcements section.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from cms.announcements.models import AnnouncementIndexPage, AnnouncementPage, AnnouncementPriority
from cms.core.demo.scale import (
    ScaleContext,
    publish_new_pages,
    published_at,
    publishers,
    register_scale_seeder,
    slug_of,
)

FIRST_DAY = date(2021, 1, 1)
SUBJECTS = (
    ("Triệu tập họp Ban Chấp hành {org} quý {quarter}", "Đề nghị các đồng chí Ủy viên Ban Chấp hành dự họp đúng giờ."),
    ("Lịch tiếp đoàn viên của {org} tháng {month}/{year}", "Chủ tịch công đoàn tiếp đoàn viên vào sáng thứ Năm hằng tuần."),
    ("Thông báo thu đoàn phí công đoàn năm {year}", "Các tổ công đoàn nộp đoàn phí về {org} trước ngày 15 hằng tháng."),
    ("Đăng ký tham gia giải bóng đá công nhân năm {year}", "{org} nhận đăng ký các đội bóng đến hết tháng {month}."),
    ("Danh sách đoàn viên được hỗ trợ khó khăn đợt {quarter} năm {year}", "{org} công khai danh sách để đoàn viên theo dõi."),
    ("Lịch nghỉ lễ và trực cơ quan của {org}", "Cơ quan bố trí lịch trực trong các ngày nghỉ lễ."),
    ("Mời tham dự lớp tập huấn nghiệp vụ công đoàn tháng {month}/{year}", "Cán bộ công đoàn đăng ký với {org} để được sắp xếp lớp."),
)  # fmt: skip
PRIORITIES = (
    (AnnouncementPriority.NORMAL, 80),
    (AnnouncementPriority.IMPORTANT, 15),
    (AnnouncementPriority.URGENT, 5),
)


def build(ctx: ScaleContext) -> list[AnnouncementPage]:
    rng = ctx.rng("announcements")
    orgs = publishers()
    now = timezone.now()
    pages = []
    for number in range(1, ctx.size("announcements") + 1):
        publisher, audience = orgs.draw(rng)
        when = published_at(rng, FIRST_DAY, timezone.localdate())
        title_pattern, summary_pattern = rng.choice(SUBJECTS)
        values = {
            "org": publisher.short_name or publisher.name,
            "year": when.year,
            "month": when.month,
            "quarter": ["I", "II", "III", "IV"][(when.month - 1) // 3],
        }
        title = title_pattern.format(**values)[:250]
        expire_at = when + timedelta(days=rng.randint(7, 60)) if rng.random() < 0.5 else None
        page = AnnouncementPage(
            title=title,
            slug=slug_of(title, number),
            summary=summary_pattern.format(**values),
            body=[("paragraph", f"<p>{summary_pattern.format(**values)}</p>")],
            organisation=publisher,
            priority=rng.choices([p for p, _ in PRIORITIES], weights=[w for _, w in PRIORITIES])[0],
            # Pinned: a few recent ones still showing.
            is_pinned=(now - when).days < 45 and rng.random() < 0.1,
            expire_at=expire_at,
            first_published_at=when,
        )
        page.audience = audience
        pages.append(page)
    return pages


def seed(ctx: ScaleContext) -> None:
    index = AnnouncementIndexPage.objects.first()
    if index is None:
        ctx.report("no announcements section: run the demo's announcements seeder first")
        return
    now = timezone.now()
    pages = build(ctx)
    wanted = publish_new_pages(
        ctx,
        index,
        pages,
        "announcements",
        unpublished=lambda page: page.expire_at is not None and page.expire_at <= now,
    )
    ctx.report(f"{len(pages)} scale announcements ({len(wanted)} created)")


register_scale_seeder("announcements", seed, after=("organisations",))
