"""Statistics for charts: indicators and the observations editors enter for them.

An ``Indicator`` is a series definition (strikes per year, agreements by grade...). Indicators the
system can count itself (members, grassroots unions) are marked ``is_computed``: their values come
from ``cms.statistics.services`` and are never entered, so they cannot drift from the data.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import Promise
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
        help_text=_(
            "Allowed values, comma-separated, in display order, e.g. A,B,C,D. A value may name its own "
            "legend after an equals sign, e.g. KXL=Không xếp loại; the others read as the dimension "
            "label and the value (Loại A)."
        ),
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

    def _parsed_values(self) -> list[tuple[str, str | None]]:
        """(value, own legend or None) of each comma-separated item, in display order."""
        parsed = []
        for item in self.dimension_values.split(","):
            value, has_legend, legend = (part.strip() for part in item.partition("="))
            if value or has_legend:
                parsed.append((value, legend if has_legend else None))
        return parsed

    @property
    def dimension_choices(self) -> list[tuple[str, str]]:
        """(value, legend) of each allowed value, in display order.

        ``KXL=Không xếp loại`` has its own legend; a bare ``A`` reads "<dimension label> A".
        """
        return [
            (value, f"{self.dimension_label} {value}".strip() if legend is None else legend)
            for value, legend in self._parsed_values()
        ]

    @property
    def allowed_values(self) -> list[str]:
        return [value for value, _legend in self._parsed_values()]

    def value_label(self, value: str) -> str:
        """The legend of a dimension value (the indicator's name when it has no breakdown)."""
        if not value:
            return self.name
        return dict(self.dimension_choices).get(value, f"{self.dimension_label} {value}".strip())

    def describe_values(self) -> str:
        """The allowed values as an editor types them, with their own legend where they have one."""
        return ", ".join(
            value if legend is None else f"{value} ({legend})" for value, legend in self._parsed_values()
        )

    def clean(self) -> None:
        if self.dimension and not self.allowed_values:
            raise ValidationError({"dimension_values": _("List the allowed values of the dimension.")})
        if self.allowed_values and not self.dimension:
            raise ValidationError({"dimension": _("Name the dimension these values belong to.")})
        values = self.allowed_values
        max_length = Observation._meta.get_field("dimension_value").max_length or 0
        if any(not value or len(value) > max_length for value in values):
            raise ValidationError(
                {
                    "dimension_values": _("Each value needs 1 to %(max)d characters before any equals sign.")
                    % {"max": max_length}
                }
            )
        if any(not legend for _value, legend in self.dimension_choices):
            raise ValidationError({"dimension_values": _("Write a legend after the equals sign.")})
        if len(set(values)) != len(values):
            raise ValidationError({"dimension_values": _("Each value may appear only once.")})


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
        errors: dict[str, str | Promise] = {}
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None:
            if indicator.is_computed:
                errors["indicator"] = _(
                    "This indicator is computed by the system; its figures cannot be entered."
                )
            allowed = indicator.allowed_values
            if allowed and self.dimension_value not in allowed:
                errors["dimension_value"] = _("Choose one of: %(values)s.") % {
                    "values": indicator.describe_values()
                }
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
