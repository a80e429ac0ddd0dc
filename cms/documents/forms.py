"""Admin form for official documents: recipients are active organisations, and by default readers."""

from __future__ import annotations

from django import forms

from cms.core.forms import ContentPageForm
from cms.organisations.models import Organisation


class OfficialDocumentPageForm(ContentPageForm):
    """``ContentPageForm`` plus the documents' default audience (``services.default_audience``).

    The default is applied before the publishing rights are checked, so an editor who may not
    publish to everyone can leave the audience empty and send to their unions.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "recipients" in self.fields:
            self.fields["recipients"].queryset = Organisation.objects.active().order_by("path")
            self.fields["recipients"].widget = forms.SelectMultiple(attrs={"size": 10})

    def clean(self):
        # Imported here: the services import the models, which import this form.
        from cms.documents.services import default_audience

        audience = self.cleaned_data.get("audience")
        recipients = self.cleaned_data.get("recipients")
        if "audience" in self.fields and audience is not None and recipients is not None:
            self.cleaned_data["audience"] = default_audience(audience, recipients)
        return super().clean()
