"""Admin forms for the union tree. Choices are limited to what the signed-in user manages."""

from __future__ import annotations

import contextlib

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from cms.members.phone import InvalidPhone, normalize_phone
from cms.organisations.models import (
    ALLOWED_PARENT_LEVELS,
    Officer,
    OfficerRole,
    Organisation,
    OrganisationLevel,
)
from cms.organisations.permissions import STRUCTURE_ROLES, organisations_managed_by


class OrganisationChoiceField(forms.ModelChoiceField):
    """Organisations in tree order, indented by depth."""

    def label_from_instance(self, obj: Organisation) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.name}"


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=AdminDateInput, **kwargs)


class OrganisationCreateForm(forms.ModelForm):
    parent = OrganisationChoiceField(label=_("Directly under"), queryset=Organisation.objects.none())

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "code",
            "level",
            "kind",
            "address",
            "phone",
            "email",
            "established_on",
        ]
        widgets = {"established_on": AdminDateInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["parent"].queryset = organisations_managed_by(user, STRUCTURE_ROLES).active()
        self.order_fields(["parent", *self.Meta.fields])
        self.fields["level"].choices = [
            c for c in self.fields["level"].choices if c[0] != OrganisationLevel.FEDERATION
        ]

    def clean(self):
        cleaned = super().clean()
        parent, level = cleaned.get("parent"), cleaned.get("level")
        if parent and level and parent.level not in ALLOWED_PARENT_LEVELS[level]:
            self.add_error(
                "level",
                _("A %(level)s cannot be placed directly under a %(parent_level)s.")
                % {
                    "level": OrganisationLevel(level).label.lower(),
                    "parent_level": parent.get_level_display().lower(),
                },
            )
        return cleaned


class OrganisationEditForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "address", "phone", "email", "established_on"]
        widgets = {"established_on": AdminDateInput}
        help_texts = {"name": _("A new name is recorded in the organisation's history, effective today.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class StructuralChangeForm(forms.Form):
    effective_on = _date_field(
        _("Effective on"),
        initial=timezone.localdate,
        help_text=_("A future date schedules the change; it is applied on that day."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Decision number and reason, e.g. 123/QĐ-LĐLĐ."),
    )

    def __init__(self, *args, organisation: Organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.user = user

    def targets(self):
        """Active organisations the user manages, outside the organisation's own subtree."""
        return (
            organisations_managed_by(self.user, STRUCTURE_ROLES)
            .active()
            .exclude(path__startswith=self.organisation.path)
        )


class ReparentForm(StructuralChangeForm):
    new_parent = OrganisationChoiceField(label=_("New parent"), queryset=Organisation.objects.none())
    field_order = ["new_parent", "effective_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current_parent_path = self.organisation.path[: -Organisation.steplen]
        self.fields["new_parent"].queryset = (
            self.targets()
            .filter(level__in=ALLOWED_PARENT_LEVELS[self.organisation.level])
            .exclude(path=current_parent_path)
        )


class MergeForm(StructuralChangeForm):
    into = OrganisationChoiceField(
        label=_("Merge into"),
        queryset=Organisation.objects.none(),
        help_text=_("Current members and active child organisations move there; officer roles here end."),
    )
    field_order = ["into", "effective_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = self.targets().filter(level=self.organisation.level)


class DissolveForm(StructuralChangeForm):
    pass


def find_user(identifier: str):
    """A user by username or by the phone number of their member profile."""
    identifier = (identifier or "").strip()
    user_model = get_user_model()
    condition = Q(username__iexact=identifier)
    with contextlib.suppress(InvalidPhone):
        condition |= Q(member__phone=normalize_phone(identifier))
    return user_model.objects.filter(condition, is_active=True).first() if identifier else None


class OfficerAssignForm(forms.Form):
    user = forms.CharField(
        label=_("User"), max_length=150, help_text=_("Username, or the phone number of a member.")
    )
    organisation = OrganisationChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=OfficerRole.choices)
    title = forms.CharField(
        label=_("Title"), max_length=120, required=False, help_text=_("e.g. Phó Chủ tịch, Chánh Văn phòng")
    )
    started_on = _date_field(_("Started on"), initial=timezone.localdate)

    def __init__(self, *args, user, **kwargs):
        kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)
        self.request_user = user
        self.fields["organisation"].queryset = organisations_managed_by(user, STRUCTURE_ROLES).active()

    def clean_user(self):
        user = find_user(self.cleaned_data["user"])
        if user is None:
            raise forms.ValidationError(_("No active user has this username or phone number."))
        return user


class OfficerEditForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = ["title", "ended_on"]
        widgets = {"ended_on": AdminDateInput}
        help_texts = {
            "ended_on": _("Set a date to end the role; the officer loses its rights from that day.")
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
