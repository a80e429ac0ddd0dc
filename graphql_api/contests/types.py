"""Contests as the apps see them: rules, prizes and the public schedule of rounds.

Deliberately absent: the question bank, choices, correct answers and explanations. They are
editors-only and a later attempt draws questions on the server.
"""

from __future__ import annotations

from datetime import datetime

import strawberry
import strawberry_django
from django.utils import timezone
from strawberry import relay

from cms.contests import models
from graphql_api.core.pages import ContentPageInterface, section_page_type
from graphql_api.core.richtext import rich_text_html

ContestStatus = strawberry.enum(
    models.ContestStatus, name="ContestStatus", description="Where a contest or round is in time."
)


def request_now(info: strawberry.Info) -> datetime:
    # One "now" per request, so a contest and its rounds never disagree.
    context = info.context
    now = getattr(context, "_contests_now", None)
    if now is None:
        now = timezone.now()
        context._contests_now = now
    return now


@strawberry_django.type(
    models.ContestRound, name="ContestRound", description="A round (e.g. a week) of a contest."
)
class ContestRoundType:
    @strawberry_django.field(description="Pass it to startContestAttempt and contestRanking.")
    def id(self) -> relay.GlobalID:
        return relay.GlobalID("ContestRound", str(self.pk))

    name: str
    opens_at: datetime
    closes_at: datetime
    questions_drawn: int = strawberry_django.field(description="Questions in each attempt.")
    attempts_allowed: int = strawberry_django.field(description="Attempts each entrant has in this round.")
    time_limit_minutes: int = strawberry_django.field(description="Minutes each attempt may take.")

    @strawberry_django.field(only=["opens_at", "closes_at"])
    def status(self, info: strawberry.Info) -> ContestStatus:
        return self.status_at(request_now(info))

    @strawberry_django.field(
        only=["opens_at", "closes_at"], description="The status's name in the request's language."
    )
    def status_label(self, info: strawberry.Info) -> str:
        return str(self.status_at(request_now(info)).label)


@strawberry_django.type(models.ContestPage, name="ContestPage")
class ContestPageType(ContentPageInterface):
    prediction_question: str = strawberry_django.field(
        description="Asked at the end of every attempt: how many entrants will answer everything correctly."
    )

    @strawberry_django.field(only=["rules"], description="Rules as HTML.")
    def rules(self, info: strawberry.Info) -> str:
        return rich_text_html(self.rules, info.context)

    @strawberry_django.field(only=["prizes"], description="Prizes as HTML.")
    def prizes(self, info: strawberry.Info) -> str:
        return rich_text_html(self.prizes, info.context)

    @strawberry_django.field(prefetch_related=["rounds"], description="Rounds in their editor-defined order.")
    def rounds(self) -> list[ContestRoundType]:
        return list(self.rounds.all())

    @strawberry_django.field(prefetch_related=["rounds"], description="When the first round opens.")
    def opens_at(self) -> datetime | None:
        return min((r.opens_at for r in self.rounds.all()), default=None)

    @strawberry_django.field(prefetch_related=["rounds"], description="When the last round closes.")
    def closes_at(self) -> datetime | None:
        return max((r.closes_at for r in self.rounds.all()), default=None)

    @strawberry_django.field(
        prefetch_related=["rounds"],
        description="Open from the first round's opening to the last round's closing.",
    )
    def status(self, info: strawberry.Info) -> ContestStatus:
        return self.status_at(request_now(info))

    @strawberry_django.field(
        prefetch_related=["rounds"], description="The status's name in the request's language."
    )
    def status_label(self, info: strawberry.Info) -> str:
        return str(self.status_at(request_now(info)).label)


PAGE_TYPES = [ContestPageType, section_page_type(models.ContestIndexPage)]
