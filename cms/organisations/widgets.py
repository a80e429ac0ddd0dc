"""Tree choosers for form fields that choose organisations: several (audience, recipients) or one
(a page's publishing organisation).

``OrganisationTreeChooser`` is a ``SelectMultiple``: the form posts the chosen ids as any
multiple-choice field does, and the field checks them against its queryset, so a forged id is
a form error. The HTML holds a native ``<select multiple>`` with every choice (what an editor
without JavaScript uses) and, hidden until the script takes over, the chosen organisations as
chips with their ancestors. The script (``static/organisations/org-chooser.js``) hides the
select, searches and browses the tree through ``cms.organisations.admin_api`` within the field's
scope (``cms.organisations.chooser``), and keeps the select's selection as the value.

``SingleOrganisationTreeChooser`` is the same chooser over a ``Select``, for a
``ModelChoiceField``: the form posts one id, checked against the queryset as before. Choosing
another organisation replaces the chosen one; the chip can be removed only when the field is
not required. Its native select does not carry every choice (see the class).

Use them through :func:`use_tree_chooser` and :func:`use_single_tree_chooser`, which set the
widget before the queryset (setting a queryset copies its choices into the widget the field has
at that moment).
"""

from __future__ import annotations

import copy
import json

from django import forms
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.admin.telepath import register as register_telepath_adapter
from wagtail.admin.telepath.widgets import WidgetAdapter

from cms.organisations.chooser import DESCRIBED_FIELDS, ancestors_label, describe, field_queryset
from cms.organisations.models import Organisation

# The most organisations the single chooser's native select offers besides the chosen one.
OFFERED_LIMIT = 200


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


class _TreeChooserBase:
    """What both choosers share: the chips, the strings, the chooser's context. Mixed into a
    ``Select`` or a ``SelectMultiple``, before it."""

    template_name = "organisations/widgets/tree_chooser.html"
    mode = "each"
    # The options carry their depth in the tree: the list box indents them by it.
    options_show_depth = True

    class Media:
        css = {"all": ["organisations/org-chooser.css"]}
        js = ["organisations/org-chooser.js"]

    def __init__(self, scope: str, *, empty_label: str = "", attrs=None):
        super().__init__(attrs=attrs)
        self.scope = scope
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
            '<option value="{}"{}{}>{}</option>',
            (
                (
                    value,
                    format_html(' data-depth="{}"', depth) if self.options_show_depth else "",
                    SafeString(" selected") if value in selected else "",
                    label,
                )
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
            "chosenOne": _("%(name)s chosen."),
        }

    def _chosen_rows(self, ids: list[int]) -> list[dict]:
        if not ids:
            return []
        return list(Organisation.objects.filter(pk__in=ids).order_by("path").values(*DESCRIBED_FIELDS))

    def _chip_note(self, description: dict) -> str:
        return ""

    def _hint(self) -> str:
        raise NotImplementedError

    def _chooser_context(self, name, widget_attrs, selected, chosen, options) -> dict:
        element_id = widget_attrs.get("id") or f"id_{name}"
        chips = [
            {
                **c,
                "path": ancestors_label(c),
                "note": self._chip_note(c),
                "remove_label": _("Remove %(name)s") % {"name": c["name"]},
            }
            for c in chosen
        ]
        return {
            "id": element_id,
            "url": reverse("organisation_chooser", args=[self.scope]),
            "mode": self.mode,
            "removable": True,
            "options": options,
            "chips": chips,
            "chosen_json": json.dumps(chosen, ensure_ascii=False),
            "strings_json": json.dumps(self.strings(), ensure_ascii=False),
            "hint": self._hint(),
            "empty_label": self.empty_label,
            "chosen_label": _("Chosen organisations"),
            "search_label": _("Find an organisation"),
            "search_placeholder": _("Type a name; accents are optional"),
            "browse_label": _("Browse the union tree"),
            "clear_label": _("Remove all"),
        }


class OrganisationTreeChooser(_TreeChooserBase, forms.SelectMultiple):
    """Chips, a search without accents and a lazily expanded tree over a native select.

    ``subtree``: choosing an organisation reaches every union below it (an audience), and the
    chooser says so. Otherwise each organisation stands for itself (recipients), and the
    chooser offers to add the unions below one, after showing how many there are.
    """

    def __init__(self, scope: str, *, subtree: bool, empty_label: str = "", attrs=None):
        super().__init__(scope, empty_label=empty_label, attrs={"size": 10, **(attrs or {})})
        self.subtree = subtree
        self.mode = "subtree" if subtree else "each"

    def _chip_note(self, description: dict) -> str:
        return _("and all the unions below") if self.subtree and description["has_children"] else ""

    def _hint(self) -> str:
        if self.subtree:
            return _("Choosing an organisation includes all the unions below it.")
        return _(
            "Only the organisations chosen receive it: the unions below one do not, unless you add them."
        )

    def get_context(self, name, value, attrs):
        # forms.Widget's context, not ChoiceWidget's: the options are rendered in one go below.
        context = forms.Widget.get_context(self, name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["multiple"] = True
        widget_attrs["data-org-chooser-select"] = True
        selected = set(context["widget"]["value"])
        chosen = describe(self._chosen_rows(_ids(selected)))
        context["chooser"] = self._chooser_context(
            name, widget_attrs, selected, chosen, self._options(selected, chosen)
        )
        return context


class SingleOrganisationTreeChooser(_TreeChooserBase, forms.Select):
    """The tree chooser for a field that holds one organisation (a ``ModelChoiceField``).

    The script shows the chosen organisation as a chip with its ancestors, and choosing another
    in the search or the tree replaces it. The chip's remove button is there only when the field
    is not required; removing it selects the empty option.

    Without the script, the native select is the field, and it does not offer every choice: a
    federation editor's scope is the whole province (some 3,000 unions), and those options would
    weigh some 230 KB of every page editor, twice with Wagtail's copy of the widget, for a
    fallback nobody should need (Wagtail's editor does not work without JavaScript anyway). It
    offers:

    - the empty option, when the field has one (as Django's select would);
    - the chosen organisation, always, even outside the scope (the form then refuses it openly);
    - the scope's organisations level by level from its top, as many whole levels as fit in
      ``OFFERED_LIMIT`` (200) options: all of a small scope (a grassroots or upper-level
      editor's), the federation and the unions directly below it for the whole province.

    So without the script an editor can keep the chosen organisation or choose one of the upper
    levels, never a grassroots union among thousands. The choices are read in one query
    (``LIMIT OFFERED_LIMIT + 1``, by depth), whatever the size of the scope.
    """

    mode = "single"
    # A drop-down list: nothing to indent, the depth is left out.
    options_show_depth = False

    def __init__(self, scope: str, *, empty_label: str = "", attrs=None):
        super().__init__(scope, empty_label=empty_label, attrs=attrs)
        self.is_required = True

    def _hint(self) -> str:
        return _("Choosing another organisation replaces the one chosen.")

    def _empty_option_label(self) -> str | None:
        """The field's empty label ("---------"), without reading the choices."""
        if isinstance(self.choices, ModelChoiceIterator):
            return self.choices.field.empty_label
        return None

    def use_required_attribute(self, initial) -> bool:
        # As Django's Select (required only with an empty first option), without reading the
        # queryset to find out; the script drops it (a hidden required select blocks submitting).
        return forms.Widget.use_required_attribute(self, initial) and self._empty_option_label() is not None

    def _option_rows(self) -> list[tuple[str, str, int]]:
        """The upper levels of the scope that fit in ``OFFERED_LIMIT`` options, in tree order."""
        if not isinstance(self.choices, ModelChoiceIterator):
            return super()._option_rows()
        rows = list(
            self.choices.queryset.order_by("depth", "path").values_list("pk", "name", "depth", "path")[
                : OFFERED_LIMIT + 1
            ]
        )
        if len(rows) > OFFERED_LIMIT:
            # The deepest level read may be cut short: offer only the whole levels above it.
            cut = rows[-1][2]
            rows = [row for row in rows if row[2] < cut]
        rows.sort(key=lambda row: row[3])
        return [(str(pk), name, depth) for pk, name, depth, _path in rows]

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.pop("multiple", None)
        widget_attrs["data-org-chooser-select"] = True
        selected = {v for v in context["widget"]["value"] if v not in ("", None)}
        chosen = describe(self._chosen_rows(_ids(selected))[:1])
        options = self._options(selected, chosen)
        empty_label = self._empty_option_label()
        if empty_label is not None:
            selected_attr = SafeString("" if chosen else " selected")
            options = format_html('<option value=""{}>{}</option>{}', selected_attr, empty_label, options)
        context["chooser"] = {
            **self._chooser_context(name, widget_attrs, selected, chosen, options),
            "removable": not self.is_required,
            "required": self.is_required,
            "chosen_label": _("Chosen organisation"),
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


def use_single_tree_chooser(
    form: forms.BaseForm, name: str, scope: str, *, empty_label: str = "", keep_current: bool = False
) -> None:
    """Give the form's ``ModelChoiceField`` ``name`` the single tree chooser and the choices of
    ``scope`` for its user: exactly the scope, what its chooser endpoint searches and browses.

    ``keep_current``: the organisation the field holds stays a choice even outside the scope
    (``field_queryset``). Without it, one outside is still shown chosen, and refused when saved.
    """
    field = form.fields[name]
    widget = SingleOrganisationTreeChooser(scope, empty_label=empty_label or _("No organisation chosen."))
    widget.is_required = field.required
    # The widget first: setting the queryset copies its choices into the current widget.
    field.widget = widget
    current = form.get_initial_for_field(field, name) if keep_current else None
    field.queryset = field_queryset(scope, getattr(form, "for_user", None), [current] if current else [])


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


class SingleOrganisationTreeChooserAdapter(OrganisationTreeChooserAdapter):
    """The same light copy, for Wagtail's script of a select (which reads the chosen option)."""

    js_constructor = "wagtail.widgets.Select"


register_telepath_adapter(OrganisationTreeChooserAdapter(), OrganisationTreeChooser)
register_telepath_adapter(SingleOrganisationTreeChooserAdapter(), SingleOrganisationTreeChooser)
