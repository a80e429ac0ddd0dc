from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import relay

from cms.documents.models import OfficialDocumentPage
from graphql_api.core.errors import ApiError, ApiErrorCode
from graphql_api.core.filters import DateRange, organisation_pk
from graphql_api.core.pagination import Connection
from graphql_api.documents.types import DocumentType, OfficialDocumentType
from search.query import matching_object_ids

MAX_SEARCH_LENGTH = 200


@strawberry.type
class Query:
    @strawberry_django.connection(
        Connection[OfficialDocumentType],
        description="Official documents the requesting user may see, newest issued first. `search` matches the "
        'number/symbol, title, summary or text without accents ("75/kh", "ke hoach thang cong nhan"); the last '
        "word may be unfinished.",
    )
    def documents(
        self,
        info: strawberry.Info,
        type: DocumentType | None = None,
        organisation: relay.GlobalID | None = None,
        issued: DateRange | None = None,
        search: str | None = None,
    ) -> list[OfficialDocumentType]:
        queryset = OfficialDocumentPage.objects.all()
        if type is not None:
            queryset = queryset.filter(document_type=type.value)
        if (org_pk := organisation_pk(organisation)) is not None:
            queryset = queryset.filter(organisation_id=org_pk)
        if issued is not None:
            queryset = issued.filter(queryset, "issued_on")
        if search is not None:
            if len(search) > MAX_SEARCH_LENGTH:
                raise ApiError(
                    ApiErrorCode.BAD_USER_INPUT, f"`search` must be at most {MAX_SEARCH_LENGTH} characters."
                )
            queryset = queryset.filter(pk__in=matching_object_ids(["document"], search))
        return queryset.order_by("-issued_on", "-pk")
