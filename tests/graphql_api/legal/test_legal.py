from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.members import tokens
from tests.content_factories import (
    hide,
    legal_library,
    make_legal_basis,
    make_legal_scenario,
    make_legal_topic,
)
from tests.factories import PASSWORD

SCENARIOS = """
query Scenarios($first: Int = 20, $topic: String, $search: String, $organisation: ID) {
  legalScenarios(first: $first, topic: $topic, search: $search, organisation: $organisation) {
    totalCount
    edges { node { title path asker question answer hasOutdatedBasis topics { slug } } }
  }
}
"""


def titles(result) -> list[str]:
    return [e["node"]["title"] for e in result["data"]["legalScenarios"]["edges"]]


def test_scenarios_list_newest_first_with_answer_html(gql, tree):
    # given
    make_legal_scenario(tree["root"], "Cũ")
    make_legal_scenario(tree["root"], "Mới", answer="<p>Được nghỉ <b>06 tháng</b>.</p>")

    # when
    result = gql.execute(SCENARIOS)

    # then
    assert titles(result) == ["Mới", "Cũ"]
    node = result["data"]["legalScenarios"]["edges"][0]["node"]
    assert node["answer"] == "<p>Được nghỉ <b>06 tháng</b>.</p>"
    assert node["asker"] == "Công nhân KCN Nam Cấm hỏi"
    assert node["path"].startswith("/tu-van-phap-luat/")


def test_filter_by_topic_slug(gql, tree):
    # given
    maternity = make_legal_topic("Thai sản", "thai-san")
    wages = make_legal_topic("Tiền lương", "tien-luong")
    make_legal_scenario(tree["root"], "Nghỉ thai sản", topics=[maternity])
    make_legal_scenario(tree["root"], "Lương ngừng việc", topics=[wages])

    # when
    result = gql.execute(SCENARIOS, {"topic": "thai-san"})

    # then
    assert titles(result) == ["Nghỉ thai sản"]
    assert result["data"]["legalScenarios"]["edges"][0]["node"]["topics"] == [{"slug": "thai-san"}]


def test_unknown_topic_is_a_typed_error(gql, tree):
    result = gql.execute(SCENARIOS, {"topic": "khong-co"})

    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_foreign_organisation_id_is_a_typed_error(gql, tree):
    result = gql.execute(SCENARIOS, {"organisation": "TmV3c1BhZ2U6MQ=="})  # NewsPage:1

    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_search_ignores_accents_in_title_and_question(gql, tree):
    # given
    make_legal_scenario(
        tree["root"], "Chế độ thai sản khi sinh đôi", question="Tôi sinh đôi thì được nghỉ bao lâu?"
    )
    make_legal_scenario(tree["root"], "Làm thêm giờ", question="Công ty bắt làm thêm giờ có đúng luật không?")
    make_legal_scenario(tree["root"], "Tiền lương", question="Đang nghỉ THAI SẢN có được tăng lương?")

    # when
    folded = gql.execute(SCENARIOS, {"search": "thai san"})
    accented = gql.execute(SCENARIOS, {"search": "Thai  Sản"})
    two_words_apart = gql.execute(SCENARIOS, {"search": "sinh doi nghi"})
    in_question = gql.execute(SCENARIOS, {"search": "đúng luật"})

    # then
    assert titles(folded) == ["Tiền lương", "Chế độ thai sản khi sinh đôi"]
    assert titles(accented) == ["Tiền lương", "Chế độ thai sản khi sinh đôi"]
    assert titles(two_words_apart) == ["Chế độ thai sản khi sinh đôi"]
    assert titles(in_question) == ["Làm thêm giờ"]


def test_search_text_follows_edits_of_the_title(gql, tree):
    # given
    page = make_legal_scenario(tree["root"], "Hợp đồng thử việc")

    # when the title is edited and republished
    page.title = "Hợp đồng lao động xác định thời hạn"
    page.save_revision().publish()

    # then
    assert titles(gql.execute(SCENARIOS, {"search": "xac dinh thoi han"})) == [
        "Hợp đồng lao động xác định thời hạn"
    ]
    assert titles(gql.execute(SCENARIOS, {"search": "thu viec"})) == []


def test_legal_bases_show_their_validity_and_flag_outdated_answers(gql, tree):
    # given one answer citing the 2019 code and one still citing the 2012 code, replaced on 1/1/2021
    current = make_legal_basis(article="139", clause="1", point="")
    replaced = make_legal_basis(
        instrument_code="10/2012/QH13",
        instrument_name="Bộ luật Lao động 2012",
        article="157",
        clause="1",
        valid_from=date(2013, 5, 1),
        valid_until=date(2020, 12, 31),
    )
    make_legal_scenario(tree["root"], "Cập nhật", bases=[current])
    make_legal_scenario(
        tree["root"],
        "Lỗi thời",
        bases=[
            current.__class__(
                **{
                    f.name: getattr(current, f.name)
                    for f in current._meta.fields
                    if f.name not in ("id", "page", "sort_order")
                }
            ),
            replaced,
        ],
    )
    query = """{ legalScenarios(first: 10) { edges { node { title hasOutdatedBasis
      legalBases { instrumentCode instrumentName article clause point validFrom validUntil isCurrent citation } } } } }"""

    # when
    result = gql.execute(query)

    # then
    nodes = {e["node"]["title"]: e["node"] for e in result["data"]["legalScenarios"]["edges"]}
    assert nodes["Cập nhật"]["hasOutdatedBasis"] is False
    assert nodes["Lỗi thời"]["hasOutdatedBasis"] is True
    assert nodes["Lỗi thời"]["legalBases"] == [
        {
            "instrumentCode": "45/2019/QH14",
            "instrumentName": "Bộ luật Lao động 2019",
            "article": "139",
            "clause": "1",
            "point": "",
            "validFrom": "2021-01-01",
            "validUntil": None,
            "isCurrent": True,
            "citation": "Khoản 1 Điều 139 Bộ luật Lao động 2019 (45/2019/QH14)",
        },
        {
            "instrumentCode": "10/2012/QH13",
            "instrumentName": "Bộ luật Lao động 2012",
            "article": "157",
            "clause": "1",
            "point": "",
            "validFrom": "2013-05-01",
            "validUntil": "2020-12-31",
            "isCurrent": False,
            "citation": "Khoản 1 Điều 157 Bộ luật Lao động 2012 (10/2012/QH13)",
        },
    ]


def test_a_basis_not_yet_in_force_is_not_current(gql, tree):
    # given a decree taking effect next month
    upcoming = make_legal_basis(
        instrument_code="999/2099/NĐ-CP",
        instrument_name="Nghị định mới",
        valid_from=timezone.localdate() + timedelta(days=30),
    )
    page = make_legal_scenario(tree["root"], "Sắp có hiệu lực", bases=[upcoming])

    # when the page is read by path (no list annotation)
    result = gql.execute(
        "query($p: String!) { page(path: $p) { ... on LegalScenarioPage { hasOutdatedBasis legalBases { isCurrent } } } }",
        {"p": f"/tu-van-phap-luat/{page.slug}/"},
    )

    # then
    assert result["data"]["page"] == {"hasOutdatedBasis": True, "legalBases": [{"isCurrent": False}]}


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private", "out_of_audience"])
def test_hidden_scenarios_never_appear_in_list_search_or_by_path(gql, tree, state):
    # given one visible scenario and one in the given hidden state
    topic = make_legal_topic("Thai sản", "thai-san")
    make_legal_scenario(tree["root"], "Công khai thai sản", topics=[topic])
    hidden = make_legal_scenario(
        tree["root"],
        "Ẩn thai sản",
        topics=[topic],
        live=(state != "draft"),
        audience=[tree["gd"]] if state == "out_of_audience" else (),
    )
    hide(hidden, state)

    # when an anonymous app lists, filters, searches and looks the page up directly
    listed = gql.execute(SCENARIOS)
    by_topic = gql.execute(SCENARIOS, {"topic": "thai-san"})
    searched = gql.execute(SCENARIOS, {"search": "thai san"})
    by_path = gql.execute(
        "query($p: String!) { page(path: $p) { title } }", {"p": f"/tu-van-phap-luat/{hidden.slug}/"}
    )

    # then only the public scenario is there
    assert titles(listed) == ["Công khai thai sản"]
    assert titles(by_topic) == ["Công khai thai sản"]
    assert titles(searched) == ["Công khai thai sản"]
    assert by_path["data"]["page"] is None


def test_audience_reaches_members_of_the_subtree_only(gql, tree, member):
    # given; `member` is in a grassroots union under the industrial-zone union
    make_legal_scenario(tree["root"], "Cho KCN", audience=[tree["kcn"]])
    make_legal_scenario(tree["root"], "Cho Giáo dục", audience=[tree["gd"]])
    token = tokens.login(member.phone, PASSWORD).access_token

    # then
    assert titles(gql.execute(SCENARIOS, token=token)) == ["Cho KCN"]
    assert titles(gql.execute(SCENARIOS)) == []


def test_topics_in_editor_order(gql, db):
    make_legal_topic("Tiền lương", "tien-luong", sort_order=2)
    make_legal_topic("Hợp đồng lao động", "hop-dong", sort_order=1)

    result = gql.execute("{ legalTopics { name slug } }")

    assert result["data"]["legalTopics"] == [
        {"name": "Hợp đồng lao động", "slug": "hop-dong"},
        {"name": "Tiền lương", "slug": "tien-luong"},
    ]


@pytest.mark.parametrize("count", [3, 12])
def test_scenario_list_query_count_is_constant(gql, tree, count):
    # given scenarios with two topics and two legal bases each
    legal_library()
    topics = [make_legal_topic("Thai sản", "thai-san"), make_legal_topic("Bảo hiểm xã hội", "bhxh")]
    for i in range(count):
        make_legal_scenario(
            tree["root"],
            f"Tình huống {i}",
            topics=topics,
            bases=[make_legal_basis(), make_legal_basis(instrument_code="41/2024/QH15", article="53")],
        )
    query = """{ legalScenarios(first: 100, search: "tinh huong") { totalCount edges { node {
      title path summary asker question answer reviewedBy lastReviewedOn hasOutdatedBasis
      underReview reviewStatus organisation { name } coverImage { id } topics { name }
      legalBases { instrumentCode article inForce inForceFrom inForceUntil citation } } } } }"""
    gql.execute(query)  # warm caches (site root, content types)

    # when
    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        result = gql.execute(query)

    # then
    assert len(result["data"]["legalScenarios"]["edges"]) == count
    # One query more than the list itself: the content version its count is kept under
    # (graphql_api.core.caching); the count, kept, costs none.
    assert len(ctx.captured_queries) == 5, [q["sql"] for q in ctx.captured_queries]


REVIEW = """
query Review($first: Int = 20) {
  legalScenarios(first: $first) {
    edges { node { title underReview reviewStatus lastReviewedOn
      legalBases { citation inForceFrom inForceUntil inForce } } }
  }
}
"""


def by_title(result) -> dict[str, dict]:
    return {e["node"]["title"]: e["node"] for e in result["data"]["legalScenarios"]["edges"]}


def test_an_answer_citing_a_replaced_law_reaches_members_under_review(gql, tree):
    # given an answer reviewed in 2025 that still cites the Social Insurance Law 2014, replaced on 1/7/2025
    make_legal_scenario(
        tree["root"],
        "Điều kiện hưởng thai sản",
        reviewed_on=date(2025, 3, 1),
        bases=[
            make_legal_basis(
                instrument_code="58/2014/QH13",
                instrument_name="Luật Bảo hiểm xã hội 2014",
                article="31",
                clause="2",
                valid_from=date(2016, 1, 1),
                valid_until=date(2025, 6, 30),
            )
        ],
    )
    make_legal_scenario(tree["root"], "Nghỉ thai sản 6 tháng", reviewed_on=date(2026, 12, 1))

    # when the app lists the library
    nodes = by_title(gql.execute(REVIEW))

    # then the member sees the notice on the outdated answer, with the basis marked as lapsed
    assert nodes["Điều kiện hưởng thai sản"] == {
        "title": "Điều kiện hưởng thai sản",
        "underReview": True,
        "reviewStatus": "BASIS_NOT_IN_FORCE",
        "lastReviewedOn": "2025-03-01",
        "legalBases": [
            {
                "citation": "Khoản 2 Điều 31 Luật Bảo hiểm xã hội 2014 (58/2014/QH13)",
                "inForceFrom": "2016-01-01",
                "inForceUntil": "2025-06-30",
                "inForce": False,
            }
        ],
    }
    assert nodes["Nghỉ thai sản 6 tháng"]["underReview"] is False
    assert nodes["Nghỉ thai sản 6 tháng"]["reviewStatus"] == "CURRENT"
    assert nodes["Nghỉ thai sản 6 tháng"]["legalBases"][0]["inForce"] is True
    assert nodes["Nghỉ thai sản 6 tháng"]["legalBases"][0]["inForceUntil"] is None


def test_an_answer_an_editor_marked_is_under_review_on_its_detail_screen_too(gql, tree):
    # given
    page = make_legal_scenario(
        tree["root"], "Lương tối thiểu vùng", under_review=True, review_note="Chờ Phụ lục."
    )

    # when the member opens it by path
    result = gql.execute(
        """query($p: String!) { page(path: $p) { ... on LegalScenarioPage {
          underReview reviewStatus lastReviewedOn legalBases { inForce } } } }""",
        {"p": f"/tu-van-phap-luat/{page.slug}/"},
    )

    # then
    assert result["data"]["page"] == {
        "underReview": True,
        "reviewStatus": "MARKED_FOR_REVIEW",
        "lastReviewedOn": None,
        "legalBases": [{"inForce": True}],
    }


def test_the_note_for_editors_never_reaches_the_api(gql, tree):
    make_legal_scenario(
        tree["root"], "Có ghi chú", under_review=True, review_note="Ghi chú biên tập: bí mật."
    )

    schema_has_it = gql.execute('{ __type(name: "LegalScenarioPage") { fields { name } } }')
    answers = gql.execute(
        "{ legalScenarios(first: 5) { edges { node { answer summary question situation } } } }"
    )

    assert "reviewNote" not in {f["name"] for f in schema_has_it["data"]["__type"]["fields"]}
    assert "bí mật" not in str(answers)
