"""The legal review rule: when an answer is under review, and which notes may not sit in it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cms.legal import services
from cms.legal.models import LegalScenarioPage
from cms.legal.services import ReviewStatus
from tests.content_factories import make_legal_basis, make_legal_scenario


@pytest.mark.parametrize(
    "answer",
    [
        "<p>Có.</p><p><i>Ghi chú biên tập: còn dẫn Luật BHXH 2014, cần rà soát.</i></p>",
        "<p>Có. GHI CHU BIEN TAP: kiểm tra lại.</p>",
        "<p>Có. [cần rà soát theo luật mới]</p>",
        "<p>TODO: bổ sung căn cứ.</p>",
        "<p>Được nghỉ 6 tháng (fixme).</p>",
    ],
)
def test_editor_notes_are_found_in_an_answer(answer):
    assert services.editor_note_markers(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "<p>Có. Công ty cần rà soát lại quy chế lương và cập nhật hợp đồng.</p>",
        "<p>Theo khoản 1 Điều 35 [1], người lao động phải báo trước 30 ngày.</p>",
        '<p><a href="https://vbpl.vn">Văn bản</a> và <b>06 tháng</b>.</p>',
    ],
)
def test_ordinary_answers_are_not_mistaken_for_editor_notes(answer):
    assert services.editor_note_markers(answer) == []


def test_a_review_date_cannot_be_in_the_future():
    today = date(2026, 12, 1)

    assert services.review_date_problem(date(2026, 12, 1), today) is None
    assert services.review_date_problem(None, today) is None
    assert services.review_date_problem(date(2026, 12, 2), today)


def test_review_status_of_current_marked_and_lapsed_answers(tree):
    # given
    current = make_legal_scenario(tree["root"], "Hiện hành")
    marked = make_legal_scenario(tree["root"], "Đánh dấu", under_review=True)
    lapsed = make_legal_scenario(
        tree["root"],
        "Luật cũ",
        under_review=True,
        bases=[make_legal_basis(valid_from=date(2013, 5, 1), valid_until=date(2020, 12, 31))],
    )
    upcoming = make_legal_scenario(
        tree["root"],
        "Sắp có hiệu lực",
        bases=[make_legal_basis(valid_from=timezone.localdate() + timedelta(days=1))],
    )

    # then a lapsed (or not yet applicable) basis outranks an editor's mark
    assert services.review_status(current) == ReviewStatus.CURRENT
    assert services.review_status(marked) == ReviewStatus.MARKED_FOR_REVIEW
    assert services.review_status(lapsed) == ReviewStatus.BASIS_NOT_IN_FORCE
    assert services.review_status(upcoming) == ReviewStatus.BASIS_NOT_IN_FORCE
    assert services.is_under_review(current) is False
    # and the same from a listing's annotation, and from a filter
    annotated = {page.title: page for page in services.with_review_state(LegalScenarioPage.objects.all())}
    assert {title: services.review_status(page) for title, page in annotated.items()} == {
        "Hiện hành": ReviewStatus.CURRENT,
        "Đánh dấu": ReviewStatus.MARKED_FOR_REVIEW,
        "Luật cũ": ReviewStatus.BASIS_NOT_IN_FORCE,
        "Sắp có hiệu lực": ReviewStatus.BASIS_NOT_IN_FORCE,
    }
    assert sorted(
        LegalScenarioPage.objects.filter(services.under_review_q()).values_list("title", flat=True)
    ) == [
        "Luật cũ",
        "Sắp có hiệu lực",
        "Đánh dấu",
    ]


def test_a_basis_lapses_the_day_after_its_last_day_in_force(tree):
    page = make_legal_scenario(
        tree["root"], bases=[make_legal_basis(valid_from=date(2016, 1, 1), valid_until=date(2025, 6, 30))]
    )

    assert services.review_status(page, on=date(2025, 6, 30)) == ReviewStatus.CURRENT
    assert services.review_status(page, on=date(2025, 7, 1)) == ReviewStatus.BASIS_NOT_IN_FORCE


def test_a_page_saved_with_editor_notes_in_its_answer_is_refused(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        make_legal_scenario(tree["root"], answer="<p>Có.</p><p>Ghi chú biên tập: kiểm tra lại.</p>")

    assert "answer" in refused.value.message_dict
