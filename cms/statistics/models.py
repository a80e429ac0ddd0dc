"""Statistics for charts: indicators and the observations editors enter for them.

An ``Indicator`` is a series definition (strikes per year, agreements by grade...). Indicators the
system can count itself (members, grassroots unions) are marked ``is_computed``: their values come
from ``cms.statistics.services`` and are never entered, so they cannot drift from the data.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class Indicator(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("Stable identifier used by the apps, e.g. strikes."),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60, blank=True, help_text=_("e.g. cuộc, đoàn viên, bản."))
    definition = models.TextField(_("definition"), blank=True, help_text=_("What exactly is counted."))
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("Where the figures come from.")
    )
    is_computed = models.BooleanField(
        _("computed by the system"),
        default=False,
        help_text=_("Counted from the system's own data; observations cannot be entered."),
    )
    dimension = models.SlugField(
        _("dimension"),
        max_length=40,
        blank=True,
        help_text=_("Optional breakdown, e.g. grade. Empty: one series."),
    )
    dimension_label = models.CharField(
        _("dimension label"), max_length=60, blank=True, help_text=_("Shown before each value, e.g. Loại.")
    )
    dimension_values = models.CharField(
        _("dimension values"),
        max_length=255,
        blank=True,
        help_text=_("Allowed values, comma-separated, in display order, e.g. A,B,C,D."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("sort_order")]),
        FieldPanel("definition"),
        FieldPanel("source"),
        MultiFieldPanel(
            [FieldPanel("dimension"), FieldPanel("dimension_label"), FieldPanel("dimension_values")],
            heading=_("Breakdown"),
        ),
        FieldPanel("is_computed", read_only=True),
    ]

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def allowed_values(self) -> list[str]:
        return [v.strip() for v in self.dimension_values.split(",") if v.strip()]

    def clean(self) -> None:
        if self.dimension and not self.allowed_values:
            raise ValidationError({"dimension_values": _("List the allowed values of the dimension.")})
        if self.allowed_values and not self.dimension:
            raise ValidationError({"dimension": _("Name the dimension these values belong to.")})


class Observation(models.Model):
    """One figure: indicator × organisation × period × (dimension value) → value."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="observations",
        limit_choices_to={"is_computed": False},
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Whose figure this is (the federation for province-wide totals)."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)], db_index=True
    )
    period_label = models.CharField(
        _("period"),
        max_length=60,
        blank=True,
        default="",
        help_text=_(
            "Empty for the whole year; otherwise e.g. 6 tháng đầu năm. Charts show whole years only."
        ),
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    dimension_value = models.CharField(
        _("dimension value"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("e.g. A for grade A agreements."),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("e.g. Báo cáo 75/BC-LĐLĐ.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("indicator"),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("dimension_value"), FieldPanel("value")]),
        MultiFieldPanel(
            [
                FieldPanel("period_label"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            ],
            heading=_("Part of the year"),
        ),
        FieldPanel("source"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator__sort_order", "-year", "dimension_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "year", "period_label", "dimension_value"],
                name="statistics_observation_unique_period",
            )
        ]

    def __str__(self) -> str:
        parts = [str(self.indicator), str(self.year)]
        if self.period_label:
            parts.append(self.period_label)
        if self.dimension_value:
            parts.append(self.dimension_value)
        return " — ".join(parts)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None:
            if indicator.is_computed:
                errors["indicator"] = _(
                    "This indicator is computed by the system; its figures cannot be entered."
                )
            allowed = indicator.allowed_values
            if allowed and self.dimension_value not in allowed:
                errors["dimension_value"] = _("Choose one of: %(values)s.") % {"values": ", ".join(allowed)}
            if not allowed and self.dimension_value:
                errors["dimension_value"] = _("This indicator has no breakdown; leave this empty.")
        if self.period_start and self.period_end and self.period_start > self.period_end:
            errors["period_end"] = _("The period cannot end before it starts.")
        for name in ("period_start", "period_end"):
            day = getattr(self, name)
            if day and day.year != self.year:
                errors[name] = _("The date must fall within the year.")
        if errors:
            raise ValidationError(errors)
