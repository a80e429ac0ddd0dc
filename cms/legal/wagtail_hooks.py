"""Admin: a flat listing of legal consultations, filterable by topic and by outdated legal basis."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from cms.legal.models import LegalScenarioPage, LegalTopic, has_outdated_basis_expression


class LegalScenarioFilterSet(PageFilterSet):
    outdated_basis = django_filters.BooleanFilter(
        label=_("Cites a legal basis no longer in force"), method="filter_outdated_basis"
    )
    topics = django_filters.ModelMultipleChoiceFilter(label=_("Topics"), queryset=LegalTopic.objects.all())

    class Meta:
        model = LegalScenarioPage
        fields = []

    def filter_outdated_basis(self, queryset, name, value):
        if value is None:
            return queryset
        queryset = queryset.annotate(_outdated_basis=has_outdated_basis_expression())
        return queryset.filter(_outdated_basis=value)


class LegalScenarioListingViewSet(PageListingViewSet):
    model = LegalScenarioPage
    icon = "help"
    menu_label = _("Legal consultations")
    add_to_admin_menu = True
    menu_order = 250
    filterset_class = LegalScenarioFilterSet
    columns = PageListingViewSet.columns + [
        Column("reviewed_on", label=_("Reviewed on"), sort_key="reviewed_on"),
        BooleanColumn(
            "has_outdated_basis", label=_("Outdated basis"), accessor=lambda page: page.has_outdated_basis()
        ),
    ]


@hooks.register("register_admin_viewset")
def register_legal_scenario_listing():
    return LegalScenarioListingViewSet("legal_scenarios")
