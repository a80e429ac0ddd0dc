from __future__ import annotations

from datetime import date

import strawberry
import strawberry_django

from cms.legal import models
from graphql_api.core.pages import ContentPageInterface, section_page_type
from graphql_api.core.richtext import rich_text_html


@strawberry_django.type(models.LegalTopic, name="LegalTopic", description="A topic of the legal library.")
class LegalTopicType:
    id: strawberry.ID
    name: str
    slug: str


@strawberry_django.type(
    models.LegalBasis,
    name="LegalBasis",
    description="A provision an answer relies on: instrument, article, clause, point and its validity.",
)
class LegalBasisType:
    id: strawberry.ID
    instrument_code: str = strawberry_django.field(description="Number and symbol, e.g. 45/2019/QH14.")
    instrument_name: str = strawberry_django.field(description="e.g. Bộ luật Lao động 2019.")
    article: str
    clause: str
    point: str
    excerpt: str
    valid_from: date | None
    valid_until: date | None

    @strawberry_django.field(
        only=["valid_from", "valid_until"], description="Whether the provision is in force today."
    )
    def is_current(self) -> bool:
        return self.is_current()

    @strawberry_django.field(
        only=["instrument_code", "instrument_name", "article", "clause", "point"],
        description='The citation in Vietnamese, e.g. "Khoản 3 Điều 98 Bộ luật Lao động 2019 (45/2019/QH14)".',
    )
    def citation(self) -> str:
        return self.citation


@strawberry_django.type(models.LegalScenarioPage, name="LegalScenarioPage")
class LegalScenarioPageType(ContentPageInterface):
    asker: str = strawberry_django.field(description='Who asks and where, e.g. "Công nhân KCN Nam Cấm hỏi".')
    situation: str
    question: str
    reviewed_by: str
    reviewed_on: date | None
    topics: list[LegalTopicType]
    legal_bases: list[LegalBasisType] = strawberry_django.field(description="In the editor's order.")

    @strawberry_django.field(only=["answer"], description="The answer as HTML.")
    def answer(self, info: strawberry.Info) -> str:
        return rich_text_html(self.answer, info.context)

    @strawberry_django.field(
        annotate={"_has_outdated_basis": lambda info: models.has_outdated_basis_expression()},
        description="True when a legal basis is no longer (or not yet) in force: the answer needs review.",
    )
    def has_outdated_basis(self) -> bool:
        annotated = getattr(self, "_has_outdated_basis", None)
        if annotated is not None:
            return bool(annotated)
        return models.LegalBasis.objects.filter(models.outdated_basis_q(), page_id=self.pk).exists()


PAGE_TYPES = [LegalScenarioPageType, section_page_type(models.LegalLibraryPage)]
