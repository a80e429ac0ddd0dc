"""Admin wiring for contests: the "Contests" menu (each contest's results, and the question bank),
the contest admin's URLs (cms.contests.admin_views), a "Results" button on contest pages, and the
question bank as snippets (editors only, never in the API)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.contests import admin_views
from cms.contests.models import ContestPage, ContestQuestion
from cms.contests.permissions import question_permission_policy


class ContestQuestionEditView(snippet_views.EditView):
    """Wagtail's edit view checks the model-level right only: ask about this question too."""

    def get_object(self, queryset=None):
        question = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", question):
            raise PermissionDenied
        return question


class ContestQuestionViewSet(SnippetViewSet):
    model = ContestQuestion
    edit_view_class = ContestQuestionEditView
    icon = "help"
    menu_label = _("Contest questions")
    list_display = ["__str__", "contest", "category"]
    list_filter = ["contest", "category"]
    search_fields = ["text"]
    list_per_page = 50

    def get_queryset(self, request):
        # Only the questions of the contests the officer may edit (cms.contests.permissions).
        return self.permission_policy.instances_user_has_any_permission_for(request.user, ["change", "view"])


register_permission_policy(ContestQuestion, question_permission_policy)
register_snippet(ContestQuestionViewSet)


@hooks.register("register_admin_urls")
def register_contest_admin_urls():
    patterns = [
        path("", admin_views.ContestListView.as_view(), name="index"),
        path("<int:contest_id>/", admin_views.ContestResultsView.as_view(), name="results"),
        path("<int:contest_id>/rank/<int:round_id>/", admin_views.RankNowView.as_view(), name="rank"),
        path("<int:contest_id>/export/", admin_views.ExportView.as_view(), name="export"),
        path("<int:contest_id>/import/", admin_views.QuestionImportView.as_view(), name="import"),
        path(
            "<int:contest_id>/import/template/",
            admin_views.QuestionTemplateView.as_view(),
            name="import_template",
        ),
    ]
    return [
        path("contest-results/", include((patterns, admin_views.NAMESPACE), namespace=admin_views.NAMESPACE))
    ]


class ContestResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_see_contest_admin(request.user)


class QuestionBankMenuItem(MenuItem):
    def is_shown(self, request):
        return question_permission_policy.user_has_any_permission(request.user, ["add", "change", "view"])


@hooks.register("register_admin_menu_item")
def register_contests_menu():
    menu = Menu(
        items=[
            ContestResultsMenuItem(
                _("Contest results"), reverse(admin_views.url_name("index")), icon_name="list-ol", order=100
            ),
            QuestionBankMenuItem(
                _("Question bank"),
                reverse("wagtailsnippets_contests_contestquestion:list"),
                icon_name="help",
                order=200,
            ),
        ]
    )
    return SubmenuMenuItem(
        pgettext_lazy("admin menu", "Contests"), menu, name="contests", icon_name="clipboard-list", order=270
    )


def _results_button(page, user, priority: int):
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, ContestPage) or page.pk is None:
        return None
    if not page.permissions_for_user(user).can_edit():
        return None
    return Button(
        _("Results and entries"),
        reverse(admin_views.url_name("results"), args=[page.pk]),
        icon_name="list-ol",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def contest_results_header_button(page, user, view_name=None, next_url=None):
    button = _results_button(page, user, priority=65)
    if button is not None:
        yield button


@hooks.register("register_page_listing_more_buttons")
def contest_results_listing_button(page, user, next_url=None):
    button = _results_button(page, user, priority=54)
    if button is not None:
        yield button
