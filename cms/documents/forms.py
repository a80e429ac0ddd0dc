"""Admin form for official documents: recipients are active organisations, and by default readers."""

from __future__ import annotations

from django import forms

from cms.core.forms import ContentPageForm
from cms.organisations.models import Organisation


class OfficialDocumentPageForm(ContentPageForm):
    """``ContentPageForm`` plus one rule: an empty audience defaults to the recipients.

    A document sent to some unions is, unless the editor says otherwise, for those unions'
    members only. The default is applied before the audience rights check, so an editor who
    may not publish to everyone can still leave the audience empty and send to their unions.
    To make a document sent to a few unions readable by every union member, choose the
    federation as audience; a document with recipients is never public to anonymous readers.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "recipients" in self.fields:
            self.fields["recipients"].queryset = Organisation.objects.active().order_by("path")
            self.fields["recipients"].widget = forms.SelectMultiple(attrs={"size": 10})

    def clean(self):
        audience = self.cleaned_data.get("audience")
        recipients = self.cleaned_data.get("recipients")
        if "audience" in self.fields and not audience and recipients:
            self.cleaned_data["audience"] = recipients
        return super().clean()
