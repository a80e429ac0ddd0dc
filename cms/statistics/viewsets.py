"""Admin viewsets: indicators, observations (with list filters) and the charts, in one menu group."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.statistics.models import Indicator, Observation
from cms.statistics.views import StatisticsChartsView


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    name = "indicators"
    icon = "list-ul"
    menu_label = _("Indicators")
    list_display = ["name", "code", "unit", "is_computed", "dimension"]
    list_filter = ["is_computed"]
    search_fields = ["name", "code"]
    inspect_view_enabled = True


class ObservationViewSet(ModelViewSet):
    model = Observation
    name = "observations"
    icon = "table"
    menu_label = _("Observations")
    list_display = ["indicator", "organisation", "year", "period_label", "dimension_value", "value", "source"]
    list_filter = ["indicator", "year", "dimension_value", "organisation"]
    search_fields = ["note", "source"]
    list_per_page = 50
    copy_view_enabled = True


class ChartsViewSet(ViewSet):
    name = "statistics-charts"
    icon = "view"
    menu_label = _("Charts")
    menu_order = 0

    def get_urlpatterns(self):
        return [path("", StatisticsChartsView.as_view(), name="index")]


class StatisticsViewSetGroup(ViewSetGroup):
    menu_label = _("Statistics")
    menu_icon = "table"
    menu_order = 600
    items = (ChartsViewSet, IndicatorViewSet, ObservationViewSet)
