"""Numbers and symbols as Decree 30/2020/NĐ-CP sets them: one sequence per issuer and calendar year,
unique, suggested; a công văn's symbol is the issuer's and the drafting unit's, without CV."""

from __future__ import annotations

from datetime import date

import pytest

from cms.core.errors import ServiceErrors
from cms.documents import services
from cms.documents.errors import DocumentErrorCode
from cms.documents.models import DocumentKind, SigningAuthority, split_number_symbol
from tests.content_factories import make_official_document


def test_number_and_symbol_are_read_from_what_the_editor_types(tree):
    page = make_official_document(tree["root"], number_symbol=" 112/LĐLĐ-VP ", issued_on=date(2026, 5, 20))

    assert (page.number_symbol, page.number, page.symbol, page.issued_year) == (
        "112/LĐLĐ-VP",
        112,
        "LĐLĐ-VP",
        2026,
    )
    assert split_number_symbol("Không số") == (None, "Không số")


def test_the_next_number_follows_the_issuers_last_of_the_year(tree):
    # given the federation's 2025 and 2026 documents, and one of KCN's
    make_official_document(tree["root"], number_symbol="200/LĐLĐ-VP", issued_on=date(2025, 12, 30))
    make_official_document(tree["root"], number_symbol="7/KH-LĐLĐ", issued_on=date(2026, 1, 5))
    make_official_document(tree["root"], number_symbol="12/LĐLĐ-VP", issued_on=date(2026, 1, 9))
    make_official_document(tree["kcn"], number_symbol="40/KH-CĐKCN", issued_on=date(2026, 2, 1))

    # then numbers run per issuer and year, whatever the type
    assert services.next_number(tree["root"], DocumentKind.PLAN, 2026) == 13
    assert services.next_number(tree["root"], DocumentKind.PLAN, 2025) == 201
    assert services.next_number(tree["root"], DocumentKind.PLAN, 2027) == 1
    assert services.next_number(tree["kcn"], DocumentKind.NOTICE, 2026) == 41
    # and the suggestion spells the symbol the issuer's way
    assert services.suggest_number_symbol(tree["root"], DocumentKind.NOTICE, 2026) == "13/TB-LĐLĐ"
    assert services.suggest_number_symbol(tree["root"], DocumentKind.OFFICIAL_LETTER, 2026) == "13/LĐLĐ-VP"
    assert services.suggest_number_symbol(tree["gd"], DocumentKind.PLAN, 2026) == "1/"


@pytest.mark.parametrize(
    ("number_symbol", "document_type"),
    [
        ("112/LĐLĐ-VP", DocumentKind.OFFICIAL_LETTER),
        ("75/KH-LĐLĐ", DocumentKind.PLAN),
        ("15/QĐ-LĐLĐ", DocumentKind.DECISION),
        ("21/TB-LĐLĐ", DocumentKind.NOTICE),
    ],
)
def test_decree_30_shapes_are_accepted(tree, number_symbol, document_type):
    services.check_numbering(number_symbol, organisation=tree["root"], document_type=document_type, year=2026)


@pytest.mark.parametrize(
    ("number_symbol", "document_type", "message"),
    [
        (
            "112/CV-LĐLĐ",
            DocumentKind.OFFICIAL_LETTER,
            "An official letter's symbol is the issuer's abbreviation and the drafting unit's, e.g. "
            "112/LĐLĐ-VP, without CV.",
        ),
        ("75/LĐLĐ-KH", DocumentKind.PLAN, "The symbol of this type starts with KH, e.g. 75/KH-LĐLĐ."),
        ("KH-LĐLĐ", DocumentKind.PLAN, "Write the number, a slash, then the symbol, e.g. 75/KH-LĐLĐ."),
    ],
)
def test_other_shapes_are_refused_with_a_clear_message(tree, number_symbol, document_type, message):
    with pytest.raises(ServiceErrors) as error:
        services.check_numbering(
            number_symbol, organisation=tree["root"], document_type=document_type, year=2026
        )

    assert [(e.code, e.field, str(e.message)) for e in error.value.errors] == [
        (DocumentErrorCode.SYMBOL_INVALID, "number_symbol", message)
    ]


def test_a_number_is_unique_per_issuer_and_year_only(tree):
    # given the federation's 75/KH-LĐLĐ of 2026
    existing = make_official_document(tree["root"], number_symbol="75/KH-LĐLĐ", issued_on=date(2026, 3, 2))

    # when number 75 is checked again for the federation in 2026 (another type), in 2027, and for KCN
    with pytest.raises(ServiceErrors) as error:
        services.check_numbering(
            "75/LĐLĐ-VP", organisation=tree["root"], document_type="official_letter", year=2026
        )
    services.check_numbering("75/KH-LĐLĐ", organisation=tree["root"], document_type="plan", year=2027)
    services.check_numbering("75/KH-CĐKCN", organisation=tree["kcn"], document_type="plan", year=2026)
    # and the document itself, edited, keeps its number
    services.check_numbering(
        "75/KH-LĐLĐ", organisation=tree["root"], document_type="plan", year=2026, exclude_pk=existing.pk
    )

    # then only the first is refused
    assert [(e.code, str(e.message)) for e in error.value.errors] == [
        (
            DocumentErrorCode.NUMBER_TAKEN,
            "Number 75 of 2026 is already used by document 75/KH-LĐLĐ of this organisation. "
            "The next free number is 76.",
        )
    ]


def test_signature_heading_shows_the_authority_and_the_position(tree):
    on_behalf = make_official_document(
        tree["root"], signing_authority=SigningAuthority.ON_BEHALF_OF_BODY, signing_for="Ban Thường vụ"
    )
    for_chair = make_official_document(
        tree["root"], signing_authority=SigningAuthority.ON_BEHALF_OF_HEAD, signing_for="Chủ tịch"
    )
    own = make_official_document(tree["root"])

    assert (on_behalf.signature_heading, for_chair.signature_heading, own.signature_heading) == (
        "TM. BAN THƯỜNG VỤ",
        "KT. CHỦ TỊCH",
        "",
    )


def test_the_numbering_migration_keeps_documents_that_repeat_a_number_in_a_year(tree):
    # given two documents of one issuer that share a number in 2026 (allowed before: their
    # symbols differ), as the data migration finds them
    from importlib import import_module

    from django.apps import apps

    from cms.documents.models import OfficialDocumentPage
    from tests.content_factories import make_official_document

    first = make_official_document(tree["root"], number_symbol="45/KH-LĐLĐ", issued_on=date(2026, 3, 1))
    later = make_official_document(tree["root"], number_symbol="46/KH-LĐLĐ", issued_on=date(2026, 4, 1))
    OfficialDocumentPage.objects.filter(pk=later.pk).update(number_symbol="45/LĐLĐ-VP", number=None)
    OfficialDocumentPage.objects.filter(pk=first.pk).update(number=None)

    # when the migration fills the numbers
    migration = import_module("cms.documents.migrations.0002_receipts_numbering_urgency")
    migration.fill_numbering(apps, None)

    # then the earlier keeps number 45, the later keeps its printed number and symbol, unnumbered
    rows = dict(OfficialDocumentPage.objects.filter(pk__in=[first.pk, later.pk]).values_list("pk", "number"))
    assert rows == {first.pk: 45, later.pk: None}
    assert OfficialDocumentPage.objects.get(pk=later.pk).number_symbol == "45/LĐLĐ-VP"
