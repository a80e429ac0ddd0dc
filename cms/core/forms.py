"""Admin form for content pages: it offers and checks what ``cms.core.publishing`` allows.

The rule itself (who publishes for which organisation, to which audience) lives in
``cms.core.publishing``; the form narrows its choices to it and shows its refusals.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.core.errors import ServiceError, ServiceErrors
from cms.core.publishing import check_publication, is_federation_editor, publishable_organisations
from cms.organisations.chooser import register_scope
from cms.organisations.models import Organisation
from cms.organisations.widgets import use_single_tree_chooser, use_tree_chooser

# The audience an editor may choose: what they publish for (the admin's chooser asks the same).
AUDIENCE_SCOPE = "audience"
register_scope(AUDIENCE_SCOPE, publishable_organisations)
# The organisation an editor publishes for: the same rule, one organisation (a page's publisher).
PUBLISHER_SCOPE = "publisher"
register_scope(PUBLISHER_SCOPE, publishable_organisations)


def add_service_errors(form: forms.BaseForm, error: ServiceError | ServiceErrors) -> None:
    """Show a service's expected failures on the form, on the field they concern when it has one."""
    errors = error.errors if isinstance(error, ServiceErrors) else [error]
    for item in errors:
        field = item.field if item.field in form.fields else None
        form.add_error(field, item.message)


def own_organisation(publishable: QuerySet[Organisation]) -> Organisation | None:
    """The organisation an editor publishes for unless they choose another: the one at the top
    of what they may publish for, when there is exactly one (their union, with its subtree)."""
    top = publishable.order_by("depth", "path").first()
    if top is None or publishable.exclude(path__startswith=top.path).exists():
        return None
    return top


class ContentPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        if "organisation" in self.fields:
            # Exactly the scope (an organisation the editor may publish for no more is shown
            # chosen, and refused when saved); the chooser shows the chosen one, not thousands.
            use_single_tree_chooser(self, "organisation", PUBLISHER_SCOPE)
            if not self.instance.organisation_id:
                own = own_organisation(self.fields["organisation"].queryset)
                # The form's initial, not the field's: a new page's own (empty) value is in it.
                self.initial["organisation"] = own.pk if own is not None else None
        if "audience" in self.fields:
            use_tree_chooser(
                self, "audience", AUDIENCE_SCOPE, subtree=True, empty_label=self.empty_audience(user)
            )

    def empty_audience(self, user) -> str:
        """What an empty audience means, said where the chosen organisations are listed."""
        if is_federation_editor(user):
            return _("No organisation chosen: everyone can read it.")
        return _("No organisation chosen yet: choose who can read it.")

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
