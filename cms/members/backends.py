"""Sign in with a phone number (members) or a username (officers, editors)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from cms.members.phone import InvalidPhone, normalize_phone


class PhoneOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        user = None
        try:
            phone = normalize_phone(username)
        except InvalidPhone:
            phone = None
        if phone:
            user = user_model.objects.filter(member__phone=phone).first()
        if user is None:
            user = user_model.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            # Run the hasher anyway so response time does not reveal which accounts exist.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
