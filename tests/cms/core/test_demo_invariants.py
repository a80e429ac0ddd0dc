"""What the demo shows a reader must be something a real union could have published.

The demo as `make run` leaves it (the `demo` fixture): no union publishes after it was dissolved (or
before it existed), nobody works as an officer at a union that no longer exists, no job post breaks
the Labour Code 2019 (an age ceiling is discrimination under Article 3.8; overtime is capped at
40 hours a month by Article 107), no placeholder is left in any text, and the content pages name
places as they are since the commune merger of 1 July 2025. Statistics and the legal library have
invariants of their own.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.announcements.models import AnnouncementPage
from cms.benefits.models import BenefitPage
from cms.congress.models import CongressPage
from cms.documents.models import OfficialDocumentPage
from cms.jobs.models import Employer, JobPage
from cms.news.models import NewsPage
from cms.organisations.models import Officer, Organisation, OrganisationStatus

pytestmark = pytest.mark.django_db

MERGER_DAY = date(2025, 7, 1)  # districts abolished, communes merged
OVERTIME_PER_MONTH = 40  # Labour Code 2019, Article 107(2)(b)
NORMAL_DAY = 8  # Article 105
WORKING_DAYS_PER_MONTH = 20  # the fewest a full-time month has


def content_pages() -> list[Page]:
    """Every page that a union publishes (content pages have a publishing organisation)."""
    return [
        page
        for page in Page.objects.specific().select_related("locale")
        if hasattr(page, "organisation_id") and page.organisation_id
    ]


def dated(page: Page) -> list[tuple[str, date]]:
    """The dates a reader sees on the page: its own date, issue or start date, and when it went live."""
    dates = [
        (name, getattr(page, name))
        for name in ("date", "issued_on", "start_date")
        if isinstance(getattr(page, name, None), date)
    ]
    for name in ("first_published_at", "last_published_at"):
        moment = getattr(page, name)
        if moment is not None:
            dates.append((name, timezone.localdate(moment)))
    return dates


def own_dates(page: Page) -> list[tuple[str, date]]:
    return [(name, day) for name, day in dated(page) if not name.endswith("published_at")]


def text_of(obj: models.Model) -> str:
    """Every text the object holds (char, text, rich text and stream fields), as stored."""
    parts = []
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField | RichTextField | StreamField):
            parts.append(field.value_to_string(obj))
    return "\n".join(parts)


def test_no_union_publishes_after_it_was_dissolved_or_before_it_existed(demo):
    # when
    late, early = [], []
    for page in content_pages():
        organisation = Organisation.objects.get(pk=page.organisation_id)
        if organisation.dissolved_on is not None:
            late += [
                f"{page.title} ({name} {day:%d/%m/%Y}; {organisation.name} dissolved "
                f"{organisation.dissolved_on:%d/%m/%Y})"
                for name, day in dated(page)
                if day > organisation.dissolved_on
            ]
        if organisation.established_on is not None:
            early += [
                f"{page.title} ({name} {day:%d/%m/%Y}; {organisation.name} set up "
                f"{organisation.established_on:%d/%m/%Y})"
                for name, day in own_dates(page)
                if day < organisation.established_on
            ]

    # then
    assert late == []
    assert early == []


def test_no_live_page_comes_from_a_dissolved_union(demo):
    # when
    from_dissolved = [
        (page.title, page.organisation.name)
        for page in Page.objects.live().specific()
        if getattr(page, "organisation", None) is not None
        and page.organisation.status != OrganisationStatus.ACTIVE
        and page.first_published_at
        and timezone.localdate(page.first_published_at) > page.organisation.dissolved_on
    ]

    # then
    assert from_dissolved == []


def test_nothing_is_addressed_to_a_union_that_no_longer_existed(demo):
    # when
    stale = []
    for page in content_pages():
        day = max(own_dates(page), default=(None, None), key=lambda item: item[1])[1]
        addressees = list(page.audience.all())
        if isinstance(page, OfficialDocumentPage):
            addressees += list(page.recipients.all())
        stale += [
            f"{page.title} → {org.name}"
            for org in addressees
            if org.dissolved_on is not None and (day is None or day > org.dissolved_on)
        ]

    # then
    assert stale == []


def test_every_officer_works_at_a_union_that_exists(demo):
    # when
    officers = list(Officer.objects.current().select_related("user", "organisation"))

    # then
    assert officers
    assert [(o.user.username, o.organisation.name) for o in officers if not o.organisation.is_active] == []
    assert [
        (o.user.username, o.started_on)
        for o in officers
        if o.organisation.established_on and o.started_on < o.organisation.established_on
    ] == []


AGE_LIMITS = (
    re.compile(r"tuổi\s*(?:từ\s*)?\d+\s*(?:đến|-|–)\s*\d+", re.IGNORECASE),
    re.compile(r"\d+\s*(?:đến|-|–)\s*\d+\s*tuổi", re.IGNORECASE),
    re.compile(r"(?:dưới|không quá|tối đa)\s*\d+\s*tuổi", re.IGNORECASE),
)
OVERTIME_MONTHLY = re.compile(r"(\d+)\s*(?:giờ|tiếng|h)\s*/\s*tháng", re.IGNORECASE)
OVERTIME_WORDS = re.compile(r"làm thêm|tăng ca", re.IGNORECASE)
SHIFT_HOURS = re.compile(
    r"ca\s*(?:ngày\s*)?(\d+)\s*(?:tiếng|giờ)|(\d+)\s*(?:tiếng|giờ)\s*/\s*ca", re.IGNORECASE
)


def job_text(job: JobPage) -> str:
    return " ".join(
        str(value)
        for value in (
            job.title,
            job.summary,
            job.working_hours,
            job.requirements,
            job.benefits,
            job.how_to_apply,
        )
    )


def test_job_posts_set_no_age_limit_and_no_overtime_beyond_the_law(demo):
    # when
    jobs = list(JobPage.objects.all())
    age_limits, overtime, long_shifts = [], [], []
    for job in jobs:
        text = job_text(job)
        age_limits += [f"{job.title}: {m.group(0)}" for pattern in AGE_LIMITS for m in pattern.finditer(text)]
        for sentence in re.split(r"[.;\n]|</li>", text):
            if OVERTIME_WORDS.search(sentence):
                overtime += [
                    f"{job.title}: {m.group(0)}"
                    for m in OVERTIME_MONTHLY.finditer(sentence)
                    if int(m.group(1)) > OVERTIME_PER_MONTH
                ]
        for m in SHIFT_HOURS.finditer(text):
            hours = int(m.group(1) or m.group(2))
            if (hours - NORMAL_DAY) * WORKING_DAYS_PER_MONTH > OVERTIME_PER_MONTH:
                long_shifts.append(f"{job.title}: {m.group(0)}")
        if OVERTIME_WORDS.search(text) and not OVERTIME_MONTHLY.search(text):
            overtime.append(f"{job.title}: overtime without a monthly cap")

    # then
    assert len(jobs) == 20
    assert age_limits == []
    assert overtime == []
    assert long_shifts == []


DEMO_APPS = (
    "organisations",
    "members",
    "home",
    "news",
    "announcements",
    "documents",
    "legal",
    "benefits",
    "contests",
    "jobs",
    "congress",
    "statistics",
)
PLACEHOLDER = re.compile(r"x{3,}|lorem ipsum|\bTODO\b|\bTBD\b", re.IGNORECASE)


def test_no_placeholder_is_left_in_any_demo_text(demo):
    # when
    found = []
    for app_label in DEMO_APPS:
        for model in apps.get_app_config(app_label).get_models():
            for obj in model._default_manager.all():
                for match in PLACEHOLDER.finditer(text_of(obj)):
                    found.append(f"{model.__name__} {obj.pk}: …{match.group(0)}…")

    # then
    assert found == []


OLD_PLACES = re.compile(r"(?<!\w)(?:huyện|thị xã|thị trấn|TP\.? ?Vinh|thành phố Vinh)(?!\w)", re.IGNORECASE)
PAGES_THAT_NAME_PLACES = (
    NewsPage,
    AnnouncementPage,
    OfficialDocumentPage,
    JobPage,
    BenefitPage,
    CongressPage,
)


def test_pages_dated_after_the_commune_merger_name_places_as_they_are_now(demo):
    # when
    old_names = []
    for model in PAGES_THAT_NAME_PLACES:
        for page in model.objects.all():
            days = [day for _, day in own_dates(page)] or [MERGER_DAY]
            if max(days) >= MERGER_DAY:
                old_names += [f"{page.title}: {m.group(0)}" for m in OLD_PLACES.finditer(text_of(page))]
    for employer in Employer.objects.all():
        old_names += [f"{employer.name}: {m.group(0)}" for m in OLD_PLACES.finditer(text_of(employer))]

    # then
    assert old_names == []
