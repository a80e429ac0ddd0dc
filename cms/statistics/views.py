"""The statistics admin: who may enter figures, the observation form and views, and the charts.

Rights come from the union tree (``cms.organisations.permissions``), never from Django model
permissions: superusers manage every observation, officers with the editor role those of the
organisations in their subtrees (their organisation and everything below it). Indicators are
not covered here: they keep Wagtail's model policy, which in practice means superusers only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from cms.organisations.models import OfficerRole, Organisation, OrganisationLevel
from cms.organisations.permissions import (
    SubtreePermissionPolicy,
    is_superuser,
    organisations_managed_by,
    role_root_paths,
)
from cms.statistics import services
from cms.statistics.charts import EMPTY, NUMBER_LOCALE, build_chart, csv_rows, file_stem
from cms.statistics.forms import use_organisation_chooser
from cms.statistics.models import Indicator, Observation

# Officers who enter and chart the figures of their subtrees.
STATISTICS_ROLES: frozenset[str] = frozenset({OfficerRole.EDITOR})

# A wrongly entered figure may be deleted: observations are inputs, not history.
observation_permission_policy = SubtreePermissionPolicy(
    Observation,
    roles=STATISTICS_ROLES,
    path_lookups=("organisation__path",),
    actions=("add", "change", "view", "delete"),
)

# The levels the charts offer (departmental units only to officers whose role is there).
CHART_LEVELS = [OrganisationLevel.FEDERATION, OrganisationLevel.UPPER, OrganisationLevel.GRASSROOTS]


def _tree_label(org: Organisation) -> str:
    """An organisation's name indented by its depth, so a select reads as the union tree."""
    return "— " * (org.depth - 1) + org.name


# --- Observations ----------------------------------------------------------------------------


class ObservationForm(WagtailAdminModelForm):
    """Figures only for active organisations the user manages (``for_user`` comes from Wagtail).

    An observation already stored for an organisation dissolved since keeps that organisation
    as a choice, so its figure can still be corrected. Indicators are limited by the model's
    ``limit_choices_to`` (no computed ones).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The organisation tree chooser over the active organisations the user manages (the
        # province for a federation editor), keeping the one the observation already has.
        use_organisation_chooser(self)


def _observation_organisations(request):
    """The organisation filter of the listing: the user's subtrees only (dissolved ones too)."""
    if request is None:
        return Organisation.objects.none()
    return organisations_managed_by(request.user, STATISTICS_ROLES).order_by("path")


class ObservationFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=_observation_organisations
    )

    class Meta:
        model = Observation
        fields = ["indicator", "year", "dimension_value", "organisation"]


class ScopedObservationMixin:
    """Loads the row through the policy: another subtree's observation answers 404, as if absent."""

    scope_actions: tuple[str, ...] = ("change",)

    def scoped_queryset(self):
        return observation_permission_policy.instances_user_has_any_permission_for(
            self.request.user, self.scope_actions
        )


class ScopedSingleObjectMixin(ScopedObservationMixin):
    """For the edit and delete views (Django's ``SingleObjectMixin.get_object``)."""

    def get_queryset(self):
        return self.scoped_queryset()


class ScopedBaseObjectMixin(ScopedObservationMixin):
    """For the history and usage views: their ``get_queryset`` lists log entries or references."""

    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ObservationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return observation_permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "view"]
        ).select_related("indicator", "organisation")


class ObservationEditView(ScopedSingleObjectMixin, generic.EditView):
    pass


class ObservationDeleteView(ScopedSingleObjectMixin, generic.DeleteView):
    scope_actions = ("delete",)


class ObservationHistoryView(ScopedBaseObjectMixin, generic.HistoryView):
    scope_actions = ("change", "view")


class ObservationUsageView(ScopedBaseObjectMixin, generic.UsageView):
    pass


# --- Charts ----------------------------------------------------------------------------------


def chart_organisations(user):
    """Active organisations the user may chart, in tree order.

    Superusers: every union down to the grassroots. Editors: those of their subtrees, and
    always the organisations of their own roles (even a departmental unit).
    """
    own = role_root_paths(user, STATISTICS_ROLES)
    return (
        organisations_managed_by(user, STATISTICS_ROLES)
        .active()
        .filter(Q(level__in=CHART_LEVELS) | Q(path__in=own))
        .order_by("path")
    )


class ChartFilterForm(forms.Form):
    from_year = forms.IntegerField(label=_("From year"), min_value=1990, max_value=2100, required=False)
    to_year = forms.IntegerField(label=_("To year"), min_value=1990, max_value=2100, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The provincial federation"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = chart_organisations(user)
        field.label_from_instance = _tree_label
        self.province_wide = is_superuser(user)
        if not self.province_wide:
            # An officer's charts start at their own organisation; "province-wide" is not theirs.
            field.empty_label = None

    def default_organisation(self) -> Organisation | None:
        """Superusers: the federation. Officers: the topmost organisation they manage."""
        if self.province_wide:
            return services.federation_root()
        return self.fields["organisation"].queryset.first()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_year"), cleaned.get("to_year")
        if start and end and start > end:
            self.add_error("to_year", _("The end year cannot be before the start year."))
        return cleaned


@dataclass
class ChartSelection:
    """What the user asked to chart, narrowed to what they may see, and the series for it."""

    form: ChartFilterForm
    organisation: Organisation | None
    from_year: int
    to_year: int
    items: list[services.IndicatorSeries]


def select_charts(request, codes: list[str] | None = None) -> ChartSelection:
    """Read the chart filter of ``request`` the one way the page and its downloads share.

    Each part of the filter that does not validate falls back to its default and keeps its error:
    an organisation outside the user's subtrees (a hand-edited URL) is "not one of the available
    choices", and the figures are those of the user's own organisation.
    """
    default_from, default_to = services.default_years()
    form = ChartFilterForm(
        request.GET or None,
        user=request.user,
        initial={"from_year": default_from, "to_year": default_to},
    )
    default_organisation = form.default_organisation()
    if not form.province_wide and default_organisation is not None:
        form.initial["organisation"] = default_organisation.pk
    from_year, to_year, organisation = default_from, default_to, None
    if form.is_bound:
        form.is_valid()
        cleaned = form.cleaned_data
        if not {"from_year", "to_year"} & form.errors.keys():
            from_year = cleaned.get("from_year") or default_from
            to_year = cleaned.get("to_year") or default_to
        organisation = cleaned.get("organisation")
    if from_year > to_year:
        from_year, to_year = default_from, default_to
    organisation = organisation or default_organisation
    items = []
    if organisation is not None or form.province_wide:
        # services.statistics reads None as the federation (none yet: empty series).
        try:
            items = services.statistics(
                codes=codes, organisation=organisation, from_year=from_year, to_year=to_year
            )
        except services.StatisticsError as exc:
            form.add_error(None, exc.message)
    return ChartSelection(form, organisation, from_year, to_year, items)


class StatisticsChartsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Charts for one organisation and a year range, drawn by Chart.js from JSON in the page.

    The page holds no script code (a strict Content-Security-Policy is planned): the data go in a
    ``json_script`` element, ``statistics/charts.js`` draws them. Each chart links to its CSV file
    (``StatisticsChartCSVView``, same filter, same rights) and offers a PNG of what is drawn.
    """

    page_title = _("Statistics charts")
    header_icon = "view"  # the menu item's icon
    template_name = "statistics/admin/charts.html"
    permission_policy = observation_permission_policy
    any_permission_required = ["add", "change", "view"]

    def get_breadcrumbs_items(self):
        # The slim header shows the title as the last crumb: without it the page reads "Home".
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selection = select_charts(self.request)
        organisation = selection.organisation
        charts = [build_chart(item) for item in selection.items]
        query = {"from_year": selection.from_year, "to_year": selection.to_year}
        if organisation is not None:
            query["organisation"] = organisation.pk
        place = organisation.name if organisation is not None else ""
        period = f"{selection.from_year}–{selection.to_year}"
        for chart in charts:
            chart.csv_url = reverse(CSV_URL_NAME, args=[chart.code]) + "?" + urlencode(query)
        context.update(
            form=selection.form,
            organisation=organisation,
            from_year=selection.from_year,
            to_year=selection.to_year,
            today=timezone.localdate(),
            charts=charts,
            charts_data={
                "locale": NUMBER_LOCALE,
                "subtitle": f"{place}, {period}" if place else period,
                "texts": {"year": gettext("Year")},
                "charts": [
                    {
                        **chart.as_json(),
                        "filename": file_stem(
                            chart.code,
                            organisation.code if organisation else None,
                            selection.from_year,
                            selection.to_year,
                        )
                        + ".png",
                    }
                    for chart in charts
                    if chart.kind != EMPTY
                ],
            },
        )
        return context


# Registered in wagtail_hooks (register_admin_urls), under the charts page's own path.
CSV_URL_NAME = "statistics_charts_csv"


class StatisticsChartCSVView(PermissionCheckedMixin, View):
    """The figures behind one chart as a CSV file, for the same filter and rights as the page.

    UTF-8 with a byte order mark, so Excel shows the Vietnamese accents; names and labels that a
    spreadsheet would run as a formula are neutralised (``cms.core.spreadsheets``). An editor
    asking for an organisation outside their subtrees gets their own organisation's figures,
    as on the page, and the file says whose figures they are.
    """

    permission_policy = observation_permission_policy
    any_permission_required = StatisticsChartsView.any_permission_required

    def get(self, request, code: str):
        get_object_or_404(Indicator, code=code)
        selection = select_charts(request, codes=[code])
        if not selection.items:
            raise Http404
        chart = build_chart(selection.items[0])
        organisation = selection.organisation
        buffer = io.StringIO()
        csv.writer(buffer).writerows(csv_rows(chart, organisation.name if organisation else ""))
        response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        stem = file_stem(
            code, organisation.code if organisation else None, selection.from_year, selection.to_year
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        add_never_cache_headers(response)  # one user's figures: no shared cache keeps them
        return response
