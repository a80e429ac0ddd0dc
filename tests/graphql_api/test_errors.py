"""Top-level error codes, what is masked and what is logged; typed mutation errors."""

from __future__ import annotations

import base64
import logging

import pytest
import strawberry
from django.test import override_settings

from cms.core.errors import ServiceError, ServiceErrors
from cms.members.errors import AccountErrorCode, MemberErrorCode
from graphql_api.core.errors import ApiError, ApiErrorCode, user_errors
from graphql_api.members.types import AccountError
from graphql_api.schema import Schema, schema_extensions


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@strawberry.type
class BrokenQuery:
    @strawberry.field
    def broken(self) -> int:
        raise ValueError("invalid literal for int() with base 10: 'mật khẩu'")

    @strawberry.field
    def refused(self) -> int:
        raise ApiError(ApiErrorCode.FORBIDDEN, "Not yours.")


@pytest.fixture
def broken_schema():
    """A schema built like the real one, with resolvers that fail in the two ways there are."""
    return Schema(query=BrokenQuery, extensions=schema_extensions())


def graphql_records(caplog) -> list[tuple[str, str, str, type | None]]:
    return [
        (r.name, r.levelname, r.getMessage(), r.exc_info[0] if r.exc_info else None)
        for r in caplog.records
        if r.name.startswith(("graphql_api", "strawberry"))
    ]


def test_a_plain_value_error_in_a_resolver_is_an_internal_server_error_logged_with_its_traceback(
    broken_schema, caplog
):
    # when
    with caplog.at_level(logging.INFO):
        result = broken_schema.execute_sync("{ broken }")

    # then the app learns nothing about the bug
    assert result.data is None
    assert [(e.message, e.path, e.extensions) for e in result.errors] == [
        ("Internal server error", ["broken"], {"code": "INTERNAL_SERVER_ERROR"})
    ]
    # and the log has it once, with the traceback
    assert graphql_records(caplog) == [
        (
            "graphql_api",
            "ERROR",
            "GraphQL bug at broken: invalid literal for int() with base 10: 'mật khẩu'",
            ValueError,
        )
    ]
    assert caplog.records[-1].exc_info[2] is not None


def test_with_debug_on_a_bug_keeps_its_message(broken_schema):
    # when
    with override_settings(DEBUG=True):
        result = broken_schema.execute_sync("{ broken }")

    # then
    assert [(e.message, e.extensions) for e in result.errors] == [
        ("invalid literal for int() with base 10: 'mật khẩu'", {"code": "INTERNAL_SERVER_ERROR"})
    ]


def test_an_error_raised_on_purpose_keeps_its_code_and_is_logged_without_traceback(broken_schema, caplog):
    # when
    with caplog.at_level(logging.INFO):
        result = broken_schema.execute_sync("{ refused }")

    # then
    assert [(e.message, e.extensions) for e in result.errors] == [("Not yours.", {"code": "FORBIDDEN"})]
    assert graphql_records(caplog) == [
        ("graphql_api", "INFO", "GraphQL FORBIDDEN at refused: Not yours.", None)
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ('first: 2, after: "%%%"', "`after` is not a cursor from this list."),
        ('first: 2, after: "YXJyYXljb25uZWN0aW9u"', "`after` is not a cursor from this list."),
        (f'first: 2, after: "{b64("Organisation:1")}"', "`after` is not a cursor from this list."),
        (f'first: 2, after: "{b64("arrayconnection:x")}"', "`after` is not a cursor from this list."),
        ('last: 2, before: "zzz"', "`before` is not a cursor from this list."),
        ('first: 2, parent: "%%%"', 'Value cannot represent a GlobalID: "%%%".'),
        (f'first: 2, parent: "{b64("Organisation:abc")}"', "`parent` must be an Organisation ID."),
        (f'first: 2, parent: "{b64("NewsPage:1")}"', "`parent` must be an Organisation ID."),
    ],
    ids=[
        "cursor-not-base64",
        "cursor-without-offset",
        "cursor-of-a-node",
        "cursor-offset-not-a-number",
        "before-not-base64",
        "id-not-base64",
        "id-with-a-bad-key",
        "id-of-another-type",
    ],
)
def test_a_bad_cursor_or_id_is_bad_user_input_logged_without_traceback(gql, tree, caplog, arguments, message):
    # when
    with caplog.at_level(logging.INFO):
        result = gql.execute(f"{{ organisations({arguments}) {{ totalCount edges {{ cursor }} }} }}")

    # then
    assert result == {
        "data": None,
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": 3}],
                "path": ["organisations"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert graphql_records(caplog) == [
        ("graphql_api", "INFO", f"GraphQL BAD_USER_INPUT at organisations: {message}", None)
    ]


@pytest.mark.parametrize("node_id", [str(2**64), "²"], ids=["beyond-64-bits", "superscript-two"])
def test_ids_no_row_can_have_find_nothing_or_are_bad_input_never_a_bug(gql, tree, node_id):
    # given keys no primary key can be (found by tests/graphql_api/test_fuzz.py: SQLite raised
    # OverflowError for the first; "²" passed str.isdigit() and then failed int())
    page_id = b64(f"NewsPage:{node_id}")
    organisation_id = b64(f"Organisation:{node_id}")

    # when
    page = gql.execute("query($id: ID) { page(id: $id) { title } }", {"id": page_id})
    news = gql.execute("query($o: ID) { news(organisation: $o) { totalCount } }", {"o": organisation_id})

    # then a page lookup finds nothing, a filter says what is wrong
    assert page == {"data": {"page": None}}
    assert news["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in news["errors"]] == [
        ("`organisation` must be an Organisation ID.", "BAD_USER_INPUT")
    ]


def test_a_cursor_the_list_handed_out_still_pages(gql, tree):
    # given the first page
    first = gql.execute("{ organisations(first: 2) { edges { cursor node { code } } } }")
    after = first["data"]["organisations"]["edges"][-1]["cursor"]

    # when
    second = gql.execute(
        "query($after: String) { organisations(first: 2, after: $after) { edges { node { code } } } }",
        {"after": after},
    )

    # then
    assert "errors" not in second
    codes = [e["node"]["code"] for e in first["data"]["organisations"]["edges"]]
    codes += [e["node"]["code"] for e in second["data"]["organisations"]["edges"]]
    assert len(set(codes)) == 4


def test_an_api_error_with_a_string_code_is_a_type_error():
    # when
    with pytest.raises(TypeError) as error:
        ApiError("BAD_USER_INPUT", "Sai.")

    # then
    assert str(error.value) == "ApiError codes are ApiErrorCode members, not 'BAD_USER_INPUT'."


def test_service_errors_become_typed_mutation_errors_with_camel_case_fields():
    # given
    failure = ServiceErrors(
        [
            ServiceError(
                AccountErrorCode.INVALID_TOKEN, "Phiên đăng nhập không còn hiệu lực.", "refresh_token"
            ),
            ServiceError(AccountErrorCode.TOO_MANY_ATTEMPTS, "Thử lại sau 15 phút."),
        ]
    )

    # when
    errors = user_errors(failure, AccountError)

    # then
    assert [(type(e), e.field, e.message, e.code) for e in errors] == [
        (AccountError, "refreshToken", "Phiên đăng nhập không còn hiệu lực.", AccountErrorCode.INVALID_TOKEN),
        (AccountError, None, "Thử lại sau 15 phút.", AccountErrorCode.TOO_MANY_ATTEMPTS),
    ]


def test_a_code_of_another_domain_cannot_be_sent_as_an_account_error():
    # given
    failure = ServiceError(MemberErrorCode.PHONE_TAKEN, "Số đã đăng ký.", "phone")

    # when
    with pytest.raises(TypeError) as error:
        user_errors(failure, AccountError)

    # then
    assert (
        str(error.value)
        == "AccountError carries AccountErrorCode codes, not <MemberErrorCode.PHONE_TAKEN: 'PHONE_TAKEN'>."
    )


def test_mutation_errors_are_typed_by_their_domain_enum_in_the_schema():
    # given
    from graphql_api.schema import schema

    # when
    account_error = schema._schema.get_type("AccountError")
    codes = schema._schema.get_type("AccountErrorCode")

    # then
    assert str(account_error.fields["code"].type) == "AccountErrorCode!"
    assert list(codes.values) == [
        "INVALID_CREDENTIALS",
        "TOO_MANY_ATTEMPTS",
        "INVALID_TOKEN",
        "TOKEN_EXPIRED",
    ]
    assert str(schema._schema.get_type("LoginPayload").fields["errors"].type) == "[AccountError!]!"


def test_a_validation_error_that_names_the_tokens_field_is_not_a_limit(gql, db):
    # when
    result = gql.execute('mutation { login(input: {identifier: "a", password: "b"}) { tokens } }')

    # then
    assert [(e["message"], e["extensions"]["code"]) for e in result["errors"]] == [
        (
            "Field 'tokens' of type 'AuthTokens' must have a selection of subfields."
            " Did you mean 'tokens { ... }'?",
            "GRAPHQL_VALIDATION_FAILED",
        )
    ]
