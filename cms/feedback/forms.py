"""Admin forms for feedback: one per officer action of the thread, and the response deadlines.

The forms only collect what an action needs; the rules (lengths, who may be assigned, where a
feedback may be forwarded, the workflow) are the services' (``cms.feedback.services``), whose
refusals the views show on these forms. Choices are narrowed to what the services would accept,
so an officer is not offered what would be refused.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.feedback.models import MAX_RESPONSE_DAYS, FeedbackCategory
from cms.organisations.forms import OrganisationChoiceField
from cms.organisations.models import Organisation


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (content, size, count)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def _message_field(label, help_text="") -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, widget=forms.Textarea(attrs={"rows": 5}))


class ActionForm(forms.Form):
    """An action's form; ``feedback`` is the feedback it acts on (for choices)."""

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback = feedback


class ConfirmForm(ActionForm):
    """Actions without input (acknowledge, start handling, close): the button is the form."""


class RequestInformationForm(ActionForm):
    body = _message_field(
        _("What the member should add"),
        _("The member sees this question and answers it in the app; the deadline keeps running."),
    )


class ReplyForm(ActionForm):
    body = _message_field(_("Your reply"))
    attachments = MultipleFileField(
        label=_("Files"), help_text=_("Images (JPEG, PNG, WebP) or PDF files, checked when sent.")
    )
    final = forms.BooleanField(
        label=_("This is the final answer"),
        required=False,
        initial=True,
        help_text=_("The feedback becomes “answered” and the member can rate the answer."),
    )


class InternalNoteForm(ActionForm):
    body = _message_field(_("Note"), _("Only officers handling this feedback see it; the member never does."))
    attachments = MultipleFileField(
        label=_("Files"), help_text=_("Images (JPEG, PNG, WebP) or PDF files, checked when sent.")
    )


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.get_username()


class AssignHandlerForm(ActionForm):
    handler = HandlerChoiceField(
        label=_("Handler"),
        queryset=None,
        required=False,
        empty_label=pgettext_lazy("feedback handler", "Nobody in particular"),
    )

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self.initial.setdefault("handler", self.feedback.handler_id)


class ForwardForm(ActionForm):
    to_organisation = OrganisationChoiceField(
        label=_("Forward to"), queryset=Organisation.objects.none(), empty_label=None
    )
    reason = _message_field(_("Reason"), _("Why a higher union body should handle it."))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = organisations


class RejectForm(ActionForm):
    reason = _message_field(_("Reason"), _("Sent to the member as the answer."))


class ResponseDeadlinesForm(forms.Form):
    """Days to answer, one field per category (the days of categories left as they are unchanged)."""

    def __init__(self, *args, days: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for category in FeedbackCategory:
            self.fields[category.value] = forms.IntegerField(
                label=category.label,
                min_value=1,
                max_value=MAX_RESPONSE_DAYS,
                initial=days[category.value],
                widget=forms.NumberInput(attrs={"class": "w-field--days"}),
            )

    def changed_days(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in self.changed_data}
