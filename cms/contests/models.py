"""Online contests (cuộc thi trực tuyến): a contest page with weekly rounds and a private question bank,
and the entries: entrants, their attempts, and the rankings computed when a round closes.

The question bank (questions, choices and which choice is correct) is editors-only: it lives in
snippets the API never exposes. An attempt draws ``questions_drawn`` questions from a round's pool
on the server and keeps the drawn question and choice ids (in the order shown) on its own row, so
editing the bank later never changes what an entrant was asked. The rules of taking part live in
``cms.contests.attempts``, the ranking in ``cms.contests.ranking``.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.contests.forms import ContestPageForm, ContestQuestionForm
from cms.core.blocks import RICH_TEXT_FEATURES
from cms.core.pages import ContentPage, SectionPage
from cms.core.visibility import OwnerPolicy, PagePartPolicy, PolicyQuerySet

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
    open_to_public = models.BooleanField(
        _("open to the public"),
        default=False,
        help_text=_(
            "Anyone may enter, giving their name, phone number and workplace. Otherwise only members "
            "of the unions in the contest's audience (everyone's if the audience is empty) may enter."
        ),
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
        FieldPanel("open_to_public"),
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
    """Contests annotated with ``starts_at``, ``ends_at``, ``status`` (as in ``status_at``) and
    ``status_rank`` (open 0, upcoming 1, closed 2: the listing's order).

    The first opening and the last closing are aggregates over the rounds (one join, grouped by
    contest), not correlated subqueries: each use of a subquery annotation repeats the subquery
    in the SQL (the status, its rank and the listing's sort keys held 23 copies), and Django
    compiled them all at every request.
    """
    now = now or timezone.now()
    queryset = queryset.annotate(starts_at=Min("rounds__opens_at"), ends_at=Max("rounds__closes_at"))
    upcoming = Q(starts_at__isnull=True) | Q(starts_at__gt=now)
    opened = Q(ends_at__gt=now)
    return queryset.annotate(
        status=Case(
            When(upcoming, then=Value(ContestStatus.UPCOMING.value)),
            When(opened, then=Value(ContestStatus.OPEN.value)),
            default=Value(ContestStatus.CLOSED.value),
        ),
        status_rank=Case(
            When(upcoming, then=Value(1)),
            When(opened, then=Value(0)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    )


def order_for_listing(queryset: QuerySet) -> QuerySet:
    """Open first (closing soonest first), then upcoming by opening, then closed newest first
    (a queryset of :func:`with_schedule`)."""
    # The sort keys are selected, so the ORDER BY names them by position instead of repeating
    # their expressions.
    queryset = queryset.annotate(
        soonest_key=Case(When(status_rank=0, then=F("ends_at")), When(status_rank=1, then=F("starts_at"))),
        closed_key=Case(When(status_rank=2, then=F("ends_at"))),
    )
    return queryset.order_by(
        "status_rank",
        F("soonest_key").asc(nulls_last=True),
        F("closed_key").desc(nulls_last=True),
        "-pk",
    )


class LatePolicy(models.TextChoices):
    CAP = "cap", _("Accept it, timed at the limit")
    REFUSE = "refuse", _("Refuse it")


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
    late_policy = models.CharField(
        _("a submission after the time limit"),
        max_length=8,
        choices=LatePolicy.choices,
        default=LatePolicy.CAP,
        help_text=_(
            "Accepted: its answers are scored and its time counts as the whole limit. "
            "Refused: the attempt ends unscored and still counts as one of the entrant's attempts."
        ),
    )
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
        FieldPanel("late_policy"),
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


# --- entries -----------------------------------------------------------------------------------


class ContestEntrant(models.Model):
    """Someone taking part in a contest: a signed-in user, or a guest of a contest open to the public.

    A guest is known by their phone number (one entrant per number and contest); a number that
    belongs to a member's account must sign in instead, so nobody enters in a member's name.
    """

    contest = models.ForeignKey(
        ContestPage, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="entrants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_entries",
    )
    name = models.CharField(_("full name"), max_length=120)
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("grassroots union"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The member's union when they first entered: what collective rankings count."),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("entrant")
        verbose_name_plural = _("entrants")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "user"],
                condition=Q(user__isnull=False),
                name="contest_entrant_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["contest", "phone"],
                condition=Q(user__isnull=True),
                name="contest_guest_one_per_phone",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("contest attempt", "In progress")
    SUBMITTED = "submitted", pgettext_lazy("contest attempt", "Submitted")
    EXPIRED = "expired", pgettext_lazy("contest attempt", "Ended without a valid submission")


class ContestAttempt(models.Model):
    """One attempt at a round: the questions drawn, the server's clock, the answers and the score.

    ``drawn`` is ``[[question_id, [choice_id, ...]], ...]`` in the order shown to the entrant;
    ``answers`` the chosen choice id per drawn question, aligned with it (``None``: unanswered).
    """

    entrant = models.ForeignKey(
        ContestEntrant, verbose_name=_("entrant"), on_delete=models.CASCADE, related_name="attempts"
    )
    round = models.ForeignKey(
        ContestRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"), max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    # A guest proves the attempt is theirs with a secret given once, at the start; kept hashed.
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    start_key = models.CharField(max_length=64, blank=True, editable=False)
    submit_key = models.CharField(max_length=64, blank=True, editable=False)
    drawn = models.JSONField(default=list, editable=False)
    answers = models.JSONField(default=list, editable=False)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("time limit ends at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    late = models.BooleanField(_("submitted after the limit"), default=False)
    question_count = models.PositiveSmallIntegerField(_("questions"))
    correct = models.PositiveSmallIntegerField(_("correct answers"), null=True, blank=True)
    prediction = models.PositiveIntegerField(_("prediction"), null=True, blank=True)

    objects = PolicyQuerySet.as_manager()

    access_policy = OwnerPolicy("entrant__user")  # an entrant reads only their own attempts

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["entrant", "round", "number"], name="contest_attempt_number"),
            models.UniqueConstraint(
                fields=["entrant", "round"],
                condition=Q(status="in_progress"),
                name="contest_one_attempt_in_progress",
            ),
            models.UniqueConstraint(
                fields=["entrant", "round", "start_key"],
                condition=~Q(start_key=""),
                name="contest_attempt_one_per_start_key",
            ),
        ]
        indexes = [models.Index(fields=["round", "status"], name="contest_attempt_round_status")]

    def __str__(self) -> str:
        return f"{self.entrant} · {self.round} · {self.number}"

    @cached_property
    def bank(self):
        """The contest's question bank (``cms.contests.bank``), read once per loaded attempt: a
        request that scores the attempt and then shows its questions reads the bank's version
        once, and both see the same bank."""
        from cms.contests.bank import bank_for

        return bank_for(self.round.page_id)

    @property
    def is_perfect(self) -> bool:
        return self.status == AttemptStatus.SUBMITTED and self.correct == self.question_count


class RoundResult(models.Model):
    """The outcome of ranking a round (or, with no round, the contest): when, and the actual figure."""

    contest = models.ForeignKey(ContestPage, on_delete=models.CASCADE, related_name="results")
    round = models.OneToOneField(
        ContestRound, null=True, blank=True, on_delete=models.CASCADE, related_name="result"
    )
    ranked_at = models.DateTimeField(_("ranked at"))
    entrants = models.PositiveIntegerField(_("entrants"))
    attempts = models.PositiveIntegerField(_("submitted attempts"))
    perfect_entrants = models.PositiveIntegerField(
        _("entrants with every answer right"),
        help_text=_("The actual number the predictions are measured against."),
    )

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        constraints = [
            models.UniqueConstraint(
                fields=["contest"], condition=Q(round__isnull=True), name="contest_one_overall_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round or self.contest} · {self.ranked_at:%d/%m/%Y %H:%M}"


class Ranking(models.Model):
    """An entrant's place in a round (their best attempt) or in the whole contest (``round`` empty).

    Published like the contests' result lists: whoever may see the contest sees its rankings.
    """

    contest = models.ForeignKey(ContestPage, on_delete=models.CASCADE, related_name="rankings")
    round = models.ForeignKey(
        ContestRound, null=True, blank=True, on_delete=models.CASCADE, related_name="rankings"
    )
    entrant = models.ForeignKey(ContestEntrant, on_delete=models.CASCADE, related_name="rankings")
    attempt = models.ForeignKey(
        ContestAttempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(_("position"))
    correct = models.PositiveIntegerField(_("correct answers"))
    question_count = models.PositiveIntegerField(_("questions"))
    prediction = models.PositiveIntegerField(_("prediction"), null=True, blank=True)
    prediction_error = models.PositiveIntegerField(_("prediction off by"))
    duration_ms = models.PositiveBigIntegerField(_("duration (ms)"))
    submitted_at = models.DateTimeField(_("submitted at"))

    objects = PolicyQuerySet.as_manager()

    access_policy = PagePartPolicy("contest")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "entrant"], name="contest_ranking_one_per_round"),
        ]
        indexes = [models.Index(fields=["contest", "round", "position"], name="contest_ranking_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.entrant}"


class OrganisationResult(models.Model):
    """A union's collective result in a round or the contest: participation and results.

    Counted over the union's whole subtree: an upper-level union's entrants are those of its
    grassroots unions. ``participation`` is entrants per member (members active when ranked).
    """

    contest = models.ForeignKey(ContestPage, on_delete=models.CASCADE, related_name="organisation_results")
    round = models.ForeignKey(
        ContestRound, null=True, blank=True, on_delete=models.CASCADE, related_name="organisation_results"
    )
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    entrants = models.PositiveIntegerField(_("entrants"))
    members = models.PositiveIntegerField(_("members"))
    participation = models.FloatField(_("entrants per member"))
    perfect_entrants = models.PositiveIntegerField(_("entrants with every answer right"))
    average_score = models.FloatField(_("average share of right answers"))
    participation_position = models.PositiveIntegerField(_("place by participation"))
    results_position = models.PositiveIntegerField(_("place by results"))

    objects = PolicyQuerySet.as_manager()

    access_policy = PagePartPolicy("contest")

    class Meta:
        verbose_name = _("collective result")
        verbose_name_plural = _("collective results")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "round", "organisation"], name="contest_one_result_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.entrants}/{self.members}"
