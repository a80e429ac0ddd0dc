from __future__ import annotations

import strawberry
import strawberry_django

from cms.announcements import models
from graphql_api.core.blocks import StreamBlockInterface, stream_blocks
from graphql_api.core.labels import choice_label
from graphql_api.core.pages import ContentPageInterface, section_page_type

AnnouncementPriority = strawberry.enum(
    models.AnnouncementPriority,
    name="AnnouncementPriority",
    description="How prominently to show an announcement.",
)


@strawberry_django.type(models.AnnouncementPage, name="AnnouncementPage", description="A notice (thông báo).")
class AnnouncementPageType(ContentPageInterface):
    is_pinned: bool = strawberry_django.field(description="Pinned announcements come first in lists.")
    priority: AnnouncementPriority = strawberry_django.field(description="Normal, important or urgent.")
    expire_at: strawberry.auto = strawberry_django.field(
        description="When it disappears by itself, if it does: show 'valid until'."
    )

    @strawberry_django.field(only=["priority"], description="The priority's name in the request's language.")
    def priority_label(self) -> str:
        return choice_label(self, "priority")

    @strawberry_django.field(only=["body"])
    def body(self, info: strawberry.Info) -> list[StreamBlockInterface]:
        return stream_blocks(self.body, info.context)


PAGE_TYPES = [AnnouncementPageType, section_page_type(models.AnnouncementIndexPage)]
