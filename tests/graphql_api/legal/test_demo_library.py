"""The legal library screens on the demo data: what a member reads and is warned about."""

from __future__ import annotations

from pathlib import Path

OPERATIONS = Path(__file__).resolve().parents[3] / "frontend_contract" / "operations"


def operation(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text(encoding="utf-8")


def nodes(result) -> list[dict]:
    assert "errors" not in result, result
    return [edge["node"] for edge in result["data"]["legalScenarios"]["edges"]]


def test_the_library_shows_which_answers_are_under_review(gql, demo):
    # when
    library = nodes(gql.execute(operation("legal_library"), {"first": 50}))

    # then only the answer still awaiting a check is flagged, and every answer says when it was reviewed
    flagged = {node["title"]: node["reviewStatus"] for node in library if node["underReview"]}
    assert flagged == {"Lương tối thiểu vùng tại Nghệ An": "MARKED_FOR_REVIEW"}
    assert all(node["reviewStatus"] == "CURRENT" for node in library if not node["underReview"])
    assert all(node["lastReviewedOn"] for node in library)
    assert not any(node["hasOutdatedBasis"] for node in library)


def test_every_cited_provision_says_it_is_in_force(gql, demo):
    library = nodes(gql.execute(operation("legal_library"), {"first": 50}))

    for node in library:
        page = gql.execute(operation("legal_scenario"), {"path": node["path"]})["data"]["page"]
        assert page["legalBases"], node["title"]
        for basis in page["legalBases"]:
            assert basis["inForce"] is True, (node["title"], basis["citation"])
            assert basis["inForceFrom"], (node["title"], basis["citation"])
            assert basis["inForceUntil"] is None


def test_members_find_unemployment_benefit_and_notice_periods(gql, demo):
    unemployment = nodes(gql.execute(operation("legal_library"), {"search": "tro cap that nghiep"}))
    notice = nodes(gql.execute(operation("legal_library"), {"search": "bao truoc"}))

    assert "Điều kiện, mức hưởng trợ cấp thất nghiệp từ năm 2026" in [n["title"] for n in unemployment]
    assert {n["title"] for n in notice} >= {
        "Nghỉ việc phải báo trước cho công ty bao nhiêu ngày?",
        "Công ty đơn phương chấm dứt hợp đồng phải báo trước bao lâu?",
    }
    detail = gql.execute(operation("legal_scenario"), {"path": unemployment[0]["path"]})["data"]["page"]
    assert "60%" in detail["answer"]
    assert [b["citation"] for b in detail["legalBases"]][:2] == [
        "Khoản 1 Điều 38 Luật Việc làm 2025 (74/2025/QH15)",
        "Khoản 1 Điều 39 Luật Việc làm 2025 (74/2025/QH15)",
    ]
