"""Admin: a flat listing of legal consultations, the oldest legal review first.

Editors see when each answer was last checked against the law and whether it is under review
(marked by an editor, or citing a legal basis no longer or not yet in force), and can filter on
both. Answers never reviewed come first: they are the oldest reviews of all.
"""

from __future__ import annotations

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column, StatusTagColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from cms.legal import services
from cms.legal.models import LegalScenarioPage, LegalTopic, has_outdated_basis_expression

REVIEW_ORDERING = "reviewed_on"


class LegalScenarioFilterSet(PageFilterSet):
    under_review = django_filters.BooleanFilter(
        label=_("Under review (marked, or citing a legal basis not in force)"), method="filter_under_review"
    )
    outdated_basis = django_filters.BooleanFilter(
        label=_("Cites a legal basis no longer in force"), method="filter_outdated_basis"
    )
    topics = django_filters.ModelMultipleChoiceFilter(label=_("Topics"), queryset=LegalTopic.objects.all())

    class Meta:
        model = LegalScenarioPage
        fields = []

    def filter_under_review(self, queryset, name, value):
        if value is None:
            return queryset
        under_review = services.under_review_q()
        return queryset.filter(under_review) if value else queryset.exclude(under_review)

    def filter_outdated_basis(self, queryset, name, value):
        if value is None:
            return queryset
        queryset = queryset.annotate(_outdated_basis=has_outdated_basis_expression())
        return queryset.filter(_outdated_basis=value)


class LegalScenarioIndexView(IndexView):
    """The listing, each row knowing its review state (one query for the page, not one per row)."""

    def get_base_queryset(self):
        return services.with_review_state(super().get_base_queryset())

    def order_queryset(self, queryset):
        # Never reviewed is the oldest review of all: first going up, last going down.
        if self.ordering == REVIEW_ORDERING and not self.is_searching:
            return queryset.order_by(F("reviewed_on").asc(nulls_first=True), "title", "pk")
        if self.ordering == f"-{REVIEW_ORDERING}" and not self.is_searching:
            return queryset.order_by(F("reviewed_on").desc(nulls_last=True), "title", "pk")
        return super().order_queryset(queryset)


def _review_status(page: LegalScenarioPage) -> services.ReviewStatus:
    return services.review_status(page)


class LegalScenarioListingViewSet(PageListingViewSet):
    model = LegalScenarioPage
    icon = "help"
    menu_label = _("Legal consultations")
    add_to_admin_menu = True
    menu_order = 250
    index_view_class = LegalScenarioIndexView
    filterset_class = LegalScenarioFilterSet
    ordering = REVIEW_ORDERING
    columns = PageListingViewSet.columns + [
        Column(REVIEW_ORDERING, label=_("Last legal review"), sort_key=REVIEW_ORDERING),
        StatusTagColumn(
            "review_status",
            label=_("Legal review"),
            accessor=lambda page: _review_status(page).label,
            primary=lambda page: _review_status(page) == services.ReviewStatus.CURRENT,
        ),
        BooleanColumn(
            "has_outdated_basis",
            label=_("Outdated basis"),
            accessor=lambda page: services.cites_basis_not_in_force(page),
        ),
    ]


@hooks.register("register_admin_viewset")
def register_legal_scenario_listing():
    return LegalScenarioListingViewSet("legal_scenarios")
