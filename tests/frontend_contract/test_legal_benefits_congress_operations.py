"""The legal, benefits and congress screen operations run against the demo data."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command

OPERATIONS = Path(__file__).resolve().parents[2] / "frontend_contract" / "operations"


def operation(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text(encoding="utf-8")


def test_screens_show_the_demo_content(gql, demo):
    # when
    library = gql.execute(operation("legal_library"), {"first": 50})
    maternity = gql.execute(operation("legal_library"), {"topic": "thai-san", "search": "thai san"})
    scenario_path = library["data"]["legalScenarios"]["edges"][0]["node"]["path"]
    scenario = gql.execute(operation("legal_scenario"), {"path": scenario_path})
    benefits = gql.execute(operation("benefits"), {"current": None, "first": 50})
    benefit = gql.execute(operation("benefit"), {"path": "/quyen-loi-doan-vien/mai-am-cong-doan/"})
    congress = gql.execute(operation("congress"))

    # then
    assert "errors" not in library, library
    assert library["data"]["legalScenarios"]["totalCount"] == 28
    assert len(library["data"]["legalTopics"]) == 8
    # every demo answer cites law in force; the one whose figures depend on a locality's region
    # (not verified) is shown under review
    outdated = [
        e["node"]["title"]
        for e in library["data"]["legalScenarios"]["edges"]
        if e["node"]["hasOutdatedBasis"]
    ]
    under_review = [
        e["node"]["title"] for e in library["data"]["legalScenarios"]["edges"] if e["node"]["underReview"]
    ]
    assert outdated == []
    assert under_review == ["Lương tối thiểu vùng tại Nghệ An"]
    assert maternity["data"]["legalScenarios"]["totalCount"] >= 3
    assert scenario["data"]["page"]["legalBases"][0]["citation"]
    assert "errors" not in benefits, benefits
    assert benefits["data"]["benefits"]["totalCount"] == 6
    assert benefit["data"]["page"]["kind"] == "UNION_HOUSE"
    assert "errors" not in congress, congress
    data = congress["data"]["congress"]
    assert (data["number"], data["term"]) == ("XX", "2025–2030")
    assert [d["title"] for d in data["documents"]][0] == "Báo cáo chính trị trình Đại hội XX"
    assert all(d["url"] for d in data["documents"])
    assert len(data["relatedNews"]) == 2


def test_seeding_twice_changes_nothing(gql, demo):
    from cms.benefits.models import BenefitPage
    from cms.congress.models import CongressPage
    from cms.legal.models import LegalBasis, LegalScenarioPage

    counts = (
        LegalScenarioPage.objects.count(),
        LegalBasis.objects.count(),
        BenefitPage.objects.count(),
        CongressPage.objects.count(),
    )
    call_command("seed_demo", verbosity=0)

    assert (
        LegalScenarioPage.objects.count(),
        LegalBasis.objects.count(),
        BenefitPage.objects.count(),
        CongressPage.objects.count(),
    ) == counts
