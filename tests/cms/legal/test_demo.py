"""The demo legal library is safe to read: every basis in force or its answer under review, no
editor notes in answers, honest review dates, and the questions members ask most are there."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone

from cms.legal import demo as legal_demo
from cms.legal import services
from cms.legal.models import LegalBasis, LegalScenarioPage


def scenario(slug: str) -> LegalScenarioPage:
    return LegalScenarioPage.objects.get(slug=slug)


def citations(slug: str) -> set[tuple[str, str, str, str]]:
    return {
        (basis.instrument_code, basis.article, basis.clause, basis.point)
        for basis in LegalBasis.objects.filter(page__slug=slug)
    }


def test_every_legal_basis_is_in_force_or_its_answer_is_under_review(demo):
    lapsed = [
        (basis.page.title, basis.citation)
        for basis in LegalBasis.objects.select_related("page")
        if not basis.is_current() and not basis.page.under_review
    ]

    assert lapsed == []
    assert LegalBasis.objects.filter(valid_from__isnull=True).count() == 0


def test_no_answer_holds_an_editor_note(demo):
    notes = {
        page.title: services.editor_note_markers(page.answer)
        for page in LegalScenarioPage.objects.all()
        if services.editor_note_markers(page.answer)
    }

    assert notes == {}
    for page in LegalScenarioPage.objects.all():
        assert "biên tập" not in page.answer.lower()
        assert "[" not in page.answer


def test_review_dates_are_honest(demo):
    today = timezone.localdate()
    for page in LegalScenarioPage.objects.all():
        assert page.reviewed_on is not None, page.title
        assert page.reviewed_on <= today, page.title
        if page.reviewed_on == legal_demo.CHECKED_ON:
            assert page.reviewed_by


def test_only_the_unverified_answer_is_under_review_and_it_tells_editors_why(demo):
    under_review = LegalScenarioPage.objects.filter(services.under_review_q())

    assert [page.slug for page in under_review] == ["luong-toi-thieu-vung-nghe-an"]
    assert "Phụ lục" in under_review[0].review_note


def test_the_reviewers_corrections_are_in_the_answers(demo):
    # a relative's certified illness is a lawful reason for absence
    assert "thân nhân bị ốm có xác nhận" in scenario("sa-thai-vi-nghi-5-ngay").answer
    assert ("45/2019/QH14", "125", "4", "") in citations("sa-thai-vi-nghi-5-ngay")
    # withdrawing social insurance at once: point đ, not a
    assert ("41/2024/QH15", "70", "1", "đ") in citations("rut-bhxh-mot-lan")
    assert ("41/2024/QH15", "70", "1", "a") not in citations("rut-bhxh-mot-lan")
    # caring for a sick child: Article 44 (20 days under 3), not 43.3
    assert ("41/2024/QH15", "44", "1", "") in citations("tro-cap-om-dau-con-om")
    assert ("41/2024/QH15", "43", "3", "") not in citations("tro-cap-om-dau-con-om")
    # union members' rights (Article 21), time for union work (Article 27)
    assert ("50/2024/QH15", "21", "1", "") in citations("doan-vien-duoc-cong-doan-bao-ve")
    assert ("50/2024/QH15", "27", "2", "") in citations("thoi-gian-hoat-dong-cong-doan")
    assert "24 giờ mỗi tháng" in scenario("thoi-gian-hoat-dong-cong-doan").answer
    # probation by job, overtime caps, the 6-month limit for discipline
    assert "06 ngày làm việc" in scenario("thu-viec-toi-da-bao-lau").answer
    assert {("45/2019/QH14", "107", "2", "c"), ("45/2019/QH14", "107", "3", "")} <= citations(
        "lam-them-gio-toi-da"
    )
    assert "300 giờ" in scenario("lam-them-gio-toi-da").answer
    assert citations("ky-luat-cu-theo-blld-2012") >= {("45/2019/QH14", "123", "1", "")}
    assert scenario("ky-luat-cu-theo-blld-2012").answer.startswith("<p><b>Không</b>")
    # the 2026 regional minimum wages
    wage = scenario("luong-toi-thieu-vung-nghe-an").answer
    assert all(figure in wage for figure in ("5.310.000", "4.730.000", "4.140.000", "3.700.000"))
    assert "293/2025/NĐ-CP" in wage


def test_members_find_unemployment_benefit_and_notice_periods(demo):
    unemployment = scenario("tro-cap-that-nghiep-2026")
    assert {("74/2025/QH15", "38", "1", ""), ("74/2025/QH15", "39", "1", "")} <= citations(unemployment.slug)
    assert "60%" in unemployment.answer
    assert "05 lần mức lương tối thiểu vùng" in unemployment.answer
    assert "12 tháng" in unemployment.answer
    quitting = scenario("bao-truoc-khi-nghi-viec")
    assert ("45/2019/QH14", "35", "1", "") in citations(quitting.slug)
    assert all(period in quitting.answer for period in ("45 ngày", "30 ngày", "03 ngày làm việc"))
    dismissal = scenario("cong-ty-cham-dut-hop-dong-phai-bao-truoc")
    assert ("45/2019/QH14", "36", "2", "") in citations(dismissal.slug)
    assert dismissal.answer.startswith("<p><b>Không đúng.</b>")


def test_reseeding_corrects_demo_answers_nobody_edited_and_keeps_editors_work(demo, django_user_model):
    # given one demo answer still holding an old text, saved by the seeder, and one an editor changed
    untouched = scenario("rut-bhxh-mot-lan")
    untouched.answer = "<p>Theo Luật Bảo hiểm xã hội 2014...</p>"
    untouched.save_revision().publish()
    edited = scenario("nghi-giua-ca-ca-dem")
    edited.answer = "<p>Câu trả lời của biên tập viên.</p>"
    edited.save_revision(user=django_user_model.objects.get(username="admin")).publish()

    # when the demo is seeded again
    call_command("seed_demo", verbosity=0)

    # then
    assert scenario("rut-bhxh-mot-lan").answer.startswith("<p><b>Có, nếu anh/chị đề nghị.</b>")
    assert scenario("nghi-giua-ca-ca-dem").answer == "<p>Câu trả lời của biên tập viên.</p>"
