"""The announcements and documents screens' operations, run against the demo data."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.utils import translation

from cms.announcements.models import AnnouncementPage
from cms.documents.demo import DOCUMENTS as DEMO_DOCUMENTS
from cms.documents.models import DocumentDelivery, DocumentKind, OfficialDocumentPage
from cms.documents.services import addressed_organisation_ids

OPERATIONS = Path(__file__).resolve().parents[2] / "frontend_contract" / "operations"


def operation(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text(encoding="utf-8")


def member_token() -> str:
    from cms.core.demo import DEFAULT_DEMO_PASSWORD
    from cms.members import tokens

    return tokens.login("0912345678", DEFAULT_DEMO_PASSWORD).access_token


def test_announcements_screens_against_demo_data(gql, demo):
    # when an anonymous app and the demo member (Luxshare, in the industrial zones) open the screen
    anonymous = gql.execute(operation("announcements"))
    listed = gql.execute(operation("announcements"), token=member_token())
    pinned = gql.execute(operation("announcements"), {"pinned": True})
    assert "errors" not in listed, listed
    nodes = [e["node"] for e in listed["data"]["announcements"]["edges"]]
    detail = gql.execute(operation("announcement"), {"path": nodes[0]["path"]})

    # then 6 of the 10 are for everyone, 3 more reach the member's branch, 3 are pinned and first
    assert anonymous["data"]["announcements"]["totalCount"] == 6
    assert listed["data"]["announcements"]["totalCount"] == 9
    assert [n["isPinned"] for n in nodes] == [True] * 3 + [False] * 6
    assert pinned["data"]["announcements"]["totalCount"] == 3
    assert sum(1 for n in nodes if n["expireAt"]) == 1
    assert "errors" not in detail, detail
    assert detail["data"]["page"]["title"] == nodes[0]["title"]
    assert detail["data"]["page"]["body"][0]["blockType"] == "paragraph"


def test_documents_screens_against_demo_data(gql, demo):
    # when an anonymous app and the demo member list documents, search, and open one
    token = member_token()
    anonymous = gql.execute(operation("documents"), {"first": 50})
    listed = gql.execute(operation("documents"), {"first": 50}, token=token)
    searched = gql.execute(operation("documents"), {"search": "75/kh-ldld"}, token=token)
    plans = gql.execute(operation("documents"), {"type": "PLAN", "first": 50}, token=token)
    path = searched["data"]["documents"]["edges"][0]["node"]["path"]
    detail = gql.execute(operation("document"), {"path": path}, token=token)
    detail_anonymous = gql.execute(operation("document"), {"path": path})

    # then anonymous readers get the 3 documents addressed to nobody in particular; the member
    # also those sent to their union or its commune union (19 of 20: not the Thành Vinh ward union's one)
    assert "errors" not in listed, listed
    assert anonymous["data"]["documents"]["totalCount"] == 3
    assert listed["data"]["documents"]["totalCount"] == 19
    issued = [e["node"]["issuedOn"] for e in listed["data"]["documents"]["edges"]]
    assert issued == sorted(issued, reverse=True)
    assert [e["node"]["numberSymbol"] for e in searched["data"]["documents"]["edges"]] == ["75/KH-LĐLĐ"]
    assert [e["node"]["numberSymbol"] for e in plans["data"]["documents"]["edges"]] == [
        "28/KH-CĐX",
        "131/KH-LĐLĐ",
        "75/KH-LĐLĐ",
    ]
    page = detail["data"]["page"]
    with translation.override("vi"):
        plan_label = str(DocumentKind.PLAN.label)
    assert (page["numberSymbol"], page["signerName"], page["documentTypeLabel"]) == (
        "75/KH-LĐLĐ",
        "Kha Văn Tám",
        plan_label,
    )
    assert [(a["title"], a["extension"], a["url"] is not None) for a in page["attachments"]] == [
        ("Kế hoạch", "pdf", True),
        ("Phụ lục 1 - Chỉ tiêu các đơn vị", "pdf", True),
    ]
    assert detail_anonymous["data"]["page"] is None


def test_demo_documents_are_delivered_to_their_recipients(demo):
    plan = OfficialDocumentPage.objects.get(number_symbol="75/KH-LĐLĐ")

    assert OfficialDocumentPage.objects.count() == 20
    assert DocumentDelivery.objects.filter(document=plan).count() == 7
    assert DocumentDelivery.objects.count() == sum(
        len(addressed_organisation_ids(page)) for page in OfficialDocumentPage.objects.all()
    )
    assert len(DEMO_DOCUMENTS) == 20
    assert plan.attachments.count() == 2


def test_seeding_again_changes_nothing(demo):
    before = (
        OfficialDocumentPage.objects.count(),
        DocumentDelivery.objects.count(),
        AnnouncementPage.objects.count(),
    )

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert (
        OfficialDocumentPage.objects.count(),
        DocumentDelivery.objects.count(),
        AnnouncementPage.objects.count(),
    ) == before
