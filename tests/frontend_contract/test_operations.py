"""Every documented operation must stay valid against the schema frontends build on."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import parse, validate

from graphql_api.management.commands.export_schema import SCHEMA_PATH, current_sdl
from graphql_api.schema import schema

OPERATIONS = sorted(
    Path(__file__).resolve().parents[2].joinpath("frontend_contract", "operations").glob("*.graphql")
)


def test_there_are_documented_operations():
    assert len(OPERATIONS) >= 3


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: p.name)
def test_operation_is_valid_against_the_schema(path: Path):
    document = parse(path.read_text(encoding="utf-8"))
    errors = validate(schema._schema, document)
    assert errors == []
    names = [d.name.value for d in document.definitions if getattr(d, "name", None)]
    assert len(names) == len(document.definitions), "every operation has a name"


def test_committed_schema_is_current():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == current_sdl()
