"""Legal consultation library (tư vấn pháp luật): practical questions answered with their legal basis.

Laws are replaced (the Labour Code 2019 replaced the 2012 one, the Trade Union Law 2024 the 2012
one), so each legal basis carries validity dates: an answer citing an instrument that is no
longer (or not yet) in force is *under review*, as is one an editor marks so. Members still read
it, with a visible notice; editors find it in the admin, oldest review first. The rules are in
``cms.legal.services``.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.core.blocks import RICH_TEXT_FEATURES
from cms.core.pages import ContentPage, SectionPage
from cms.core.visibility import PUBLIC


@register_snippet
class LegalTopic(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    access_policy = PUBLIC  # reference data: anyone may read the topics

    class Meta:
        verbose_name = _("legal topic")
        verbose_name_plural = _("legal topics")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class LegalLibraryPage(SectionPage):
    subpage_types = ["legal.LegalScenarioPage"]

    class Meta:
        verbose_name = _("legal consultation library")


def outdated_basis_q(on: date | None = None) -> Q:
    """Legal bases not in force on ``on`` (today by default): expired or not yet valid."""
    on = on or timezone.localdate()
    return Q(valid_until__lt=on) | Q(valid_from__gt=on)


def has_outdated_basis_expression(on: date | None = None) -> Exists:
    """For a scenario queryset: whether any of its legal bases is not in force."""
    return Exists(LegalBasis.objects.filter(outdated_basis_q(on), page=OuterRef("pk")))


class LegalScenarioPage(ContentPage):
    asker = models.CharField(
        _("asker"),
        max_length=200,
        blank=True,
        help_text=_('Who asks and where, without names, e.g. "Công nhân KCN Nam Cấm hỏi".'),
    )
    situation = models.TextField(
        _("situation"), blank=True, help_text=_("The practical situation the asker describes.")
    )
    question = models.TextField(
        _("question"), help_text=_("The question itself, as the member would ask it.")
    )
    answer = RichTextField(_("answer"), features=RICH_TEXT_FEATURES)
    topics = ParentalManyToManyField(LegalTopic, verbose_name=_("topics"), blank=True, related_name="pages")
    reviewed_by = models.CharField(
        _("reviewed by"),
        max_length=200,
        blank=True,
        help_text=_("The lawyer or officer who checked the answer."),
    )
    reviewed_on = models.DateField(
        _("last legal review"),
        null=True,
        blank=True,
        help_text=_("The day the answer and every legal basis were last checked against the law."),
    )
    under_review = models.BooleanField(
        _("under review"),
        default=False,
        help_text=_(
            "Members see a notice that this answer is being reviewed. Tick it while the answer is "
            "checked against the law; clear it and set the review date when the check is done. An "
            "answer citing a legal basis that is not in force shows the notice anyway."
        ),
    )
    review_note = models.TextField(
        _("note for editors"),
        blank=True,
        help_text=_(
            "Never shown to members: what is being checked, sources read, open questions. "
            "Notes like these are not accepted in the answer."
        ),
    )
    content_panels = ContentPage.content_panels + [
        FieldPanel("topics"),
        MultiFieldPanel(
            [FieldPanel("asker"), FieldPanel("situation"), FieldPanel("question")], heading=_("Question")
        ),
        FieldPanel("answer"),
        InlinePanel("legal_bases", label=_("Legal basis"), heading=_("Legal basis")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reviewed_by"), FieldPanel("reviewed_on")]),
                FieldPanel("under_review"),
                FieldPanel("review_note"),
            ],
            heading=_("Legal review"),
        ),
    ]
    settings_panels = ContentPage.publishing_panels + Page.settings_panels
    search_fields = ContentPage.search_fields + [
        index.SearchField("situation"),
        index.SearchField("question"),
        index.SearchField("answer"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields(
            "legal_bases", [index.SearchField("instrument_code"), index.SearchField("instrument_name")]
        ),
    ]
    parent_page_types = ["legal.LegalLibraryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("legal consultation")
        verbose_name_plural = _("legal consultations")

    def clean(self):
        super().clean()
        from cms.legal import services  # services build on these models

        errors = {}
        if markers := services.editor_note_markers(self.answer):
            errors["answer"] = _(
                "Members read this answer: move editor notes (%(markers)s) to the note for editors."
            ) % {"markers": ", ".join(dict.fromkeys(markers))}
        if problem := services.review_date_problem(self.reviewed_on):
            errors["reviewed_on"] = problem
        if errors:
            raise ValidationError(errors)

    def has_outdated_basis(self, on: date | None = None) -> bool:
        return any(not basis.is_current(on) for basis in self.legal_bases.all())


class LegalBasis(Orderable):
    page = ParentalKey(LegalScenarioPage, on_delete=models.CASCADE, related_name="legal_bases")
    instrument_code = models.CharField(
        _("instrument number"),
        max_length=60,
        help_text=_("Number and symbol, e.g. 45/2019/QH14 or 145/2020/NĐ-CP."),
    )
    instrument_name = models.CharField(
        _("instrument name"), max_length=255, help_text=_("e.g. Bộ luật Lao động 2019.")
    )
    article = models.CharField(
        _("article"), max_length=20, blank=True, help_text=_("Article number, e.g. 98.")
    )
    clause = models.CharField(_("clause"), max_length=20, blank=True, help_text=_("Clause number, e.g. 3."))
    point = models.CharField(_("point"), max_length=20, blank=True, help_text=_("Point letter, e.g. a."))
    excerpt = models.TextField(_("excerpt"), blank=True, help_text=_("The quoted provision."))
    # Required in the admin (every cited provision says from when it applies); null only for rows
    # saved before the rule.
    valid_from = models.DateField(
        _("in force from"),
        null=True,
        blank=False,
        help_text=_("First day the provision applies: the instrument's date of entry into force."),
    )
    valid_until = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Last day in force, when the instrument has been replaced. Empty: still in force."),
    )

    panels = [
        FieldRowPanel([FieldPanel("instrument_code"), FieldPanel("instrument_name")]),
        FieldRowPanel([FieldPanel("article"), FieldPanel("clause"), FieldPanel("point")]),
        FieldPanel("excerpt"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """e.g. "Điểm a Khoản 3 Điều 98 Bộ luật Lao động 2019 (45/2019/QH14)"."""
        parts = []
        if self.point:
            parts.append(f"Điểm {self.point}")
        if self.clause:
            parts.append(f"Khoản {self.clause}")
        if self.article:
            parts.append(f"Điều {self.article}")
        parts.append(self.instrument_name)
        return f"{' '.join(parts)} ({self.instrument_code})"

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValidationError({"valid_until": _("The end of validity cannot be before its start.")})

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        if self.valid_from and self.valid_from > on:
            return False
        return not (self.valid_until and self.valid_until < on)
