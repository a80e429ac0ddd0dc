"""Write the schema to frontend_contract/schema.graphql, or fail when the file is stale."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SCHEMA_PATH = Path(settings.BASE_DIR) / "frontend_contract" / "schema.graphql"


def current_sdl() -> str:
    from graphql_api.schema import schema

    return schema.as_str().rstrip() + "\n"


class Command(BaseCommand):
    help = "Export the GraphQL schema for frontend teams (use --check in CI)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the committed schema is stale.")

    def handle(self, *args, check: bool = False, **options):
        sdl = current_sdl()
        if check:
            existing = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
            if existing != sdl:
                raise CommandError(
                    f"{SCHEMA_PATH.relative_to(settings.BASE_DIR)} is stale: run `make schema` and commit it."
                )
            self.stdout.write("frontend_contract/schema.graphql is current.")
            return
        SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_PATH.write_text(sdl, encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH.relative_to(settings.BASE_DIR)}")
