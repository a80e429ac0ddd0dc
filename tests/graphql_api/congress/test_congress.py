from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction

from cms.members import tokens
from tests.content_factories import hide, make_congress, make_congress_file, make_news
from tests.factories import PASSWORD

CONGRESS = """
query Congress($organisation: ID) {
  congress(organisation: $organisation) {
    title number term startDate endDate venue delegatesCount path
    documents { title url document { title } }
    relatedNews { title }
  }
}
"""


def test_congress_is_the_latest_visible_one(gql, tree):
    # given
    make_congress(
        tree["root"], "Đại hội XVIII", number="XVIII", term="2018–2023", start_date=date(2018, 9, 20)
    )
    make_congress(
        tree["root"],
        "Đại hội XIX",
        number="XIX",
        term="2023–2028",
        start_date=date(2023, 9, 27),
        end_date=date(2023, 9, 28),
        venue="Trung tâm Hội nghị tỉnh Nghệ An",
        delegates_count=300,
    )

    # when
    result = gql.execute(CONGRESS)

    # then
    assert result["data"]["congress"] == {
        "title": "Đại hội XIX",
        "number": "XIX",
        "term": "2023–2028",
        "startDate": "2023-09-27",
        "endDate": "2023-09-28",
        "venue": "Trung tâm Hội nghị tỉnh Nghệ An",
        "delegatesCount": 300,
        "path": result["data"]["congress"]["path"],
        "documents": [],
        "relatedNews": [],
    }
    assert result["data"]["congress"]["path"].startswith("/dai-hoi/")
    listed = gql.execute("{ congresses(first: 10) { totalCount edges { node { number } } } }")
    assert listed["data"]["congresses"]["edges"] == [
        {"node": {"number": "XIX"}},
        {"node": {"number": "XVIII"}},
    ]


def test_congress_of_an_organisation_or_null(gql, tree):
    # given only the federation's congress
    make_congress(tree["root"], "Đại hội LĐLĐ tỉnh")
    kcn_id = gql.execute('{ organisation(code: "cd-kcn") { id } }')["data"]["organisation"]["id"]
    root_id = gql.execute('{ organisation(code: "ldld-nghe-an") { id } }')["data"]["organisation"]["id"]

    # then
    assert (
        gql.execute(CONGRESS, {"organisation": root_id})["data"]["congress"]["title"] == "Đại hội LĐLĐ tỉnh"
    )
    assert gql.execute(CONGRESS, {"organisation": kcn_id})["data"]["congress"] is None


@pytest.mark.parametrize("node_id", [str(2**64), "²"], ids=["beyond-64-bits", "superscript-two"])
def test_an_organisation_id_no_row_can_have_is_bad_input(gql, tree, node_id):
    # given an Organisation ID whose key is no integer a primary key can hold (found by the fuzzer:
    # SQLite raised OverflowError, and "²" passed str.isdigit() but not int())
    from strawberry import relay

    organisation = str(relay.GlobalID("Organisation", node_id))

    # when
    result = gql.execute(CONGRESS, {"organisation": organisation})

    # then
    assert result["data"] == {"congress": None}
    assert [(e["message"], e["extensions"]["code"]) for e in result["errors"]] == [
        ("`organisation` must be an Organisation ID.", "BAD_USER_INPUT")
    ]


def test_no_congress_is_null(gql, db):
    assert gql.execute(CONGRESS) == {"data": {"congress": None}}


def test_documents_in_order_with_urls_only_when_allowed(gql, tree):
    # given a public document and one in a login-restricted collection
    restricted = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(
        collection=restricted, restriction_type=CollectionViewRestriction.LOGIN
    )
    public = make_congress_file("Báo cáo chính trị")
    internal = make_congress_file("Danh sách đại biểu", collection=restricted)
    make_congress(tree["root"], documents=[("Báo cáo chính trị trình Đại hội", public), ("", internal)])

    # when
    result = gql.execute(CONGRESS)

    # then
    documents = result["data"]["congress"]["documents"]
    assert [d["title"] for d in documents] == ["Báo cáo chính trị trình Đại hội", "Danh sách đại biểu"]
    assert documents[0]["url"].endswith(".pdf")
    assert documents[1]["url"] is None


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private", "out_of_audience"])
def test_hidden_news_never_appears_nested_under_the_congress(gql, tree, state):
    # given a congress linking one public and one hidden article
    shown = make_news(tree["root"], "Khai mạc Đại hội")
    hidden = make_news(
        tree["root"],
        "Tin ẩn",
        live=(state != "draft"),
        audience=[tree["gd"]] if state == "out_of_audience" else (),
    )
    hide(hidden, state)
    make_congress(tree["root"], related_news=[shown, hidden])

    # when
    single = gql.execute(CONGRESS)
    listed = gql.execute("{ congresses(first: 5) { edges { node { relatedNews { title } } } } }")

    # then
    assert single["data"]["congress"]["relatedNews"] == [{"title": "Khai mạc Đại hội"}]
    assert listed["data"]["congresses"]["edges"] == [
        {"node": {"relatedNews": [{"title": "Khai mạc Đại hội"}]}}
    ]


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private", "out_of_audience"])
def test_hidden_congress_never_appears(gql, tree, state):
    # given
    make_congress(tree["root"], "Đại hội công khai", start_date=date(2018, 9, 20))
    hidden = make_congress(
        tree["root"],
        "Đại hội ẩn",
        start_date=date(2023, 9, 27),
        live=(state != "draft"),
        audience=[tree["gd"]] if state == "out_of_audience" else (),
    )
    hide(hidden, state)

    # when
    single = gql.execute(CONGRESS)
    listed = gql.execute("{ congresses(first: 5) { totalCount edges { node { title } } } }")
    by_path = gql.execute(
        "query($p: String!) { page(path: $p) { title } }", {"p": f"/dai-hoi/{hidden.slug}/"}
    )

    # then
    assert single["data"]["congress"]["title"] == "Đại hội công khai"
    assert listed["data"]["congresses"]["edges"] == [{"node": {"title": "Đại hội công khai"}}]
    assert by_path["data"]["page"] is None


def test_audience_news_reaches_members_of_the_subtree_only(gql, tree, member):
    # given a congress linking news for the industrial-zone union's subtree
    kcn_news = make_news(tree["root"], "Tin cho KCN", audience=[tree["kcn"]])
    make_congress(tree["root"], related_news=[kcn_news])
    token = tokens.login(member.phone, PASSWORD).access_token

    # then
    assert gql.execute(CONGRESS, token=token)["data"]["congress"]["relatedNews"] == [{"title": "Tin cho KCN"}]
    assert gql.execute(CONGRESS)["data"]["congress"]["relatedNews"] == []


@pytest.mark.parametrize("count", [3, 12])
def test_congresses_list_query_count_is_constant(gql, tree, count):
    # given congresses, each with two files and three related news items (one of them a draft)
    files = [make_congress_file(f"Văn kiện {i}") for i in range(2)]
    for n in range(count):
        news = [make_news(tree["root"], f"Tin đại hội {n}-{i}", live=i != 2) for i in range(3)]
        make_congress(
            tree["root"],
            start_date=date(2000 + n, 1, 1),
            related_news=news,
            documents=[(f"Tài liệu {i}", f) for i, f in enumerate(files)],
        )
    query = """{ congresses(first: 50) { edges { node {
        title path documents { title url document { extension } }
        relatedNews { title path date organisation { name } coverImage { id } } } } } }"""
    gql.execute(query)  # warm caches (site root, content types)

    # when
    with CaptureQueriesContext(connection) as ctx:
        result = gql.execute(query)

    # then every congress lists its two published news items, in a fixed number of queries
    nodes = [edge["node"] for edge in result["data"]["congresses"]["edges"]]
    assert len(nodes) == count
    assert all(len(node["relatedNews"]) == 2 for node in nodes)
    assert all(node["documents"][0]["url"] for node in nodes)
    assert len(ctx.captured_queries) == 6, "\n".join(q["sql"][:150] for q in ctx.captured_queries)
