"""Sign in with a phone number (members) or a username (officers, editors)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from cms.members.phone import InvalidPhone, normalize_phone


def find_user(identifier: str):
    """The account an identifier names: a member's phone in any written form, else a username
    (case-insensitive), else None. Sign-in and its failure counters both ask this."""
    user_model = get_user_model()
    try:
        phone = normalize_phone(identifier)
    except InvalidPhone:
        phone = None
    if phone:
        user = user_model.objects.filter(member__phone=phone).first()
        if user is not None:
            return user
    return user_model.objects.filter(username__iexact=identifier.strip()).first()


class PhoneOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            # Run the hasher anyway so response time does not reveal which accounts exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
