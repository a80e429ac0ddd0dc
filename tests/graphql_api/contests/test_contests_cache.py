"""The contests list answered from the response cache (graphql_api.core.caching): a contest's
status follows its rounds' clock, so a kept answer never outlives the next opening or closing of a
round (the visibility window), and the listed contests' schedule and status are re-read before a
kept answer is given (a round edited without a log entry answers afresh)."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from cms.contests.models import ContestPage, ContestRound
from tests.content_factories import contest_index, make_contest
from tests.graphql_api.test_response_cache import Statements

# The contract's list (frontend_contract/operations/contests.graphql).
CONTESTS = """
query Contests($first: Int = 20, $after: String, $status: ContestStatus) {
  contests(first: $first, after: $after, status: $status) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id title path summary status statusLabel opensAt closesAt
        organisation { name shortName }
        rounds { id name opensAt closesAt status statusLabel }
      }
    }
  }
}
"""
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _response_cache(settings):
    settings.GRAPHQL_RESPONSE_CACHE = True


def nodes(result: dict) -> list[dict]:
    assert "errors" not in result, result
    return [edge["node"] for edge in result["data"]["contests"]["edges"]]


def statuses(result: dict) -> list[tuple[str, str, list[str]]]:
    return [(n["title"], n["status"], [r["status"] for r in n["rounds"]]) for n in nodes(result)]


def recomputed(statements: Statements) -> bool:
    """Whether the list was answered afresh: the organisations were read (a kept answer has them;
    re-reading the list does not ask for them)."""
    return any('"organisations_organisation"."short_name"' in sql for sql in statements.sql)


def later(delta: timedelta):
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + delta)


def test_the_contests_list_is_kept(gql, tree):
    contest_index()
    now = timezone.now()
    make_contest(tree["root"], "Đang mở", rounds=[(now - DAY, now + DAY)])
    make_contest(tree["root"], "Sắp mở", rounds=[(now + 2 * DAY, now + 3 * DAY)])
    with Statements() as first_ctx:
        first = gql.execute(CONTESTS)

    with Statements() as again_ctx:
        again = gql.execute(CONTESTS)

    assert again == first and recomputed(first_ctx) and not recomputed(again_ctx)
    assert len(again_ctx.sql) < len(first_ctx.sql)
    assert statuses(first) == [("Đang mở", "OPEN", ["OPEN"]), ("Sắp mở", "UPCOMING", ["UPCOMING"])]


def test_a_contest_opening_as_the_clock_passes_answers_afresh(gql, tree):
    # given the only contest, whose round opens in a minute (the same items in the same order
    # before and after: only the clock changes its status)
    contest_index()
    now = timezone.now()
    make_contest(tree["root"], "Sắp mở", rounds=[(now + MINUTE, now + DAY)])
    assert statuses(gql.execute(CONTESTS)) == [("Sắp mở", "UPCOMING", ["UPCOMING"])]

    # when the round has opened, then closed
    with later(2 * MINUTE):
        opened = gql.execute(CONTESTS)
    with later(DAY + MINUTE):
        closed = gql.execute(CONTESTS)

    # then
    assert statuses(opened) == [("Sắp mở", "OPEN", ["OPEN"])]
    assert [n["statusLabel"] for n in nodes(opened)] == ["Đang mở"]
    assert statuses(closed) == [("Sắp mở", "CLOSED", ["CLOSED"])]


def test_a_round_closing_inside_an_open_contest_answers_afresh(gql, tree):
    # given an open contest whose first round closes in a minute, the second opening in two
    contest_index()
    now = timezone.now()
    make_contest(tree["root"], "Hai vòng", rounds=[(now - DAY, now + MINUTE), (now + 2 * MINUTE, now + DAY)])
    assert statuses(gql.execute(CONTESTS)) == [("Hai vòng", "OPEN", ["OPEN", "UPCOMING"])]

    with later(90 * timedelta(seconds=1)):
        between = gql.execute(CONTESTS)
    with later(3 * MINUTE):
        second = gql.execute(CONTESTS)

    assert statuses(between) == [("Hai vòng", "OPEN", ["CLOSED", "UPCOMING"])]
    assert statuses(second) == [("Hai vòng", "OPEN", ["CLOSED", "OPEN"])]


def test_a_round_published_with_a_new_schedule_answers_afresh(gql, tree):
    # given an upcoming contest, listed once
    contest_index()
    now = timezone.now()
    contest = make_contest(tree["root"], "Dời lịch", rounds=[(now + 2 * DAY, now + 3 * DAY)])
    gql.execute(CONTESTS)

    # when an editor brings its round forward and publishes it (a logged edit, as in the admin)
    page = ContestPage.objects.get(pk=contest.pk)
    round_ = page.rounds.first()
    round_.opens_at, round_.closes_at = now - DAY, now + DAY
    page.rounds = [round_]
    page.save_revision().publish()

    assert statuses(gql.execute(CONTESTS)) == [("Dời lịch", "OPEN", ["OPEN"])]


def test_a_round_changed_without_a_log_entry_answers_afresh_and_keeps_its_new_moments(gql, tree):
    # given an open contest listed once (the window computed for the content as it was)
    contest_index()
    now = timezone.now()
    contest = make_contest(tree["root"], "Sửa thẳng", rounds=[(now - DAY, now + DAY)])
    gql.execute(CONTESTS)

    # when its round is made to close in a minute by a row changed in a shell (no log entry)
    ContestRound.objects.filter(page=contest).update(closes_at=now + MINUTE)
    shortened = gql.execute(CONTESTS)
    with later(2 * MINUTE):
        after_closing = gql.execute(CONTESTS)

    # then the new closing time shows at once, and the contest closes at it
    assert [n["closesAt"] for n in nodes(shortened)] != [None]
    assert statuses(shortened) == [("Sửa thẳng", "OPEN", ["OPEN"])]
    assert nodes(shortened)[0]["closesAt"].startswith((now + MINUTE).strftime("%Y-%m-%dT%H:%M"))
    assert statuses(after_closing) == [("Sửa thẳng", "CLOSED", ["CLOSED"])]


def test_a_status_filter_follows_the_clock(gql, tree):
    contest_index()
    now = timezone.now()
    make_contest(tree["root"], "Sắp mở", rounds=[(now + MINUTE, now + DAY)])
    assert nodes(gql.execute(CONTESTS, {"status": "OPEN"})) == []

    with later(2 * MINUTE):
        opened = gql.execute(CONTESTS, {"status": "OPEN"})

    assert [n["title"] for n in nodes(opened)] == ["Sắp mở"]
    assert opened["data"]["contests"]["totalCount"] == 1


def test_a_kept_answer_is_given_in_the_readers_language_only(gql, tree):
    contest_index()
    now = timezone.now()
    make_contest(tree["root"], "Đang mở", rounds=[(now - DAY, now + DAY)])

    vietnamese = gql.execute(CONTESTS, HTTP_ACCEPT_LANGUAGE="vi")
    english = gql.execute(CONTESTS, HTTP_ACCEPT_LANGUAGE="en")

    assert [n["statusLabel"] for n in nodes(vietnamese)] == ["Đang mở"]
    assert [n["statusLabel"] for n in nodes(english)] == ["Open"]


def test_the_contests_count_is_kept_though_their_schedule_is_grouped_over_rounds(gql, tree, settings):
    # given contests counted once (answered afresh: only the count is kept)
    settings.GRAPHQL_RESPONSE_CACHE = False
    contest_index()
    now = timezone.now()
    for title in ("Một", "Hai", "Ba"):
        make_contest(tree["root"], title, rounds=[(now - DAY, now + DAY), (now + DAY, now + 2 * DAY)])
    query = "{ contests(first: 1) { totalCount edges { node { title } } } }"
    assert gql.execute(query)["data"]["contests"]["totalCount"] == 3

    with Statements() as statements:
        again = gql.execute(query)

    assert again["data"]["contests"]["totalCount"] == 3
    assert not [sql for sql in statements.sql if "COUNT(*)" in sql]
