"""The member's feedback over GraphQL: submit with files, the thread, privacy, errors, counts."""

from __future__ import annotations

import pytest
from django.utils import translation
from strawberry import relay

from cms.feedback import services
from cms.feedback.models import Feedback, FeedbackCategory, FeedbackStatus
from tests.cms.feedback.helpers import (
    DESCRIPTION,
    pdf_bytes,
    png_bytes,
    row_counts,
    stored_files,
    submit,
    upload,
)
from tests.graphql_api.feedback.operations import (
    ADD_MESSAGE,
    CATEGORIES,
    MARK_READ,
    MY_FEEDBACK,
    ONE,
    ORGANISATIONS,
    RATE,
    SUBMIT,
    WITHDRAW,
)


def in_vietnamese(message: str) -> str:
    # Requests without Accept-Language are answered in Vietnamese, the default language.
    with translation.override("vi"):
        return translation.gettext(message)


def gid(obj) -> str:
    return str(relay.GlobalID(type(obj).__name__, str(obj.pk)))


def submit_input(**overrides) -> dict:
    return {
        "input": {
            "category": "WAGES",
            "title": "Chậm trả lương tháng 10",
            "description": DESCRIPTION,
            **overrides,
        }
    }


def test_a_member_submits_feedback_with_a_file(
    multipart, people, member_token, media, django_capture_on_commit_callbacks, mailoutbox
):
    # when the app sends the form and a photo of the payslip in one multipart request
    with django_capture_on_commit_callbacks(execute=True):
        result = multipart.execute(
            SUBMIT,
            submit_input(
                employerName="Công ty TNHH Luxshare-ICT Nghệ An", attachments=[None], idempotencyKey="k-1"
            ),
            {"input.attachments.0": upload("phieu-luong.png", png_bytes(), "image/png")},
            token=member_token,
        )

    # then
    payload = result["data"]["submitFeedback"]
    feedback = Feedback.objects.get()
    assert payload["errors"] == []
    node = payload["feedback"]
    assert (node["id"], node["reference"], node["status"], node["category"]) == (
        gid(feedback),
        feedback.reference,
        "SUBMITTED",
        "WAGES",
    )
    assert node["organisation"]["code"] == "cdcs-luxshare"
    assert (node["canWithdraw"], node["canRate"], node["canAddMessage"], node["unreadReplies"]) == (
        True,
        False,
        True,
        0,
    )
    [attachment] = node["attachments"]
    assert (attachment["displayName"], attachment["contentType"], attachment["size"]) == (
        "phieu-luong.png",
        "image/png",
        len(png_bytes()),
    )
    assert attachment["url"]
    assert [m.to for m in mailoutbox] == [["phananh.vsip@example.vn"]]


def test_the_same_key_again_gives_the_same_feedback(gql, people, member_token):
    first = gql.execute(SUBMIT, submit_input(idempotencyKey="4f7a1c2e-0001"), token=member_token)
    again = gql.execute(SUBMIT, submit_input(idempotencyKey="4f7a1c2e-0001"), token=member_token)

    assert (
        again["data"]["submitFeedback"]["feedback"]["id"] == first["data"]["submitFeedback"]["feedback"]["id"]
    )
    assert Feedback.objects.count() == 1


def test_a_member_may_send_to_a_union_above_theirs_only(gql, people, member_token):
    # when
    above = gql.execute(SUBMIT, submit_input(organisationId=gid(people.tree["kcn"])), token=member_token)
    aside = gql.execute(SUBMIT, submit_input(organisationId=gid(people.tree["gd"])), token=member_token)
    not_an_organisation = gql.execute(
        SUBMIT,
        submit_input(organisationId=above["data"]["submitFeedback"]["feedback"]["id"]),
        token=member_token,
    )

    # then
    assert above["data"]["submitFeedback"]["feedback"]["organisation"]["code"] == "cd-kcn"
    assert aside["data"]["submitFeedback"] == {
        "feedback": None,
        "errors": [
            {
                "field": "organisationId",
                "code": "ORGANISATION_NOT_ALLOWED",
                "message": in_vietnamese("Send feedback to your union or one of the union bodies above it."),
            }
        ],
    }
    assert not_an_organisation["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"title": "Lươn"}, "title", "TOO_SHORT"),
        ({"description": ""}, "description", "REQUIRED"),
        ({"description": "x" * 5001}, "description", "TOO_LONG"),
        ({"idempotencyKey": "khóa có dấu"}, "idempotencyKey", "INVALID_IDEMPOTENCY_KEY"),
    ],
)
def test_bad_text_gets_typed_errors(gql, people, member_token, overrides, field, code):
    result = gql.execute(SUBMIT, submit_input(**overrides), token=member_token)

    assert [(e["field"], e["code"]) for e in result["data"]["submitFeedback"]["errors"]] == [(field, code)]
    assert Feedback.objects.count() == 0


def test_a_nul_byte_is_refused_before_anything_runs(gql, people, member_token):
    result = gql.execute(SUBMIT, submit_input(description=DESCRIPTION + "\x00"), token=member_token)

    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert result["data"] is None
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("hop-dong.pdf", b"PK\x03\x04" + b"\x00" * 200, "FILE_TYPE_NOT_ALLOWED"),
        ("bang-luong.pdf", b"<!DOCTYPE html><html><body>x</body></html>", "FILE_TYPE_NOT_ALLOWED"),
        ("trong.png", b"", "FILE_EMPTY"),
        ("lon.pdf", pdf_bytes() + b" " * 3000, "FILE_TOO_LARGE"),
    ],
)
def test_bad_files_get_typed_errors_and_nothing_is_kept(
    multipart, people, member_token, media, settings, name, content, code
):
    # given
    settings.UPLOAD_MAX_BYTES = 2_000
    before, stored = row_counts(), stored_files()

    # when
    result = multipart.execute(
        SUBMIT,
        submit_input(attachments=[None, None]),
        {"input.attachments.0": upload("tot.png", png_bytes()), "input.attachments.1": upload(name, content)},
        token=member_token,
    )

    # then
    assert [(e["field"], e["code"]) for e in result["data"]["submitFeedback"]["errors"]] == [
        ("attachments", code)
    ]
    assert (row_counts(), stored_files()) == (before, stored)


def test_too_many_files(multipart, people, member_token, media):
    files = {f"input.attachments.{i}": upload(f"anh-{i}.png", png_bytes()) for i in range(6)}

    result = multipart.execute(SUBMIT, submit_input(attachments=[None] * 6), files, token=member_token)

    assert [e["code"] for e in result["data"]["submitFeedback"]["errors"]] == ["TOO_MANY_FILES"]
    assert Feedback.objects.count() == 0


MUTATIONS = {
    "addFeedbackMessage": (ADD_MESSAGE, {"body": "Tôi gửi bổ sung."}),
    "withdrawFeedback": (WITHDRAW, {"reason": "Rút lại"}),
    "rateFeedbackAnswer": (RATE, {"rating": 5}),
    "markFeedbackRead": (MARK_READ, {}),
}


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_another_members_feedback_answers_as_one_that_does_not_exist(
    gql, people, member_token, other_token, mutation
):
    # given the other member's answered feedback, and an id that names no feedback
    theirs = submit(people.other_member)
    services.reply_to_feedback(people.gd_handler, theirs, body="Đã trả lời")
    missing = str(relay.GlobalID("Feedback", str(theirs.pk + 1000)))
    before = (row_counts(), Feedback.objects.values().get(pk=theirs.pk))
    document, extra = MUTATIONS[mutation]

    # when the member sends the mutation with each id
    guessed = gql.execute(document, {"input": {"feedbackId": gid(theirs), **extra}}, token=member_token)
    unknown = gql.execute(document, {"input": {"feedbackId": missing, **extra}}, token=member_token)

    # then both answer NOT_FOUND alike, and nothing changed
    assert guessed == unknown
    assert [e["code"] for e in guessed["data"][mutation]["errors"]] == ["NOT_FOUND"]
    assert (row_counts(), Feedback.objects.values().get(pk=theirs.pk)) == before


def test_another_members_feedback_cannot_be_read(gql, people, member_token):
    theirs = submit(people.other_member)

    guessed = gql.execute(ONE, {"id": gid(theirs)}, token=member_token)
    unknown = gql.execute(
        ONE, {"id": str(relay.GlobalID("Feedback", str(theirs.pk + 1000)))}, token=member_token
    )
    listed = gql.execute(MY_FEEDBACK, token=member_token)

    assert guessed == unknown == {"data": {"feedback": None}}
    assert listed["data"]["me"]["feedback"]["totalCount"] == 0


def test_an_id_of_another_type_is_bad_input(gql, people, member_token):
    result = gql.execute(WITHDRAW, {"input": {"feedbackId": gid(people.tree["vsip"])}}, token=member_token)

    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "document",
    [SUBMIT, ADD_MESSAGE, WITHDRAW, RATE, MARK_READ, MY_FEEDBACK, ONE, ORGANISATIONS],
)
def test_guests_are_unauthenticated(gql, people, document):
    variables = {
        SUBMIT: submit_input(),
        ADD_MESSAGE: {"input": {"feedbackId": "RmVlZGJhY2s6MQ==", "body": "x"}},
        WITHDRAW: {"input": {"feedbackId": "RmVlZGJhY2s6MQ=="}},
        RATE: {"input": {"feedbackId": "RmVlZGJhY2s6MQ==", "rating": 5}},
        MARK_READ: {"input": {"feedbackId": "RmVlZGJhY2s6MQ=="}},
        ONE: {"id": "RmVlZGJhY2s6MQ=="},
    }.get(document, {})

    result = gql.execute(document, variables)

    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert Feedback.objects.count() == 0


def test_acting_on_withdrawn_or_closed_feedback_is_refused(gql, people, member_token):
    # given one withdrawn, one closed
    withdrawn = submit(people.member)
    services.withdraw_feedback(people.member.user, withdrawn)
    closed = submit(people.member)
    services.reply_to_feedback(people.vsip_handler, closed, body="Đã trả lời")
    services.close_feedback(people.vsip_handler, closed)
    before = row_counts()

    # when
    codes = [
        [
            e["code"]
            for e in gql.execute(document, {"input": {"feedbackId": gid(f), **extra}}, token=member_token)[
                "data"
            ][name]["errors"]
        ]
        for f in (withdrawn, closed)
        for name, (document, extra) in MUTATIONS.items()
        if name != "markFeedbackRead"
    ]

    # then
    assert codes == [["FEEDBACK_FINAL"]] * 6
    assert row_counts() == before


def test_submit_reply_read_rate_end_to_end(gql, multipart, people, member_token, media):
    # given the member submits over the API
    submitted = gql.execute(SUBMIT, submit_input(), token=member_token)["data"]["submitFeedback"]["feedback"]
    feedback = Feedback.objects.get(reference=submitted["reference"])

    # when Luxshare's handler notes, asks, the member answers with a file, and the handler answers
    services.add_internal_note(people.vsip_handler, feedback, body="Phòng nhân sự hẹn trả trước 15/11.")
    services.request_information(people.vsip_handler, feedback, body="Đề nghị gửi ảnh phiếu lương tháng 10.")
    asked = gql.execute(MY_FEEDBACK, token=member_token)["data"]["me"]
    answered_question = multipart.execute(
        ADD_MESSAGE,
        {"input": {"feedbackId": submitted["id"], "body": "Em gửi phiếu lương ạ.", "attachments": [None]}},
        {"input.attachments.0": upload("phieu.pdf", pdf_bytes())},
        token=member_token,
    )["data"]["addFeedbackMessage"]
    services.reply_to_feedback(
        people.vsip_handler, feedback, body="Công ty đã trả đủ lương tháng 10 ngày 12/11."
    )
    seen = gql.execute(MY_FEEDBACK, token=member_token)["data"]["me"]
    read = gql.execute(MARK_READ, {"input": {"feedbackId": submitted["id"]}}, token=member_token)
    rated = gql.execute(
        RATE,
        {"input": {"feedbackId": submitted["id"], "rating": 5, "comment": "Cảm ơn công đoàn"}},
        token=member_token,
    )
    after = gql.execute(MY_FEEDBACK, token=member_token)["data"]["me"]

    # then the member saw the question, then the answer as unread, never the internal note
    assert (asked["unreadFeedbackReplies"], asked["feedback"]["edges"][0]["node"]["status"]) == (
        1,
        "NEEDS_INFORMATION",
    )
    assert answered_question["feedback"]["status"] == "IN_PROGRESS"
    assert answered_question["message"]["attachments"] == [
        {"displayName": "phieu.pdf", "contentType": "application/pdf"}
    ]
    node = seen["feedback"]["edges"][0]["node"]
    assert seen["unreadFeedbackReplies"] == 1 and node["unreadReplies"] == 1
    assert (node["status"], node["answeredAt"] is not None) == ("ANSWERED", True)
    assert [(m["kind"], m["authorRole"], m["body"]) for m in node["messages"]] == [
        ("INFORMATION_REQUEST", "UNION", "Đề nghị gửi ảnh phiếu lương tháng 10."),
        ("MEMBER", "MEMBER", "Em gửi phiếu lương ạ."),
        ("REPLY", "UNION", "Công ty đã trả đủ lương tháng 10 ngày 12/11."),
    ]
    assert read["data"]["markFeedbackRead"]["feedback"]["unreadReplies"] == 0
    assert rated["data"]["rateFeedbackAnswer"]["feedback"] == {
        "id": submitted["id"],
        "status": "CLOSED",
        "rating": 5,
        "ratingComment": "Cảm ơn công đoàn",
    }
    assert after["unreadFeedbackReplies"] == 0
    assert after["feedback"]["edges"][0]["node"]["status"] == "CLOSED"


def test_the_list_filters_by_status(gql, people, member_token):
    submit(people.member)
    answered = submit(people.member)
    services.reply_to_feedback(people.vsip_handler, answered, body="Đã trả lời")

    result = gql.execute(MY_FEEDBACK, {"status": ["ANSWERED", "CLOSED"]}, token=member_token)

    assert [e["node"]["reference"] for e in result["data"]["me"]["feedback"]["edges"]] == [answered.reference]


def test_the_list_costs_the_same_queries_for_one_feedback_or_many(
    gql, people, member_token, media, django_assert_num_queries
):
    # given feedback with files, questions, answers and notes
    def thread():
        feedback = submit(people.member, attachments=[upload("a.png", png_bytes())])
        services.add_internal_note(
            people.vsip_handler, feedback, body="Ghi chú", attachments=[upload("n.png", png_bytes())]
        )
        services.request_information(people.vsip_handler, feedback, body="Đề nghị bổ sung")
        services.add_member_message(
            people.member.user, feedback, body="Bổ sung", attachments=[upload("b.pdf", pdf_bytes())]
        )
        services.reply_to_feedback(people.vsip_handler, feedback, body="Trả lời")

    thread()
    # the token (with the member and their union, `me`'s too); me's roles; unread replies; the
    # reader (superuser?, handling roles, once); the feedback; their files; the messages; the
    # messages' files; the count
    with django_assert_num_queries(10):
        one = gql.execute(MY_FEEDBACK, {"first": 20}, token=member_token)
    for _ in range(4):
        thread()

    # then the same number of queries for five
    with django_assert_num_queries(10):
        five = gql.execute(MY_FEEDBACK, {"first": 20}, token=member_token)
    assert len(one["data"]["me"]["feedback"]["edges"]) == 1
    assert len(five["data"]["me"]["feedback"]["edges"]) == 5
    assert all(len(e["node"]["messages"]) == 3 for e in five["data"]["me"]["feedback"]["edges"])


def test_the_forms_categories_and_destinations(gql, people, member_token):
    with translation.override("vi"):
        wages = str(FeedbackCategory.WAGES.label)

    categories = gql.execute(CATEGORIES)["data"]["feedbackCategories"]
    destinations = gql.execute(ORGANISATIONS, token=member_token)["data"]["feedbackOrganisations"]
    officer = gql.execute(ORGANISATIONS, token=None)

    assert [c["value"] for c in categories] == [c.name for c in FeedbackCategory]
    assert categories[0] == {"value": "WAGES", "label": wages, "responseDays": 15}
    assert [d["code"] for d in destinations] == ["cdcs-luxshare", "cd-kcn", "ldld-nghe-an"]
    assert officer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert FeedbackStatus.SUBMITTED == "submitted"
