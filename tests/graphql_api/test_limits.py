from __future__ import annotations

from django.test import override_settings


def test_typename_answers(gql, db):
    assert gql.execute("{ __typename }") == {"data": {"__typename": "Query"}}


def test_query_over_depth_limit_is_refused_with_code_and_runs_nothing(gql, tree):
    # given a query nested deeper than GRAPHQL_MAX_DEPTH (12) through parent links
    deep = '{ organisation(code: "cdcs-luxshare") { ' + "parent { " * 12 + "code" + " }" * 12 + " } }"

    # when
    result = gql.execute(deep)

    # then
    assert result.get("data") is None
    assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "maximum operation depth of 12" in result["errors"][0]["message"]


def test_too_many_aliases_are_refused(gql, tree):
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(16)) + " }"

    result = gql.execute(query)

    assert result.get("data") is None
    assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_too_many_tokens_are_refused(gql, tree):
    query = "{ " + " ".join("__typename" for _ in range(2100)) + " }"

    result = gql.execute(query)

    assert result.get("data") is None
    assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_refusals_hold_when_the_same_query_comes_again(gql, tree):
    # given queries refused once (parsed and validated documents are cached between requests)
    deep = '{ organisation(code: "cdcs-luxshare") { ' + "parent { " * 12 + "code" + " }" * 12 + " } }"
    too_long = "{ " + " ".join("__typename" for _ in range(2100)) + " }"
    unknown = "{ nope }"
    first = [gql.execute(q) for q in (deep, too_long, unknown)]

    # when the same texts arrive again
    again = [gql.execute(q) for q in (deep, too_long, unknown)]

    # then they are refused again, with the same codes and messages, and nothing runs
    codes = [[(e["extensions"]["code"], e["message"]) for e in r["errors"]] for r in again]
    assert codes == [[(e["extensions"]["code"], e["message"]) for e in r["errors"]] for r in first]
    assert [c[0][0] for c in codes] == ["QUERY_TOO_COMPLEX", "QUERY_TOO_COMPLEX", "GRAPHQL_VALIDATION_FAILED"]
    assert all(r.get("data") is None for r in again)


def test_a_repeated_query_answers_with_fresh_data(gql, tree):
    # given a query answered once
    query = '{ organisation(code: "cdcs-luxshare") { name } }'
    before = gql.execute(query)

    # when the organisation is renamed and the same text is sent again
    from cms.organisations import services

    services.rename(tree["vsip"], "CĐCS Luxshare-ICT Nghệ An (mới)")
    after = gql.execute(query)

    # then only the document was reused, not the answer
    assert before["data"]["organisation"]["name"] != after["data"]["organisation"]["name"]
    assert after["data"]["organisation"]["name"] == "CĐCS Luxshare-ICT Nghệ An (mới)"


def test_page_size_over_cap_is_a_typed_error(gql, tree):
    result = gql.execute("{ organisations(first: 101) { totalCount } }")

    assert result["data"] is None
    assert result["errors"][0]["extensions"]["code"] == "PAGE_SIZE_TOO_LARGE"
    assert result["errors"][0]["message"] == "`first` must be at most 100."


def test_unknown_field_is_a_validation_error_with_code(gql, db):
    result = gql.execute("{ nope }")

    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_introspection_can_be_switched_off():
    # given a schema built with introspection disabled, as production may configure
    with override_settings(GRAPHQL_INTROSPECTION=False):
        import strawberry

        from graphql_api.schema import Mutation, Query, schema_extensions

        schema = strawberry.Schema(query=Query, mutation=Mutation, extensions=schema_extensions())

    # when
    result = schema.execute_sync("{ __schema { queryType { name } } }")

    # then
    assert result.data is None
    assert "introspection" in result.errors[0].message.lower()


def test_graphiql_is_served_to_browsers(client, db):
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_unknown_enum_value_in_variables_is_bad_user_input(gql, db):
    result = gql.execute(
        "query($t: DocumentType) { documents(first: 1, type: $t) { totalCount } }", {"t": "MEMO"}
    )

    assert result["data"] is None
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
