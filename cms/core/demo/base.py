"""What every demo seeder shares: the run's context, the demo password and an idempotent upsert.

A seeder is a plain function ``seed(ctx: SeedContext) -> None``. It keys every row on a stable
natural key (organisation code, phone number, username, ...), so running it again changes and
duplicates nothing, and it reports what it did through ``ctx.report``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import models

# Documented in the command's help: every demo account signs in with it unless
# DEMO_ADMIN_PASSWORD says otherwise. Never accepted in production.
DEFAULT_DEMO_PASSWORD = "CongDoanSo@2026"

# Each seeder draws from its own generator, seeded with this and its name: adding a seeder
# (news, documents...) later does not reshuffle the members or anything seeded before it.
RANDOM_SEED = "cong-doan-so-nghe-an"


@dataclass(frozen=True)
class Seeder:
    """One domain's demo data: ``run`` after the seeders named in ``after``.

    ``order`` places it among the seeders free to run at the same point (lower first, as the
    ``order`` of a Wagtail hook): content seeders add their section under the home page in
    that order, so the demo's page tree, and its ids, are the same on every run.
    """

    name: str
    run: Callable[[SeedContext], None]
    after: tuple[str, ...] = ()
    order: int = 0


@dataclass(frozen=True)
class Credential:
    role: str
    login: str
    password: str
    note: str = ""


@dataclass
class SeedContext:
    password: str
    write: Callable[[str], None] = print
    credentials: list[Credential] = field(default_factory=list)
    _password_hash: str | None = None

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{RANDOM_SEED}:{name}")

    def report(self, line: str) -> None:
        self.write(f"  {line}")

    @property
    def password_hash(self) -> str:
        """One hash of the demo password shared by every demo account.

        PBKDF2 is deliberately slow (about a third of a second): hashing it once per account
        would take minutes for the members. A run reuses the hash already stored on a demo
        account when it still matches, so a second run rewrites no password.
        """
        if self._password_hash is None:
            self._password_hash = _reusable_hash(self.password) or make_password(self.password)
        return self._password_hash


# Accounts whose stored hash, when it matches, is reused (one PBKDF2 verification each, at most).
HASH_PROBE_USERNAMES = ("admin", "member-0912345678")


def _reusable_hash(password: str) -> str | None:
    stored = (
        get_user_model()
        .objects.filter(username__in=HASH_PROBE_USERNAMES)
        .order_by("username")
        .values_list("password", flat=True)
    )
    for encoded in dict.fromkeys(stored):
        if encoded and check_password(password, encoded):
            return encoded
    return None


@dataclass
class Tally:
    """Created / updated / unchanged counts of one kind of row, for the summary."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def count(self, created: bool, changed: bool) -> None:
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1

    def describe(self, noun: str) -> str:
        return f"{self.total} {noun} ({self.created} created, {self.updated} updated)"


def changed_fields(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Set ``values`` on ``obj`` and return the names of the fields whose value differed."""
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[Any, bool, bool]:
    """``update_or_create`` that writes only when something differs: returns (obj, created, changed)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), True, True
    changed = changed_fields(obj, values)
    if changed:
        obj.save(update_fields=changed)
    return obj, False, bool(changed)
