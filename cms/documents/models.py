"""Official documents (văn bản, công văn) and their delivery to recipient organisations.

An ``OfficialDocumentPage`` is addressed in two ways, both lists of organisations:

- ``recipients``: the organisations themselves (a letter to an upper-level union is that
  union's to handle);
- ``recipient_subtrees``: "every grassroots union under X": each active grassroots union in the
  subtree of X (X itself if it is one) gets its own copy.

It is read by its ``audience`` (the ContentPage rule: whose subtrees may see it). A document
whose audience is left empty gets its recipients (both lists) as audience
(``services.default_audience``); the officers of a union it was delivered to may always read it
(``access.DocumentPolicy``).

Publishing creates one ``DocumentDelivery`` per organisation so addressed (``services.deliver``),
which later records who opened and acknowledged it and the report sent back.

Numbering follows Decree 30/2020/NĐ-CP: ``number_symbol`` as printed (``112/LĐLĐ-VP``,
``75/KH-LĐLĐ``) is what editors type; ``number`` and ``symbol`` are read from it on save, and a
number is unique per issuing organisation and calendar year of issue (``services.next_number``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.pages import ContentPage, SectionPage
from cms.documents.access import DELIVERIES, DOCUMENTS
from cms.documents.forms import OfficialDocumentPageForm


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    GUIDANCE = "guidance", _("Guidance")
    DECISION = "decision", _("Decision")
    NOTICE = "notice", _("Notice")
    REPORT = "report", _("Report")
    RESOLUTION = "resolution", _("Resolution")
    DIRECTIVE = "directive", _("Directive")


# The abbreviation of each type in a symbol (75/KH-LĐLĐ). A công văn has none: its symbol is
# the issuer's abbreviation and the drafting unit's (112/LĐLĐ-VP).
TYPE_ABBREVIATIONS: dict[str, str] = {
    "plan": "KH",
    "guidance": "HD",
    "decision": "QĐ",
    "notice": "TB",
    "report": "BC",
    "resolution": "NQ",
    "directive": "CT",
}


class DocumentUrgency(models.TextChoices):
    """The urgency levels of Decree 30/2020/NĐ-CP: Khẩn, Thượng khẩn, Hỏa tốc (most urgent)."""

    NORMAL = "normal", pgettext_lazy("urgency", "Normal")
    URGENT = "urgent", pgettext_lazy("urgency", "Urgent")
    VERY_URGENT = "very_urgent", pgettext_lazy("urgency", "Very urgent")
    FLASH = "flash", pgettext_lazy("urgency", "Flash")


class SigningAuthority(models.TextChoices):
    """How the signer signs, printed before the position signed for (KT. CHỦ TỊCH)."""

    OWN = "", _("In their own name")
    ON_BEHALF_OF_HEAD = "KT", _("KT. (signing for the head)")
    ON_BEHALF_OF_BODY = "TM", _("TM. (on behalf of the collective body)")
    ACTING = "Q", _("Q. (acting)")
    BY_ORDER = "TL", _("TL. (by order of the head)")
    BY_AUTHORISATION = "TUQ", _("TUQ. (by authorisation of the head)")


class DocumentIndexPage(SectionPage):
    subpage_types = ["documents.OfficialDocumentPage"]

    class Meta:
        verbose_name = _("documents section")


class OfficialDocumentPage(ContentPage):
    number_symbol = models.CharField(
        _("number and symbol"),
        max_length=60,
        help_text=_(
            "As printed on the document, e.g. 75/KH-LĐLĐ, or 112/LĐLĐ-VP for an official letter. "
            "Numbers run from 1 each calendar year and are unique per issuing organisation and year. "
            "Left empty, the next free number is suggested."
        ),
    )
    # Read from number_symbol on save: 112/LĐLĐ-VP → 112 and "LĐLĐ-VP".
    number = models.PositiveIntegerField(_("number"), null=True, editable=False)
    symbol = models.CharField(_("symbol"), max_length=60, blank=True, editable=False)
    issued_year = models.PositiveSmallIntegerField(editable=False, null=True)
    document_type = models.CharField(_("document type"), max_length=24, choices=DocumentKind.choices)
    signer_name = models.CharField(
        _("signed by"), max_length=120, blank=True, help_text=_("e.g. Kha Văn Tám")
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=120, blank=True, help_text=_("e.g. Chủ tịch")
    )
    signing_authority = models.CharField(
        _("signing authority"),
        max_length=4,
        choices=SigningAuthority.choices,
        default=SigningAuthority.OWN,
        blank=True,
    )
    signing_for = models.CharField(
        _("signed for"),
        max_length=120,
        blank=True,
        help_text=_("The position or body signed for, e.g. Chủ tịch, Ban Thường vụ."),
    )
    issued_on = models.DateField(_("issued on"), db_index=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=DocumentUrgency.choices, default=DocumentUrgency.NORMAL
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("full text"),
        blank=True,
        help_text=_("Optional: the text, if not only attached."),
    )
    recipients = ParentalManyToManyField(
        "organisations.Organisation",
        verbose_name=_("recipients"),
        blank=True,
        related_name="+",
        help_text=_(
            "Organisations it is sent to; each gets a delivery to open, acknowledge and report on. "
            "Unions below a recipient do not get their own delivery: add them if they must, or "
            "choose their upper-level union below. "
            "If the audience is left empty, the recipients become the audience."
        ),
    )
    recipient_subtrees = ParentalManyToManyField(
        "organisations.Organisation",
        verbose_name=_("every grassroots union under"),
        blank=True,
        related_name="+",
        help_text=_("Each active grassroots union below these organisations gets its own delivery."),
    )
    requires_acknowledgement = models.BooleanField(_("requires acknowledgement"), default=False)
    requires_report = models.BooleanField(_("requires a report"), default=False)
    report_due_on = models.DateField(_("report due on"), null=True, blank=True)
    accepts_late_reports = models.BooleanField(
        _("accepts late reports"),
        default=False,
        help_text=_("Otherwise no report is accepted after the due date."),
    )

    # Accent-folded number/symbol and title, so "75/kh-ldld" or "ke hoach" finds it.

    base_form_class = OfficialDocumentPageForm

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("number_symbol"), FieldPanel("document_type"), FieldPanel("urgency")]
                ),
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on")]),
                FieldRowPanel([FieldPanel("signing_authority"), FieldPanel("signing_for")]),
                FieldRowPanel([FieldPanel("signer_name"), FieldPanel("signer_title")]),
            ],
            heading=_("Document details"),
        ),
        InlinePanel("attachments", label=_("Attached files")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("recipients"),
                FieldPanel("recipient_subtrees"),
                FieldPanel("requires_acknowledgement"),
                FieldRowPanel(
                    [
                        FieldPanel("requires_report"),
                        FieldPanel("report_due_on"),
                        FieldPanel("accepts_late_reports"),
                    ]
                ),
            ],
            heading=_("Sending"),
        ),
    ]
    settings_panels = ContentPage.publishing_panels + Page.settings_panels
    # cms.core.wagtail_hooks refuses copies: the copy would repeat the number and symbol.
    copy_refused_reason = _(
        "An official document cannot be copied: its number and symbol belong to it alone. "
        "Create a new document instead."
    )
    search_fields = ContentPage.search_fields + [
        index.SearchField("number_symbol", boost=3),
        index.AutocompleteField("number_symbol"),
        index.SearchField("body"),
        index.FilterField("document_type"),
        index.FilterField("issued_on"),
    ]
    parent_page_types = ["documents.DocumentIndexPage"]
    subpage_types: list[str] = []

    # Recipients' officers read what was delivered to them, whatever the audience.
    access_policy = DOCUMENTS

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "issued_year", "number_symbol"],
                name="documents_number_symbol_unique_per_organisation_year",
                violation_error_message=_(
                    "This number and symbol is already used by another document of this organisation "
                    "this year."
                ),
            ),
            models.UniqueConstraint(
                fields=["organisation", "issued_year", "number"],
                name="documents_number_unique_per_organisation_year",
                violation_error_message=_(
                    "This number is already used by another document of this organisation this year."
                ),
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.requires_report and not self.report_due_on:
            errors["report_due_on"] = _("Give the date the report is due.")
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("A document cannot take effect before it is issued.")
        if errors:
            raise ValidationError(errors)

    def refresh_numbering(self) -> None:
        """``number``, ``symbol`` and ``issued_year`` as ``number_symbol`` and ``issued_on`` say."""
        self.number_symbol = (self.number_symbol or "").strip()
        self.number, self.symbol = split_number_symbol(self.number_symbol or "")
        self.issued_year = self.issued_on.year if self.issued_on else None

    def save(self, *args, **kwargs):
        self.refresh_numbering()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"number_symbol", "issued_on"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "number", "symbol", "issued_year"}
        return super().save(*args, **kwargs)

    @property
    def signature_heading(self) -> str:
        """The line above the signer's title, e.g. "KT. CHỦ TỊCH", "TM. BAN THƯỜNG VỤ"; "" if none."""
        if not self.signing_authority or not self.signing_for:
            return ""
        return f"{self.signing_authority}. {self.signing_for.strip().upper()}"


def split_number_symbol(number_symbol: str) -> tuple[int | None, str]:
    """``"112/LĐLĐ-VP"`` → ``(112, "LĐLĐ-VP")``; no leading number → ``(None, whole text)``."""
    head, slash, tail = number_symbol.strip().partition("/")
    if slash and head.strip().isdigit():
        return int(head.strip()), tail.strip()
    return None, number_symbol.strip()


class DocumentAttachment(Orderable):
    page = ParentalKey(OfficialDocumentPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        get_document_model_string(), verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Shown instead of the file's own title, e.g. Phụ lục 1."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class DocumentDelivery(models.Model):
    """One recipient organisation's copy of a document: delivered, opened, acknowledged, reported.

    Rows are never removed when recipients change or organisations are merged or dissolved:
    what was sent to whom stays answerable.
    """

    document = models.ForeignKey(
        OfficialDocumentPage, verbose_name=_("document"), on_delete=models.CASCADE, related_name="deliveries"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="document_deliveries",
    )
    delivered_at = models.DateTimeField(_("delivered at"), default=timezone.now)
    first_opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    first_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The report: an uploaded PDF or image (cms.core.uploads), stored under private/ and only
    # ever given out through signed links (cms.core.files), never as a library document.
    report_file = models.FileField(_("report file"), max_length=255, blank=True)
    report_file_name = models.CharField(_("report file name"), max_length=255, blank=True)
    report_content_type = models.CharField(max_length=100, blank=True)
    report_file_size = models.PositiveIntegerField(null=True, blank=True)
    report_note = models.TextField(_("note with the report"), blank=True)
    report_submitted_at = models.DateTimeField(_("report submitted at"), null=True, blank=True)
    report_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("report submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)

    # The recipient union's document clerks and editors; read-only, the issuing side's editors.
    access_policy = DELIVERIES

    class Meta:
        verbose_name = _("document delivery")
        verbose_name_plural = _("document deliveries")
        ordering = ["document", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "organisation"], name="documents_one_delivery_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["organisation", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.document} → {self.organisation}"

    @property
    def is_awaiting_acknowledgement(self) -> bool:
        return self.document.requires_acknowledgement and self.acknowledged_at is None

    @property
    def is_awaiting_report(self) -> bool:
        return self.document.requires_report and self.report_submitted_at is None

    @property
    def is_overdue(self) -> bool:
        """A report was required by a date that has passed and none has been submitted."""
        document = self.document
        if not document.requires_report or document.report_due_on is None or self.report_submitted_at:
            return False
        return timezone.localdate() > document.report_due_on
