"""The home and statistics screens' operations, run against the demo data."""

from __future__ import annotations

from pathlib import Path

from cms.members.models import Member, MemberStatus
from cms.news.demo import NEWS
from cms.statistics.demo import CLA_BY_GRADE, STRIKES

OPERATIONS = Path(__file__).resolve().parents[2] / "frontend_contract" / "operations"


def operation(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text(encoding="utf-8")


def test_home_and_statistics_screens_against_demo_data(gql, demo):
    # when an anonymous app opens the home screen and the statistics screen for 2015–2025
    home = gql.execute(operation("home"), {"newsCount": 20})
    stats = gql.execute(operation("statistics"), {"fromYear": 2015, "toYear": 2025})

    # then the home screen has the public news, newest first, the menu in order and the hero image
    assert "errors" not in home, home
    data = home["data"]
    public_news = sorted((s for s in NEWS if not s.for_own_subtree), key=lambda s: s.day, reverse=True)
    ours = {s.title for s in NEWS}  # other seeders (congress) publish news too
    listed = [n["title"] for n in data["home"]["latestNews"] if n["title"] in ours]
    assert listed == [s.title for s in public_news][: len(listed)]
    assert len(listed) >= 15
    assert not {s.title for s in NEWS if s.for_own_subtree} & {n["title"] for n in data["home"]["latestNews"]}
    assert data["home"]["welcome"].startswith("Chào mừng đoàn viên")
    assert data["home"]["heroImage"]["rendition"]["width"] == 1280
    assert [i["label"] for i in data["menu"]["items"]] == [
        "Tin tức",
        "Thông báo",
        "Văn bản",
        "Pháp luật",
        "Quyền lợi",
        "Cuộc thi",
        "Việc làm",
        "Đại hội",
        "Phản ánh",
    ]
    assert data["menu"]["items"][0]["path"] == "/tin-tuc/"
    assert data["menu"]["items"][-1]["screen"] == "feedback"
    assert data["home"]["featuredNews"]

    # and the statistics match the seeded figures and the demo members
    assert "errors" not in stats, stats
    by_code = {i["code"]: i for i in stats["data"]["statistics"]}
    assert [p["value"] for p in by_code["strikes"]["series"][0]["points"]] == [
        float(v) for v in STRIKES.values()
    ]
    grade_a = by_code["cla_by_grade"]["series"][0]
    assert grade_a["label"] == "Loại A"
    assert [p["value"] for p in grade_a["points"]] == [float(v[0]) for v in CLA_BY_GRADE.values()]
    on_roll_2025 = Member.objects.exclude(status=MemberStatus.LEFT).filter(joined_on__year__lte=2025).count()
    assert by_code["members"]["series"][0]["points"][-1] == {"year": 2025, "value": float(on_roll_2025)}
    members = [p["value"] for p in by_code["members"]["series"][0]["points"]]
    assert members == sorted(members) and members[0] < members[-1]
    assert all(p["value"] > 0 for p in by_code["grassroots_unions"]["series"][0]["points"])
