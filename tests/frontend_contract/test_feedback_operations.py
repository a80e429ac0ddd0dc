"""The feedback screens' operations (frontend_contract/operations/feedback*.graphql), run as the
demo member against the demo data; and what the demo's feedback threads must hold."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cms.core.demo import DEFAULT_DEMO_PASSWORD
from cms.core.demo.base import SeedContext
from cms.feedback import demo as feedback_demo
from cms.feedback.models import Feedback, FeedbackMessage, FeedbackStatus, MessageKind
from cms.feedback.permissions import HANDLING_ROLES
from cms.members import tokens
from cms.members.demo import DEMO_MEMBER
from cms.organisations.models import Officer
from tests.cms.feedback.helpers import png_bytes

OPERATIONS = Path(__file__).resolve().parents[2] / "frontend_contract" / "operations"


def _post(client, file: str, operation: str, variables: dict, token: str, files: dict | None = None) -> dict:
    body = {
        "query": (OPERATIONS / file).read_text(encoding="utf-8"),
        "operationName": operation,
        "variables": variables,
    }
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if files:
        form = {
            "operations": json.dumps(body),
            "map": json.dumps({str(i): [f"variables.{path}"] for i, path in enumerate(files)}),
            **{str(i): upload for i, upload in enumerate(files.values())},
        }
        response = client.post("/graphql/", data=form, **headers)
    else:
        response = client.post("/graphql/", data=json.dumps(body), content_type="application/json", **headers)
    result = response.json()
    assert "errors" not in result, result["errors"]
    return result["data"]


def test_the_feedback_screens_against_demo_data(client, demo):
    # given the demo member signed in
    token = tokens.login(DEMO_MEMBER.phone, DEFAULT_DEMO_PASSWORD).access_token

    # when the app opens the list, an answered thread and the form
    listed = _post(client, "feedback.graphql", "MyFeedback", {}, token)["me"]
    nodes = [edge["node"] for edge in listed["feedback"]["edges"]]
    answered = next(n for n in nodes if n["status"] == "ANSWERED")
    thread = _post(client, "feedback.graphql", "FeedbackThread", {"id": answered["id"]}, token)["feedback"]
    form = _post(client, "feedback.graphql", "FeedbackForm", {}, token)

    # then five threads of theirs, two with an unread reply, the thread without internal notes
    assert listed["feedback"]["totalCount"] == 5
    assert sorted(n["status"] for n in nodes) == [
        "ANSWERED",
        "CLOSED",
        "IN_PROGRESS",
        "NEEDS_INFORMATION",
        "WITHDRAWN",
    ]
    assert listed["unreadFeedbackReplies"] == 2
    assert [n["unreadReplies"] for n in nodes if n["unreadReplies"]] == [1, 1]
    assert next(n for n in nodes if n["status"] == "IN_PROGRESS")["isOverdue"] is True
    assert [(m["kind"], m["authorRole"]) for m in thread["messages"]] == [("REPLY", "UNION")]
    assert thread["canRate"] is True
    with translation.override("vi"):
        assert form["feedbackCategories"][0]["label"] == str(
            Feedback._meta.get_field("category").choices[0][1]
        )
    assert [o["name"] for o in form["feedbackOrganisations"]] == [
        "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An",
        "Công đoàn xã Hưng Nguyên",
        "Liên đoàn Lao động tỉnh Nghệ An",
    ]


def test_the_feedback_actions_against_demo_data(client, demo, settings, tmp_path):
    # given the demo member, their thread waiting for information and their answered one
    if "S3Storage" not in settings.STORAGES["default"]["BACKEND"]:
        settings.MEDIA_ROOT = str(tmp_path)
    token = tokens.login(DEMO_MEMBER.phone, DEFAULT_DEMO_PASSWORD).access_token
    mine = Feedback.objects.filter(submitter__member__phone=DEMO_MEMBER.phone)
    waiting = mine.get(status=FeedbackStatus.NEEDS_INFORMATION)
    answered = mine.get(status=FeedbackStatus.ANSWERED)

    # when they submit with a photo, answer the question, read and rate the answer, withdraw the new one
    submitted = _post(
        client,
        "feedback_actions.graphql",
        "SubmitFeedback",
        {
            "input": {
                "category": "SAFETY",
                "title": "Thiếu găng tay bảo hộ ở xưởng SMT",
                "description": "Từ tuần trước xưởng SMT hết găng tay chống tĩnh điện, công nhân phải làm tay trần.",
                "attachments": [None],
                "idempotencyKey": "contract-test-1",
            }
        },
        token,
        files={"input.attachments.0": SimpleUploadedFile("gang-tay.png", png_bytes(), "image/png")},
    )["submitFeedback"]
    reply = _post(
        client,
        "feedback_actions.graphql",
        "AddFeedbackMessage",
        {"input": {"feedbackId": _gid(waiting), "body": "Ca 3 ngày 12/11, nhà ăn số 2 ạ."}},
        token,
    )["addFeedbackMessage"]
    read = _post(
        client,
        "feedback_actions.graphql",
        "MarkFeedbackRead",
        {"input": {"feedbackId": _gid(answered)}},
        token,
    )
    rated = _post(
        client,
        "feedback_actions.graphql",
        "RateFeedbackAnswer",
        {"input": {"feedbackId": _gid(answered), "rating": 4, "comment": "Công ty đã trả lương."}},
        token,
    )["rateFeedbackAnswer"]
    withdrawn = _post(
        client,
        "feedback_actions.graphql",
        "WithdrawFeedback",
        {"input": {"feedbackId": submitted["feedback"]["id"], "reason": "Đã được cấp găng tay."}},
        token,
    )["withdrawFeedback"]

    # then
    assert submitted["errors"] == [] and submitted["feedback"]["status"] == "SUBMITTED"
    assert [a["contentType"] for a in submitted["feedback"]["attachments"]] == ["image/png"]
    assert (reply["errors"], reply["feedback"]["status"], reply["message"]["authorRole"]) == (
        [],
        "IN_PROGRESS",
        "MEMBER",
    )
    assert read["markFeedbackRead"]["feedback"]["unreadReplies"] == 0
    assert (rated["errors"], rated["feedback"]["status"], rated["feedback"]["rating"]) == ([], "CLOSED", 4)
    assert (withdrawn["errors"], withdrawn["feedback"]["status"]) == ([], "WITHDRAWN")


def _gid(feedback) -> str:
    from strawberry import relay

    return str(relay.GlobalID("Feedback", str(feedback.pk)))


def test_demo_feedback_covers_every_status_with_real_unions_and_handlers(demo):
    threads = Feedback.objects.select_related("organisation", "member__organisation")

    # every status, as each thread says
    assert {f.status for f in threads} == set(FeedbackStatus.values)
    by_key = {f.idempotency_key.removeprefix("demo-"): f.status for f in threads}
    assert by_key == {t.key: t.expect for t in feedback_demo.THREADS}

    # routed to the sender's union or one above it (or forwarded up from there)
    for feedback in threads:
        assert feedback.member.organisation.path.startswith(feedback.organisation.path), feedback.reference
        assert feedback.reference.startswith("PA-")
        assert feedback.submitted_at < feedback.due_at
    assert threads.filter(forwards__isnull=False).count() == 1

    # the union's messages are written by officers of a handling role above the thread's union
    for message in FeedbackMessage.objects.exclude(kind=MessageKind.MEMBER).select_related(
        "feedback__organisation"
    ):
        roles = Officer.objects.current().filter(user=message.author, role__in=HANDLING_ROLES)
        assert roles.exists(), message.author
    assert FeedbackMessage.objects.filter(kind=MessageKind.INTERNAL_NOTE).exists()


def test_seeding_the_feedback_again_changes_nothing(demo):
    before = (Feedback.objects.count(), FeedbackMessage.objects.count())

    feedback_demo.seed(SeedContext(password=DEFAULT_DEMO_PASSWORD, write=lambda line: None))

    assert (Feedback.objects.count(), FeedbackMessage.objects.count()) == before
