from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import relay

from cms.contests.attempts import GRACE, attempt_for
from cms.contests.models import (
    ContestAttempt,
    ContestEntrant,
    ContestPage,
    OrganisationResult,
    Ranking,
    RoundResult,
    order_for_listing,
    with_schedule,
)
from cms.core.errors import ServiceError
from graphql_api.contests.attempts import (
    ContestAttemptType,
    ContestOrganisationResultType,
    ContestRankingBy,
    ContestRankingEntryType,
    MyContestResultsType,
    MyContestRoundType,
)
from graphql_api.contests.types import ContestPageType, ContestStatus, request_now
from graphql_api.core.context import Info
from graphql_api.core.filters import node_pk
from graphql_api.core.pagination import Connection
from graphql_api.core.permissions import IsAuthenticated
from graphql_api.organisations.types import OrganisationLevel


def _scope(contest_id: relay.GlobalID, round_id: relay.GlobalID | None) -> dict:
    scope = {"contest_id": node_pk(contest_id, "ContestPage", "contestId")}
    if round_id is None:
        scope["round__isnull"] = True
    else:
        scope["round_id"] = node_pk(round_id, "ContestRound", "roundId")
    return scope


@strawberry.type
class Query:
    @strawberry_django.connection(
        Connection[ContestPageType],
        description="Contests the requesting user may see: open first, then upcoming by opening, then closed, newest first.",
    )
    def contests(self, info: strawberry.Info, status: ContestStatus | None = None) -> list[ContestPageType]:
        queryset = with_schedule(ContestPage.objects.all(), now=request_now(info))
        if status is not None:
            queryset = queryset.filter(status=status.value)
        return order_for_listing(queryset)

    @strawberry_django.connection(
        Connection[ContestRankingEntryType],
        description="A round's ranking (`roundId`), or the whole contest's (no `roundId`), best first. "
        "Empty until the round has closed and been ranked.",
    )
    def contest_ranking(
        self, contest_id: relay.GlobalID, round_id: relay.GlobalID | None = None
    ) -> list[ContestRankingEntryType]:
        return Ranking.objects.filter(**_scope(contest_id, round_id)).order_by("position", "pk")  # type: ignore[return-value]

    @strawberry_django.connection(
        Connection[ContestOrganisationResultType],
        description="The unions of one level ranked by participation (entrants per member) or by results, "
        "for a round (`roundId`) or the whole contest. Empty until ranked.",
    )
    def contest_organisation_ranking(
        self,
        contest_id: relay.GlobalID,
        level: OrganisationLevel,
        by: ContestRankingBy,
        round_id: relay.GlobalID | None = None,
    ) -> list[ContestOrganisationResultType]:
        position = "participation_position" if by == ContestRankingBy.PARTICIPATION else "results_position"
        return (  # type: ignore[return-value]
            OrganisationResult.objects.filter(
                **_scope(contest_id, round_id), organisation__level=level.value
            ).order_by(position, "pk")
        )

    @strawberry.field(
        description="One attempt of yours: signed in, or as a guest with the `guestToken` its start gave. "
        "Null for an attempt that does not exist or is not yours (a guest's way back to their result)."
    )
    def contest_attempt(
        self, info: Info, id: relay.GlobalID, guest_token: str | None = None
    ) -> ContestAttemptType | None:
        try:
            return attempt_for(  # type: ignore[return-value]
                info.context.user, node_pk(id, "ContestAttempt", "id"), guest_token or ""
            )
        except ServiceError:
            return None

    @strawberry.field(
        extensions=[IsAuthenticated()],
        description="Your attempts and places in a contest, round by round. Null for a contest you cannot see.",
    )
    def my_contest_results(self, info: Info, contest_id: relay.GlobalID) -> MyContestResultsType | None:
        viewer = info.context.viewer
        contest = (
            ContestPage.objects.visible_to(viewer)
            .filter(pk=node_pk(contest_id, "ContestPage", "contestId"))
            .first()
        )
        if contest is None:
            return None
        entrant = ContestEntrant.objects.filter(contest=contest, user=info.context.user).first()
        rounds = list(contest.rounds.all())
        attempts = (
            list(
                ContestAttempt.objects.filter(entrant=entrant)
                .select_related("round")
                .order_by("round_id", "number")
            )
            if entrant
            else []
        )
        places = {r.round_id: r for r in Ranking.objects.filter(entrant=entrant)} if entrant else {}
        actual = dict(
            RoundResult.objects.filter(contest=contest, round__isnull=False).values_list(
                "round_id", "perfect_entrants"
            )
        )
        now = request_now(info)
        mine = []
        for round_ in rounds:
            own = [a for a in attempts if a.round_id == round_.pk]
            running = next((a for a in own if a.status == "in_progress" and now <= a.deadline + GRACE), None)
            used = len(own)
            mine.append(
                MyContestRoundType(
                    round=round_,  # type: ignore[arg-type]
                    attempts_left=max(0, round_.attempts_allowed - used),
                    attempts=own,  # type: ignore[arg-type]
                    attempt_in_progress=running,  # type: ignore[arg-type]
                    ranking=places.get(round_.pk),  # type: ignore[arg-type]
                    perfect_entrants=actual.get(round_.pk),
                )
            )
        return MyContestResultsType(rounds=mine, overall=places.get(None))  # type: ignore[arg-type]
