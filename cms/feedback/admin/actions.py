"""The officer actions of a feedback thread: their forms, the service each calls, and when each
is offered.

When an action is offered is read from the services' workflow (``services.TRANSITIONS``) and
its documented rule that an officer's answer or question to feedback still ``submitted``
acknowledges it first; the services decide again when the action is posted, so a feedback that
moved meanwhile gets the service's refusal, shown on the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.feedback import forms, services
from cms.feedback.models import Feedback, FeedbackStatus
from cms.feedback.permissions import HANDLING_ROLES
from cms.organisations.models import Officer, Organisation, OrganisationStatus

S = FeedbackStatus


def reaches(feedback: Feedback, status: str, *, acknowledging: bool = False) -> bool:
    """Whether the workflow lets ``feedback`` become ``status`` now; ``acknowledging``: also through
    the acknowledgement an officer's message makes first (services._acknowledge_first)."""
    if status in services.TRANSITIONS[feedback.status]:
        return True
    return acknowledging and feedback.status == S.SUBMITTED and status in services.TRANSITIONS[S.ACKNOWLEDGED]


def can_answer(feedback: Feedback) -> bool:
    """Whether a reply may be the final answer now (an answered feedback may be answered again)."""
    return feedback.status == S.ANSWERED or reaches(feedback, S.ANSWERED, acknowledging=True)


def is_open(feedback: Feedback) -> bool:
    return not feedback.is_final


def handler_choices(feedback: Feedback) -> QuerySet:
    """Users who may handle ``feedback`` (services.assign_handler asks can_handle again): active
    officers with a handling role at its organisation or above, never its submitter."""
    officers = Officer.objects.current().filter(
        role__in=HANDLING_ROLES,
        organisation__status=OrganisationStatus.ACTIVE,
        organisation__path__in=feedback.organisation.ancestor_paths(),
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=officers.values("user"))
        .exclude(pk=feedback.submitter_id)
        .order_by("last_name", "first_name", "username")
    )


def forward_choices(feedback: Feedback) -> QuerySet[Organisation]:
    """The active union bodies above the one the feedback is routed to (services.forward_feedback)."""
    current = feedback.organisation
    return Organisation.objects.ancestors_and_self(current).active().exclude(pk=current.pk)


@dataclass(frozen=True)
class Action:
    name: str
    label: Promise  # the submit button
    heading: Promise
    done: Promise  # the success message
    form_class: type[forms.ActionForm]
    run: Callable[[Any, Feedback, dict], Any]
    offered: Callable[[Feedback], bool]
    serious: bool = False  # a red button: the action ends the conversation

    def make_form(self, feedback: Feedback, data=None, files=None) -> forms.ActionForm:
        kwargs: dict[str, Any] = {"feedback": feedback, "prefix": self.name}
        if self.form_class is forms.AssignHandlerForm:
            kwargs["handlers"] = handler_choices(feedback)
        elif self.form_class is forms.ForwardForm:
            choices = forward_choices(feedback)
            kwargs["organisations"] = choices
            nearest = choices.order_by("-depth").first()
            kwargs["initial"] = {"to_organisation": nearest.pk if nearest else None}
        form = self.form_class(data, files, **kwargs)
        if self.form_class is forms.ReplyForm and not can_answer(feedback):
            del form.fields["final"]  # only a reply on the way: the workflow allows no answer now
        return form


def _reply(user, feedback: Feedback, data: dict):
    return services.reply_to_feedback(
        user, feedback, body=data["body"], attachments=data["attachments"], final=bool(data.get("final"))
    )


ACTIONS: tuple[Action, ...] = (
    Action(
        "acknowledge",
        _("Acknowledge"),
        _("Acknowledge receipt"),
        _("The feedback is acknowledged."),
        forms.ConfirmForm,
        lambda user, feedback, data: services.acknowledge_feedback(user, feedback),
        lambda feedback: reaches(feedback, S.ACKNOWLEDGED),
    ),
    Action(
        "start",
        _("Start handling"),
        _("Start handling"),
        _("The feedback is being handled."),
        forms.ConfirmForm,
        lambda user, feedback, data: services.start_progress(user, feedback),
        lambda feedback: reaches(feedback, S.IN_PROGRESS),
    ),
    Action(
        "reply",
        _("Send the reply"),
        _("Reply to the member"),
        _("The reply was sent to the member."),
        forms.ReplyForm,
        _reply,
        is_open,
    ),
    Action(
        "request-information",
        _("Ask the member"),
        _("Ask the member for information"),
        _("The question was sent to the member."),
        forms.RequestInformationForm,
        lambda user, feedback, data: services.request_information(user, feedback, body=data["body"]),
        lambda feedback: reaches(feedback, S.NEEDS_INFORMATION, acknowledging=True),
    ),
    Action(
        "note",
        _("Add the note"),
        _("Internal note"),
        _("The internal note was added."),
        forms.InternalNoteForm,
        lambda user, feedback, data: services.add_internal_note(
            user, feedback, body=data["body"], attachments=data["attachments"]
        ),
        is_open,
    ),
    Action(
        "assign",
        _("Assign"),
        _("Assign a handler"),
        _("The handler was changed."),
        forms.AssignHandlerForm,
        lambda user, feedback, data: services.assign_handler(user, feedback, handler=data["handler"]),
        is_open,
    ),
    Action(
        "forward",
        _("Forward"),
        _("Forward to a higher level"),
        _("The feedback was forwarded."),
        forms.ForwardForm,
        lambda user, feedback, data: services.forward_feedback(
            user, feedback, to_organisation=data["to_organisation"], reason=data["reason"]
        ),
        lambda feedback: is_open(feedback) and forward_choices(feedback).exists(),
    ),
    Action(
        "reject",
        _("Reject"),
        _("Reject the feedback"),
        _("The feedback was rejected."),
        forms.RejectForm,
        lambda user, feedback, data: services.reject_feedback(user, feedback, reason=data["reason"]),
        lambda feedback: reaches(feedback, S.REJECTED),
        serious=True,
    ),
    Action(
        "close",
        pgettext_lazy("feedback action", "Close"),
        _("Close the feedback"),
        _("The feedback is closed."),
        forms.ConfirmForm,
        lambda user, feedback, data: services.close_feedback(user, feedback),
        lambda feedback: reaches(feedback, S.CLOSED),
    ),
)

BY_NAME: dict[str, Action] = {action.name: action for action in ACTIONS}


def offered_actions(feedback: Feedback) -> list[Action]:
    return [action for action in ACTIONS if action.offered(feedback)]
