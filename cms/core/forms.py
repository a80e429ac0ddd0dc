"""Admin form for content pages: an editor publishes only for organisations they manage."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.organisations.models import OfficerRole, Organisation


def editable_organisations(user):
    """Organisations a user may publish for: the subtrees of their current editor roles."""
    from cms.organisations.permissions import organisations_managed_by

    return organisations_managed_by(user, role=OfficerRole.EDITOR)


class ContentPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        allowed = editable_organisations(user).active().order_by("path")
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = allowed
            if not self.instance.organisation_id and allowed.exists():
                self.fields["organisation"].initial = allowed.first().pk
        if "audience" in self.fields:
            self.fields["audience"].queryset = Organisation.objects.active().order_by("path")
            self.fields["audience"].widget = forms.SelectMultiple(attrs={"size": 10})
        self._allowed = allowed

    def clean(self):
        cleaned = super().clean()
        allowed = getattr(self, "_allowed", None)
        if allowed is None:
            return cleaned
        organisation = cleaned.get("organisation")
        if organisation is not None and not allowed.filter(pk=organisation.pk).exists():
            self.add_error("organisation", _("You can only publish for organisations you are an editor of."))
        audience = cleaned.get("audience")
        is_federation_editor = allowed.filter(depth=1).exists()
        if not is_federation_editor:
            if audience is not None and not audience:
                self.add_error(
                    "audience",
                    _(
                        "Choose the audience within your organisation; only federation editors publish to everyone."
                    ),
                )
            elif audience and audience.exclude(pk__in=allowed.values("pk")).exists():
                self.add_error(
                    "audience", _("The audience must be within the organisations you are an editor of.")
                )
        return cleaned
