"""One explicit function per content type builds its search document.

A builder reads one object and says what search holds of it: the title and summary shown in
hits, the body text, words matched but not shown (a document's number, an employer's name),
the date hits are sorted and filtered by, the publishing organisation, the audience, the
topics counted in facets and the path the app opens. It never decides who may find it: the
audience and the publication window are copied from the object, and search.access applies the
one visibility rule to them in every query.

What a builder must not put in a document is as important as what it puts: a contest's
questions and answers, a member's private data in anything listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags

BODY_LIMIT = 20_000  # characters of body text kept: enough for any member-facing page


@dataclass
class Built:
    """What a builder returns: the fields of a SearchDocument and its audience and topics."""

    title: str
    summary: str = ""
    body: str = ""
    extra: str = ""  # matched, never shown (numbers, names of employers...)
    date: datetime | None = None
    organisation_id: int | None = None
    organisation_path: str = ""
    audience_ids: list[int] = field(default_factory=list)
    visible_from: datetime | None = None
    visible_until: datetime | None = None
    path: str = ""
    topics: list[tuple[str, str]] = field(default_factory=list)  # (code, label)
    listed: bool = True


BUILDERS: dict[str, Builder] = {}


def builder(kind: str, model_path: str, *, queryset=None, indexable=None):
    """Register ``build`` as the builder of ``kind`` for the model ``app_label.ModelName``."""

    def register(build: Callable[[Any], Built]) -> Callable[[Any], Built]:
        BUILDERS[kind] = Builder(kind, model_path, build, queryset, indexable)
        return build

    return register


class Builder:
    """A kind's builder: ``build(obj) -> Built``, the rows a rebuild reads (``queryset()``, what
    ``build`` reads prefetched) and whether an object belongs in the index (``indexable``). Its
    model is looked up when first used (apps load after this module)."""

    def __init__(self, kind, model_path, build, queryset, indexable) -> None:
        self.kind = kind
        self.model_path = model_path
        self.build = build
        self._queryset = queryset
        self._indexable = indexable

    @property
    def model(self) -> type[Model]:
        from django.apps import apps

        return apps.get_model(self.model_path)

    def queryset(self) -> QuerySet:
        if self._queryset is not None:
            return self._queryset(self.model)
        return self.model._default_manager.all()

    def indexable(self, obj) -> bool:
        return self._indexable(obj) if self._indexable is not None else True


def builder_for(obj_or_model) -> Any | None:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for registered in BUILDERS.values():
        if registered.model is model:
            return registered
    return None


# --- Pages --------------------------------------------------------------------------------


def restricted_paths_now() -> list[str]:
    from wagtail.models import PageViewRestriction

    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def page_indexable(page, restricted_paths: Iterable[str] | None = None) -> bool:
    """Live, not expired and in no view-restricted section: what any viewer could ever see.
    (The publication window and the audience are applied per query: search.access.)"""
    if not page.live or page.expired:
        return False
    paths = restricted_paths_now() if restricted_paths is None else restricted_paths
    return not any(page.path.startswith(path) for path in paths)


def _page_queryset(model) -> QuerySet:
    return (
        model._default_manager.filter(live=True, expired=False)
        .select_related("organisation")
        .prefetch_related("audience")
        .order_by("pk")
    )


def _as_datetime(day: date | datetime | None) -> datetime | None:
    if day is None or isinstance(day, datetime):
        return day
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


def _text(obj, *field_names: str) -> str:
    """Plain text of model fields (rich text and StreamField included), as Wagtail indexes them."""
    parts: list[str] = []
    for name in field_names:
        value = getattr(obj, name)
        if value in (None, ""):
            continue
        model_field = obj._meta.get_field(name)
        if hasattr(model_field, "get_searchable_content"):
            parts.extend(str(piece) for piece in model_field.get_searchable_content(value))
        else:
            parts.append(str(value))
    return " ".join(strip_tags(part) for part in parts if part).strip()


def content_page(page, *, body: str = "", extra: str = "", day=None, topics=None) -> Built:
    """The fields every content page shares (cms.core.pages.ContentPage)."""
    from cms.core.page_preview import api_path

    organisation = page.organisation
    return Built(
        title=page.title,
        summary=page.summary,
        body=body[:BODY_LIMIT],
        extra=extra,
        date=_as_datetime(day) or page.first_published_at,
        organisation_id=organisation.pk if organisation else None,
        organisation_path=organisation.path if organisation else "",
        audience_ids=sorted(org.pk for org in page.audience.all()),
        visible_from=page.go_live_at,
        visible_until=page.expire_at,
        path=api_path(page),
        topics=topics or [],
    )


def _page_builder(kind: str, model_path: str, queryset=None):
    return builder(kind, model_path, queryset=queryset or _page_queryset, indexable=page_indexable)


@_page_builder("news", "news.NewsPage", queryset=lambda m: _page_queryset(m).prefetch_related("categories"))
def news(page) -> Built:
    topics = [(f"news:{category.slug}", category.name) for category in page.categories.all()]
    return content_page(page, body=_text(page, "body"), extra=page.author, day=page.date, topics=topics)


@_page_builder("announcement", "announcements.AnnouncementPage")
def announcement(page) -> Built:
    return content_page(page, body=_text(page, "body"), day=page.last_published_at or page.first_published_at)


@_page_builder("document", "documents.OfficialDocumentPage")
def official_document(page) -> Built:
    kind = (f"document:{page.document_type}", page.get_document_type_display())
    extra = f"{page.number_symbol} {page.signer_name}"
    return content_page(page, body=_text(page, "body"), extra=extra, day=page.issued_on, topics=[kind])


@_page_builder(
    "legal",
    "legal.LegalScenarioPage",
    queryset=lambda m: _page_queryset(m).prefetch_related("topics", "legal_bases"),
)
def legal_scenario(page) -> Built:
    bases = " ".join(f"{basis.instrument_code} {basis.instrument_name}" for basis in page.legal_bases.all())
    topics = [(f"legal:{topic.slug}", topic.name) for topic in page.topics.all()]
    body = _text(page, "situation", "question", "answer")
    return content_page(page, body=body, extra=bases, day=page.last_published_at, topics=topics)


@_page_builder("benefit", "benefits.BenefitPage")
def benefit(page) -> Built:
    body = _text(page, "eligibility", "how_to_claim", "body")
    extra = f"{page.partner_name} {page.discount_text}"
    return content_page(
        page,
        body=body,
        extra=extra,
        day=page.last_published_at,
        topics=[(f"benefit:{page.kind}", page.get_kind_display())],
    )


@_page_builder("job", "jobs.JobPage", queryset=lambda m: _page_queryset(m).select_related("employer"))
def job(page) -> Built:
    body = _text(page, "requirements", "benefits", "how_to_apply")
    extra = f"{page.employer.name if page.employer_id else ''} {page.street_address} {page.locality}"
    topic = (f"job:{page.employment_type}", page.get_employment_type_display())
    return content_page(page, body=body, extra=extra, day=page.first_published_at, topics=[topic])


@_page_builder("contest", "contests.ContestPage")
def contest(page) -> Built:
    # Rules and prizes only: the question bank and its answers never enter the index.
    return content_page(page, body=_text(page, "rules", "prizes"), day=page.first_published_at)


@_page_builder("congress", "congress.CongressPage")
def congress(page) -> Built:
    extra = f"{page.number} {page.term} {page.venue}"
    return content_page(page, body=_text(page, "body"), extra=extra, day=page.start_date)


# --- Records the admin searches (never listed: no search box of the app finds them) ------------


def _unlisted(model) -> QuerySet:
    return model._default_manager.order_by("pk")


@builder("organisation", "organisations.Organisation", queryset=_unlisted)
def organisation(org) -> Built:
    """The union directory's search: name, short name, code ("kcn nam cam", "cdcs-luxshare")."""
    return Built(title=org.name, extra=f"{org.short_name} {org.code}", listed=False)


@builder("member", "members.Member", queryset=_unlisted)
def member(person) -> Built:
    """The member list's search by name. Personal data: never listed, never sent to Meilisearch
    (search.sync pushes listed kinds only); phone and card numbers are matched apart
    (cms.members.queries)."""
    return Built(title=person.full_name, listed=False)


# The kinds the member app's search box finds (``search`` in GraphQL).
LISTED_KINDS = ("news", "announcement", "document", "legal", "benefit", "job", "contest", "congress")
