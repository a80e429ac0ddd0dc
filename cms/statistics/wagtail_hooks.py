"""Admin wiring for statistics: one "Statistics" menu with charts, indicators and observations."""

from wagtail import hooks

from cms.statistics.viewsets import StatisticsViewSetGroup


@hooks.register("register_admin_viewset")
def register_statistics_viewsets():
    return StatisticsViewSetGroup()
