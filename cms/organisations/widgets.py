"""A tree chooser for form fields that choose several organisations (audience, recipients).

``OrganisationTreeChooser`` is a ``SelectMultiple``: the form posts the chosen ids as any
multiple-choice field does, and the field checks them against its queryset, so a forged id is
a form error. The HTML holds a native ``<select multiple>`` with every choice (what an editor
without JavaScript uses) and, hidden until the script takes over, the chosen organisations as
chips with their ancestors. The script (``static/organisations/org-chooser.js``) hides the
select, searches and browses the tree through ``cms.organisations.admin_api`` within the field's
scope (``cms.organisations.chooser``), and keeps the select's selection as the value.

Use it through :func:`use_tree_chooser`, which sets the widget before the queryset (setting a
queryset copies its choices into the widget the field has at that moment).
"""

from __future__ import annotations

import copy
import json

from django import forms
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.admin.telepath import register as register_telepath_adapter
from wagtail.admin.telepath.widgets import WidgetAdapter

from cms.organisations.chooser import DESCRIBED_FIELDS, ancestors_label, describe, field_queryset
from cms.organisations.models import Organisation


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


class OrganisationTreeChooser(forms.SelectMultiple):
    """Chips, a search without accents and a lazily expanded tree over a native select.

    ``subtree``: choosing an organisation reaches every union below it (an audience), and the
    chooser says so. Otherwise each organisation stands for itself (recipients), and the
    chooser offers to add the unions below one, after showing how many there are.
    """

    template_name = "organisations/widgets/tree_chooser.html"

    class Media:
        css = {"all": ["organisations/org-chooser.css"]}
        js = ["organisations/org-chooser.js"]

    def __init__(self, scope: str, *, subtree: bool, empty_label: str = "", attrs=None):
        super().__init__(attrs={"size": 10, **(attrs or {})})
        self.scope = scope
        self.subtree = subtree
        self.empty_label = empty_label
        # False: the select holds only the chosen options (see OrganisationTreeChooserAdapter).
        self.offers_every_choice = True

    # -- the native select ------------------------------------------------------------------

    def _option_rows(self) -> list[tuple[str, str, int]]:
        """(value, label, depth) of every choice, read in one query for a model field."""
        if isinstance(self.choices, ModelChoiceIterator):
            rows = self.choices.queryset.values_list("pk", "name", "depth")
            return [(str(pk), name, depth) for pk, name, depth in rows]
        return [(str(value), str(label), 1) for value, label in self.choices if value not in ("", None)]

    def _options(self, selected: set[str], chosen: list[dict]) -> SafeString:
        rows = self._option_rows() if self.offers_every_choice else []
        offered = {value for value, _label, _depth in rows}
        # A chosen organisation the choices lack stays chosen, so that the form refuses it
        # openly instead of dropping it without a word.
        rows += [
            (str(c["id"]), c["name"], len(c["ancestors"]) + 1) for c in chosen if str(c["id"]) not in offered
        ]
        return format_html_join(
            "",
            '<option value="{}" data-depth="{}"{}>{}</option>',
            (
                (value, depth, SafeString(" selected") if value in selected else "", label)
                for value, label, depth in rows
            ),
        )

    # -- the chooser ------------------------------------------------------------------------

    def strings(self) -> dict[str, str]:
        """What the script says, in the user's language (``%(name)s`` and the like filled in there)."""
        return {
            "remove": _("Remove %(name)s"),
            "chosen": _("Chosen"),
            "includedWith": _("Included with %(name)s"),
            "withAllBelow": _("and all the unions below"),
            "showBelow": _("Show the unions below %(name)s"),
            "hideBelow": _("Hide the unions below %(name)s"),
            "showMore": _("Show more"),
            "loading": _("Loading…"),
            "nothingFound": _("No organisation found."),
            "nothingBelow": _("No unions below."),
            "loadFailed": _("The list could not be loaded. Try again."),
            "added": _("%(name)s added."),
            "removed": _("%(name)s removed."),
            "addedMany": _("%(count)s organisations added."),
            "removedAll": _("All removed."),
            "addBelow": _("Add the unions below…"),
            "addBelowOf": _("Add the unions below %(name)s"),
            "belowCounts": _("Below %(name)s: %(direct)s directly, %(all)s in all."),
            "addDirect": _("Add the %(count)s directly below"),
            "addAll": _("Add all %(count)s"),
            "tooMany": _("Too many to add at once (more than %(limit)s): choose lower in the tree."),
            "cancel": _("Cancel"),
            "chosenCount": _("%(count)s chosen"),
        }

    def _chosen(self, ids: list[int]) -> list[dict]:
        if not ids:
            return []
        rows = Organisation.objects.filter(pk__in=ids).order_by("path").values(*DESCRIBED_FIELDS)
        return describe(rows)

    def get_context(self, name, value, attrs):
        # forms.Widget's context, not ChoiceWidget's: the options are rendered in one go below.
        context = forms.Widget.get_context(self, name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["multiple"] = True
        widget_attrs["data-org-chooser-select"] = True
        selected = set(context["widget"]["value"])
        chosen = self._chosen(_ids(selected))
        element_id = widget_attrs.get("id") or f"id_{name}"
        note = _("and all the unions below") if self.subtree else ""
        chips = [
            {
                **c,
                "path": ancestors_label(c),
                "note": note if c["has_children"] else "",
                "remove_label": _("Remove %(name)s") % {"name": c["name"]},
            }
            for c in chosen
        ]
        context["chooser"] = {
            "id": element_id,
            "url": reverse("organisation_chooser", args=[self.scope]),
            "mode": "subtree" if self.subtree else "each",
            "options": self._options(selected, chosen),
            "chips": chips,
            "chosen_json": json.dumps(chosen, ensure_ascii=False),
            "strings_json": json.dumps(self.strings(), ensure_ascii=False),
            "hint": (
                _("Choosing an organisation includes all the unions below it.")
                if self.subtree
                else _(
                    "Only the organisations chosen receive it: the unions below one do not, unless you add them."
                )
            ),
            "empty_label": self.empty_label,
            "chosen_label": _("Chosen organisations"),
            "search_label": _("Find an organisation"),
            "search_placeholder": _("Type a name; accents are optional"),
            "browse_label": _("Browse the union tree"),
            "clear_label": _("Remove all"),
        }
        return context


def use_tree_chooser(
    form: forms.BaseForm, name: str, scope: str, *, subtree: bool, empty_label: str = ""
) -> None:
    """Give the form's field ``name`` the tree chooser and the choices of ``scope`` for its user.

    The organisations the field already holds stay among the choices (see
    ``cms.organisations.chooser.field_queryset``).
    """
    field = form.fields[name]
    # The widget first: setting the queryset copies its choices into the current widget.
    field.widget = OrganisationTreeChooser(scope, subtree=subtree, empty_label=empty_label)
    kept = form.get_initial_for_field(field, name) or []
    field.queryset = field_queryset(scope, getattr(form, "for_user", None), kept)


class OrganisationTreeChooserAdapter(WidgetAdapter):
    """Wagtail's page editor packs every field's widget for its scripts by rendering it once more
    (``w-edit-handler-data``); with every union of the province among the options, that copy
    would weigh as much as the field itself. The copy holds only the chosen options: a chooser
    made from it adds an option when one is chosen, and it never exists without the script.
    """

    def js_args(self, widget):
        light = copy.copy(widget)
        light.offers_every_choice = False
        return [light.render("__NAME__", None, attrs={"id": "__ID__"})]


register_telepath_adapter(OrganisationTreeChooserAdapter(), OrganisationTreeChooser)
