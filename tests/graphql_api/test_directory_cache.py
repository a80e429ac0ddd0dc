"""The union directory kept by the response cache for the content version (CACHEABLE_DIRECTORY):
nothing is re-read before a kept answer is given, and every change to the tree, contact details
included, is seen at the next request."""

from __future__ import annotations

from cms.organisations import services
from tests.factories import make_member, make_user
from tests.graphql_api.test_response_cache import Statements, token_of

DIRECTORY = """
query Organisations($first: Int = 50, $search: String) {
  organisations(first: $first, search: $search) {
    totalCount
    edges { node { code name phone levelLabel parent { code } } }
  }
}
"""


def directory(gql, token: str | None = None, **variables) -> dict[str, dict]:
    result = gql.execute(DIRECTORY, variables, token=token)
    assert "errors" not in result, result
    return {edge["node"]["code"]: edge["node"] for edge in result["data"]["organisations"]["edges"]}


def read_the_tree(statements: Statements) -> bool:
    """Whether the directory was answered afresh: its rows were selected."""
    return any('FROM "organisations_organisation"' in sql for sql in statements.sql)


def test_a_kept_directory_reads_nothing_but_the_content_version(gql, tree):
    first = directory(gql)

    with Statements() as statements:
        again = directory(gql)

    assert again == first and "cdcs-luxshare" in again
    assert not read_the_tree(statements) and len(statements.sql) == 1  # the content version


def test_each_search_is_kept_apart(gql, tree):
    everyone = directory(gql)
    found = directory(gql, search="luxshare")

    assert list(found) == ["cdcs-luxshare"] and len(everyone) == 7


def test_an_edit_a_rename_and_a_dissolution_are_seen_at_the_next_request(gql, tree):
    officer = make_user("can-bo")
    directory(gql)

    # contact details edited (the admin's edit view goes through this service)
    services.update_organisation(tree["vsip"], by=officer, phone="0238 3844 555")
    assert directory(gql)["cdcs-luxshare"]["phone"] == "0238 3844 555"

    # renamed
    services.rename(tree["hoa_sen"], "Công đoàn cơ sở Công ty CP Tập đoàn Hoa Sen", by=officer)
    assert directory(gql)["cdcs-hoa-sen"]["name"] == "Công đoàn cơ sở Công ty CP Tập đoàn Hoa Sen"

    # dissolved (a union without members)
    services.dissolve(tree["mn"], by=officer)
    assert "cdcs-mn" not in directory(gql) and tree["mn"].code not in directory(gql)


def test_members_of_a_union_share_one_kept_directory(gql, tree):
    first, second = make_member(tree["vsip"]), make_member(tree["vsip"])
    directory(gql, token=token_of(first))

    with Statements() as statements:
        kept = directory(gql, token=token_of(second))

    assert "cdcs-luxshare" in kept and not read_the_tree(statements)
