"""Member benefits (quyền lợi đoàn viên): welfare programmes, partner discounts, support funds."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.core.blocks import RICH_TEXT_FEATURES, BodyBlock
from cms.core.pages import ContentPage, SectionPage


class BenefitKind(models.TextChoices):
    TET_REUNION = "tet_reunion", _("Tet Reunion programme")
    UNION_HOUSE = "union_house", _("Union Home housing support")
    PARTNER_DISCOUNT = "partner_discount", _("Member welfare programme (partner discounts)")
    SCHOLARSHIP = "scholarship", _("Scholarships")
    HARDSHIP_SUPPORT = "hardship_support", _("Hardship support")
    OTHER = "other", _("Other")


def current_q(on: date | None = None) -> Q:
    """Benefits valid on ``on`` (today by default): started and not yet ended."""
    on = on or timezone.localdate()
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


class BenefitIndexPage(SectionPage):
    subpage_types = ["benefits.BenefitPage"]

    class Meta:
        verbose_name = _("member benefits section")


class BenefitPage(ContentPage):
    kind = models.CharField(_("programme"), max_length=30, choices=BenefitKind.choices, db_index=True)
    eligibility = RichTextField(_("who is eligible"), features=RICH_TEXT_FEATURES, blank=True)
    how_to_claim = RichTextField(
        _("how to claim"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Steps, papers to bring, deadlines."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Last day. Empty: open-ended.")
    )
    partner_name = models.CharField(
        _("partner"),
        max_length=200,
        blank=True,
        help_text=_("The business or institution offering it, if any."),
    )
    discount_text = models.CharField(
        _("discount"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "Giảm 10% hóa đơn khi xuất trình thẻ đoàn viên".'),
    )
    contact = models.TextField(_("contact"), blank=True, help_text=_("Address, phone or person to contact."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = ContentPage.content_panels + [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")], heading=_("Validity")),
        FieldPanel("eligibility"),
        FieldPanel("how_to_claim"),
        MultiFieldPanel(
            [FieldPanel("partner_name"), FieldPanel("discount_text"), FieldPanel("contact")],
            heading=_("Partner and contact"),
        ),
        FieldPanel("body"),
    ]
    settings_panels = ContentPage.publishing_panels + Page.settings_panels
    search_fields = ContentPage.search_fields + [
        index.SearchField("eligibility"),
        index.SearchField("how_to_claim"),
        index.SearchField("partner_name"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("valid_from"),
        index.FilterField("valid_until"),
    ]
    parent_page_types = ["benefits.BenefitIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("member benefit")
        verbose_name_plural = _("member benefits")

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValidationError({"valid_until": _("The end of validity cannot be before its start.")})

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        if self.valid_from and self.valid_from > on:
            return False
        return not (self.valid_until and self.valid_until < on)
