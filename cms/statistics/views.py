"""The admin's statistics charts: every indicator as an inline SVG chart, for a year range and organisation."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from cms.organisations.models import Organisation, OrganisationLevel
from cms.statistics import services
from cms.statistics.charts import build_chart
from cms.statistics.models import Observation


class ChartFilterForm(forms.Form):
    from_year = forms.IntegerField(label=_("From year"), min_value=1990, max_value=2100, required=False)
    to_year = forms.IntegerField(label=_("To year"), min_value=1990, max_value=2100, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.active()
        .filter(
            level__in=[OrganisationLevel.FEDERATION, OrganisationLevel.UPPER, OrganisationLevel.GRASSROOTS]
        )
        .order_by("path"),
        required=False,
        empty_label=_("The provincial federation"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Indent by depth so the select reads as the union tree.
        self.fields["organisation"].label_from_instance = lambda org: "— " * (org.depth - 1) + org.name

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_year"), cleaned.get("to_year")
        if start and end and start > end:
            self.add_error("to_year", _("The end year cannot be before the start year."))
        return cleaned


class StatisticsChartsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Statistics charts")
    header_icon = "chart-bar"  # fallback handled by the template if the icon is missing
    template_name = "statistics/admin/charts.html"
    permission_policy = ModelPermissionPolicy(Observation)
    any_permission_required = ["add", "change", "view"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        default_from, default_to = services.default_years()
        form = ChartFilterForm(
            self.request.GET or None, initial={"from_year": default_from, "to_year": default_to}
        )
        from_year, to_year, organisation = default_from, default_to, None
        if form.is_bound and form.is_valid():
            from_year = form.cleaned_data["from_year"] or default_from
            to_year = form.cleaned_data["to_year"] or default_to
            organisation = form.cleaned_data["organisation"]
        if from_year > to_year:
            from_year, to_year = default_from, default_to
        organisation = organisation or services.federation_root()
        try:
            items = services.statistics(organisation=organisation, from_year=from_year, to_year=to_year)
        except services.StatisticsError as exc:
            form.add_error(None, exc.message)
            items = []
        context.update(
            form=form,
            organisation=organisation,
            from_year=from_year,
            to_year=to_year,
            today=timezone.localdate(),
            charts=[build_chart(item) for item in items],
        )
        return context
