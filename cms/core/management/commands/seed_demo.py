"""``manage.py seed_demo``: load the demo data, idempotently.

Every demo account (the superuser ``admin``, the officers and the demo member 0912345678) signs
in with the password in ``DEMO_ADMIN_PASSWORD``, or the documented default ``CongDoanSo@2026``.
Running it again changes nothing; it resets demo accounts' passwords to the demo password.
In production it refuses unless ``--allow-production`` is given and ``DEMO_ADMIN_PASSWORD``
holds a password of your own.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.core.demo import DEFAULT_DEMO_PASSWORD, SeedContext, seeders
from cms.core.demo.scale import SCALES, run_scale
from cms.env import env_str
from cms.members.models import Member
from cms.organisations.models import Officer, Organisation, OrganisationChange

PASSWORD_VARIABLE = "DEMO_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Load the demo data: the Nghệ An union tree with its 2025 history, several hundred members, "
        f"and demo accounts. Idempotent. Demo accounts' password: ${PASSWORD_VARIABLE}, "
        f"or {DEFAULT_DEMO_PASSWORD} outside production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=f"Seed even though settings.PRODUCTION is true (needs ${PASSWORD_VARIABLE}).",
        )
        parser.add_argument(
            "--only",
            default="",
            help="Comma-separated seeder names to run, in dependency order (default: all): "
            + ", ".join(seeder.name for seeder in seeders()),
        )
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="",
            help="Then add data at that size (cms.core.demo.scale): province is about 3,000 grassroots "
            "unions, 300,000 members and 20,000 news articles; tiny is the same at a few dozen rows. "
            "Idempotent; progress on stderr.",
        )

    def handle(self, *args, allow_production: bool = False, only: str = "", scale: str = "", **options):
        registered = seeders()
        wanted = {name.strip() for name in only.split(",") if name.strip()}
        unknown = wanted - {seeder.name for seeder in registered}
        if unknown:
            raise CommandError(f"Unknown seeders: {', '.join(sorted(unknown))}.")
        selected = [seeder for seeder in registered if not wanted or seeder.name in wanted]
        password = demo_password(allow_production)
        ctx = SeedContext(password=password, write=self.stdout.write)
        started = time.perf_counter()
        self.stdout.write("Seeding demo data:")
        with transaction.atomic():
            for seeder in selected:
                seeder.run(ctx)
            if scale:
                self.stdout.write(f"Adding the {scale} scale:")
                run_scale(scale, write=self.stdout.write, progress_stream=getattr(self.stderr, "_out", None))
            # Seeders write in bulk, past the signals that keep search documents in step.
            call_command("search_rebuild", verbosity=1 if scale else 0, stdout=self.stdout)
        elapsed = time.perf_counter() - started

        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {elapsed:.1f} s: ")
            + ", ".join(f"{count} {noun}" for noun, count in totals().items())
        )
        base_url = server_url()
        self.stdout.write(f"Demo accounts (admin: {base_url}/admin/, API: {base_url}/graphql/):")
        shown = f"${PASSWORD_VARIABLE}" if settings.PRODUCTION else password
        for credential in ctx.credentials:
            self.stdout.write(
                f"  {credential.role:<17} {credential.login:<18} password: {shown}   ({credential.note})"
            )


def demo_password(allow_production: bool) -> str:
    if settings.PRODUCTION and not allow_production:
        raise CommandError(
            "Refusing to load demo data: settings.PRODUCTION is true. "
            f"Pass --allow-production (with ${PASSWORD_VARIABLE} set) to seed a demo deployment on purpose."
        )
    password = env_str(PASSWORD_VARIABLE) or DEFAULT_DEMO_PASSWORD
    if settings.PRODUCTION:
        if password == DEFAULT_DEMO_PASSWORD:
            raise CommandError(
                f"In production, set ${PASSWORD_VARIABLE} to a password of your own: the default is public."
            )
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(f"${PASSWORD_VARIABLE} is too weak: {' '.join(exc.messages)}") from exc
    return password


def server_url() -> str:
    """Where the demo is served: ``http://$HOST:$PORT`` when either is set (``make run`` passes on
    those it serves at), else, and always in production, the admin's ``WAGTAILADMIN_BASE_URL``."""
    host, port = env_str("HOST"), env_str("PORT")
    if settings.PRODUCTION or not (host or port):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    host = host or "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port or 8000}"


def totals() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "organisation changes": OrganisationChange.objects.count(),
        "members": Member.objects.count(),
        "users": get_user_model().objects.count(),
        "officer roles": Officer.objects.count(),
    }
