"""``me { documentInbox unreadDocuments }`` and the receipt mutations, for officers of a union."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from strawberry import relay

from cms.documents import services
from cms.documents.models import DocumentDelivery
from cms.members import tokens
from tests.cms.documents.receipts import delivery_of, disguised_upload, make_people, pdf_upload, send, state
from tests.factories import PASSWORD

INBOX = """
query($status: DocumentInboxStatus = ALL, $first: Int = 20) { me { unreadDocuments
  documentInbox(first: $first, status: $status) { totalCount edges { node {
    id deliveredAt firstOpenedAt acknowledgedAt reportSubmittedAt reportDueOn isOverdue
    requiresAcknowledgement requiresReport organisation { code } reportFile { displayName url }
    document { numberSymbol title signatureHeading attachments { title } organisation { code } }
} } } } }
"""
OPEN = """mutation($id: ID!) { markDocumentOpened(input: {deliveryId: $id}) {
  delivery { id firstOpenedAt } errors { field message code } } }"""
ACKNOWLEDGE = """mutation($id: ID!) { acknowledgeDocument(input: {deliveryId: $id}) {
  delivery { id acknowledgedAt firstOpenedAt } errors { field message code } } }"""
REPORT = """mutation($id: ID!, $file: Upload!, $note: String) {
  submitDocumentReport(input: {deliveryId: $id, file: $file, note: $note}) {
    delivery { id reportSubmittedAt reportNote reportFile { displayName contentType size url } }
    errors { field message code } } }"""


@pytest.fixture
def people(tree):
    return make_people(tree)


def token(user) -> str:
    return tokens.login(user.username, PASSWORD).access_token


def gid(delivery: DocumentDelivery) -> str:
    return str(relay.GlobalID("DocumentDelivery", str(delivery.pk)))


def upload(client, variables: dict, file, access_token: str) -> dict:
    form = {
        "operations": json.dumps({"query": REPORT, "variables": {**variables, "file": None}}),
        "map": json.dumps({"0": ["variables.file"]}),
        "0": file,
    }
    response = client.post("/graphql/", data=form, HTTP_AUTHORIZATION=f"Bearer {access_token}")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_inbox_holds_the_users_unions_deliveries_with_counts(gql, tree, people):
    # given two documents to Luxshare and Hoa Sen, one opened by Luxshare
    first, second = (
        send(tree, number_symbol="75/KH-LĐLĐ", signing_authority="KT", signing_for="Chủ tịch"),
        send(tree),
    )
    services.mark_opened(people.clerk, delivery_of(second, tree["vsip"]))

    # when the Luxshare clerk (not a member of any union) reads the inbox, all then unread
    everything = gql.execute(INBOX, token=token(people.clerk))
    unread = gql.execute(INBOX, {"status": "UNREAD"}, token=token(people.clerk))

    # then Luxshare's two rows, the document readable though the clerk is no member of it
    assert "errors" not in everything, everything
    me = everything["data"]["me"]
    assert me["unreadDocuments"] == 1
    assert me["documentInbox"]["totalCount"] == 2
    nodes = [edge["node"] for edge in me["documentInbox"]["edges"]]
    assert {node["organisation"]["code"] for node in nodes} == {"cdcs-luxshare"}
    by_number = {node["document"]["numberSymbol"]: node for node in nodes}
    assert by_number["75/KH-LĐLĐ"]["document"]["signatureHeading"] == "KT. CHỦ TỊCH"
    assert by_number["75/KH-LĐLĐ"]["requiresAcknowledgement"] is True
    assert by_number["75/KH-LĐLĐ"]["reportDueOn"] == first.report_due_on.isoformat()
    assert by_number["75/KH-LĐLĐ"]["isOverdue"] is False
    assert by_number["75/KH-LĐLĐ"]["reportFile"] is None
    assert [
        edge["node"]["document"]["numberSymbol"] for edge in unread["data"]["me"]["documentInbox"]["edges"]
    ] == ["75/KH-LĐLĐ"]


@pytest.mark.parametrize("who", ["issuer", "superuser", "member"])
def test_who_does_not_receive_for_a_union_has_an_empty_inbox(gql, tree, people, member, admin_user, who):
    send(tree)
    access = {
        "issuer": lambda: token(people.issuer),
        "member": lambda: tokens.login(member.phone, PASSWORD).access_token,
        "superuser": lambda: tokens.login(admin_user.username, "password").access_token,
    }[who]()

    result = gql.execute(INBOX, token=access)

    assert result["data"]["me"]["unreadDocuments"] == 0
    assert result["data"]["me"]["documentInbox"] == {"totalCount": 0, "edges": []}


@pytest.mark.parametrize("count", [2, 8])
def test_the_inbox_costs_a_fixed_number_of_queries(gql, tree, people, count):
    for _ in range(count):
        send(tree)
    access = token(people.clerk)
    gql.execute(INBOX, token=access)  # warm caches

    with CaptureQueriesContext(connection) as queries:
        result = gql.execute(INBOX, token=access)

    assert len(result["data"]["me"]["documentInbox"]["edges"]) == count
    # the token with the member and their union (1, `me`'s member too), roles for `me` (1),
    # unread count (1), private sections for the deliveries' and the documents' rule (2), the
    # list with its organisations, documents, attachments, and the list's count (4), the reader's
    # kinds for the documents' rule (1): the same for any number of rows
    assert len(queries.captured_queries) == 10, "\n".join(q["sql"][:120] for q in queries.captured_queries)


def test_opening_and_acknowledging_through_the_api_are_idempotent(gql, tree, people):
    delivery = delivery_of(send(tree), tree["vsip"])
    access = token(people.clerk)

    opened = gql.execute(OPEN, {"id": gid(delivery)}, token=access)["data"]["markDocumentOpened"]
    first = gql.execute(ACKNOWLEDGE, {"id": gid(delivery)}, token=access)["data"]["acknowledgeDocument"]
    again = gql.execute(ACKNOWLEDGE, {"id": gid(delivery)}, token=token(people.chair))["data"][
        "acknowledgeDocument"
    ]

    assert opened["errors"] == [] and first["errors"] == [] and again["errors"] == []
    assert first["delivery"]["firstOpenedAt"] == opened["delivery"]["firstOpenedAt"]
    assert again["delivery"]["acknowledgedAt"] == first["delivery"]["acknowledgedAt"]
    assert delivery_of(delivery.document, tree["vsip"]).acknowledged_by_id == people.clerk.pk


def test_another_unions_delivery_answers_like_one_that_does_not_exist(gql, tree, people):
    # given Hoa Sen's delivery, and ids that name nothing or another type
    document = send(tree)
    theirs = delivery_of(document, tree["hoa_sen"])
    access = token(people.clerk)
    ids = [
        gid(theirs),
        str(relay.GlobalID("DocumentDelivery", "999999")),
        str(relay.GlobalID("Organisation", str(tree["vsip"].pk))),
    ]

    # when the Luxshare clerk acknowledges each
    answers = [gql.execute(ACKNOWLEDGE, {"id": i}, token=access)["data"]["acknowledgeDocument"] for i in ids]

    # then the same NOT_FOUND for each, and Hoa Sen's row is untouched
    assert [a["errors"] for a in answers] == [
        [{"field": None, "message": "Không có văn bản này gửi đến công đoàn của bạn.", "code": "NOT_FOUND"}]
    ] * 3
    assert all(a["delivery"] is None for a in answers)
    assert state(theirs) == (None, None, None, None, None, "")


def test_anonymous_callers_are_refused(gql, tree):
    result = gql.execute(OPEN, {"id": str(relay.GlobalID("DocumentDelivery", "1"))})

    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_report_is_uploaded_and_given_back_with_a_signed_link(client, tree, people, media):
    delivery = delivery_of(send(tree), tree["vsip"])

    result = upload(
        client,
        {"id": gid(delivery), "note": "Báo cáo kèm theo"},
        pdf_upload("Báo cáo.pdf"),
        token(people.clerk),
    )

    payload = result["data"]["submitDocumentReport"]
    assert payload["errors"] == []
    report = payload["delivery"]["reportFile"]
    assert (report["displayName"], report["contentType"]) == ("Báo cáo.pdf", "application/pdf")
    assert report["size"] > 0 and report["url"]
    assert "/private/" not in report["url"] or "Signature" in report["url"]
    assert payload["delivery"]["reportNote"] == "Báo cáo kèm theo"


@pytest.mark.parametrize(
    ("due_in_days", "file", "expected"),
    [
        (10, disguised_upload, {"field": "file", "code": "FILE_TYPE_NOT_ALLOWED"}),
        (-1, pdf_upload, {"field": None, "code": "REPORT_LATE"}),
    ],
    ids=["disguised", "late"],
)
def test_a_refused_report_is_a_typed_error_and_changes_nothing(
    client, tree, people, media, due_in_days, file, expected
):
    delivery = delivery_of(send(tree, due_in_days=due_in_days), tree["vsip"])

    result = upload(client, {"id": gid(delivery)}, file(), token(people.clerk))

    errors = result["data"]["submitDocumentReport"]["errors"]
    assert [{"field": e["field"], "code": e["code"]} for e in errors] == [expected]
    assert state(delivery) == (None, None, None, None, None, "")
