"""End to end: a member submits feedback in the app's API; the handler of the right union finds it
in the admin inbox and answers it; the member reads the answer and rates it. A handler of another
union never sees it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from cms.feedback.models import Feedback, FeedbackStatus
from cms.members import tokens
from cms.organisations.services import grant_admin_access
from tests.cms.organisations.helpers import client_for
from tests.conftest import GraphQLClient
from tests.factories import PASSWORD
from tests.graphql_api.feedback.operations import MY_FEEDBACK, RATE, SUBMIT

REPLY = "Công đoàn đã làm việc với công ty: lương tháng 10 được trả đủ trước ngày 15/11."


def admin_client(user):
    grant_admin_access(user)
    return client_for(user)


def test_a_member_is_answered_through_the_admin_and_rates_the_answer(people, media):
    # given the member's app
    app = GraphQLClient(Client())
    app.token = tokens.login(people.member.phone, PASSWORD).access_token

    # when the member submits feedback
    submitted = app.execute(
        SUBMIT,
        {
            "input": {
                "category": "WAGES",
                "title": "Chậm trả lương tháng 10",
                "description": "Công ty chậm trả lương tháng 10 đã hơn hai tuần, chưa có thông báo lý do.",
            }
        },
    )["data"]["submitFeedback"]
    assert submitted["errors"] == []
    feedback = Feedback.objects.get(reference=submitted["feedback"]["reference"])

    # then the grassroots union's handler finds it in the inbox, by a search without accents
    handler = admin_client(people.vsip_handler)
    found = handler.get(reverse("feedback:index"), {"q": "cham tra luong"}).context["object_list"]
    assert [f.pk for f in found] == [feedback.pk]

    # and a handler of another union neither lists it nor opens it
    other = admin_client(people.gd_handler)
    assert list(other.get(reverse("feedback:index")).context["object_list"]) == []
    assert other.get(reverse("feedback:detail", args=[feedback.pk])).status_code == 404

    # when the handler answers it
    answered = handler.post(
        reverse("feedback:action", args=[feedback.pk, "reply"]), {"reply-body": REPLY, "reply-final": "on"}
    )
    assert answered.status_code == 302

    # then the member reads the answer
    mine = app.execute(MY_FEEDBACK, {})["data"]["me"]["feedback"]["edges"]
    node = mine[0]["node"]
    assert node["status"] == "ANSWERED"
    assert [(m["kind"], m["body"]) for m in node["messages"]] == [("REPLY", REPLY)]

    # and rates it, which closes it
    rated = app.execute(
        RATE, {"input": {"feedbackId": node["id"], "rating": 5, "comment": "Cảm ơn công đoàn."}}
    )
    assert rated["data"]["rateFeedbackAnswer"]["errors"] == []
    feedback.refresh_from_db()
    assert (feedback.status, feedback.rating) == (FeedbackStatus.CLOSED, 5)
    thread = handler.get(reverse("feedback:detail", args=[feedback.pk]))
    assert 'data-feedback-rating="5"' in thread.content.decode()
