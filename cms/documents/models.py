"""Official documents (văn bản, công văn) and their delivery to recipient organisations.

An ``OfficialDocumentPage`` is addressed to ``recipients`` (the organisations it is sent to)
and read by its ``audience`` (the ContentPage rule: whose subtrees may see it). A document
whose audience is left empty gets its recipients as audience (``services.default_audience``).

Publishing creates one ``DocumentDelivery`` per active recipient (``services.deliver``), which
later records who opened and acknowledged it and the report sent back.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.pages import ContentPage, SectionPage
from cms.documents.forms import OfficialDocumentPageForm
from search.normalize import fold


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    GUIDANCE = "guidance", _("Guidance")
    DECISION = "decision", _("Decision")
    NOTICE = "notice", _("Notice")
    REPORT = "report", _("Report")
    RESOLUTION = "resolution", _("Resolution")
    DIRECTIVE = "directive", _("Directive")


class DocumentUrgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    FLASH = "flash", _("Flash (most urgent)")


class DocumentIndexPage(SectionPage):
    subpage_types = ["documents.OfficialDocumentPage"]

    class Meta:
        verbose_name = _("documents section")


class OfficialDocumentPage(ContentPage):
    number_symbol = models.CharField(
        _("number and symbol"),
        max_length=60,
        help_text=_("As printed on the document, e.g. 75/KH-LĐLĐ. Unique per issuing organisation."),
    )
    document_type = models.CharField(_("document type"), max_length=24, choices=DocumentKind.choices)
    signer_name = models.CharField(
        _("signed by"), max_length=120, blank=True, help_text=_("e.g. Kha Văn Tám")
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=120, blank=True, help_text=_("e.g. Chủ tịch")
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
            "Unions below a recipient do not get their own delivery: add them if they must. "
            "If the audience is left empty, the recipients become the audience."
        ),
    )
    requires_acknowledgement = models.BooleanField(_("requires acknowledgement"), default=False)
    requires_report = models.BooleanField(_("requires a report"), default=False)
    report_due_on = models.DateField(_("report due on"), null=True, blank=True)

    # Accent-folded number/symbol and title, so "75/kh-ldld" or "ke hoach" finds it.
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    base_form_class = OfficialDocumentPageForm

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("number_symbol"), FieldPanel("document_type"), FieldPanel("urgency")]
                ),
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on")]),
                FieldRowPanel([FieldPanel("signer_name"), FieldPanel("signer_title")]),
            ],
            heading=_("Document details"),
        ),
        InlinePanel("attachments", label=_("Attached files")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("recipients"),
                FieldPanel("requires_acknowledgement"),
                FieldRowPanel([FieldPanel("requires_report"), FieldPanel("report_due_on")]),
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

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number_symbol"],
                name="documents_number_symbol_unique_per_organisation",
            )
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

    def refresh_search_text(self) -> None:
        self.number_symbol = (self.number_symbol or "").strip()
        self.search_text = fold(f"{self.number_symbol} {self.title}")[:400]

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"number_symbol", "title"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        return super().save(*args, **kwargs)


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
    report_file = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("report file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report_submitted_at = models.DateTimeField(_("report submitted at"), null=True, blank=True)

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
    def is_overdue(self) -> bool:
        """A report was required by a date that has passed and none has been submitted."""
        document = self.document
        if not document.requires_report or document.report_due_on is None or self.report_submitted_at:
            return False
        return timezone.localdate() > document.report_due_on
