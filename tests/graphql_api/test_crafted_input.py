"""Crafted input gets a typed refusal, never a server error.

PostgreSQL refuses NUL in text and offsets beyond a bigint, SQLite takes both: every test here
passes on both databases, because the refusal happens before any query is sent. A refusal is an
expected error: answered with its code and logged in one line, never as a bug with a traceback.
"""

from __future__ import annotations

import base64
import json
import logging

import pytest

from graphql_api.core.input import first_forbidden_character
from tests import content_factories as content


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def bugs(caplog) -> list[str]:
    """What was logged as a bug (at ERROR, or with a traceback) while the test ran."""
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


# Each field named in the issue, with a String variable `$s` in the argument under test.
FIELDS = {
    "organisation(code)": "query($s: String!) { organisation(code: $s) { code } }",
    "page(path)": "query($s: String!) { page(path: $s) { title } }",
    "news(category)": "query($s: String!) { news(first: 5, category: $s) { totalCount } }",
    "organisations(search)": "query($s: String!) { organisations(first: 5, search: $s) { totalCount } }",
    "documents(search)": "query($s: String!) { documents(first: 5, search: $s) { totalCount } }",
    "legalScenarios(topic)": "query($s: String!) { legalScenarios(first: 5, topic: $s) { totalCount } }",
    "jobs(location)": "query($s: String!) { jobs(first: 5, location: $s) { totalCount } }",
    "menu(slug)": "query($s: String!) { menu(slug: $s) { slug } }",
    "login(identifier)": (
        'mutation($s: String!) { login(input: {identifier: $s, password: "mật khẩu"}) { errors { code } } }'
    ),
    "preview(token)": "query($s: String!) { preview(token: $s) { title } }",
}


def refused(message: str) -> dict:
    return {"data": None, "errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}


@pytest.fixture
def content_pages(tree):
    """A little of everything the listed fields read, so each resolver has rows to match."""
    content.make_news(tree["root"], "Tin tức")
    content.make_official_document(tree["root"], number_symbol="75/KH-LĐLĐ")
    content.make_legal_scenario(tree["root"], topics=[content.make_legal_topic("Thai sản", "thai-san")])
    content.make_job(tree["kcn"], "Tuyển công nhân may")
    content.make_menu("main", [{"label": "Web", "url": "https://congdoannghean.vn/"}])


# --- NUL and other control characters --------------------------------------------------------


@pytest.mark.parametrize("field", list(FIELDS))
@pytest.mark.parametrize(
    "value", ["\x00", "cdcs-vsip\x00", "a\x00' OR 1=1 --"], ids=["nul", "trailing", "inside"]
)
def test_a_nul_byte_in_a_variable_is_bad_user_input_not_a_bug(gql, content_pages, caplog, field, value):
    # when
    with caplog.at_level(logging.INFO):
        result = gql.execute(FIELDS[field], {"s": value})

    # then
    assert result == refused("Variable `$s` contains the control character U+0000.")
    assert bugs(caplog) == []
    assert any(r.levelname == "INFO" and "BAD_USER_INPUT" in r.getMessage() for r in caplog.records), (
        "the refusal is logged, in one line"
    )


@pytest.mark.parametrize("field", list(FIELDS))
def test_a_nul_byte_in_an_inline_literal_is_bad_user_input(gql, content_pages, caplog, field):
    # given the same operation with the value written in the query, as a GraphQL escape
    query = FIELDS[field].replace("$s: String!", "").replace("()", "").replace("$s", '"x\\u0000"')

    # when
    with caplog.at_level(logging.INFO):
        result = gql.execute(query)

    # then the argument is named (the login identifier is a field of the `input` object)
    where = "input.identifier" if field.startswith("login") else field.split("(")[1].rstrip(")")
    assert result == refused(f"Argument `{where}` contains the control character U+0000.")
    assert bugs(caplog) == []


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        (
            "query($f: OrganisationFilter) { organisations(first: 5, filters: $f) { totalCount } }",
            {"f": {"AND": {"OR": {"code": "cd-kcn\x00"}}}},
            "Variable `$f.AND.OR.code` contains the control character U+0000.",
        ),
        (
            '{ organisations(first: 5, filters: {AND: {OR: {code: "cd-kcn\\u0000"}}}) { totalCount } }',
            None,
            "Argument `filters.AND.OR.code` contains the control character U+0000.",
        ),
        (
            "query($c: String!) { organisations(first: 5, filters: {code: $c}) { totalCount } }",
            {"c": "\x1b[31m"},
            "Variable `$c` contains the control character U+001B.",
        ),
        (
            "query($codes: [String!]) { statistics(indicators: $codes) { code } }",
            {"codes": ["members", "strikes\x00"]},
            "Variable `$codes[1]` contains the control character U+0000.",
        ),
        (
            'query($s: String = "\\b") { organisation(code: $s) { code } }',
            None,
            "Default of variable `$s` contains the control character U+0008.",
        ),
        (
            "query($s: String!) { organisation(code: $s) { code } }",
            {"s": "cd-kcn\ud800"},
            "Variable `$s` contains U+D800, which is not a character.",
        ),
    ],
    ids=[
        "nested-input-variable",
        "nested-input-literal",
        "escape-character-in-a-variable",
        "list-item",
        "variable-default",
        "lone-surrogate",
    ],
)
def test_control_characters_anywhere_in_the_input_are_refused(gql, tree, caplog, query, variables, message):
    # when
    with caplog.at_level(logging.INFO):
        result = gql.execute(query, variables)

    # then
    assert result == refused(message)
    assert bugs(caplog) == []


def test_tabs_and_line_breaks_are_text_and_pass(gql, tree, caplog):
    # when free text carries tabs and Windows line breaks
    with caplog.at_level(logging.INFO):
        result = gql.execute(
            "query($s: String!) { organisations(first: 5, search: $s) { totalCount } }",
            {"s": "Công đoàn\tKhu công nghiệp\r\nNghệ An"},
        )

    # then they reach the resolver as word separators: every word is in "Công đoàn các Khu công
    # nghiệp Nghệ An"
    assert result == {"data": {"organisations": {"totalCount": 1}}}
    assert bugs(caplog) == []


def test_vietnamese_text_passes_untouched(gql, tree):
    # when
    result = gql.execute(
        "query($s: String!) { organisations(first: 5, search: $s) { edges { node { code } } } }",
        {"s": "Giáo dục"},
    )

    # then
    assert result == {"data": {"organisations": {"edges": [{"node": {"code": "cd-giao-duc"}}]}}}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("Công đoàn\tcơ sở\n\r", None),
        ("\x7f\x85\u2028", None),  # DEL, C1 NEL and the line separator are not C0: left to the field
        ("a\x00", (1, "\x00")),
        ("\x1f", (0, "\x1f")),
        ("ok\udfff", (2, "\udfff")),
    ],
)
def test_first_forbidden_character(value, expected):
    assert first_forbidden_character(value) == expected


# --- Cursors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argument", "offset"),
    [
        ("after", "9999999999999999999999"),
        ("after", str(2**31)),
        ("after", "-1"),
        ("before", "9999999999999999999999"),
        ("before", "-5"),
    ],
)
def test_a_cursor_offset_out_of_range_is_bad_user_input(gql, content_pages, caplog, argument, offset):
    # given
    size = "first" if argument == "after" else "last"

    # when
    with caplog.at_level(logging.INFO):
        result = gql.execute(
            f'{{ news({size}: 5, {argument}: "{b64("arrayconnection:" + offset)}") {{ totalCount }} }}'
        )

    # then
    assert result["errors"] == [
        {
            "message": f"`{argument}` is not a cursor from this list.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["news"],
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]
    assert bugs(caplog) == []


def test_the_huge_cursor_from_the_issue_is_bad_user_input(gql, content_pages, caplog):
    # when
    with caplog.at_level(logging.INFO):
        result = gql.execute(
            '{ news(first: 5, after: "YXJyYXljb25uZWN0aW9uOjk5OTk5OTk5OTk5OTk5OTk5OTk5OQ==") { totalCount } }'
        )

    # then
    assert [e["extensions"]["code"] for e in result["errors"]] == ["BAD_USER_INPUT"]
    assert bugs(caplog) == []


def test_a_cursor_beyond_the_last_item_gives_an_empty_page(gql, content_pages):
    # when
    result = gql.execute(
        f'{{ news(first: 5, after: "{b64("arrayconnection:" + str(2**31 - 1))}") '
        "{ totalCount edges { cursor } pageInfo { hasNextPage } } }"
    )

    # then
    assert result == {"data": {"news": {"totalCount": 1, "edges": [], "pageInfo": {"hasNextPage": False}}}}


# --- Request bodies the server cannot read ---------------------------------------------------


def bad_request(message: str) -> dict:
    return {"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]}


def post(client, body: bytes | str, content_type: str = "application/json"):
    return client.post("/graphql/", data=body, content_type=content_type)


def test_a_json_body_nested_100000_deep_is_a_json_400(client, db, caplog):
    # given
    body = '{"query": "{ __typename }", "variables": {"v": ' + "[" * 100_000 + "]" * 100_000 + "}}"

    # when
    with caplog.at_level(logging.INFO):
        response = post(client, body)

    # then
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == bad_request("The request body is nested too deeply.")
    assert bugs(caplog) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"query": "{ __typename }"', "Unable to parse request body as JSON"),
        (b'{"query": "{ __typename \xff\xfe" }', "Unable to parse request body as JSON"),
        (
            b'{"query": "{ __typename }", "variables": {"n": ' + b"9" * 5000 + b"}}",
            "Unable to parse request body as JSON",
        ),
        (b"1", "The request body must be a JSON object."),
        (b"null", "The request body must be a JSON object."),
        (b'"{}"', "The request body must be a JSON object."),
        (b'[{"query": "{ __typename }"}]', "Batching is not enabled"),
        (b"{}", "No GraphQL query found in the request"),
        (b'{"query": 1}', "The GraphQL operation's `query` must be a string or null, if provided."),
    ],
    ids=[
        "truncated",
        "not-utf8",
        "huge-integer",
        "a-number",
        "null",
        "a-string",
        "a-batch",
        "no-query",
        "query-not-a-string",
    ],
)
def test_a_body_that_is_not_a_graphql_request_is_a_json_400(client, db, caplog, body, message):
    # when
    with caplog.at_level(logging.INFO):
        response = post(client, body)

    # then
    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json() == bad_request(message)
    assert bugs(caplog) == []


def test_deeply_nested_variables_in_a_get_request_are_a_json_400(client, db):
    # when
    response = client.get(
        "/graphql/", {"query": "{ __typename }", "variables": "[" * 100_000 + "]" * 100_000}
    )

    # then
    assert (response.status_code, response.json()) == (
        400,
        bad_request("The request body is nested too deeply."),
    )


def test_a_multipart_body_nested_too_deeply_is_a_json_400(client, db):
    # given a multipart upload (files are accepted: feedback, reports) whose operations are
    # nested 100,000 deep
    operations = '{"query": "{ __typename }", "variables": ' + "[" * 100_000 + "]" * 100_000 + "}"

    # when
    response = client.post("/graphql/", {"operations": operations, "map": "{}"})

    # then it is refused as a whole, in JSON, like the same JSON body
    assert (response.status_code, response.json()) == (
        400,
        bad_request("The request body is nested too deeply."),
    )


def test_deeply_nested_input_objects_within_the_json_limit_are_no_bug(gql, tree, caplog):
    # given a filter nested as deep as JSON parsing allows
    nested: dict = {"code": "cd-kcn"}
    for _ in range(400):
        nested = {"AND": nested}

    # when
    with caplog.at_level(logging.INFO):
        result = gql.execute(
            "query($f: OrganisationFilter) { organisations(first: 5, filters: $f) { totalCount } }",
            {"f": nested},
        )

    # then
    assert "INTERNAL_SERVER_ERROR" not in json.dumps(result)
    assert bugs(caplog) == []
