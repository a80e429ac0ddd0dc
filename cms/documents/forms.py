"""Admin form for official documents: recipients are active organisations, and by default readers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cms.core.forms import ContentPageForm
from cms.organisations.chooser import register_scope
from cms.organisations.models import Organisation
from cms.organisations.widgets import use_tree_chooser

# A document may be sent to any active organisation (the audience is what the rights narrow).
RECIPIENTS_SCOPE = "recipients"
register_scope(RECIPIENTS_SCOPE, lambda user: Organisation.objects.active())


class OfficialDocumentPageForm(ContentPageForm):
    """``ContentPageForm`` plus the documents' default audience (``services.default_audience``).

    The default is applied before the publishing rights are checked, so an editor who may not
    publish to everyone can leave the audience empty and send to their unions.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "recipients" in self.fields:
            use_tree_chooser(
                self, "recipients", RECIPIENTS_SCOPE, subtree=False, empty_label=_("No recipient chosen.")
            )

    def empty_audience(self, user) -> str:
        return _("No organisation chosen: the recipients become the audience.")

    def clean(self):
        # Imported here: the services import the models, which import this form.
        from cms.documents.services import default_audience

        audience = self.cleaned_data.get("audience")
        recipients = self.cleaned_data.get("recipients")
        if "audience" in self.fields and audience is not None and recipients is not None:
            self.cleaned_data["audience"] = default_audience(audience, recipients)
        return super().clean()
