"""Job postings at the size of the province (``seed_demo --scale``).

Postings of the demo's employers, published by the union of their industrial zone (or the
federation) for everyone since 2023: positions, salary ranges (some negotiable), openings and
deadlines, most past. ``location_search`` is folded as ``JobPage.save`` keeps it. Keyed on slugs
under the jobs section.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from cms.core.demo.scale import (
    ScaleContext,
    publish_new_pages,
    published_at,
    publishers,
    register_scale_seeder,
    slug_of,
)
from cms.jobs.models import Employer, EmploymentType, JobIndexPage, JobPage
from search.normalize import fold

FIRST_DAY = date(2023, 1, 1)
MILLION = 1_000_000
POSITIONS = (
    ("công nhân may", 6, 9),
    ("công nhân lắp ráp linh kiện điện tử", 6, 10),
    ("kỹ thuật viên bảo trì", 9, 15),
    ("nhân viên kho", 7, 10),
    ("lái xe nâng", 8, 12),
    ("nhân viên kiểm tra chất lượng (QC)", 7, 11),
    ("kế toán tổng hợp", 9, 14),
    ("tổ trưởng sản xuất", 10, 16),
)


def build(ctx: ScaleContext, employers: list[Employer]) -> list[JobPage]:
    rng = ctx.rng("jobs")
    orgs = publishers()
    today = timezone.localdate()
    pages = []
    for number in range(1, ctx.size("jobs") + 1):
        employer = rng.choice(employers)
        when = published_at(rng, FIRST_DAY, today, recent_bias=1.2)
        position, low, high = rng.choice(POSITIONS)
        openings = rng.choice((2, 5, 10, 20, 50, 100, 200))
        title = f"Tuyển {openings} {position}"
        negotiable = rng.random() < 0.15
        page = JobPage(
            title=title,
            slug=slug_of(title, number),
            summary=f"{employer.name} tuyển {openings} {position} làm việc tại {employer.address}.",
            organisation=orgs.federation,
            employer=employer,
            street_address=employer.address or employer.locality,
            locality=employer.locality,
            salary_min=None if negotiable else low * MILLION,
            salary_max=None if negotiable else high * MILLION,
            salary_negotiable=negotiable,
            openings=openings,
            employment_type=rng.choices(
                [EmploymentType.FULL_TIME, EmploymentType.SHIFT_WORK, EmploymentType.SEASONAL],
                weights=(6, 3, 1),
            )[0],
            working_hours="Ca 8 tiếng, nghỉ Chủ nhật",
            requirements="<ul><li>Tuổi từ 18 đến 40;</li><li>Sức khỏe tốt.</li></ul>",
            benefits="<ul><li>Đóng đầy đủ bảo hiểm xã hội;</li><li>Hỗ trợ nhà ở, xe đưa đón.</li></ul>",
            how_to_apply="<p>Nộp hồ sơ tại phòng nhân sự hoặc công đoàn cơ sở của công ty.</p>",
            contact=f"Phòng Nhân sự {employer.name}",
            valid_through=timezone.localtime(when).date() + timedelta(days=rng.choice((15, 30, 45, 60))),
            first_published_at=when,
        )
        page.location_search = fold(f"{page.street_address} {page.locality}")  # what save() keeps
        page.audience = []
        pages.append(page)
    return pages


def seed(ctx: ScaleContext) -> None:
    index = JobIndexPage.objects.first()
    employers = list(Employer.objects.order_by("pk"))
    if index is None or not employers:
        ctx.report("no jobs section or employers: run the demo's jobs seeder first")
        return
    pages = build(ctx, employers)
    wanted = publish_new_pages(ctx, index, pages, "job postings")
    ctx.report(f"{len(pages)} scale job postings ({len(wanted)} created)")


register_scale_seeder("jobs", seed, after=("organisations",))
