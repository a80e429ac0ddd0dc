"""Taking part over GraphQL, with the contract's own operations (frontend_contract/operations/
contest_play.graphql): start, submit, my results, rankings; the rules' refusals as typed errors."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.utils import timezone
from strawberry import relay

from cms.contests.models import ContestAttempt, ContestChoice, ContestRound
from cms.contests.ranking import rank_closed
from cms.members import tokens
from tests.content_factories import make_contest, make_contest_question
from tests.factories import PASSWORD, make_member
from tests.frontend_contract.conftest import OPERATIONS

PLAY = (OPERATIONS / "contest_play.graphql").read_text(encoding="utf-8")


def run(gql, operation: str, variables: dict, token: str | None = None) -> dict:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = gql.client.post(
        "/graphql/",
        data={"query": PLAY, "operationName": operation, "variables": variables},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    return response.json()


def data(result: dict) -> dict:
    assert "errors" not in result, result["errors"]
    return result["data"]


def gid(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


@pytest.fixture
def contest(tree):
    now = timezone.now()
    page = make_contest(
        tree["root"],
        "Tìm hiểu Bộ luật Lao động 2019",
        rounds=[
            {
                "opens_at": now - timedelta(days=1),
                "closes_at": now + timedelta(days=6),
                "questions_drawn": 3,
                "attempts_allowed": 2,
            }
        ],
    )
    for i in range(1, 6):
        make_contest_question(
            page,
            f"Câu hỏi số {i}?",
            choices=[("Đúng", True), ("Sai một", False), ("Sai hai", False), ("Sai ba", False)],
            explanation=f"Theo Điều {i}.",
        )
    return page


@pytest.fixture
def round_id(contest) -> str:
    return gid("ContestRound", contest.rounds.get().pk)


@pytest.fixture
def member(tree):
    return make_member(tree["vsip"], phone="0912345678", full_name="Nguyễn Văn An")


@pytest.fixture
def token(member) -> str:
    return tokens.login(member.phone, PASSWORD).access_token


def start(gql, round_id, token=None, **extra) -> dict:
    return data(run(gql, "StartContestAttempt", {"roundId": round_id, **extra}, token))["startContestAttempt"]


def right_answers(attempt_id: str) -> list[dict]:
    attempt = ContestAttempt.objects.get(pk=int(relay.GlobalID.from_id(attempt_id).node_id))
    right = set(ContestChoice.objects.filter(is_correct=True).values_list("pk", flat=True))
    return [
        {"question": n, "choice": next(i for i, pk in enumerate(choices, 1) if pk in right)}
        for n, (_q, choices) in enumerate(attempt.drawn, 1)
    ]


def close_round(contest) -> None:
    ContestRound.objects.filter(page=contest).update(
        opens_at=timezone.now() - timedelta(days=8), closes_at=timezone.now() - timedelta(minutes=1)
    )


def test_a_member_starts_submits_and_sees_the_right_answers_once_the_round_closes(
    gql, contest, round_id, token
):
    # when a member starts an attempt
    started = start(gql, round_id, token, idempotencyKey="bat-dau-1")

    # then they get three questions numbered as shown, four choices each, no right answer, a countdown
    assert started["errors"] == [] and started["guestToken"] is None
    attempt = started["attempt"]
    assert (attempt["status"], attempt["statusLabel"], attempt["number"]) == (
        "IN_PROGRESS",
        "Đang làm bài",
        1,
    )
    assert [q["number"] for q in attempt["questions"]] == [1, 2, 3]
    assert all(sorted(q["choices"]) == ["Sai ba", "Sai hai", "Sai một", "Đúng"] for q in attempt["questions"])
    assert 1190 <= attempt["secondsLeft"] <= 1200
    # asked for, the attempt tells nothing of the right answers while the round is open
    again = data(run(gql, "ContestAttempt", {"id": attempt["id"]}, token))["contestAttempt"]
    assert [q["text"] for q in again["questions"]] == [q["text"] for q in attempt["questions"]]
    assert {(q["chosen"], q["rightChoice"], q["explanation"]) for q in again["questions"]} == {
        (None, None, None)
    }
    assert again["correctAnswers"] is None

    # when they submit every right answer
    submitted = data(
        run(
            gql,
            "SubmitContestAttempt",
            {"attemptId": attempt["id"], "answers": right_answers(attempt["id"]), "prediction": 120},
            token,
        )
    )["submitContestAttempt"]

    # then it is recorded, but the score waits for the round's close
    result = submitted["attempt"]
    assert submitted["errors"] == []
    assert (result["status"], result["statusLabel"], result["prediction"]) == ("SUBMITTED", "Đã nộp bài", 120)
    assert result["correctAnswers"] is None and result["durationSeconds"] < 60
    mine = data(run(gql, "MyContestResults", {"contestId": gid("ContestPage", contest.pk)}, token))
    (week,) = mine["myContestResults"]["rounds"]
    assert (week["attemptsLeft"], week["attemptInProgress"], week["ranking"]) == (1, None, None)
    assert {q["rightChoice"] for q in week["attempts"][0]["questions"]} == {None}
    assert all(q["chosen"] for q in week["attempts"][0]["questions"])

    # when the round closes and is ranked
    close_round(contest)
    rank_closed()

    # then the member sees their score, the right answers with why, and their place
    mine = data(run(gql, "MyContestResults", {"contestId": gid("ContestPage", contest.pk)}, token))
    (week,) = mine["myContestResults"]["rounds"]
    (done,) = week["attempts"]
    assert done["correctAnswers"] == 3
    assert all(q["choices"][q["rightChoice"] - 1] == "Đúng" for q in done["questions"])
    assert all(q["chosen"] == q["rightChoice"] for q in done["questions"])
    assert all(q["explanation"].startswith("Theo Điều") for q in done["questions"])
    assert week["perfectEntrants"] == 1
    assert week["ranking"] == {
        "position": 1,
        "correctAnswers": 3,
        "questionCount": 3,
        "predictionError": 119,
        "durationSeconds": done["durationSeconds"],
    }
    assert mine["myContestResults"]["overall"]["position"] == 1


def test_the_published_rankings(gql, contest, round_id, token, tree):
    # given two members' submitted attempts, then the round closed and ranked
    other = make_member(tree["thpt"], full_name="Hồ Thị Em")
    other_token = tokens.login(other.phone, PASSWORD).access_token
    for who, prediction, wrong in ((token, 2, 0), (other_token, 2, 1)):
        attempt = start(gql, round_id, who)["attempt"]
        answers = right_answers(attempt["id"])
        answers[0]["choice"] = answers[0]["choice"] % 4 + 1 if wrong else answers[0]["choice"]
        run(
            gql,
            "SubmitContestAttempt",
            {"attemptId": attempt["id"], "answers": answers, "prediction": prediction},
            who,
        )
    close_round(contest)
    rank_closed()
    contest_id = gid("ContestPage", contest.pk)

    # when anyone reads the round's ranking and the unions' ranking
    ranking = data(run(gql, "ContestRanking", {"contestId": contest_id, "roundId": round_id}))[
        "contestRanking"
    ]
    unions = data(
        run(
            gql,
            "ContestOrganisationRanking",
            {"contestId": contest_id, "level": "GRASSROOTS", "by": "PARTICIPATION"},
        )
    )["contestOrganisationRanking"]

    # then
    assert ranking["totalCount"] == 2
    assert [
        (n["position"], n["name"], n["workplace"], n["correctAnswers"], n["predictionError"])
        for n in (e["node"] for e in ranking["edges"])
    ] == [
        (1, "Nguyễn Văn An", "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An", 3, 1),
        (2, "Hồ Thị Em", "Công đoàn Trường THPT Huỳnh Thúc Kháng", 2, 1),
    ]
    assert [
        (n["organisation"]["name"], n["entrants"], n["members"], n["participationPosition"])
        for n in (e["node"] for e in unions["edges"])
    ] == [  # the same participation (1 of 1): by name
        ("Công đoàn Trường THPT Huỳnh Thúc Kháng", 1, 1, 1),
        ("Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An", 1, 1, 2),
    ]
    whole = data(run(gql, "ContestRanking", {"contestId": contest_id}))["contestRanking"]
    assert [e["node"]["name"] for e in whole["edges"]] == ["Nguyễn Văn An", "Hồ Thị Em"]


def test_a_guest_takes_part_in_a_contest_open_to_the_public(gql, contest, round_id):
    contest.open_to_public = True
    contest.save()
    guest = {"name": "Trần Thị Bình", "phone": "0987.654.321", "workplace": "Công ty May Minh Anh"}

    started = start(gql, round_id, guest=guest)
    attempt_id = started["attempt"]["id"]
    without = data(
        run(gql, "SubmitContestAttempt", {"attemptId": attempt_id, "answers": [], "prediction": 1})
    )
    submitted = data(
        run(
            gql,
            "SubmitContestAttempt",
            {"attemptId": attempt_id, "answers": [], "prediction": 1, "guestToken": started["guestToken"]},
        )
    )

    assert len(started["guestToken"]) >= 32
    assert [e["code"] for e in without["submitContestAttempt"]["errors"]] == ["NOT_FOUND"]
    assert submitted["submitContestAttempt"]["attempt"]["status"] == "SUBMITTED"


def test_a_guest_is_asked_to_sign_in_for_a_members_contest(gql, round_id):
    result = start(gql, round_id, guest={"name": "An", "phone": "0987654321", "workplace": "Công ty"})

    assert result["attempt"] is None
    assert result["errors"] == [
        {
            "field": "roundId",
            "code": "SIGN_IN_REQUIRED",
            "message": "Hãy đăng nhập bằng tài khoản đoàn viên để tham gia cuộc thi này.",
        }
    ]


def test_the_rules_refuse_with_codes_the_app_acts_on(gql, contest, round_id, token):
    first = start(gql, round_id, token)["attempt"]

    # one at a time
    assert [e["code"] for e in start(gql, round_id, token)["errors"]] == ["ATTEMPT_IN_PROGRESS"]
    # a question not drawn for this attempt, a choice not offered
    for answers, code in (
        ([{"question": 4, "choice": 1}], "QUESTION_NOT_DRAWN"),
        ([{"question": 1, "choice": 9}], "CHOICE_NOT_OFFERED"),
    ):
        errors = data(
            run(
                gql,
                "SubmitContestAttempt",
                {"attemptId": first["id"], "answers": answers, "prediction": 1},
                token,
            )
        )["submitContestAttempt"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("answers", code)]
    # a negative prediction
    errors = data(
        run(gql, "SubmitContestAttempt", {"attemptId": first["id"], "answers": [], "prediction": -3}, token)
    )["submitContestAttempt"]["errors"]
    assert [(e["field"], e["code"], e["message"]) for e in errors] == [
        ("prediction", "INVALID_PREDICTION", "Dự đoán là một số nguyên từ 0 đến 10.000.000.")
    ]
    # submitted twice
    variables = {"attemptId": first["id"], "answers": [], "prediction": 5, "idempotencyKey": "nop-1"}
    once = data(run(gql, "SubmitContestAttempt", variables, token))["submitContestAttempt"]
    again = data(run(gql, "SubmitContestAttempt", variables, token))["submitContestAttempt"]
    other_key = data(run(gql, "SubmitContestAttempt", {**variables, "idempotencyKey": "nop-2"}, token))[
        "submitContestAttempt"
    ]
    assert again == once and once["errors"] == []
    assert [e["code"] for e in other_key["errors"]] == ["ALREADY_SUBMITTED"]
    # the last attempt, then none left
    second = start(gql, round_id, token)["attempt"]
    run(gql, "SubmitContestAttempt", {"attemptId": second["id"], "answers": [], "prediction": 5}, token)
    errors = start(gql, round_id, token)["errors"]
    assert [(e["code"], e["message"]) for e in errors] == [
        ("NO_ATTEMPTS_LEFT", "Bạn đã dùng hết 2 lượt thi của vòng này.")
    ]
    # and a closed round
    close_round(contest)
    assert [e["code"] for e in start(gql, round_id, token)["errors"]] == ["ROUND_CLOSED"]


@pytest.mark.parametrize("prediction", [2.5, "3", None, 2**31])
def test_a_prediction_that_is_not_a_whole_number_never_reaches_the_rules(gql, round_id, token, prediction):
    attempt = start(gql, round_id, token)["attempt"]

    result = run(
        gql,
        "SubmitContestAttempt",
        {"attemptId": attempt["id"], "answers": [], "prediction": prediction},
        token,
    )

    assert result.get("data") is None
    assert [e["extensions"]["code"] for e in result["errors"]] == ["BAD_USER_INPUT"]
    assert ContestAttempt.objects.get().status == "in_progress"


def test_someone_elses_attempt_and_ids_of_other_types(gql, round_id, token, tree):
    attempt = start(gql, round_id, token)["attempt"]
    intruder = tokens.login(make_member(tree["vsip"]).phone, PASSWORD).access_token

    stolen = data(
        run(
            gql,
            "SubmitContestAttempt",
            {"attemptId": attempt["id"], "answers": [], "prediction": 1},
            intruder,
        )
    )
    wrong_type = run(gql, "StartContestAttempt", {"roundId": gid("NewsPage", 1)}, token)
    garbage = run(
        gql, "StartContestAttempt", {"roundId": base64.b64encode(b"ContestRound:x").decode()}, token
    )

    assert [e["code"] for e in stolen["submitContestAttempt"]["errors"]] == ["NOT_FOUND"]
    assert [e["extensions"]["code"] for e in wrong_type["errors"]] == ["BAD_USER_INPUT"]
    assert [e["extensions"]["code"] for e in garbage["errors"]] == ["BAD_USER_INPUT"]


def test_a_private_or_draft_contest_shows_no_results_and_no_ranking(gql, tree, token):
    draft = make_contest(
        tree["root"],
        rounds=[(timezone.now() - timedelta(days=9), timezone.now() - timedelta(days=2))],
        live=False,
    )
    rank_closed()

    mine = data(run(gql, "MyContestResults", {"contestId": gid("ContestPage", draft.pk)}, token))
    ranking = data(run(gql, "ContestRanking", {"contestId": gid("ContestPage", draft.pk)}))

    assert mine["myContestResults"] is None and ranking["contestRanking"]["totalCount"] == 0


def test_my_results_need_a_sign_in(gql, contest):
    result = run(gql, "MyContestResults", {"contestId": gid("ContestPage", contest.pk)})

    assert [e["extensions"]["code"] for e in result["errors"]] == ["UNAUTHENTICATED"]


def test_a_guest_comes_back_to_their_result_with_the_secret(gql, contest, round_id, token):
    # given a guest's attempt submitted, in a contest open to the public
    contest.open_to_public = True
    contest.save()
    guest = {"name": "Trần Thị Bình", "phone": "0987654321", "workplace": "Công ty May Minh Anh"}
    started = start(gql, round_id, guest=guest)
    attempt_id, secret = started["attempt"]["id"], started["guestToken"]
    run(
        gql,
        "SubmitContestAttempt",
        {
            "attemptId": attempt_id,
            "answers": right_answers(attempt_id),
            "prediction": 1,
            "guestToken": secret,
        },
    )

    def read(variables: dict, who: str | None = None) -> dict | None:
        return data(run(gql, "ContestAttempt", variables, who))["contestAttempt"]

    # when the guest reads it before and after the close, and others try
    before = read({"id": attempt_id, "guestToken": secret})
    close_round(contest)
    after = read({"id": attempt_id, "guestToken": secret})

    # then the score waits for the close, and nobody else reads it
    assert (before["status"], before["correctAnswers"]) == ("SUBMITTED", None)
    assert after["correctAnswers"] == 3 and all(q["chosen"] == q["rightChoice"] for q in after["questions"])
    assert read({"id": attempt_id}) is None
    assert read({"id": attempt_id, "guestToken": "doan-bua"}) is None
    assert read({"id": attempt_id}, token) is None  # a signed-in member, not the guest


def test_a_start_and_a_submit_each_read_the_banks_version_once(gql, contest, round_id, token, monkeypatch):
    """The bank's version is a cache read (Redis in production) on every start and submit of a
    rush: a request reads it once, and shows its questions from the bank it drew or scored by."""
    from cms.contests import bank

    reads = []
    version = bank._version
    monkeypatch.setattr(bank, "_version", lambda contest_id: reads.append(contest_id) or version(contest_id))

    started = start(gql, round_id, token, idempotencyKey="mot-lan")
    assert reads == [contest.pk] and len(started["attempt"]["questions"]) == 3

    reads.clear()
    submitted = data(
        run(
            gql,
            "SubmitContestAttempt",
            {
                "attemptId": started["attempt"]["id"],
                "answers": right_answers(started["attempt"]["id"]),
                "prediction": 5,
            },
            token,
        )
    )["submitContestAttempt"]
    assert submitted["errors"] == [] and reads == [contest.pk]
