"""Taking part, as the apps see it: attempts (their questions, never the right answers before the
round closes), and the published rankings.

An attempt's questions and choices are numbered as shown (1-based): answers name those numbers,
never a database id. The count of right answers, like the right answers themselves, appears once
the round has closed: a score shown at once would let an entrant with three attempts work the
answers out.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
import strawberry_django
from strawberry import relay

from cms.contests import models
from cms.contests.attempts import shown_questions
from cms.contests.errors import ContestErrorCode
from graphql_api.contests.types import ContestRoundType, request_now
from graphql_api.core.errors import error_type
from graphql_api.core.labels import choice_label
from graphql_api.core.nodes import ModelNode
from graphql_api.core.visibility import AccessControlled
from graphql_api.organisations.types import OrganisationType

ContestError = error_type("ContestError", ContestErrorCode)

ContestAttemptStatus = strawberry.enum(
    models.AttemptStatus, name="ContestAttemptStatus", description="Where an attempt is."
)


def _closed(attempt: models.ContestAttempt, info: strawberry.Info) -> bool:
    return request_now(info) >= attempt.round.closes_at


@strawberry.type(name="ContestAttemptQuestion", description="A question drawn for this attempt.")
class ContestAttemptQuestionType:
    number: int = strawberry.field(description="1, 2, 3… in the order shown: answer with it.")
    text: str
    choices: list[str] = strawberry.field(
        description="The choices' texts in the order shown: choice 1 is the first. Answer with its number."
    )
    chosen: int | None = strawberry.field(
        description="The number of the entrant's choice; null if unanswered."
    )
    right_choice: int | None = strawberry.field(
        description="The number of the right choice; null until the round closes."
    )
    explanation: str | None = strawberry.field(
        description="Why the right answer is right; null until the round closes."
    )


@strawberry_django.type(
    models.ContestAttempt,
    name="ContestAttempt",
    description="One attempt at a round, timed by the server. Only its entrant reads it.",
)
class ContestAttemptType(ModelNode, AccessControlled, relay.Node):
    number: int = strawberry_django.field(description="1 for the entrant's first attempt at the round, 2…")
    status: ContestAttemptStatus
    started_at: datetime
    deadline: datetime = strawberry_django.field(description="When the time limit ends (the server's clock).")
    submitted_at: datetime | None
    late: bool = strawberry_django.field(description="Submitted after the time limit (timed at the limit).")
    question_count: int
    prediction: int | None

    @strawberry_django.field(only=["status"], description="The status in the request's language.")
    def status_label(self) -> str:
        return choice_label(self, "status")

    @strawberry_django.field(select_related=["round"], description="The round this attempt is at.")
    def round(self) -> ContestRoundType:
        return self.round  # type: ignore[return-value]

    @strawberry_django.field(
        only=["deadline", "status"],
        description="Seconds left before the time limit (0 once over or submitted).",
    )
    def seconds_left(self, info: strawberry.Info) -> int:
        if self.status != models.AttemptStatus.IN_PROGRESS:
            return 0
        return max(0, int((self.deadline - request_now(info)).total_seconds()))

    @strawberry_django.field(only=["duration_ms"], description="How long it took, by the server's clock.")
    def duration_seconds(self) -> float | None:
        return None if self.duration_ms is None else self.duration_ms / 1000

    @strawberry_django.field(
        select_related=["round"], description="When the results are published: the round's close."
    )
    def results_at(self) -> datetime:
        return self.round.closes_at

    @strawberry_django.field(
        select_related=["round"],
        only=["correct"],
        description="Right answers; null until the round closes.",
    )
    def correct_answers(self, info: strawberry.Info) -> int | None:
        return self.correct if _closed(self, info) else None

    @strawberry_django.field(
        select_related=["round"],
        only=["drawn", "answers", "status"],
        description="The questions as drawn for this attempt, with the entrant's answers; the right ones "
        "and the explanations once the round has closed. Empty for an attempt that ended unscored "
        "before the round closed.",
    )
    def questions(self, info: strawberry.Info) -> list[ContestAttemptQuestionType]:
        closed = _closed(self, info)
        if self.status == models.AttemptStatus.EXPIRED and not closed:
            return []
        return [
            ContestAttemptQuestionType(
                number=q.number,
                text=q.text,
                choices=[c.text for c in q.choices],
                chosen=next((c.number for c in q.choices if c.chosen), None),
                right_choice=next((c.number for c in q.choices if c.correct), None) if closed else None,
                explanation=q.explanation,
            )
            for q in shown_questions(self, now=request_now(info))
        ]


@strawberry_django.type(
    models.Ranking, name="ContestRankingEntry", description="A place in a published ranking."
)
class ContestRankingEntryType(ModelNode, AccessControlled, relay.Node):
    position: int
    correct_answers: int = strawberry_django.field(field_name="correct")
    question_count: int
    prediction: int | None = strawberry_django.field(
        description="The best attempt's prediction (a round's ranking)."
    )
    prediction_error: int = strawberry_django.field(
        description="How far the prediction was from the actual number (added up over rounds for a contest)."
    )
    submitted_at: datetime

    @strawberry_django.field(only=["duration_ms"])
    def duration_seconds(self) -> float:
        return self.duration_ms / 1000

    @strawberry_django.field(
        select_related=["entrant"], description="The entrant's name, as the results are published."
    )
    def name(self) -> str:
        return self.entrant.name

    @strawberry_django.field(
        select_related=["entrant"], description="Where the entrant works, as they gave it."
    )
    def workplace(self) -> str:
        return self.entrant.workplace


@strawberry.enum(name="ContestRankingBy", description="What a collective ranking orders the unions by.")
class ContestRankingBy(Enum):
    PARTICIPATION = "participation"
    RESULTS = "results"


@strawberry_django.type(
    models.OrganisationResult,
    name="ContestOrganisationResult",
    description="A union's collective result (its whole subtree), placed among the unions of its level.",
)
class ContestOrganisationResultType(ModelNode, AccessControlled, relay.Node):
    organisation: OrganisationType
    entrants: int
    members: int = strawberry_django.field(description="Its active members when ranked.")
    participation: float = strawberry_django.field(description="Entrants per member (0.25 = 25%).")
    perfect_entrants: int = strawberry_django.field(description="Entrants who answered every question right.")
    average_score: float = strawberry_django.field(
        description="The entrants' average share of right answers (0 to 1)."
    )
    participation_position: int = strawberry_django.field(description="Its place by participation.")
    results_position: int = strawberry_django.field(description="Its place by results.")


@strawberry.type(name="MyContestRound", description="Your part in one round of a contest.")
class MyContestRoundType:
    round: ContestRoundType
    attempts_left: int
    attempts: list[ContestAttemptType] = strawberry.field(description="Yours, first first.")
    attempt_in_progress: ContestAttemptType | None = strawberry.field(
        description="The attempt to resume, if one is still running (another device started it)."
    )
    ranking: ContestRankingEntryType | None = strawberry.field(
        description="Your place, once the round is ranked."
    )
    perfect_entrants: int | None = strawberry.field(
        description="The actual number of entrants with every answer right, once the round is ranked."
    )


@strawberry.type(name="MyContestResults", description="Your attempts and places in a contest.")
class MyContestResultsType:
    rounds: list[MyContestRoundType]
    overall: ContestRankingEntryType | None = strawberry.field(
        description="Your place in the whole contest, once ranked."
    )


# --- inputs and payloads ---------------------------------------------------------------------------


@strawberry.input(description="Who is entering, for a contest open to the public and someone not signed in.")
class ContestGuestInput:
    name: str = strawberry.field(description="Full name, as the results will show it.")
    phone: str = strawberry.field(description="A Vietnamese mobile number: it identifies the entrant.")
    workplace: str


@strawberry.input
class StartContestAttemptInput:
    round_id: relay.GlobalID
    guest: ContestGuestInput | None = strawberry.field(
        default=None, description="Only when not signed in (contests open to the public)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="A key the app makes once per start: sending again returns the same attempt.",
    )


@strawberry.input(description="The choice numbered `choice` for the question numbered `question`, as shown.")
class ContestAnswerInput:
    question: int
    choice: int


@strawberry.input
class SubmitContestAttemptInput:
    attempt_id: relay.GlobalID
    answers: list[ContestAnswerInput] = strawberry.field(description="Unanswered questions count as wrong.")
    prediction: int = strawberry.field(
        description="How many entrants of this round will answer every question right (a whole number ≥ 0)."
    )
    guest_token: str | None = strawberry.field(
        default=None, description="A guest's secret from startContestAttempt (signed-in entrants send none)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="A key the app makes once per submit: sending again returns the first result.",
    )


@strawberry.type
class StartContestAttemptPayload:
    attempt: ContestAttemptType | None = None
    guest_token: str | None = strawberry.field(
        default=None,
        description="For a guest only, given once: keep it to submit this attempt.",
    )
    errors: list[ContestError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]


@strawberry.type
class SubmitContestAttemptPayload:
    attempt: ContestAttemptType | None = None
    errors: list[ContestError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]
