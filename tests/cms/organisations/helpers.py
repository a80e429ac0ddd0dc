"""Helpers for the admin tests of the union tree and its members: real users, real rows."""

from __future__ import annotations

from django.test import Client
from wagtail.users.models import UserProfile

from cms.organisations.models import Officer, Organisation
from cms.organisations.services import grant_admin_access
from tests import factories


def english_admin(user) -> None:
    # The admin speaks each user's language; these tests read the English source strings.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def client_for(user) -> Client:
    english_admin(user)
    # Accept-Language too: LocaleMiddleware activates the request's language for the thread.
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def make_admin_officer(
    organisation: Organisation, role: str = "editor", username: str | None = None
) -> Officer:
    """An officer who can sign in to the admin, as ``assign_officer_role`` would leave them."""
    officer = factories.make_officer(organisation, role=role, username=username)
    grant_admin_access(officer.user)
    return officer


def make_editor_user(organisation: Organisation, username: str):
    """An editor of ``organisation`` with the page permissions editors get, signed in as a user."""
    from cms.core.editor_rights import grant_editor_permissions

    officer = make_admin_officer(organisation, role="editor", username=username)
    grant_editor_permissions(officer.user)
    return officer.user


def make_superuser(username: str = "admin"):
    return factories.make_user(username=username, is_staff=True, is_superuser=True)
