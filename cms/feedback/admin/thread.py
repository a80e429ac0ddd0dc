"""A feedback's thread in the admin, and the officer actions posted from it.

The thread is loaded from the feedback the officer may read (``feedback_for_officer``): any other
id answers 404. Who sent it (name, phone, grassroots union) is shown only to those who may handle
it (``can_handle``); an organisation it was forwarded up from reads the rest, and acts on nothing.
Each action posts to its own URL, calls its service and comes back here with the service's
answer: a success message, or its refusal on the form.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.forms import Media
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import registry as log_registry

from cms.core.errors import ServiceError, ServiceErrors
from cms.core.files import file_url
from cms.core.forms import add_service_errors
from cms.feedback.admin.actions import BY_NAME, offered_actions
from cms.feedback.models import (
    FeedbackAttachment,
    FeedbackForward,
    FeedbackMessage,
    FeedbackStatus,
    MessageKind,
)
from cms.feedback.permissions import can_handle, feedback_for_officer


def _attachment(attachment: FeedbackAttachment) -> dict:
    return {
        "name": attachment.display_name,
        "url": file_url(attachment.file, private=True),
        "size": attachment.size,
        "content_type": attachment.content_type,
    }


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _status_label(value) -> str:
    return str(FeedbackStatus(value).label) if value in FeedbackStatus.values else ""


class FeedbackThreadView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "feedback/admin/thread.html"
    header_icon = "mail"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        readable = feedback_for_officer(request.user).select_related(
            "organisation", "handler", "member__organisation"
        )
        self.feedback = get_object_or_404(readable, pk=kwargs["pk"])

    @cached_property
    def may_handle(self) -> bool:
        return can_handle(self.request.user, self.feedback)

    def get_page_title(self):
        return self.feedback.reference or _("Feedback")

    def get_page_subtitle(self):
        return self.feedback.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("feedback:index"), "label": gettext_lazy("Feedback")},
            {"url": "", "label": self.get_page_title()},
        ]

    # --- what the page shows ------------------------------------------------------------------

    def _author(self, user_id, user) -> str:
        if user_id == self.feedback.submitter_id:
            return _("Member")
        return _person(user)

    def thread(self) -> list[dict]:
        attachments = Prefetch(
            "attachments", queryset=FeedbackAttachment.objects.order_by("created_at", "pk")
        )
        messages_ = (
            FeedbackMessage.objects.filter(feedback=self.feedback)
            .select_related("author")
            .prefetch_related(attachments)
            .order_by("created_at", "pk")
        )
        return [
            {
                "kind": message.kind,
                "kind_label": message.get_kind_display(),
                "internal": message.kind == MessageKind.INTERNAL_NOTE,
                "from_member": message.author_id == self.feedback.submitter_id,
                "author": self._author(message.author_id, message.author),
                "created_at": message.created_at,
                "body": message.body,
                "attachments": [_attachment(a) for a in message.attachments.all()],
            }
            for message in messages_
        ]

    def history(self) -> list[dict]:
        entries = (
            log_registry.get_logs_for_instance(self.feedback)
            .select_related("user")
            .order_by("timestamp", "pk")
        )
        rows = []
        for entry in entries:
            data = entry.data or {}
            rows.append(
                {
                    "timestamp": entry.timestamp,
                    "message": entry.message,
                    "user": self._author(entry.user_id, entry.user) if entry.user_id else "",
                    "from": _status_label(data.get("from")),
                    "to": _status_label(data.get("to")),
                }
            )
        return rows

    def action_forms(self, failed=None) -> list[dict]:
        if not self.may_handle:
            return []
        rows = []
        for action in offered_actions(self.feedback):
            form = failed[1] if failed and failed[0] is action else action.make_form(self.feedback)
            rows.append(
                {
                    "action": action,
                    "form": form,
                    "url": reverse("feedback:action", args=[self.feedback.pk, action.name]),
                    "open": bool(failed and failed[0] is action),
                }
            )
        return rows

    def get_context_data(self, failed=None, **kwargs):
        context = super().get_context_data(**kwargs)
        feedback = self.feedback
        forms = self.action_forms(failed)
        context.update(
            feedback=feedback,
            may_handle=self.may_handle,
            member=feedback.member if self.may_handle else None,
            handler=_person(feedback.handler),
            first_attachments=[
                _attachment(a)
                for a in feedback.attachments.filter(message__isnull=True).order_by("created_at", "pk")
            ],
            thread=self.thread(),
            forwards=[
                {
                    "from": forward.from_organisation.name,
                    "to": forward.to_organisation.name,
                    "reason": forward.reason,
                    "by": _person(forward.forwarded_by),
                    "at": forward.forwarded_at,
                }
                for forward in FeedbackForward.objects.filter(feedback=feedback)
                .select_related("from_organisation", "to_organisation", "forwarded_by")
                .order_by("forwarded_at", "pk")
            ],
            history=self.history(),
            quick_actions=[row for row in forms if not row["form"].fields],
            form_actions=[row for row in forms if row["form"].fields],
            media=sum((row["form"].media for row in forms), start=Media()),
        )
        return context


class FeedbackActionView(FeedbackThreadView):
    """POST only: run one action and come back to the thread (with the form again if refused)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = BY_NAME.get(kwargs["action"])
        if action is None:
            raise Http404
        form = action.make_form(self.feedback, request.POST, request.FILES)
        if form.is_valid():
            try:
                action.run(request.user, self.feedback, form.cleaned_data)
            except (ServiceError, ServiceErrors) as error:
                add_service_errors(form, error)
            else:
                messages.success(request, str(action.done))
                return redirect("feedback:detail", self.feedback.pk)
        for message in form.non_field_errors():
            messages.error(request, message)
        if form.errors and not form.non_field_errors():
            messages.error(request, _("Correct the errors below and try again."))
        self.feedback.refresh_from_db()
        return self.render_to_response(self.get_context_data(failed=(action, form)))
