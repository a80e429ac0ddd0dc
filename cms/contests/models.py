"""Online contests (cuộc thi trực tuyến): a contest page with weekly rounds and a private question bank.

The question bank (questions, choices and which choice is correct) is editors-only: it lives in
snippets the API never exposes. A later attempt will draw ``questions_drawn`` questions from a
round's pool on the server and keep the drawn question ids, so questions and rounds keep stable
primary keys here.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.contests.forms import ContestPageForm, ContestQuestionForm
from cms.core.blocks import RICH_TEXT_FEATURES
from cms.core.pages import ContentPage, SectionPage

MIN_CHOICES = 2
MAX_CHOICES = 6
DEFAULT_PREDICTION_QUESTION = "Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi?"


class ContestStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def window_status(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> ContestStatus:
    """Status of a window [opens_at, closes_at) at ``now``; no window yet means upcoming."""
    if opens_at is None or closes_at is None or now < opens_at:
        return ContestStatus.UPCOMING
    if now < closes_at:
        return ContestStatus.OPEN
    return ContestStatus.CLOSED


class ContestIndexPage(SectionPage):
    subpage_types = ["contests.ContestPage"]

    class Meta:
        verbose_name = _("contests section")


class ContestPage(ContentPage):
    rules = RichTextField(
        _("rules"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Who may take part, how, and how entries are ranked."),
    )
    prizes = RichTextField(
        _("prizes"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Individual and collective prizes, per round and overall."),
    )
    prediction_question = models.CharField(
        _("prediction question"),
        max_length=255,
        default=DEFAULT_PREDICTION_QUESTION,
        help_text=_("Asked at the end of every attempt; the closest prediction breaks ties."),
    )

    content_panels = ContentPage.content_panels + [
        FieldPanel("rules"),
        FieldPanel("prizes"),
        FieldPanel("prediction_question"),
        MultiFieldPanel(
            [InlinePanel("rounds", label=_("Round"), min_num=1)],
            heading=_("Rounds"),
            help_text=_("Add the questions in Snippets › Contest questions; a round draws from them."),
        ),
    ]
    settings_panels = ContentPage.publishing_panels + Page.settings_panels
    search_fields = ContentPage.search_fields + [index.SearchField("rules")]
    parent_page_types = ["contests.ContestIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ContestPageForm

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")

    def status_at(self, now: datetime | None = None) -> ContestStatus:
        """Open from the first round's opening to the last round's closing (gaps included)."""
        rounds = list(self.rounds.all())
        opens = min((r.opens_at for r in rounds if r.opens_at), default=None)
        closes = max((r.closes_at for r in rounds if r.closes_at), default=None)
        return window_status(opens, closes, now or timezone.now())

    def question_bank(self) -> QuerySet[ContestQuestion]:
        return ContestQuestion.objects.filter(contest=self)


def with_schedule(queryset: QuerySet, now: datetime | None = None) -> QuerySet:
    """Contests annotated with ``starts_at``, ``ends_at`` and ``status`` (as in ``status_at``)."""
    now = now or timezone.now()
    rounds = ContestRound.objects.filter(page=OuterRef("pk"))
    return queryset.annotate(
        starts_at=Subquery(rounds.order_by("opens_at").values("opens_at")[:1]),
        ends_at=Subquery(rounds.order_by("-closes_at").values("closes_at")[:1]),
    ).annotate(
        status=Case(
            When(Q(starts_at__isnull=True) | Q(starts_at__gt=now), then=Value(ContestStatus.UPCOMING.value)),
            When(ends_at__gt=now, then=Value(ContestStatus.OPEN.value)),
            default=Value(ContestStatus.CLOSED.value),
        ),
    )


def order_for_listing(queryset: QuerySet) -> QuerySet:
    """Open first (closing soonest first), then upcoming by opening, then closed newest first."""
    rank = Case(
        When(status=ContestStatus.OPEN.value, then=Value(0)),
        When(status=ContestStatus.UPCOMING.value, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    open_key = Case(When(status=ContestStatus.OPEN.value, then=F("ends_at")))
    upcoming_key = Case(When(status=ContestStatus.UPCOMING.value, then=F("starts_at")))
    closed_key = Case(When(status=ContestStatus.CLOSED.value, then=F("ends_at")))
    return queryset.annotate(status_rank=rank).order_by(
        "status_rank",
        open_key.asc(nulls_last=True),
        upcoming_key.asc(nulls_last=True),
        closed_key.desc(nulls_last=True),
        "-pk",
    )


class ContestRound(Orderable):
    page = ParentalKey(ContestPage, related_name="rounds", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100, help_text=_('e.g. "Tuần 1"'))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    questions_drawn = models.PositiveSmallIntegerField(
        _("questions drawn"),
        default=20,
        help_text=_("How many questions each attempt draws at random from the pool."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=20)
    question_category = models.CharField(
        _("question category"),
        max_length=60,
        blank=True,
        help_text=_("Draw only questions of this category. Empty: the contest's whole question bank."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("opens_at"),
        FieldPanel("closes_at"),
        FieldPanel("questions_drawn"),
        FieldPanel("attempts_allowed"),
        FieldPanel("time_limit_minutes"),
        FieldPanel("question_category"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return self.name

    def status_at(self, now: datetime | None = None) -> ContestStatus:
        return window_status(self.opens_at, self.closes_at, now or timezone.now())

    def question_pool(self) -> QuerySet[ContestQuestion]:
        """The questions an attempt at this round draws from (server side only)."""
        return pool_for(self.page_id, self.question_category)

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("A round must close after it opens.")
        if self.questions_drawn is not None and self.questions_drawn < 1:
            errors["questions_drawn"] = _("A round draws at least one question.")
        if self.attempts_allowed is not None and self.attempts_allowed < 1:
            errors["attempts_allowed"] = _("Allow at least one attempt.")
        if self.time_limit_minutes is not None and self.time_limit_minutes < 1:
            errors["time_limit_minutes"] = _("The time limit is at least one minute.")
        if errors:
            raise ValidationError(errors)


def pool_for(contest_id: int | None, category: str = "") -> QuerySet[ContestQuestion]:
    pool = ContestQuestion.objects.filter(contest_id=contest_id)
    return pool.filter(category=category) if category else pool


class ContestQuestion(ClusterableModel):
    """One multiple-choice question of a contest's bank. Editors only: never in the API."""

    contest = models.ForeignKey(
        ContestPage, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("question"))
    category = models.CharField(
        _("category"),
        max_length=60,
        blank=True,
        help_text=_("Optional, e.g. a topic or a week; a round may draw only from one."),
    )
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Why the answer is correct, with its legal basis.")
    )

    panels = [
        FieldPanel("contest"),
        FieldPanel("category"),
        FieldPanel("text"),
        InlinePanel("choices", label=_("Choice"), min_num=MIN_CHOICES, max_num=MAX_CHOICES),
        FieldPanel("explanation"),
    ]
    base_form_class = ContestQuestionForm

    class Meta:
        verbose_name = _("contest question")
        verbose_name_plural = _("contest questions")
        ordering = ["contest_id", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class ContestChoice(Orderable):
    question = ParentalKey(ContestQuestion, related_name="choices", on_delete=models.CASCADE)
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text
