"""The demo contests: question banks that obey the contests' rules and teach the law as it stands.

The Law on Trade Unions contest follows Luật Công đoàn 2024 as amended by Luật số 97/2025/QH15 from
1 July 2025, and leaves to the Confederation what the law leaves to it (dues, the grassroots share
of the union fund). A database seeded with an earlier wording is brought up to date in place.
"""

from __future__ import annotations

import re

import pytest

from cms.contests import demo as contests_demo
from cms.contests.demo import CONTESTS, FORMER_TEXTS
from cms.contests.models import ContestChoice, ContestPage, ContestQuestion
from cms.contests.services import check_choices, check_round_pools
from cms.core.demo.base import SeedContext

pytestmark = pytest.mark.usefixtures("demo")

LAW_CONTEST = "tim-hieu-luat-cong-doan-2024"
CONGRESS_CONTEST = "tim-hieu-nghi-quyet-dai-hoi-xiii-cong-doan-viet-nam"


def bank(slug: str) -> list[ContestQuestion]:
    contest = ContestPage.objects.get(slug=slug)
    return list(ContestQuestion.objects.filter(contest=contest).prefetch_related("choices"))


def question(slug: str, words: str) -> ContestQuestion:
    [found] = [q for q in bank(slug) if words in q.text]
    return found


def right_answer(q: ContestQuestion) -> str:
    [answer] = [c.text for c in q.choices.all() if c.is_correct]
    return answer


def seed_contests() -> list[str]:
    out: list[str] = []
    contests_demo.seed(SeedContext(password="-", write=out.append))
    return out


def test_every_demo_question_has_one_right_answer_and_every_round_can_draw():
    for spec in CONTESTS:
        contest = ContestPage.objects.get(slug=spec["slug"])
        questions = bank(spec["slug"])

        assert sorted(q.text for q in questions) == sorted(text for text, _c, _e in spec["questions"])
        for q in questions:
            check_choices([(c.text, c.is_correct) for c in q.choices.all()])
            assert q.explanation, q.text
        check_round_pools(contest)
        assert all(r.questions_drawn <= len(questions) for r in contest.rounds.all())


def test_the_law_contest_teaches_the_union_system_and_its_finances_as_amended_in_2025():
    levels = question(LAW_CONTEST, "mấy cấp")
    fund = question(LAW_CONTEST, "kinh phí công đoàn bằng bao nhiêu")
    dues = question(LAW_CONTEST, "đoàn phí")
    share = question(LAW_CONTEST, "công đoàn cơ sở được sử dụng")

    # three levels since 1 July 2025, and the amending law is named
    assert right_answer(levels) == "3 cấp"
    assert "97/2025/QH15" in levels.explanation and "01/7/2025" in levels.explanation
    # the 2% fund: who still pays it since the amendment
    assert right_answer(fund).startswith("2% quỹ tiền lương")
    assert "97/2025/QH15" in fund.explanation and "100% lương từ ngân sách nhà nước" in fund.explanation
    # dues follow the union's charter; the law sets no 1% cap
    assert "Điều lệ Công đoàn Việt Nam" in right_answer(dues)
    assert not any("1%" in right_answer(q) for q in bank(LAW_CONTEST))
    # the grassroots share is the Confederation's rule, not an article of the law
    assert right_answer(share) == "75%"
    assert "Tổng Liên đoàn" in share.text and "không phải do Luật Công đoàn quy định" in share.explanation


@pytest.mark.parametrize(
    ("words", "article"),
    [
        ("thời gian hoạt động công đoàn", "Điều 27"),
        ("cán bộ công đoàn không chuyên trách thì phải", "Điều 28"),
        ("Tranh chấp về quyền công đoàn", "Điều 35"),
        ("tạm dừng đóng kinh phí", "Điều 30"),
    ],
)
def test_the_law_contest_cites_the_article_that_says_it(words, article):
    assert article in question(LAW_CONTEST, words).explanation


def test_no_explanation_cites_articles_of_the_law_that_say_something_else():
    cited = {
        number
        for q in bank(LAW_CONTEST)
        if "Luật Công đoàn 2024" in q.explanation
        for number in re.findall(r"Điều (\d+)", q.explanation)
    }

    assert cited.isdisjoint({"26", "36"})  # guarantees are in Điều 27–28, disputes in Điều 35


def test_the_congress_contest_asks_for_the_congress_motto_not_an_action_slogan():
    motto = question(CONGRESS_CONTEST, "Phương châm")

    assert right_answer(motto) == "Đổi mới – Dân chủ – Đoàn kết – Phát triển"
    assert not any("Khẩu hiệu" in q.text for q in bank(CONGRESS_CONTEST))


def test_a_question_seeded_with_an_earlier_wording_is_brought_up_to_date_in_place():
    # given a database seeded when the demo still taught four levels
    levels = question(LAW_CONTEST, "mấy cấp")
    [former_text] = FORMER_TEXTS[levels.text]
    levels.text = former_text
    levels.explanation = "Công đoàn Việt Nam có 4 cấp."
    levels.choices = [ContestChoice(text="3 cấp"), ContestChoice(text="4 cấp", is_correct=True)]
    levels.save()
    own = ContestQuestion(contest=levels.contest, text="Câu hỏi do biên tập viên thêm?", explanation="x")
    own.choices = [ContestChoice(text="Đúng", is_correct=True), ContestChoice(text="Sai")]
    own.save()
    count = ContestQuestion.objects.count()

    # when the demo is seeded again
    output = seed_contests()

    # then the same question has today's wording and answer, and nothing else was added or touched
    levels.refresh_from_db()
    assert FORMER_TEXTS[levels.text] == (former_text,)
    assert right_answer(levels) == "3 cấp"
    assert [c.text for c in levels.choices.all()] == ["3 cấp", "4 cấp", "5 cấp"]
    assert ContestQuestion.objects.count() == count
    own.refresh_from_db()
    assert own.text == "Câu hỏi do biên tập viên thêm?"
    assert "40 contest questions (0 created, 1 updated)" in output[1]


def test_seeding_the_contests_again_changes_nothing():
    assert seed_contests() == [
        "  2 contests (0 created, 0 updated)",
        "  40 contest questions (0 created, 0 updated)",
    ]
