"""Every error code a frontend or a developer can meet is documented, with its meaning."""

from __future__ import annotations

import importlib
from pathlib import Path

from graphql import GraphQLEnumType, GraphQLNonNull, GraphQLObjectType

from cms.core.errors import ErrorCode
from graphql_api.core.errors import ApiErrorCode
from graphql_api.schema import schema

ROOT = Path(__file__).resolve().parents[2]


def mutation_error_codes() -> dict[str, list[str]]:
    """The enums the schema sends as the `code` of a mutation error type, with their values."""
    found = {}
    for graphql_type in schema._schema.type_map.values():
        if isinstance(graphql_type, GraphQLObjectType) and set(graphql_type.fields) == {
            "field",
            "message",
            "code",
        }:
            code = graphql_type.fields["code"].type
            code = code.of_type if isinstance(code, GraphQLNonNull) else code
            if isinstance(code, GraphQLEnumType):
                found[code.name] = list(code.values)
    return found


def domain_error_codes() -> dict[str, list[str]]:
    for path in sorted((ROOT / "cms").glob("*/errors.py")):
        importlib.import_module(f"cms.{path.parent.name}.errors")
    return {
        enum.__name__: [m.value for m in enum]
        for enum in ErrorCode.__subclasses__()
        if enum.__module__.startswith("cms.")
    }


def names_and_codes(enums: dict[str, list[str]]) -> list[str]:
    return [name for enum, values in enums.items() for name in (enum, *values)]


def undocumented(text: str, names: list[str]) -> list[str]:
    return [name for name in names if f"`{name}`" not in text]


TOP_LEVEL = [code.value for code in ApiErrorCode]


def test_the_schema_types_the_account_errors():
    # when
    codes = mutation_error_codes()

    # then
    assert codes["AccountErrorCode"] == [
        "INVALID_CREDENTIALS",
        "TOO_MANY_ATTEMPTS",
        "INVALID_TOKEN",
        "TOKEN_EXPIRED",
    ]


def test_the_frontend_readme_lists_every_code_a_frontend_can_receive():
    # given
    readme = (ROOT / "frontend_contract" / "README.md").read_text(encoding="utf-8")

    # when
    missing = undocumented(readme, TOP_LEVEL + names_and_codes(mutation_error_codes()))

    # then
    assert missing == []


def test_the_readme_lists_every_top_level_and_domain_code():
    # given
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    # when
    missing = undocumented(readme, TOP_LEVEL + names_and_codes(domain_error_codes()))

    # then
    assert missing == []
