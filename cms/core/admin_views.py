"""Admin views of the core app, and the mixins every domain's admin views share.

The mixins scope listings and edit views to the rows the user's permission policy allows, and
present a service's expected failures as form errors: the rule stays in the service.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from cms.core.errors import ServiceError, ServiceErrors
from cms.core.forms import add_service_errors
from cms.core.page_preview import app_preview_available
from cms.core.preview import may_preview, preview_url


def preview_in_app(request, page_id: int):
    """Send an editor to the frontend's preview screen with a signed token for the latest draft.

    Without a preview screen (``FRONTEND_PREVIEW_URL`` not set), or for a page it cannot show
    (the home page), the editor sees the draft as the API returns it: Wagtail's "View draft",
    rendered by cms.core.page_preview.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    # Refused to anyone who may not edit the page, whether or not a token would be made.
    if not may_preview(request.user, page):
        raise PermissionDenied
    if not app_preview_available(page):
        return redirect("wagtailadmin_pages:view_draft", page.pk)
    return redirect(preview_url(page, request.user))


# --- Shared mixins -------------------------------------------------------------------------


class ScopedIndexMixin:
    """A listing of the rows the user may see or change, per the model's permission policy."""

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "view"]
        )


class ScopedObjectMixin:
    """Edit views load their object from the user's rows only: anything else is a 404."""

    scope_actions = ("change",)

    def get_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, self.scope_actions
        )


class ServiceFormMixin:
    """Create and edit views whose save calls a service; expected failures become form errors."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ServiceError, ServiceErrors) as error:
            add_service_errors(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


def date_column(name: str, label) -> Column:
    def value(instance):
        day = getattr(instance, name)
        return f"{day:%d/%m/%Y}" if day else ""

    return Column(name, label=label, accessor=value)


class AdminFormView(WagtailAdminTemplateMixin, FormView):
    """A form in the admin's furniture (``wagtailadmin/generic/form.html``)."""

    template_name = "wagtailadmin/generic/form.html"
    submit_button_label = gettext_lazy("Save")
    submit_button_active_label = gettext_lazy("Saving…")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = self.request.get_full_path()
        context["submit_button_label"] = self.submit_button_label
        context["submit_button_active_label"] = self.submit_button_active_label
        context["media"] = context["form"].media
        return context
