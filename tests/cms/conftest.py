from __future__ import annotations

import pytest
from django.utils import translation

from tests.cms.organisations.helpers import client_for, make_admin_officer, make_superuser


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Factories give every user a password; the production hasher costs ~0.5 s each. The others
    # stay known: the shared demo (seeded before any test's settings) holds PBKDF2 hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in their English source form, whatever locale/vi comes to hold.
    with translation.override("en"):
        yield


@pytest.fixture
def kcn_officer(tree):
    return make_admin_officer(tree["kcn"], role="editor", username="officer-kcn")


@pytest.fixture
def gd_officer(tree):
    return make_admin_officer(tree["gd"], role="editor", username="officer-gd")


@pytest.fixture
def kcn_client(kcn_officer):
    return client_for(kcn_officer.user)


@pytest.fixture
def gd_client(gd_officer):
    return client_for(gd_officer.user)


@pytest.fixture
def superuser(db):
    return make_superuser()


@pytest.fixture
def admin_client_(superuser):
    return client_for(superuser)
