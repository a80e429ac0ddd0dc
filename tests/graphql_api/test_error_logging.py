"""What the log says about errors: a client's mistake is one INFO line, a bug is one ERROR with its traceback.

An operator reads ERROR lines as "something is broken here". Strawberry, left to itself, logs
every error of every request at ERROR with a traceback, so a wrong password or a missing token
would page someone; the schema's ``process_errors`` (``graphql_api.core.errors.log_errors``)
logs expected errors in one INFO line and bugs once, at ERROR, with the traceback.

Each test posts through /graphql/ like an app, and looks at every record any logger wrote while
the request ran.
"""

from __future__ import annotations

import json
import logging

import pytest

from tests.factories import PASSWORD

ME = "{ me { username } }"
DEEP = '{ organisation(code: "cdcs-luxshare") { ' + "parent { " * 12 + "code" + " }" * 12 + " } }"
LOGIN = """
mutation { login(input: {identifier: "0912345678", password: "sai-mat-khau"}) { errors { field code } } }
"""


def records(caplog) -> list[tuple[str, str, str, bool]]:
    """(logger, level, message, with a traceback) of what was logged at INFO or above."""
    return [
        (r.name, r.levelname, r.getMessage(), bool(r.exc_info))
        for r in caplog.records
        if r.levelno >= logging.INFO
    ]


def post(client, caplog, query: str, token: str | None = None) -> dict:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    caplog.clear()
    with caplog.at_level(logging.INFO):
        response = client.post(
            "/graphql/", data=json.dumps({"query": query}), content_type="application/json", **headers
        )
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def member_token(member) -> str:
    from cms.members import tokens

    return tokens.login(member.phone, PASSWORD).access_token


@pytest.mark.parametrize(
    ("query", "token", "code", "line"),
    [
        (ME, None, "UNAUTHENTICATED", "GraphQL UNAUTHENTICATED at me: Sign in to use this field."),
        (
            ME,
            "not-a-token",
            "UNAUTHENTICATED",
            # (Vietnamese, the default language: the refusal is worded for the app's user)
            "GraphQL UNAUTHENTICATED at -: Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
        ),
        (
            "{ organisations(first: -1) { totalCount } }",
            None,
            "BAD_USER_INPUT",
            "GraphQL BAD_USER_INPUT at organisations: `first` must not be negative.",
        ),
        (
            DEEP,
            None,
            "QUERY_TOO_COMPLEX",
            "GraphQL QUERY_TOO_COMPLEX at -: 'anonymous' exceeds maximum operation depth of 12",
        ),
        (
            "{ nope }",
            None,
            "GRAPHQL_VALIDATION_FAILED",
            "GraphQL GRAPHQL_VALIDATION_FAILED at -: Cannot query field 'nope' on type 'Query'. Did you mean 'home'?",
        ),
    ],
    ids=["no-token", "bad-token", "bad-input", "too-deep", "invalid-document"],
)
def test_an_expected_top_level_error_is_one_info_line_without_traceback(
    client, tree, caplog, query, token, code, line
):
    # when
    result = post(client, caplog, query, token)

    # then the app gets the code
    assert [e["extensions"]["code"] for e in result["errors"]] == [code]
    # and the log one INFO line, nothing at WARNING or above, no traceback
    assert records(caplog) == [("graphql_api", "INFO", line, False)]


def test_a_mutation_error_is_one_info_line_without_traceback(client, member, caplog):
    # when the member mistypes their password
    result = post(client, caplog, LOGIN)

    # then the payload says so
    assert result == {"data": {"login": {"errors": [{"field": None, "code": "INVALID_CREDENTIALS"}]}}}
    # and nothing in the log reads as a failure of the server
    logged = records(caplog)
    assert ("graphql_api", "INFO", "Mutation error INVALID_CREDENTIALS (field None)", False) in logged
    assert [r for r in logged if r[1] not in ("INFO",) or r[3]] == []


def test_a_bug_is_one_error_with_its_traceback(client, member_token, caplog, monkeypatch):
    # given a resolver that breaks
    def broken(user):
        raise RuntimeError("the profile table is gone")

    monkeypatch.setattr("graphql_api.members.queries.me_for", broken)

    # when
    result = post(client, caplog, ME, member_token)

    # then the app learns nothing about the bug
    assert result["errors"] == [
        {
            "message": "Internal server error",
            "locations": [{"line": 1, "column": 3}],
            "path": ["me"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    # and the log has it once, at ERROR, with the traceback down to the resolver
    assert records(caplog) == [("graphql_api", "ERROR", "GraphQL bug at me: the profile table is gone", True)]
    [record] = caplog.records
    assert record.exc_info[0] is RuntimeError
    assert record.exc_info[2] is not None


def test_a_request_refused_as_a_whole_logs_no_error_and_no_traceback(client, db, caplog):
    # when the body is not JSON at all
    with caplog.at_level(logging.INFO):
        response = client.post("/graphql/", data="{not json", content_type="application/json")

    # then it is refused as a whole; Django notes the 400 in one WARNING line ("Bad Request"),
    # nothing is logged as an error and nothing with a traceback
    assert response.status_code == 400
    assert [r for r in records(caplog) if r[1] in ("ERROR", "CRITICAL") or r[3]] == []
