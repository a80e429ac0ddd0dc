"""``search`` in GraphQL: the member app's search box, as the app calls it."""

from __future__ import annotations

import pytest

from cms.members import tokens
from tests.content_factories import make_legal_scenario, make_legal_topic, make_news
from tests.factories import PASSWORD, make_member
from tests.frontend_contract.conftest import OPERATIONS

pytestmark = pytest.mark.django_db


def search(gql, token: str | None = None, **variables) -> dict:
    """The contract's ``Search`` operation (frontend_contract/operations/search.graphql)."""
    result = gql.execute((OPERATIONS / "search.graphql").read_text(encoding="utf-8"), variables, token=token)
    assert "errors" not in result, result["errors"]
    return result["data"]["search"]


def titles(result: dict) -> list[str]:
    return [edge["node"]["title"] for edge in result["edges"]]


def token_of(member) -> str:
    return tokens.login(member.phone, PASSWORD).access_token


def test_finds_without_accents_with_highlights_and_vietnamese_labels(gql, tree):
    # given
    page = make_news(tree["root"], "Công đoàn tổ chức Tết Sum vầy", summary="Tết Sum vầy cho công nhân.")
    # when
    result = search(gql, query="tet sum vay")
    # then
    assert result["totalCount"] == 1
    node = result["edges"][0]["node"]
    assert node["type"] == "NEWS"
    assert node["typeLabel"] == "Tin tức"
    assert node["pageType"] == "NewsPage"
    assert node["path"] == "/tin-tuc/" + page.slug + "/"
    assert node["titleHighlighted"] == "Công đoàn tổ chức <mark>Tết Sum vầy</mark>"
    assert node["snippet"] == "<mark>Tết Sum vầy</mark> cho công nhân."
    assert result["facets"]["types"] == [
        {"value": "news", "label": "Tin tức", "count": 1, "countIsExact": True}
    ]


def test_hit_id_opens_the_page(gql, tree):
    # given
    make_news(tree["root"], "Hội nghị người lao động")
    hit = search(gql, query="hoi nghi")["edges"][0]["node"]
    # when
    page = gql.execute("query($id: ID!) { page(id: $id) { title } }", {"id": hit["id"]})
    # then
    assert page["data"]["page"]["title"] == "Hội nghị người lao động"


def test_a_member_finds_what_is_addressed_to_their_union_and_a_guest_does_not(gql, tree):
    # given
    make_news(tree["kcn"], "Tết Sum vầy khu công nghiệp", audience=[tree["kcn"]])
    make_news(tree["root"], "Tết Sum vầy toàn tỉnh")
    worker = make_member(tree["vsip"])
    # when
    guest = search(gql, query="Tết Sum vầy")
    member = search(gql, token_of(worker), query="Tết Sum vầy")
    # then
    assert (titles(guest), guest["totalCount"]) == (["Tết Sum vầy toàn tỉnh"], 1)
    assert set(titles(member)) == {"Tết Sum vầy khu công nghiệp", "Tết Sum vầy toàn tỉnh"}
    assert member["facets"]["types"] == [
        {"value": "news", "label": "Tin tức", "count": 2, "countIsExact": True}
    ]


def test_topic_filter_and_facet(gql, tree):
    # given
    wages = make_legal_topic("Tiền lương", "tien-luong")
    make_legal_scenario(tree["root"], "Trả lương làm thêm giờ", topics=[wages])
    make_legal_scenario(tree["root"], "Làm thêm giờ vào ngày lễ")
    # when
    everything = search(gql, query="lam them")
    wages_only = search(gql, query="lam them", topics=["legal:tien-luong"])
    # then
    assert everything["totalCount"] == 2
    assert everything["facets"]["topics"] == [
        {"value": "legal:tien-luong", "label": "Tiền lương", "count": 1, "countIsExact": True}
    ]
    assert titles(wages_only) == ["Trả lương làm thêm giờ"]


def test_pages_with_cursors(gql, tree):
    # given
    for n in range(5):
        make_news(tree["root"], f"Hội thao công nhân lần {n}")
    # when
    first = search(gql, query="hoi thao", first=2)
    second = search(gql, query="hoi thao", first=2, after=first["pageInfo"]["endCursor"])
    third = search(gql, query="hoi thao", first=2, after=second["pageInfo"]["endCursor"])
    # then
    seen = titles(first) + titles(second) + titles(third)
    assert len(seen) == len(set(seen)) == 5
    assert (first["pageInfo"]["hasNextPage"], third["pageInfo"]["hasNextPage"]) == (True, False)


@pytest.mark.parametrize("text", ["", "x" * 10_000, "'\"<>;--*:&|!()", "😀"])
def test_odd_text_gets_an_answer(gql, tree, text):
    # given
    make_news(tree["root"], "Tết Sum vầy")
    # when
    result = gql.execute(
        "query($q: String!) { search(query: $q) { totalCount edges { node { title } } } }", {"q": text}
    )
    # then: no words → the newest items; words that match nothing → no hits
    assert "errors" not in result
    expected = 0 if any(character.isalnum() for character in text) else 1
    assert result["data"]["search"]["totalCount"] == expected


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ('query: "a\\u0000b"', "BAD_USER_INPUT"),
        ('dateFrom: "2026-02-01", dateTo: "2026-01-01"', "BAD_USER_INPUT"),
        ("first: 500", "PAGE_SIZE_TOO_LARGE"),
        ("first: -1", "BAD_USER_INPUT"),
        ('after: "not-a-cursor"', "BAD_USER_INPUT"),
        ('organisation: "TmV3c1BhZ2U6MQ=="', "BAD_USER_INPUT"),  # a NewsPage id, not an Organisation
        ("types: [NOPE]", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
def test_bad_arguments_are_errors_with_a_code(gql, tree, arguments, code):
    # when
    result = gql.execute(f"{{ search({arguments}) {{ totalCount }} }}")
    # then
    assert [error["extensions"]["code"] for error in result["errors"]] == [code]


def test_filter_values_that_do_not_exist_give_no_hits(gql, tree):
    # given
    make_news(tree["root"], "Tết Sum vầy")
    missing_organisation = "T3JnYW5pc2F0aW9uOjk5OTk5OQ=="  # Organisation:999999
    # when
    by_topic = search(gql, query="tet", topics=["khong-co"])
    by_organisation = search(gql, query="tet", organisation=missing_organisation)
    # then
    assert (by_topic["totalCount"], by_organisation["totalCount"]) == (0, 0)


def test_members_and_organisations_are_never_hits(gql, tree):
    # given: a member and unions whose names the admin's searches find (unlisted search documents)
    make_member(tree["vsip"], full_name="Nguyễn Văn Khánh")
    make_news(tree["root"], "Tết Sum vầy")
    # when
    by_member = search(gql, query="nguyen van khanh")
    by_union = search(gql, query="Luxshare")
    everything = search(gql, query="", first=50)
    # then
    assert (by_member["totalCount"], by_union["totalCount"]) == (0, 0)
    assert [facet["value"] for facet in everything["facets"]["types"]] == ["news"]
    assert titles(everything) == ["Tết Sum vầy"]


def test_dates_at_the_ends_of_the_calendar_mean_from_the_beginning_and_until_the_end(gql, tree):
    # given a news item (found by the fuzzer: 0001-01-01 in Vietnam's time overflowed converted to UTC)
    make_news(tree["root"], "Công đoàn tổ chức Tết Sum vầy")

    # when the app asks from the first day of the calendar to its last
    result = gql.execute(
        '{ search(query: "tet", dateFrom: "0001-01-01", dateTo: "9999-12-31") { totalCount } }'
    )

    # then the item is found
    assert result == {"data": {"search": {"totalCount": 1}}}
