"""Admin forms: a question needs 2–6 choices with exactly one correct; a round draws no more than its pool."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.core.forms import ContentPageForm


def _kept_rows(formset) -> list[dict]:
    """Cleaned data of the inline rows that will be saved (filled in and not deleted)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        rows.append(data)
    return rows


class ContestQuestionForm(WagtailAdminModelForm):
    def is_valid(self) -> bool:
        # Child formsets validate after the form itself: check the choices once both have.
        valid = super().is_valid()
        if not valid or "choices" not in self.formsets:
            return valid
        from cms.contests.models import check_choices

        choices = [
            (row.get("text", ""), bool(row.get("is_correct"))) for row in _kept_rows(self.formsets["choices"])
        ]
        for problem in check_choices(choices):
            self.add_error(None, problem)
        return not self.errors


class ContestPageForm(ContentPageForm):
    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not valid or "rounds" not in self.formsets:
            return valid
        from cms.contests.models import pool_for

        # A new contest has no question bank yet (questions point at the saved page).
        if self.instance.pk is None:
            return valid
        for row in _kept_rows(self.formsets["rounds"]):
            drawn = row.get("questions_drawn") or 0
            category = row.get("question_category") or ""
            available = pool_for(self.instance.pk, category).count()
            if drawn > available:
                self.add_error(
                    None,
                    _("Round “%(name)s” draws %(drawn)d questions but its pool holds only %(available)d.")
                    % {"name": row.get("name", ""), "drawn": drawn, "available": available},
                )
        return not self.errors
