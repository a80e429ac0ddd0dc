"""The contest admin's results page, "rank now" and the exports (cms.contests.admin_views), as the
organisers use them: live counts per round, the rankings, who may see them, and what the
downloaded workbooks hold."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms.contests.models import AttemptStatus, ContestAttempt, ContestEntrant, RoundResult
from cms.contests.ranking import rank_contest, rank_round
from cms.organisations.services import sync_editor_permissions
from tests.cms.organisations.helpers import client_for, make_admin_officer, make_superuser
from tests.content_factories import make_contest, make_contest_question
from tests.factories import make_member


def editor_of(organisation):
    user = make_admin_officer(organisation).user
    sync_editor_permissions(user)
    return user


def attempt(
    round_, entrant, *, status=AttemptStatus.SUBMITTED, correct=3, of=3, prediction=2, seconds=125, ago=None
):
    """An attempt at ``round_``, submitted (or started) ``ago`` before now, or 4 hours before the close."""
    now = timezone.now()
    at = now - ago if ago is not None else min(now, round_.closes_at) - timedelta(hours=4)
    submitted = status == AttemptStatus.SUBMITTED
    number = ContestAttempt.objects.filter(entrant=entrant, round=round_).count() + 1
    return ContestAttempt.objects.create(
        entrant=entrant,
        round=round_,
        number=number,
        status=status,
        started_at=at - timedelta(seconds=seconds),
        deadline=at - timedelta(seconds=seconds) + timedelta(minutes=round_.time_limit_minutes),
        submitted_at=at if submitted else None,
        duration_ms=seconds * 1000 + 400 if submitted else None,
        question_count=of,
        correct=correct if submitted else None,
        prediction=prediction if submitted else None,
    )


@pytest.fixture
def contest(tree):
    """The industrial-zone union's contest: week 1 has closed, week 2 is open."""
    now = timezone.now()
    return make_contest(
        tree["kcn"],
        "Tìm hiểu pháp luật lao động",
        rounds=[
            (now - timedelta(days=10), now - timedelta(days=3)),
            (now - timedelta(days=3), now + timedelta(days=4)),
        ],
    )


@pytest.fixture
def entries(tree, contest):
    week1, week2 = contest.rounds.order_by("opens_at")
    an = make_member(tree["vsip"], full_name="Nguyễn Văn An", phone="0912000001")
    binh = make_member(tree["hoa_sen"], full_name="Lê Thị Bình", phone="0912000002")
    make_member(tree["hoa_sen"])  # a member who does not enter

    def entrant(member=None, **guest):
        if member is None:
            return ContestEntrant.objects.create(contest=contest, **guest)
        return ContestEntrant.objects.create(
            contest=contest, user=member.user, name=member.full_name, organisation=member.organisation
        )

    people = {
        "An": entrant(an),
        "Bình": entrant(binh),
        "Dung": entrant(
            name='=HYPERLINK("http://x.example","Xem")', phone="0987654321", workplace="+Công ty May"
        ),
    }
    # week 1 (closed): An's best is 3/3 predicting 2 in 2:05; Bình 3/3 predicting 5; Dung 2/3
    attempt(week1, people["An"], correct=2)
    attempt(week1, people["An"], correct=3, prediction=2)
    attempt(week1, people["Bình"], correct=3, prediction=5, seconds=100)
    attempt(week1, people["Dung"], correct=2, prediction=2, seconds=60)
    # week 2 (open): one submitted 10 minutes ago, one running, one past its limit, one expired
    attempt(week2, people["An"], ago=timedelta(minutes=10))
    attempt(week2, people["Bình"], status=AttemptStatus.IN_PROGRESS, ago=timedelta(minutes=1))
    attempt(week2, people["Dung"], status=AttemptStatus.IN_PROGRESS, ago=timedelta(hours=2))
    attempt(week2, people["Dung"], status=AttemptStatus.EXPIRED, ago=timedelta(hours=3))
    return {"week1": week1, "week2": week2, **people}


def results_url(contest) -> str:
    return reverse("contest_admin:results", args=[contest.pk])


def shown_counts(html: str, round_) -> dict[str, int]:
    section = html.split(f'data-round="{round_.pk}"', 1)[1].split("</section>", 1)[0]
    return {name: int(value) for name, value in re.findall(r'data-count="(\w+)">(\d+)<', section)}


def test_an_officer_of_the_contests_union_sees_the_live_counts_of_each_round(tree, contest, entries):
    # given
    client = client_for(editor_of(tree["kcn"]))

    # when
    response = client.get(results_url(contest))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert shown_counts(html, entries["week1"]) == {
        "entrants": 3,
        "started": 4,
        "submitted": 4,
        "in_progress": 0,
        "expired": 0,
        "last_hour": 0,
    }
    assert shown_counts(html, entries["week2"]) == {
        "entrants": 3,
        "started": 4,
        "submitted": 1,
        "in_progress": 1,
        "expired": 2,
        "last_hour": 1,
    }
    statuses = [(item["round"].name, item["status_label"]) for item in response.context["rounds"]]
    assert statuses == [("Tuần 1", "Ended"), ("Tuần 2", "Open")]
    assert "Not ranked yet." in html


def test_the_counts_are_one_query_whatever_the_entries(tree, contest, entries):
    # given
    client = client_for(editor_of(tree["kcn"]))
    client.get(results_url(contest))  # warm the officer's caches (session, permissions)
    for n in range(5):
        guest = ContestEntrant.objects.create(contest=contest, name=f"Khách {n}", phone=f"09870000{n:02d}")
        attempt(entries["week1"], guest)
        attempt(entries["week2"], guest, ago=timedelta(minutes=n))

    # when
    with CaptureQueriesContext(connection) as queries:
        client.get(results_url(contest))

    # then: the page reads the attempts in one grouped query, not one per round or entrant
    attempt_queries = [q["sql"] for q in queries.captured_queries if '"contests_contestattempt"' in q["sql"]]
    assert len(attempt_queries) == 1


def test_the_federations_editor_and_superusers_see_the_contest_and_another_union_does_not(
    tree, contest, entries
):
    # given
    federation = client_for(editor_of(tree["root"]))
    superuser = client_for(make_superuser())
    education = client_for(editor_of(tree["gd"]))

    # when
    seen = [client.get(results_url(contest)).status_code for client in (federation, superuser)]
    refused = education.get(results_url(contest))
    listing = education.get(reverse("contest_admin:index"))
    export = education.get(reverse("contest_admin:export", args=[contest.pk]), {"round": entries["week1"].pk})
    rank = education.post(reverse("contest_admin:rank", args=[contest.pk, entries["week1"].pk]))

    # then
    assert seen == [200, 200]
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert [row["contest"] for row in listing.context["contests"]] == []
    assert (export.status_code, rank.status_code) == (302, 302)
    assert not RoundResult.objects.exists()


def test_the_contest_list_shows_the_officers_contests_open_ones_first(tree, contest, entries):
    # given: an earlier contest of the zone's Luxshare union, and another union's contest
    now = timezone.now()
    earlier = make_contest(
        tree["vsip"],
        "An toàn vệ sinh lao động",
        rounds=[(now - timedelta(days=60), now - timedelta(days=50))],
    )
    make_contest_question(earlier, "Câu 1?")
    make_contest_question(earlier, "Câu 2?")
    make_contest(tree["gd"], "Cuộc thi của ngành Giáo dục", rounds=[(now, now + timedelta(days=7))])
    client = client_for(editor_of(tree["kcn"]))

    # when
    response = client.get(reverse("contest_admin:index"))

    # then
    assert [
        (row["contest"].title, row["status"], row["rounds"], row["entrants"], row["questions"])
        for row in response.context["contests"]
    ] == [
        ("Tìm hiểu pháp luật lao động", "Open", 2, 3, 0),
        ("An toàn vệ sinh lao động", "Ended", 1, 0, 2),
    ]


def test_rank_now_ranks_a_closed_round_and_the_contest(tree, contest, entries):
    # given
    client = client_for(editor_of(tree["kcn"]))

    # when
    response = client.post(reverse("contest_admin:rank", args=[contest.pk, entries["week1"].pk]), follow=True)

    # then
    assert [str(m).strip() for m in response.context["messages"]] == [
        "Tuần 1 is ranked: 3 entrants, 2 with every answer right."
    ]
    week1 = next(item for item in response.context["rounds"] if item["round"] == entries["week1"])
    assert [
        (p["position"], p["name"], p["correct"], p["prediction_error"], p["duration"]) for p in week1["top"]
    ] == [
        (1, "Nguyễn Văn An", 3, 0, "02:05"),
        (2, "Lê Thị Bình", 3, 3, "01:40"),
        (3, '=HYPERLINK("http://x.example","Xem")', 2, 0, "01:00"),
    ]
    assert RoundResult.objects.filter(contest=contest, round=None).exists()
    assert [p["name"] for p in response.context["overall"]["top"]] == [
        "Nguyễn Văn An",
        "Lê Thị Bình",
        '=HYPERLINK("http://x.example","Xem")',
    ]
    unions = [(u["name"], u["entrants"], u["members"]) for u in response.context["overall"]["unions"]]
    assert ("Công đoàn các Khu công nghiệp Nghệ An", 2, 3) in unions


def test_rank_now_refuses_an_open_round(tree, contest, entries):
    # given
    client = client_for(editor_of(tree["kcn"]))

    # when
    response = client.post(reverse("contest_admin:rank", args=[contest.pk, entries["week2"].pk]), follow=True)
    page = client.get(results_url(contest)).content.decode()

    # then
    assert [str(m).strip() for m in response.context["messages"]] == [
        "Tuần 2: A round is ranked once it has closed."
    ]
    assert not RoundResult.objects.exists()
    assert page.count('data-testid="rank-now"') == 1  # only the closed round offers it


def test_rank_now_is_a_post(tree, contest, entries):
    # given
    client = client_for(editor_of(tree["kcn"]))

    # when
    response = client.get(reverse("contest_admin:rank", args=[contest.pk, entries["week1"].pk]))

    # then
    assert response.status_code == 405
    assert not RoundResult.objects.exists()


def rows_of(response) -> list[tuple]:
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_round_export_holds_the_ranking_without_phone_numbers(tree, contest, entries):
    # given
    rank_round(entries["week1"])
    rank_contest(contest)
    client = client_for(editor_of(tree["kcn"]))
    export = reverse("contest_admin:export", args=[contest.pk])

    # when
    response = client.get(export, {"round": entries["week1"].pk, "kind": "individual"})
    overall = client.get(export, {"round": "contest", "kind": "individual"})

    # then
    assert response[
        "Content-Disposition"
    ] == 'attachment; filename="xep-hang-cuoc-thi-{}-tuan-1.xlsx"'.format(
        contest.slug.removeprefix("cuoc-thi-")
    )
    submitted = timezone.localtime(entries["week1"].closes_at - timedelta(hours=4)).strftime(
        "%d/%m/%Y %H:%M:%S"
    )
    assert rows_of(response) == [
        (
            "Position",
            "Full name",
            "Entered as",
            "Union",
            "Workplace",
            "Correct answers",
            "Questions",
            "Prediction",
            "Prediction off by",
            "Duration (mm:ss)",
            "Submitted at",
        ),
        (1, "Nguyễn Văn An", "Member", tree["vsip"].name, None, 3, 3, 2, 0, "02:05", submitted),
        (2, "Lê Thị Bình", "Member", tree["hoa_sen"].name, None, 3, 3, 5, 3, "01:40", submitted),
        (
            3,
            '=HYPERLINK("http://x.example","Xem")',
            "Guest",
            None,
            "+Công ty May",
            2,
            3,
            2,
            0,
            "01:00",
            submitted,
        ),
    ]
    assert [row[:2] for row in rows_of(overall)[1:]] == [
        (1, "Nguyễn Văn An"),
        (2, "Lê Thị Bình"),
        (3, '=HYPERLINK("http://x.example","Xem")'),
    ]
    assert "0987654321" not in str(rows_of(response))


def test_exported_text_never_runs_as_a_formula(tree, contest, entries):
    # given
    rank_round(entries["week1"])
    client = client_for(editor_of(tree["kcn"]))

    # when
    response = client.get(reverse("contest_admin:export", args=[contest.pk]), {"round": entries["week1"].pk})

    # then
    sheet = load_workbook(io.BytesIO(response.content)).active
    name, workplace = sheet["B4"], sheet["E4"]
    assert [(c.value, c.data_type, c.quotePrefix) for c in (name, workplace)] == [
        ('=HYPERLINK("http://x.example","Xem")', "s", True),
        ("+Công ty May", "s", True),
    ]


def test_the_collective_export_lists_the_unions(tree, contest, entries):
    # given
    rank_round(entries["week1"])
    client = client_for(editor_of(tree["kcn"]))

    # when
    response = client.get(
        reverse("contest_admin:export", args=[contest.pk]),
        {"round": entries["week1"].pk, "kind": "collective"},
    )

    # then
    rows = rows_of(response)
    assert rows[0] == (
        "Union",
        "Level",
        "Entrants",
        "Active members",
        "Participation (%)",
        "Entrants with every answer right",
        "Average right answers (%)",
        "Place by participation",
        "Place by results",
    )
    by_union = {row[0]: row[1:] for row in rows[1:]}
    assert by_union[tree["kcn"].name] == ("Upper-level union", 2, 3, 66.7, 2, 100.0, 1, 1)
    assert by_union[tree["hoa_sen"].name] == ("Grassroots union", 1, 2, 50.0, 1, 100.0, 2, 1)


def test_the_prize_list_with_phone_numbers_is_for_the_federation_only(tree, contest, entries):
    # given
    rank_round(entries["week1"])
    zone_editor = client_for(editor_of(tree["kcn"]))
    federation_editor = client_for(editor_of(tree["root"]))
    query = {"round": entries["week1"].pk, "kind": "prizes"}
    export = reverse("contest_admin:export", args=[contest.pk])

    # when
    refused = zone_editor.get(export, query)
    page = zone_editor.get(results_url(contest)).content.decode()
    allowed = federation_editor.get(export, query)

    # then
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert "kind=prizes" not in page
    rows = rows_of(allowed)
    assert rows[0][3] == "Phone number"
    assert [(row[1], row[3]) for row in rows[1:]] == [
        ("Nguyễn Văn An", "0912000001"),
        ("Lê Thị Bình", "0912000002"),
        ('=HYPERLINK("http://x.example","Xem")', "0987654321"),
    ]


def test_the_contest_page_editor_links_to_its_results(tree, contest):
    # given
    client = client_for(editor_of(tree["kcn"]))

    # when
    response = client.get(reverse("wagtailadmin_pages:edit", args=[contest.pk]))

    # then
    assert results_url(contest) in response.content.decode()
