from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.benefits.models import BenefitKind
from cms.members import tokens
from tests.content_factories import benefit_index, hide, make_benefit
from tests.factories import PASSWORD

BENEFITS = """
query Benefits($first: Int = 20, $kind: BenefitKind, $current: Boolean) {
  benefits(first: $first, kind: $kind, current: $current) {
    totalCount
    edges { node { title path kind kindLabel isCurrent validFrom validUntil partnerName discountText eligibility howToClaim } }
  }
}
"""


def titles(result) -> list[str]:
    return [e["node"]["title"] for e in result["data"]["benefits"]["edges"]]


def test_benefits_list_ending_soonest_first_with_labels(gql, tree):
    # given
    today = timezone.localdate()
    make_benefit(tree["root"], "Không thời hạn", kind=BenefitKind.UNION_HOUSE)
    make_benefit(
        tree["root"],
        "Tết Sum vầy 2027",
        kind=BenefitKind.TET_REUNION,
        valid_until=today + timedelta(days=10),
        eligibility="<p>Đoàn viên có hoàn cảnh <b>khó khăn</b>.</p>",
    )

    # when
    result = gql.execute(BENEFITS)

    # then
    assert titles(result) == ["Tết Sum vầy 2027", "Không thời hạn"]
    first = result["data"]["benefits"]["edges"][0]["node"]
    assert first["kind"] == "TET_REUNION"
    assert first["kindLabel"] == "Chương trình Tết Sum vầy"  # Vietnamese is the default language
    assert first["isCurrent"] is True
    assert first["eligibility"] == "<p>Đoàn viên có hoàn cảnh <b>khó khăn</b>.</p>"
    assert first["path"].startswith("/quyen-loi-doan-vien/")


def test_filter_by_kind(gql, tree):
    make_benefit(tree["root"], "Giảm giá siêu thị", kind=BenefitKind.PARTNER_DISCOUNT)
    make_benefit(tree["root"], "Học bổng", kind=BenefitKind.SCHOLARSHIP)

    result = gql.execute(BENEFITS, {"kind": "SCHOLARSHIP"})

    assert titles(result) == ["Học bổng"]


def test_current_filter_uses_today(gql, tree):
    # given one benefit in force, one ended yesterday, one starting tomorrow
    today = timezone.localdate()
    make_benefit(tree["root"], "Đang áp dụng", valid_from=today, valid_until=today)
    make_benefit(tree["root"], "Đã hết hạn", valid_until=today - timedelta(days=1))
    make_benefit(tree["root"], "Sắp áp dụng", valid_from=today + timedelta(days=1))

    # when
    current = gql.execute(BENEFITS, {"current": True})
    not_current = gql.execute(BENEFITS, {"current": False})

    # then
    assert titles(current) == ["Đang áp dụng"]
    assert titles(not_current) == ["Đã hết hạn", "Sắp áp dụng"]
    assert [e["node"]["isCurrent"] for e in not_current["data"]["benefits"]["edges"]] == [False, False]


def test_invalid_kind_is_an_error(gql, tree):
    result = gql.execute(BENEFITS, {"kind": "KHONG_CO"})

    assert "errors" in result
    assert result.get("data") is None


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private", "out_of_audience"])
def test_hidden_benefits_never_appear_in_list_or_by_path(gql, tree, state):
    # given
    make_benefit(tree["root"], "Công khai")
    hidden = make_benefit(
        tree["root"],
        "Ẩn",
        live=(state != "draft"),
        audience=[tree["gd"]] if state == "out_of_audience" else (),
    )
    hide(hidden, state)

    # when
    listed = gql.execute(BENEFITS)
    current = gql.execute(BENEFITS, {"current": True})
    by_path = gql.execute(
        "query($p: String!) { page(path: $p) { title } }", {"p": f"/quyen-loi-doan-vien/{hidden.slug}/"}
    )

    # then
    assert titles(listed) == ["Công khai"]
    assert titles(current) == ["Công khai"]
    assert by_path["data"]["page"] is None


def test_audience_reaches_members_of_the_subtree_only(gql, tree, member):
    make_benefit(tree["root"], "Cho KCN", audience=[tree["kcn"]])
    make_benefit(tree["root"], "Cho Giáo dục", audience=[tree["gd"]])
    token = tokens.login(member.phone, PASSWORD).access_token

    assert titles(gql.execute(BENEFITS, token=token)) == ["Cho KCN"]
    assert titles(gql.execute(BENEFITS)) == []


@pytest.mark.parametrize("count", [3, 12])
def test_benefit_list_query_count_is_constant(gql, tree, count):
    # given
    benefit_index()
    for i in range(count):
        make_benefit(
            tree["root"], f"Ưu đãi {i}", partner_name="Siêu thị Vinh", eligibility="<p>Đoàn viên</p>"
        )
    query = """{ benefits(first: 100, current: true) { totalCount edges { node {
      title path summary kind kindLabel isCurrent validFrom validUntil partnerName discountText contact
      eligibility howToClaim organisation { name } coverImage { id } body { blockType } } } } }"""
    gql.execute(query)  # warm caches (site root, content types)

    # when
    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        result = gql.execute(query)

    # then
    assert len(result["data"]["benefits"]["edges"]) == count
    # One query more than the list itself: the content version its count is kept under
    # (graphql_api.core.caching); the count, kept, costs none.
    assert len(ctx.captured_queries) == 3, [q["sql"] for q in ctx.captured_queries]
