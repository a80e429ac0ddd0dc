from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.organisations.models import Organisation, OrganisationStatus
from tests.factories import make_child

TREE = """
query Tree($first: Int, $level: OrganisationLevel, $search: String) {
  organisations(first: $first, filters: {level: $level}, search: $search) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { code name level levelLabel depth parent { code } } }
  }
}
"""


def test_public_tree_lists_active_organisations_in_tree_order(gql, tree):
    # when
    result = gql.execute(TREE, {"first": 20}, HTTP_ACCEPT_LANGUAGE="en")

    # then parents come before their children
    codes = [e["node"]["code"] for e in result["data"]["organisations"]["edges"]]
    assert codes == [
        "ldld-nghe-an",
        "cd-kcn",
        "cdcs-hoa-sen",
        "cdcs-luxshare",
        "cd-giao-duc",
        "cdcs-mn-hoa-hong",
        "cdcs-thpt-htk",
    ]
    assert result["data"]["organisations"]["totalCount"] == 7
    first = result["data"]["organisations"]["edges"][0]["node"]
    assert first == {
        "code": "ldld-nghe-an",
        "name": "Liên đoàn Lao động tỉnh Nghệ An",
        "level": "FEDERATION",
        "levelLabel": "Provincial federation of labour",
        "depth": 1,
        "parent": None,
    }


def test_dissolved_organisations_are_not_in_the_public_tree(gql, tree):
    # given
    Organisation.objects.filter(code="cdcs-hoa-sen").update(status=OrganisationStatus.DISSOLVED)

    # when
    result = gql.execute(TREE, {"first": 20})

    # then
    codes = {e["node"]["code"] for e in result["data"]["organisations"]["edges"]}
    assert "cdcs-hoa-sen" not in codes
    assert result["data"]["organisations"]["totalCount"] == 6


def test_filter_by_level_and_accent_insensitive_search(gql, tree):
    grassroots = gql.execute(TREE, {"first": 20, "level": "GRASSROOTS"})
    assert grassroots["data"]["organisations"]["totalCount"] == 4

    found = gql.execute(TREE, {"first": 20, "search": "truong mam non"})
    assert [e["node"]["code"] for e in found["data"]["organisations"]["edges"]] == ["cdcs-mn-hoa-hong"]


def test_paginates_with_cursors(gql, tree):
    page1 = gql.execute(TREE, {"first": 3})["data"]["organisations"]
    assert page1["pageInfo"]["hasNextPage"] is True

    page2 = gql.execute(
        "query($after: String) { organisations(first: 10, after: $after) { edges { node { code } } } }",
        {"after": page1["pageInfo"]["endCursor"]},
    )["data"]["organisations"]
    assert [e["node"]["code"] for e in page2["edges"]][0] == "cdcs-luxshare"
    assert len(page2["edges"]) == 4


def test_query_count_does_not_grow_with_the_number_of_organisations(gql, tree, settings):
    settings.GRAPHQL_RESPONSE_CACHE = False  # counts the answer's own queries, not a kept one's

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            gql.execute("{ organisations(first: 100) { totalCount edges { node { code levelLabel } } } }")
        return len(ctx.captured_queries)

    small = count_queries()
    for i in range(30):
        make_child(tree["kcn"], f"Công đoàn cơ sở số {i}", "grassroots")
    assert count_queries() == small


WITH_PARENT_AND_CHILDREN = """
{ organisations(first: 100) { edges { node { code parent { code } children { code } } } } }
"""


def _count(gql, query: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        result = gql.execute(query)
    return len(ctx.captured_queries), result


def test_parent_and_children_cost_the_same_for_3_and_12_more_organisations(gql, tree, settings):
    settings.GRAPHQL_RESPONSE_CACHE = False  # counts the answer's own queries, not a kept one's
    # given: the tree, then 3 grassroots unions more, then 12
    for i in range(3):
        make_child(tree["kcn"], f"Công đoàn cơ sở A{i}", "grassroots")
    small, small_result = _count(gql, WITH_PARENT_AND_CHILDREN)
    for i in range(12):
        make_child(tree["gd"], f"Công đoàn cơ sở B{i}", "grassroots")

    # when
    large, large_result = _count(gql, WITH_PARENT_AND_CHILDREN)

    # then: one query for the parents and one for the children of the whole list, at any size
    assert (small, large) == (small, small)
    assert len(small_result["data"]["organisations"]["edges"]) == 7 + 3
    assert len(large_result["data"]["organisations"]["edges"]) == 7 + 15
    nodes = {edge["node"]["code"]: edge["node"] for edge in large_result["data"]["organisations"]["edges"]}
    assert nodes["cd-kcn"]["parent"] == {"code": nodes["cd-giao-duc"]["parent"]["code"]}
    assert len(nodes["cd-giao-duc"]["children"]) == 2 + 12
    assert nodes["cdcs-luxshare"]["children"] == []


def test_parent_and_children_follow_the_active_tree(gql, tree):
    # given: a dissolved grassroots union under the industrial zones
    gone = make_child(tree["kcn"], "Công đoàn cơ sở đã giải thể", "grassroots")
    Organisation.objects.filter(pk=gone.pk).update(status=OrganisationStatus.DISSOLVED)

    # when
    result = gql.execute('{ organisation(code: "cd-kcn") { parent { code } children { code } } }')

    # then: the parent, and only the active children, by name
    assert result == {
        "data": {
            "organisation": {
                "parent": {"code": tree["root"].code},
                "children": [{"code": "cdcs-hoa-sen"}, {"code": "cdcs-luxshare"}],
            }
        }
    }


def test_a_parent_id_of_another_type_or_garbage_is_a_clear_error(gql, tree):
    # given
    from strawberry import relay

    news_id = relay.to_base64("NewsPage", 1)
    garbage_id = relay.to_base64("Organisation", "1 OR 1=1")

    # when
    results = [
        gql.execute("query ($p: ID!) { organisations(parent: $p) { totalCount } }", {"p": str(gid)})
        for gid in (news_id, garbage_id)
    ]

    # then
    for result in results:
        assert result["data"] is None
        assert [e["extensions"]["code"] for e in result["errors"]] == ["BAD_USER_INPUT"]
        assert result["errors"][0]["message"] == "`parent` must be an Organisation ID."


def test_an_organisation_without_a_kind_has_a_null_kind(gql, tree):
    # given a union group inside a grassroots union, stored with a blank kind (found by the
    # fuzzer: the blank value is no OrganisationKind and the field answered INTERNAL_SERVER_ERROR)
    make_child(tree["vsip"], "Tổ công đoàn ca 1", "unit", code="to-ca-1")

    # when
    result = gql.execute('{ organisation(code: "to-ca-1") { code level kind kindLabel } }')

    # then
    assert result == {
        "data": {"organisation": {"code": "to-ca-1", "level": "UNIT", "kind": None, "kindLabel": ""}}
    }
