"""The admin's sign-in form: Wagtail's, with a password label a catalogue can translate.

Wagtail's form gives the password field no label, so Django derives "Password" from the field's
name, which no translation reaches; editors saw "Password*" on a Vietnamese page.
(WAGTAILADMIN_USER_LOGIN_FORM points here.)
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
