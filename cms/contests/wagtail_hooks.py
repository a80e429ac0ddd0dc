"""Admin wiring for contests: the question bank as snippets (editors only, never in the API)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.contests.models import ContestQuestion


class ContestQuestionViewSet(SnippetViewSet):
    model = ContestQuestion
    icon = "help"
    menu_label = _("Contest questions")
    list_display = ["__str__", "contest", "category"]
    list_filter = ["contest", "category"]
    search_fields = ["text"]
    list_per_page = 50


register_snippet(ContestQuestionViewSet)
