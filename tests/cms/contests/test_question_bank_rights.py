"""The question bank in the admin: an editor works on the questions of their unions' contests only
(the bank is each contest's secret until its rounds close); the form offers only those contests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.contests.models import ContestQuestion
from cms.organisations.services import sync_editor_permissions
from tests.cms.organisations.helpers import client_for, make_admin_officer, make_superuser
from tests.content_factories import make_contest, make_contest_question

LIST = "/admin/snippets/contests/contestquestion/"


@pytest.fixture
def banks(tree):
    now = timezone.now()
    ours = make_contest(tree["kcn"], "Cuộc thi của Khu công nghiệp", rounds=[(now, now + timedelta(days=7))])
    theirs = make_contest(tree["gd"], "Cuộc thi của ngành Giáo dục", rounds=[(now, now + timedelta(days=7))])
    return {
        "ours": make_contest_question(ours, "Câu hỏi của Khu công nghiệp?"),
        "theirs": make_contest_question(theirs, "Câu hỏi bí mật của ngành Giáo dục?"),
    }


@pytest.fixture
def kcn_editor(tree):
    user = make_admin_officer(tree["kcn"]).user
    sync_editor_permissions(user)
    return client_for(user)


def test_an_editor_lists_and_opens_only_their_unions_questions(kcn_editor, banks):
    # when the industrial zones' editor opens the bank, their question, and the other union's
    listing = kcn_editor.get(LIST)
    ours = kcn_editor.get(f"{LIST}edit/{banks['ours'].pk}/")
    theirs = kcn_editor.get(f"{LIST}edit/{banks['theirs'].pk}/")

    # then they see and open their own only
    assert listing.status_code == 200
    assert "Câu hỏi của Khu công nghiệp?" in listing.content.decode()
    assert "Câu hỏi bí mật" not in listing.content.decode()
    assert ours.status_code == 200
    assert theirs.status_code in (302, 403) and "Câu hỏi bí mật" not in theirs.content.decode()


def test_the_form_offers_only_the_editors_contests(kcn_editor, banks):
    # when the editor adds a question, and forces another union's contest into the form
    form = kcn_editor.get(f"{LIST}add/")

    def add(contest_id: int):
        return kcn_editor.post(
            f"{LIST}add/",
            {
                "contest": contest_id,
                "text": "Câu hỏi cài vào?",
                "category": "",
                "explanation": "",
                "choices-TOTAL_FORMS": "2",
                "choices-INITIAL_FORMS": "0",
                "choices-MIN_NUM_FORMS": "2",
                "choices-MAX_NUM_FORMS": "6",
                "choices-0-text": "Đúng",
                "choices-0-is_correct": "on",
                "choices-0-ORDER": "1",
                "choices-1-text": "Sai",
                "choices-1-ORDER": "2",
            },
        )

    forced = add(banks["theirs"].contest_id)
    own = add(banks["ours"].contest_id)

    # then the form opens, the other union's contest is not offered, and forcing it is refused
    assert form.status_code == 200 and "Cuộc thi của ngành Giáo dục" not in form.content.decode()
    assert forced.status_code == 200
    assert own.status_code == 302
    assert [q.contest_id for q in ContestQuestion.objects.filter(text="Câu hỏi cài vào?")] == [
        banks["ours"].contest_id
    ]


def test_a_superuser_sees_every_bank(banks):
    listing = client_for(make_superuser()).get(LIST).content.decode()

    assert "Câu hỏi của Khu công nghiệp?" in listing and "Câu hỏi bí mật của ngành Giáo dục?" in listing
