"""Admin forms for members. Organisation choices are limited to what the signed-in user manages."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from cms.members import import_files
from cms.members.models import Member, MemberStatus
from cms.members.phone import InvalidPhone, normalize_phone
from cms.members.services import MEMBER_LEVELS
from cms.organisations.forms import OrganisationChoiceField
from cms.organisations.models import Organisation
from cms.organisations.permissions import MEMBER_ROLES, organisations_managed_by


def member_organisations(user, include: Organisation | None = None):
    """Active grassroots unions and units the user manages (plus ``include``, a member's current one)."""
    managed = organisations_managed_by(user, MEMBER_ROLES).active().filter(level__in=MEMBER_LEVELS)
    if include is None:
        return managed
    return Organisation.objects.filter(Q(pk__in=managed.values("pk")) | Q(pk=include.pk))


class MemberForm(forms.ModelForm):
    organisation = OrganisationChoiceField(label=_("Grassroots union"), queryset=Organisation.objects.none())

    class Meta:
        model = Member
        fields = [
            "full_name",
            "phone",
            "organisation",
            "date_of_birth",
            "gender",
            "card_number",
            "joined_on",
            "job_title",
        ]
        widgets = {"date_of_birth": AdminDateInput, "joined_on": AdminDateInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        current = self.instance.organisation if self.instance.pk else None
        self.fields["organisation"].queryset = member_organisations(user, include=current)

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        try:
            return normalize_phone(raw)
        except InvalidPhone:
            raise forms.ValidationError(
                _("“%(phone)s” is not a Vietnamese mobile number."), params={"phone": raw}
            ) from None


class MemberCreateForm(MemberForm):
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty: the member sets a password when first signing in to the app."),
    )


class MemberEditForm(MemberForm):
    class Meta(MemberForm.Meta):
        fields = [*MemberForm.Meta.fields, "status"]


class DeactivateMemberForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (MemberStatus.LEFT, MemberStatus.LEFT.label),
            (MemberStatus.SUSPENDED, MemberStatus.SUSPENDED.label),
        ],
        initial=MemberStatus.LEFT,
        widget=forms.RadioSelect,
    )


class MemberImportForm(forms.Form):
    file = forms.FileField(label=_("Member list"))
    organisation = OrganisationChoiceField(
        label=_("Organisation for rows without one"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("Used when the file has no “Mã công đoàn cơ sở” column, or the cell is empty."),
    )
    update_existing = forms.BooleanField(
        label=_("Update existing members"),
        required=False,
        help_text=_(
            "A row whose phone number belongs to a member updates that member instead of being refused."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = member_organisations(user)
        self.fields["file"].help_text = _(
            "Excel (.xlsx) or CSV (UTF-8, comma or semicolon separated), with a header row; "
            "up to %(size)s and %(rows)s members per file."
        ) % {
            "size": filesizeformat(import_files.max_upload_bytes()),
            "rows": number_format(import_files.MAX_ROWS, force_grouping=True),
        }

    def clean_file(self):
        # Django has the upload's size before anything reads it (large ones wait in a temporary
        # file): refuse here, and the importer never opens it.
        upload = self.cleaned_data["file"]
        if upload.size > import_files.max_upload_bytes():
            raise forms.ValidationError(import_files.too_large_message(upload.size), code="too_large")
        return upload
