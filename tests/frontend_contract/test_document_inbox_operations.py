"""The document inbox operations (inbox, open, acknowledge, report), run against the demo data
as the Luxshare and Everwin document clerks."""

from __future__ import annotations

import json
from pathlib import Path

from cms.core.demo import DEFAULT_DEMO_PASSWORD
from cms.documents.demo import minimal_pdf
from cms.members import tokens

OPERATIONS = Path(__file__).resolve().parents[2] / "frontend_contract" / "operations"


def operation(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text(encoding="utf-8")


def clerk_token(username: str) -> str:
    return tokens.login(username, DEFAULT_DEMO_PASSWORD).access_token


def inbox(gql, token: str, **variables) -> dict:
    result = gql.execute(operation("document_inbox"), variables, token=token)
    assert "errors" not in result, result
    return result["data"]["me"]


def by_number(me: dict) -> dict[str, dict]:
    return {edge["node"]["document"]["numberSymbol"]: edge["node"] for edge in me["documentInbox"]["edges"]}


def report(client, token: str, delivery_id: str, name: str = "bao-cao.pdf") -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = {
        "operations": json.dumps(
            {
                "query": operation("document_report"),
                "variables": {"deliveryId": delivery_id, "file": None, "note": "Báo cáo của công đoàn cơ sở"},
            }
        ),
        "map": json.dumps({"0": ["variables.file"]}),
        "0": SimpleUploadedFile(name, minimal_pdf(["Bao cao"]), content_type="application/pdf"),
    }
    response = client.post("/graphql/", data=form, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_luxshare_clerks_inbox_holds_every_state(gql, demo):
    me = inbox(gql, clerk_token("vanthu.luxshare"))

    # then four documents reached Luxshare: one unopened, two opened (one of them overdue), one reported
    documents = by_number(me)
    assert me["unreadDocuments"] == 1
    assert me["documentInbox"]["totalCount"] == 4
    assert sorted(documents) == ["155/LĐLĐ-VP", "196/TB-LĐLĐ", "28/KH-CĐX", "35/CĐX-VP"]
    assert documents["196/TB-LĐLĐ"]["firstOpenedAt"] is None
    assert documents["28/KH-CĐX"]["firstOpenedAt"] and not documents["28/KH-CĐX"]["acknowledgedAt"]
    assert documents["155/LĐLĐ-VP"]["reportFile"]["contentType"] == "application/pdf"
    assert documents["155/LĐLĐ-VP"]["reportFile"]["url"]
    assert documents["35/CĐX-VP"]["isOverdue"] is True
    assert documents["155/LĐLĐ-VP"]["document"]["signatureHeading"] == "TM. BAN THƯỜNG VỤ"
    overdue = inbox(gql, clerk_token("vanthu.luxshare"), status="OVERDUE")
    assert [edge["node"]["document"]["numberSymbol"] for edge in overdue["documentInbox"]["edges"]] == [
        "35/CĐX-VP"
    ]


def test_the_clerk_opens_acknowledges_and_reports(gql, client, demo, media):
    token = clerk_token("vanthu.luxshare")
    documents = by_number(inbox(gql, token))
    notice, letter = documents["196/TB-LĐLĐ"]["id"], documents["35/CĐX-VP"]["id"]

    opened = gql.execute(operation("document_open"), {"deliveryId": notice}, token=token)
    acknowledged = gql.execute(operation("document_acknowledge"), {"deliveryId": notice}, token=token)
    late_but_accepted = report(client, token, letter)

    assert opened["data"]["markDocumentOpened"]["errors"] == []
    assert acknowledged["data"]["acknowledgeDocument"]["errors"] == []
    assert (
        acknowledged["data"]["acknowledgeDocument"]["delivery"]["firstOpenedAt"]
        == opened["data"]["markDocumentOpened"]["delivery"]["firstOpenedAt"]
    )
    payload = late_but_accepted["data"]["submitDocumentReport"]
    assert payload["errors"] == []
    assert payload["delivery"]["isOverdue"] is False
    assert inbox(gql, token)["unreadDocuments"] == 0


def test_a_clerk_cannot_act_for_another_union_nor_report_late_where_it_is_refused(gql, client, demo, media):
    luxshare = by_number(inbox(gql, clerk_token("vanthu.luxshare")))
    everwin_token = clerk_token("vanthu.everwin")
    everwin = by_number(inbox(gql, everwin_token))

    foreign = gql.execute(
        operation("document_acknowledge"), {"deliveryId": luxshare["196/TB-LĐLĐ"]["id"]}, token=everwin_token
    )
    late = report(client, everwin_token, everwin["155/LĐLĐ-VP"]["id"])

    assert [e["code"] for e in foreign["data"]["acknowledgeDocument"]["errors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in late["data"]["submitDocumentReport"]["errors"]] == ["REPORT_LATE"]
    assert everwin["155/LĐLĐ-VP"]["isOverdue"] is True
