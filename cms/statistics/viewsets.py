"""Admin viewsets: indicators, observations (with list filters) and the charts, in one menu group.

Observations and the charts follow ``observation_permission_policy`` (superusers, and editors
within their subtrees); indicators keep Wagtail's model policy, i.e. superusers only unless a
superuser deliberately grants the model permissions to a group.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.statistics import views
from cms.statistics.models import Indicator, Observation

# Registered on import, before ObservationViewSet asks the registry for its policy (Wagtail 8
# refuses a registration once a fallback policy has been created). wagtail_hooks imports this
# module first thing.
register_permission_policy(Observation, views.observation_permission_policy)


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
    filterset_class = views.ObservationFilterSet
    search_fields = ["note", "source"]
    list_per_page = 50
    # Copying checks the source row through the policy (Wagtail's CopyViewMixin).
    copy_view_enabled = True
    index_view_class = views.ObservationIndexView
    edit_view_class = views.ObservationEditView
    delete_view_class = views.ObservationDeleteView
    history_view_class = views.ObservationHistoryView
    usage_view_class = views.ObservationUsageView

    def get_edit_handler(self):
        return ObjectList(Observation.panels, base_form_class=views.ObservationForm).bind_to_model(
            Observation
        )

    def get_permissions_to_register(self):
        # Rights come from officer roles (cms.organisations.permissions), not model permissions.
        return Permission.objects.none()


class ChartsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.observation_permission_policy.user_has_any_permission(
            request.user, views.StatisticsChartsView.any_permission_required
        )


class ChartsViewSet(ViewSet):
    name = "statistics-charts"
    icon = "view"
    menu_label = _("Charts")
    menu_order = 0
    menu_item_class = ChartsMenuItem

    def get_urlpatterns(self):
        return [path("", views.StatisticsChartsView.as_view(), name="index")]


class StatisticsViewSetGroup(ViewSetGroup):
    menu_label = _("Statistics")
    menu_icon = "table"
    menu_order = 600
    items = (ChartsViewSet, IndicatorViewSet, ObservationViewSet)
