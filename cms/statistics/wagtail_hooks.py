"""Admin wiring for statistics: one "Statistics" menu with charts, indicators and observations."""

from django.urls import path
from wagtail import hooks

from cms.statistics import views
from cms.statistics.viewsets import StatisticsViewSetGroup


@hooks.register("register_admin_viewset")
def register_statistics_viewsets():
    return StatisticsViewSetGroup()


@hooks.register("register_admin_urls")
def register_statistics_chart_downloads():
    # Beside the charts page (/admin/statistics-charts/); Wagtail checks admin access first.
    return [
        path(
            "statistics-charts/csv/<slug:code>/",
            views.StatisticsChartCSVView.as_view(),
            name=views.CSV_URL_NAME,
        )
    ]
