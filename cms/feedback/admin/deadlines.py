"""Response deadlines per category: the federation's screen in the settings menu.

Each changed category goes through ``services.set_response_deadline`` (which decides who may
and what is allowed); all of them or none are saved. A new deadline applies to feedback
submitted afterwards.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from cms.core.admin_views import AdminFormView
from cms.core.errors import ServiceError, ServiceErrors
from cms.core.forms import add_service_errors
from cms.feedback import services
from cms.feedback.forms import ResponseDeadlinesForm
from cms.feedback.models import ResponseDeadline
from cms.feedback.permissions import can_set_deadlines


class ResponseDeadlinesView(AdminFormView):
    form_class = ResponseDeadlinesForm
    template_name = "feedback/admin/deadlines.html"
    page_title = gettext_lazy("Feedback response deadlines")
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        if not can_set_deadlines(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "days": ResponseDeadline.all_days()}

    def form_valid(self, form):
        changed = form.changed_days()
        try:
            with transaction.atomic():
                for category, days in changed.items():
                    services.set_response_deadline(self.request.user, category=category, days=days)
        except (ServiceError, ServiceErrors) as error:
            errors = error.errors if isinstance(error, ServiceErrors) else [error]
            for item in errors:
                # The service names the field "days": show it on the category that failed.
                if item.field == "days":
                    item.field = category
            add_service_errors(form, error)
            messages.error(self.request, _("Nothing was saved: correct the errors below."))
            return self.form_invalid(form)
        if changed:
            messages.success(
                self.request,
                _("Response deadlines saved. They apply to feedback submitted from now on."),
            )
        else:
            messages.success(self.request, _("Nothing was changed."))
        return redirect("feedback:deadlines")
