from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import relay

from cms.legal.models import LegalScenarioPage, LegalTopic
from graphql_api.core.errors import ApiError, ApiErrorCode
from graphql_api.core.filters import organisation_pk
from graphql_api.core.pagination import Connection
from graphql_api.legal.types import LegalScenarioPageType, LegalTopicType
from search.query import matching_object_ids

MAX_SEARCH_LENGTH = 200


@strawberry.type
class Query:
    @strawberry_django.connection(
        Connection[LegalScenarioPageType],
        description=(
            "Legal consultations the requesting user may see, most recently published first. `topic`: a topic "
            "slug; `search`: words of the title, situation, question, answer or legal basis, accents ignored "
            '("thai san"); the last word may be unfinished; abbreviations as in `search` (BHXH...).'
        ),
    )
    def legal_scenarios(
        self,
        info: strawberry.Info,
        topic: str | None = None,
        search: str | None = None,
        organisation: relay.GlobalID | None = None,
    ) -> list[LegalScenarioPageType]:
        queryset = LegalScenarioPage.objects.all()
        if topic:
            if not LegalTopic.objects.filter(slug=topic).exists():
                raise ApiError(ApiErrorCode.BAD_USER_INPUT, "`topic` is not a known legal topic slug.")
            queryset = queryset.filter(topics__slug=topic)
        if search:
            if len(search) > MAX_SEARCH_LENGTH:
                raise ApiError(
                    ApiErrorCode.BAD_USER_INPUT, f"`search` must be at most {MAX_SEARCH_LENGTH} characters."
                )
            queryset = queryset.filter(pk__in=matching_object_ids(["legal"], search))
        if (org_pk := organisation_pk(organisation)) is not None:
            queryset = queryset.filter(organisation_id=org_pk)
        return queryset.order_by("-first_published_at", "-pk")

    @strawberry_django.field(description="Topics of the legal library, in editor-defined order.")
    def legal_topics(self) -> list[LegalTopicType]:
        return LegalTopic.objects.all()
