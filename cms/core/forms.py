"""Admin form for content pages: it offers and checks what ``cms.core.publishing`` allows.

The rule itself (who publishes for which organisation, to which audience) lives in
``cms.core.publishing``; the form narrows its choices to it and shows its refusals.
"""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from cms.core.errors import ServiceError, ServiceErrors
from cms.core.publishing import check_publication, publishable_organisations
from cms.organisations.models import Organisation


def add_service_errors(form: forms.BaseForm, error: ServiceError | ServiceErrors) -> None:
    """Show a service's expected failures on the form, on the field they concern when it has one."""
    errors = error.errors if isinstance(error, ServiceErrors) else [error]
    for item in errors:
        field = item.field if item.field in form.fields else None
        form.add_error(field, item.message)


class ContentPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        if "organisation" in self.fields:
            publishable = publishable_organisations(user)
            self.fields["organisation"].queryset = publishable
            if not self.instance.organisation_id:
                first = publishable.first()
                if first is not None:
                    self.fields["organisation"].initial = first.pk
        if "audience" in self.fields:
            # The widget first: setting the queryset copies its choices into the current widget.
            self.fields["audience"].widget = forms.SelectMultiple(attrs={"size": 10})
            self.fields["audience"].queryset = Organisation.objects.active().order_by("path")

    def clean(self):
        cleaned = super().clean()
        if self.for_user is None:
            return cleaned
        # No audience field, or an invalid one (already reported): only the organisation is checked.
        audience = cleaned.get("audience") if "audience" in self.fields else None
        try:
            check_publication(self.for_user, cleaned.get("organisation"), audience)
        except (ServiceError, ServiceErrors) as error:
            add_service_errors(self, error)
        return cleaned
