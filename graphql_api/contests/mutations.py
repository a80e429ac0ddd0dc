"""Taking part in a contest: thin, each calls cms.contests.attempts and maps its errors."""

from __future__ import annotations

import strawberry

from cms.contests import attempts
from cms.core import client
from cms.core.errors import ServiceError
from graphql_api.contests.attempts import (
    ContestError,
    StartContestAttemptInput,
    StartContestAttemptPayload,
    SubmitContestAttemptInput,
    SubmitContestAttemptPayload,
)
from graphql_api.core.context import Info
from graphql_api.core.errors import user_errors
from graphql_api.core.filters import node_pk


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Start an attempt at a round: the server draws its questions and starts its clock. "
        "Members sign in; where the contest is open to the public, anyone else gives `guest`."
    )
    def start_contest_attempt(
        self, info: Info, input: StartContestAttemptInput
    ) -> StartContestAttemptPayload:
        guest = (
            attempts.GuestDetails(
                name=input.guest.name, phone=input.guest.phone, workplace=input.guest.workplace
            )
            if input.guest
            else None
        )
        try:
            attempt, token = attempts.start_attempt(
                info.context.user,
                node_pk(input.round_id, "ContestRound", "roundId"),  # type: ignore[arg-type]
                guest=guest,
                idempotency_key=input.idempotency_key or "",
                client_address=client.client_address(info.context.request),
            )
        except ServiceError as exc:
            return StartContestAttemptPayload(errors=user_errors(exc, ContestError))
        return StartContestAttemptPayload(attempt=attempt, guest_token=token or None)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Hand in an attempt's answers and prediction: scored on the server, timed by its clock."
    )
    def submit_contest_attempt(
        self, info: Info, input: SubmitContestAttemptInput
    ) -> SubmitContestAttemptPayload:
        try:
            attempt = attempts.submit_attempt(
                info.context.user,
                node_pk(input.attempt_id, "ContestAttempt", "attemptId"),  # type: ignore[arg-type]
                answers=[attempts.Answer(a.question, a.choice) for a in input.answers],
                prediction=input.prediction,
                token=input.guest_token or "",
                idempotency_key=input.idempotency_key or "",
            )
        except ServiceError as exc:
            return SubmitContestAttemptPayload(errors=user_errors(exc, ContestError))
        return SubmitContestAttemptPayload(attempt=attempt)  # type: ignore[arg-type]
