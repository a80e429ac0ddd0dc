"""Admin forms for contests: they show what ``cms.contests.services`` refuses (a question's choices,
a round drawing more questions than its pool holds)."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm

from cms.core.errors import ServiceError, ServiceErrors
from cms.core.forms import ContentPageForm, add_service_errors


def _kept_rows(formset) -> list[dict]:
    """Cleaned data of the inline rows that will be saved (filled in and not deleted)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        rows.append(data)
    return rows


# The services import the models, which import these forms: the services are imported when used.


class ContestQuestionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "contest" in self.fields and self.for_user is not None:
            from cms.contests.permissions import editable_contests

            self.fields["contest"].queryset = editable_contests(self.for_user)

    def is_valid(self) -> bool:
        # Child formsets validate after the form itself: check the choices once both have.
        valid = super().is_valid()
        if not valid or "choices" not in self.formsets:
            return valid
        from cms.contests.services import check_choices

        choices = [
            (row.get("text", ""), bool(row.get("is_correct"))) for row in _kept_rows(self.formsets["choices"])
        ]
        try:
            check_choices(choices)
        except (ServiceError, ServiceErrors) as error:
            add_service_errors(self, error)
        return not self.errors


class ContestPageForm(ContentPageForm):
    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not valid or "rounds" not in self.formsets:
            return valid
        from cms.contests.models import ContestRound
        from cms.contests.services import check_round_pools, check_rounds_removable

        rounds = [
            ContestRound(
                name=row.get("name", ""),
                questions_drawn=row.get("questions_drawn") or 0,
                question_category=row.get("question_category") or "",
            )
            for row in _kept_rows(self.formsets["rounds"])
        ]
        removed = [
            form.instance.pk
            for form in self.formsets["rounds"].forms
            if (getattr(form, "cleaned_data", None) or {}).get("DELETE") and form.instance.pk
        ]
        try:
            check_rounds_removable(self.instance, removed)
            check_round_pools(self.instance, rounds)
        except (ServiceError, ServiceErrors) as error:
            add_service_errors(self, error)
        return not self.errors
