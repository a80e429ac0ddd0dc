from __future__ import annotations

from datetime import date

import strawberry
import strawberry_django

from cms.legal import models, services
from graphql_api.core.pages import ContentPageInterface, section_page_type
from graphql_api.core.richtext import rich_text_html

LegalReviewStatus = strawberry.enum(
    services.ReviewStatus,
    name="LegalReviewStatus",
    description=(
        "Where an answer stands with its legal review. CURRENT: reviewed, every legal basis in force. "
        "MARKED_FOR_REVIEW: an editor is checking it against the law. BASIS_NOT_IN_FORCE: it cites a "
        "provision no longer (or not yet) in force. Anything but CURRENT: show the under-review notice."
    ),
)

# The one annotation the review fields share: whether a basis is not in force today.
REVIEW_STATE = {services.BASIS_NOT_IN_FORCE: lambda info: models.has_outdated_basis_expression()}


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
    valid_from: date | None = strawberry_django.field(
        description="First day the provision applies.", deprecation_reason="Use inForceFrom."
    )
    valid_until: date | None = strawberry_django.field(deprecation_reason="Use inForceUntil.")

    @strawberry_django.field(
        only=["valid_from"],
        description="First day the provision applies (the instrument's entry into force); null if unknown.",
    )
    def in_force_from(self) -> date | None:
        return self.valid_from

    @strawberry_django.field(
        only=["valid_until"],
        description="Last day the provision applied, once its instrument was replaced; null while in force.",
    )
    def in_force_until(self) -> date | None:
        return self.valid_until

    @strawberry_django.field(
        only=["valid_from", "valid_until"],
        description="Whether the provision is in force today: started and not ended.",
    )
    def in_force(self) -> bool:
        return self.is_current()

    @strawberry_django.field(
        only=["valid_from", "valid_until"],
        description="Whether the provision is in force today.",
        deprecation_reason="Use inForce.",
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
    reviewed_on: date | None = strawberry_django.field(
        description="The day of the last legal review.", deprecation_reason="Use lastReviewedOn."
    )
    topics: list[LegalTopicType]
    legal_bases: list[LegalBasisType] = strawberry_django.field(description="In the editor's order.")

    @strawberry_django.field(only=["answer"], description="The answer as HTML.")
    def answer(self, info: strawberry.Info) -> str:
        return rich_text_html(self.answer, info.context)

    @strawberry_django.field(
        only=["reviewed_on"],
        description="The day the answer and its legal bases were last checked against the law; null: never.",
    )
    def last_reviewed_on(self) -> date | None:
        return self.reviewed_on

    @strawberry_django.field(
        only=["under_review"],
        annotate=REVIEW_STATE,
        description=(
            "True when members must see an under-review notice with the answer: an editor is checking "
            "it, or a legal basis is no longer (or not yet) in force. `reviewStatus` says which."
        ),
    )
    def under_review(self) -> bool:
        return services.is_under_review(self)

    @strawberry_django.field(
        only=["under_review"],
        annotate=REVIEW_STATE,
        description="Why the answer is under review, or CURRENT. Decides the wording of the notice.",
    )
    def review_status(self) -> LegalReviewStatus:
        return services.review_status(self)

    @strawberry_django.field(
        annotate=REVIEW_STATE,
        description="True when a legal basis is no longer (or not yet) in force: the answer needs review.",
    )
    def has_outdated_basis(self) -> bool:
        return services.cites_basis_not_in_force(self)


PAGE_TYPES = [LegalScenarioPageType, section_page_type(models.LegalLibraryPage)]
