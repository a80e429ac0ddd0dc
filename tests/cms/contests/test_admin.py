from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.contests.models import ContestPage, ContestQuestion
from tests.cms.organisations.helpers import client_for, make_superuser
from tests.content_factories import contest_index, make_contest, make_contest_question

LOCAL = "%Y-%m-%d %H:%M"


def round_row(name: str, opens, closes, drawn: int = 2) -> dict:
    return {
        "name": name,
        "opens_at": opens.strftime(LOCAL),
        "closes_at": closes.strftime(LOCAL),
        "questions_drawn": drawn,
        "attempts_allowed": 3,
        "time_limit_minutes": 20,
        "late_policy": "cap",
        "question_category": "",
    }


def contest_form(tree, rounds: list[dict], initial: int = 0, **extra) -> dict:
    return nested_form_data(
        {
            "title": "Tìm hiểu Luật Công đoàn 2024",
            "slug": "tim-hieu-luat-cong-doan-2024",
            "summary": "Cuộc thi trực tuyến",
            "rules": rich_text("<p>Thể lệ</p>"),
            "prizes": rich_text("<p>Giải thưởng</p>"),
            "prediction_question": "Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi?",
            "organisation": tree["root"].pk,
            "rounds": inline_formset(rounds, initial=initial, min=1),
            "action-publish": "publish",
            **extra,
        }
    )


def test_editor_creates_a_contest_with_rounds_in_the_admin(tree):
    # given
    index = contest_index()
    client = client_for(make_superuser())
    now = timezone.localtime()

    # when
    response = client.post(
        f"/admin/pages/add/contests/contestpage/{index.pk}/",
        contest_form(
            tree,
            [
                round_row("Tuần 1", now, now + timedelta(days=7)),
                round_row("Tuần 2", now + timedelta(days=7), now + timedelta(days=14)),
            ],
        ),
    )

    # then
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    contest = ContestPage.objects.get(slug="tim-hieu-luat-cong-doan-2024")
    assert contest.live
    assert [r.name for r in contest.rounds.all()] == ["Tuần 1", "Tuần 2"]


def test_admin_refuses_a_round_closing_before_it_opens(tree):
    index = contest_index()
    client = client_for(make_superuser())
    now = timezone.localtime()

    response = client.post(
        f"/admin/pages/add/contests/contestpage/{index.pk}/",
        contest_form(tree, [round_row("Tuần 1", now, now - timedelta(days=1))]),
    )

    assert response.status_code == 200
    assert not ContestPage.objects.filter(slug="tim-hieu-luat-cong-doan-2024").exists()
    assert "A round must close after it opens." in response.content.decode()


def test_admin_refuses_drawing_more_questions_than_the_pool_holds(tree):
    # given a contest whose bank has two questions
    now = timezone.localtime()
    contest = make_contest(tree["root"], "Cuộc thi", rounds=[(now, now + timedelta(days=7))])
    make_contest_question(contest, "Câu 1?")
    make_contest_question(contest, "Câu 2?")
    client = client_for(make_superuser())
    rounds = [
        {"id": r.pk, **round_row(r.name, now, now + timedelta(days=7), drawn=3)} for r in contest.rounds.all()
    ]

    # when
    refused = client.post(
        f"/admin/pages/{contest.pk}/edit/", contest_form(tree, rounds, initial=1, slug=contest.slug)
    )
    rounds[0]["questions_drawn"] = 2
    accepted = client.post(
        f"/admin/pages/{contest.pk}/edit/", contest_form(tree, rounds, initial=1, slug=contest.slug)
    )

    # then
    assert refused.status_code == 200
    assert "draws 3 questions but its pool holds only 2" in refused.content.decode()
    assert accepted.status_code == 302
    assert [r.questions_drawn for r in ContestPage.objects.get(pk=contest.pk).rounds.all()] == [2]


def question_form(contest, choices: list[tuple[str, bool]]) -> dict:
    return nested_form_data(
        {
            "contest": contest.pk,
            "category": "",
            "text": "Luật Công đoàn 2024 có hiệu lực từ ngày nào?",
            "explanation": "Điều 37 Luật Công đoàn 2024.",
            "choices": inline_formset([{"text": t, "is_correct": c} for t, c in choices], min=2, max=6),
        }
    )


def test_editor_adds_a_question_with_exactly_one_correct_choice(tree):
    # given
    contest = make_contest(tree["root"], "Cuộc thi")
    client = client_for(make_superuser())

    # when
    response = client.post(
        "/admin/snippets/contests/contestquestion/add/",
        question_form(contest, [("01/01/2025", False), ("01/7/2025", True), ("01/01/2026", False)]),
    )

    # then
    assert response.status_code == 302
    question = ContestQuestion.objects.get(contest=contest)
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("01/01/2025", False),
        ("01/7/2025", True),
        ("01/01/2026", False),
    ]


def test_admin_refuses_questions_with_two_correct_choices_or_too_few(tree):
    contest = make_contest(tree["root"], "Cuộc thi")
    client = client_for(make_superuser())

    two_correct = client.post(
        "/admin/snippets/contests/contestquestion/add/",
        question_form(contest, [("A", True), ("B", True), ("C", False)]),
    )
    none_correct = client.post(
        "/admin/snippets/contests/contestquestion/add/", question_form(contest, [("A", False), ("B", False)])
    )

    assert two_correct.status_code == 200
    assert "Exactly one choice must be correct." in two_correct.content.decode()
    assert none_correct.status_code == 200
    assert not ContestQuestion.objects.exists()


def test_admin_refuses_removing_a_round_that_has_entries(tree):
    # given a contest whose first round has an attempt
    from cms.contests.attempts import start_attempt
    from tests.factories import make_member

    now = timezone.localtime()
    contest = make_contest(
        tree["root"],
        "Cuộc thi",
        rounds=[
            (now - timedelta(days=1), now + timedelta(days=6)),
            (now + timedelta(days=6), now + timedelta(days=13)),
        ],
    )
    for i in range(3):
        make_contest_question(contest, f"Câu {i}?")
    first, second = contest.rounds.order_by("opens_at")
    first.questions_drawn = second.questions_drawn = 2
    first.save()
    second.save()
    start_attempt(make_member(tree["vsip"]).user, first.pk)
    client = client_for(make_superuser())

    def without(removed) -> dict:
        rows = [
            {"id": r.pk, **round_row(r.name, r.opens_at, r.closes_at), "DELETE": r.pk == removed.pk}
            for r in (first, second)
        ]
        return contest_form(tree, rows, initial=2, slug=contest.slug)

    # when the editor removes each round in turn
    refused = client.post(f"/admin/pages/{contest.pk}/edit/", without(first))
    accepted = client.post(f"/admin/pages/{contest.pk}/edit/", without(second))

    # then the round with an entry stays, the other goes
    assert refused.status_code == 200
    assert "Round “Tuần 1” already has entries: it cannot be removed." in refused.content.decode()
    assert accepted.status_code == 302
    assert [r.name for r in ContestPage.objects.get(pk=contest.pk).rounds.all()] == ["Tuần 1"]
