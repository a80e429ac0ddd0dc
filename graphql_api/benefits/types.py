from __future__ import annotations

from datetime import date

import strawberry
import strawberry_django

from cms.benefits import models
from graphql_api.core.blocks import StreamBlockInterface, stream_blocks
from graphql_api.core.labels import choice_label
from graphql_api.core.pages import ContentPageInterface, section_page_type
from graphql_api.core.richtext import rich_text_html

BenefitKind = strawberry.enum(
    models.BenefitKind, name="BenefitKind", description="The kind of benefit programme."
)


@strawberry_django.type(models.BenefitPage, name="BenefitPage")
class BenefitPageType(ContentPageInterface):
    kind: BenefitKind
    valid_from: date | None
    valid_until: date | None
    partner_name: str
    discount_text: str
    contact: str

    @strawberry_django.field(only=["kind"], description="The programme's name in the request's language.")
    def kind_label(self) -> str:
        return choice_label(self, "kind")

    @strawberry_django.field(
        only=["valid_from", "valid_until"], description="Whether the benefit can be claimed today."
    )
    def is_current(self) -> bool:
        return self.is_current()

    @strawberry_django.field(only=["eligibility"], description="Who is eligible, as HTML.")
    def eligibility(self, info: strawberry.Info) -> str:
        return rich_text_html(self.eligibility, info.context)

    @strawberry_django.field(only=["how_to_claim"], description="How to claim, as HTML.")
    def how_to_claim(self, info: strawberry.Info) -> str:
        return rich_text_html(self.how_to_claim, info.context)

    @strawberry_django.field(only=["body"])
    def body(self, info: strawberry.Info) -> list[StreamBlockInterface]:
        return stream_blocks(self.body, info.context)


PAGE_TYPES = [BenefitPageType, section_page_type(models.BenefitIndexPage)]
