"""Admin form for official documents: recipients are active organisations, and by default readers."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.errors import ServiceError, ServiceErrors
from cms.core.forms import ContentPageForm, add_service_errors
from cms.organisations.chooser import register_scope
from cms.organisations.models import Organisation
from cms.organisations.widgets import use_tree_chooser

# A document may be sent to any active organisation (the audience is what the rights narrow).
RECIPIENTS_SCOPE = "recipients"
register_scope(RECIPIENTS_SCOPE, lambda user: Organisation.objects.active())


class OfficialDocumentPageForm(ContentPageForm):
    """``ContentPageForm`` plus the documents' default audience (``services.default_audience``)
    and numbering (``services.suggest_number_symbol``, ``services.check_numbering``).

    The default is applied before the publishing rights are checked, so an editor who may not
    publish to everyone can leave the audience empty and send to their unions. An empty number
    and symbol is filled with the service's suggestion; the service decides, the form shows.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "recipients" in self.fields:
            use_tree_chooser(
                self, "recipients", RECIPIENTS_SCOPE, subtree=False, empty_label=_("No recipient chosen.")
            )
        if "recipient_subtrees" in self.fields:
            use_tree_chooser(
                self,
                "recipient_subtrees",
                RECIPIENTS_SCOPE,
                subtree=True,
                empty_label=_("No organisation chosen."),
            )
        if "number_symbol" in self.fields:
            self.fields["number_symbol"].required = False
            if not self.instance.pk and not self.initial.get("number_symbol"):
                self._suggest_number_symbol()

    def _suggest_number_symbol(self) -> None:
        from cms.documents.services import suggest_number_symbol

        organisation = Organisation.objects.filter(pk=self.initial.get("organisation")).first()
        if organisation is None:
            return
        document_type = self.initial.get("document_type") or ""
        suggestion = suggest_number_symbol(organisation, document_type, timezone.localdate().year)
        if suggestion:
            self.initial["number_symbol"] = suggestion

    def empty_audience(self, user) -> str:
        return _("No organisation chosen: the recipients become the audience.")

    def clean(self):
        # Imported here: the services import the models, which import this form.
        from cms.documents.services import check_numbering, default_audience, suggest_number_symbol

        audience = self.cleaned_data.get("audience")
        recipients = self.cleaned_data.get("recipients")
        subtrees = self.cleaned_data.get("recipient_subtrees")
        if "audience" in self.fields and audience is not None and recipients is not None:
            addressed = [*recipients, *(subtrees or [])]
            self.cleaned_data["audience"] = default_audience(audience, addressed)
        cleaned = super().clean()
        if "number_symbol" in self.fields:
            organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
            document_type = cleaned.get("document_type") or ""
            issued_on = cleaned.get("issued_on")
            number_symbol = (cleaned.get("number_symbol") or "").strip()
            if not number_symbol and organisation is not None and issued_on is not None:
                number_symbol = suggest_number_symbol(organisation, document_type, issued_on.year)
                cleaned["number_symbol"] = number_symbol
            if not number_symbol:
                self.add_error("number_symbol", _("Give the number and symbol, e.g. 75/KH-LĐLĐ."))
            elif organisation is not None and issued_on is not None:
                try:
                    check_numbering(
                        number_symbol,
                        organisation=organisation,
                        document_type=document_type,
                        year=issued_on.year,
                        exclude_pk=self.instance.pk,
                    )
                except (ServiceError, ServiceErrors) as error:
                    add_service_errors(self, error)
        return cleaned
