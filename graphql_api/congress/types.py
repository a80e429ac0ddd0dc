from __future__ import annotations

from datetime import date

import strawberry
import strawberry_django
from django.db.models import Prefetch

from cms.congress import models
from cms.news.models import NewsPage
from graphql_api.core.blocks import StreamBlockInterface, stream_blocks
from graphql_api.core.media import DocumentType, attached_document_url
from graphql_api.core.pages import ContentPageInterface, section_page_type
from graphql_api.core.visibility import through_type
from graphql_api.news.types import NewsPageType, news_cards


@strawberry_django.type(models.CongressDocument, name="CongressDocument", description="A congress document.")
class CongressDocumentType:
    id: strawberry.ID
    document: DocumentType

    @strawberry_django.field(only=["title", "document__title"], select_related=["document"])
    def title(self) -> str:
        return self.title or self.document.title

    url = attached_document_url()


@strawberry_django.type(models.CongressPage, name="CongressPage")
class CongressPageType(ContentPageInterface):
    number: str = strawberry_django.field(description="In Roman numerals, e.g. XIX.")
    term: str = strawberry_django.field(description="e.g. 2023–2028.")
    start_date: date
    end_date: date | None
    venue: str
    delegates_count: int | None
    documents: list[CongressDocumentType] = strawberry_django.field(description="In the editor's order.")

    @strawberry_django.field(only=["body"])
    def body(self, info: strawberry.Info) -> list[StreamBlockInterface]:
        return stream_blocks(self.body, info.context)

    @strawberry_django.field(
        description="News about the congress that you may see, newest first.",
        prefetch_related=[lambda info: _visible_related_news(info)],
    )
    def related_news(self, info: strawberry.Info) -> list[NewsPageType]:
        # The visibility rule applies to nested pages too: a draft, private, expired or
        # out-of-audience article linked by an editor never shows here. In a list the news of
        # all congresses come in one prefetch; a single congress reads its own.
        prefetched = getattr(self, "visible_related_news", None)
        if prefetched is not None:
            return prefetched
        return news_cards(self.related_news.all())


def _visible_related_news(info: strawberry.Info) -> Prefetch:
    # strawberry-django does not see a hint's Prefetch: read it through NewsPage's type.
    queryset = through_type(news_cards(NewsPage.objects.all()), NewsPageType, info)
    return Prefetch("related_news", queryset=queryset, to_attr="visible_related_news")


PAGE_TYPES = [CongressPageType, section_page_type(models.CongressIndexPage)]
