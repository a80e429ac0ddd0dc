"""The union tree at the size of the province: about 3,000 grassroots unions (``seed_demo --scale``).

They hang under the demo's active upper-level unions and, as after the 2025 reform, directly
under the federation, each the kind of organisation its branch holds (``branch``): enterprises
in the industrial zones, under a commune or ward union its schools, health stations,
cooperatives, small businesses and unions of self-employed workers, under a sector union what
its sector runs, and directly under the federation large enterprises, hospitals and provincial
bodies. Large enterprises get departmental unions.

Names and codes are drawn from a seeded generator and kept unique across the province (and
apart from the demo's own); rows are keyed on the code, so a second run adds nothing. Each
union gets a size (its members, for ``cms.members.scale``) from a spread typical of its kind.
Every new organisation gets the "created" change ``services.create_organisation`` records.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from cms.core.demo.bulk import add_sorted_children, batches
from cms.core.demo.scale import ScaleContext, register_scale_seeder
from cms.organisations import demo
from cms.organisations.models import (
    ChangeKind,
    Organisation,
    OrganisationChange,
    OrganisationKind,
    OrganisationLevel,
)
from search.normalize import fold

K = OrganisationKind

# Communes and wards of Nghệ An (names of today's and of the communes merged into them).
# fmt: off
PLACES = (
    "Nghi Lộc", "Nghi Kim", "Nghi Phong", "Nghi Thái", "Nghi Thuận", "Nghi Văn", "Hưng Nguyên", "Hưng Tân",
    "Hưng Thịnh", "Hưng Lợi", "Nam Đàn", "Kim Liên", "Thiên Nhẫn", "Vạn An", "Đô Lương", "Bạch Ngọc",
    "Thuần Trung", "Lương Sơn", "Văn Hiến", "Yên Thành", "Quang Đồng", "Giai Lạc", "Bình Minh", "Vân Tụ",
    "Diễn Châu", "Diễn Thành", "Diễn Ngọc", "Đức Châu", "Hải Châu", "An Châu", "Quỳnh Lưu", "Quỳnh Văn",
    "Quỳnh Anh", "Quỳnh Tam", "Quỳnh Phú", "Hoàng Mai", "Tân Mai", "Quỳnh Mai", "Thái Hòa", "Tây Hiếu",
    "Đông Hiếu", "Nghĩa Đàn", "Nghĩa Thọ", "Nghĩa Lâm", "Nghĩa Mai", "Tân Kỳ", "Tân An", "Nghĩa Đồng",
    "Anh Sơn", "Thành Sơn", "Nhân Hòa", "Con Cuông", "Môn Sơn", "Mậu Thạch", "Tương Dương", "Tam Quang",
    "Kỳ Sơn", "Mường Xén", "Quế Phong", "Tri Lễ", "Quỳ Châu", "Châu Tiến", "Quỳ Hợp", "Châu Hồng",
    "Thanh Chương", "Đại Đồng", "Cát Ngạn", "Hạnh Lâm", "Vinh Hưng", "Vinh Lộc", "Trường Vinh", "Thành Vinh",
    "Vinh Phú", "Cửa Lò", "Hưng Dũng", "Hưng Bình", "Hưng Phúc", "Hà Huy Tập", "Lê Lợi", "Quang Trung",
    # communes merged into today's in 2025, whose schools and health stations keep their names
    "Nghi Trường", "Nghi Hoa", "Nghi Diên", "Nghi Vạn", "Nghi Mỹ", "Nghi Hưng", "Nghi Đồng", "Nghi Yên",
    "Nghi Tiến", "Nghi Thiết", "Nghi Quang", "Nghi Xá", "Nghi Trung", "Nghi Hợp", "Nghi Long", "Nghi Thạch",
    "Nghi Khánh", "Hưng Trung", "Hưng Lĩnh", "Hưng Thông", "Hưng Tây", "Hưng Đạo", "Hưng Mỹ", "Hưng Thành",
    "Hưng Châu", "Hưng Nghĩa", "Hưng Phú", "Hưng Long", "Hưng Xuân", "Hưng Lam", "Nam Hưng", "Nam Thái",
    "Nam Nghĩa", "Nam Thanh", "Nam Anh", "Nam Xuân", "Nam Lĩnh", "Nam Cát", "Nam Giang", "Xuân Hòa",
    "Hùng Tiến", "Khánh Sơn", "Nam Kim", "Nam Trung", "Diễn Kỷ", "Diễn Vạn", "Diễn Hải", "Diễn Kim",
    "Diễn Hoàng", "Diễn Mỹ", "Diễn Hồng", "Diễn Phong", "Diễn Yên", "Diễn Trường", "Diễn Lâm", "Diễn Đoài",
    "Diễn Cát", "Diễn Thái", "Diễn Tháp", "Diễn Liên", "Diễn Xuân", "Diễn Bình", "Diễn Hạnh", "Diễn Quảng",
    "Diễn Lợi", "Diễn Phú", "Diễn Thọ", "Diễn Lộc", "Diễn An", "Diễn Trung", "Quỳnh Bá", "Quỳnh Hưng",
    "Quỳnh Diễn", "Quỳnh Giang", "Quỳnh Hoa", "Quỳnh Thạch", "Quỳnh Hậu", "Quỳnh Lâm", "Quỳnh Đôi",
    "Quỳnh Yên", "Quỳnh Minh", "Quỳnh Lương", "Quỳnh Bảng", "Quỳnh Thanh", "Quỳnh Thuận", "Quỳnh Long",
    "Quỳnh Ngọc", "Quỳnh Nghĩa", "Quỳnh Thọ", "Quỳnh Châu", "Quỳnh Tân", "Quỳnh Thắng", "Thanh Ngọc",
    "Thanh Lương", "Thanh Khê", "Thanh Giang", "Thanh Mỹ", "Thanh Hưng", "Thanh Liên", "Thanh Đồng",
    "Thanh Phong", "Thanh Hà", "Thanh Tùng", "Thanh Lĩnh", "Thanh Thịnh", "Thanh An", "Thanh Chi",
    "Thanh Xuân", "Thanh Lâm", "Thanh Yên", "Thanh Đức", "Đà Sơn", "Đặng Sơn", "Lạc Sơn", "Lưu Sơn",
    "Hòa Sơn", "Nam Sơn", "Bắc Sơn", "Trù Sơn", "Đại Sơn", "Thịnh Sơn", "Yên Sơn", "Hiến Sơn", "Trung Sơn",
    "Thái Sơn", "Đông Sơn", "Minh Sơn", "Hồng Thành", "Tăng Thành", "Đức Thành", "Phú Thành", "Bảo Thành",
    "Sơn Thành", "Viên Thành", "Mỹ Thành", "Công Thành", "Đồng Thành", "Kim Thành", "Hậu Thành", "Văn Thành",
    "Long Thành", "Vĩnh Thành", "Nam Thành", "Tây Thành", "Lăng Thành", "Hợp Thành", "Liên Thành",
    "Hoa Thành", "Trung Thành", "Minh Thành", "Quang Thành", "Thịnh Thành",
)
PEOPLE = (
    "Lê Hồng Phong", "Phan Bội Châu", "Nguyễn Du", "Hồ Xuân Hương", "Trần Phú", "Nguyễn Thị Minh Khai",
    "Phan Đăng Lưu", "Hồ Tùng Mậu", "Lê Viết Thuật", "Nguyễn Cảnh Chân", "Đặng Thúc Hứa", "Nguyễn Xuân Ôn",
    "Cao Xuân Huy", "Hoàng Mai", "Nguyễn Trường Tộ", "Lý Tự Trọng", "Kim Đồng", "Võ Thị Sáu",
    "Chu Văn An", "Nguyễn Trãi", "Lê Quý Đôn", "Tô Hiến Thành", "Phạm Hồng Thái", "Đinh Bộ Lĩnh",
)
BRANDS = (
    "Hoàng Long", "Minh Phát", "Thành Đạt", "An Phú", "Hưng Thịnh", "Đại Dương", "Phú Thành", "Việt Tiến",
    "Sông Lam", "Lam Hồng", "Hồng Lĩnh", "Vạn Xuân", "Kim Sơn", "Trường An", "Bảo Minh", "Tân Phát",
    "Thiên Long", "Nam Việt", "Phúc Hưng", "Hòa Bình", "Đông Á", "Quang Minh", "Thái Bình Dương", "Hợp Lực",
    "Trung Đô", "Bến Thủy", "Hoành Sơn", "Xuân Thành", "Đức Phát", "Thịnh Vượng", "Mường Thanh", "Tràng An",
    "Sunrise", "Hansol", "Foxlink", "Goertek", "Kyung Bang", "Namyang", "Hanvico", "Jinwoo", "Daeyang",
    "Fuyuan", "Sunwoo", "Shinsung", "Yuhua", "Kingmaker", "Vinatex", "Toàn Thắng", "Tiến Phong", "Hải Hà",
)
# fmt: on

KCN_ADDRESSES = (
    "KCN VSIP Nghệ An, xã Hưng Nguyên, tỉnh Nghệ An",
    "KCN WHA Industrial Zone 1 Nghệ An, tỉnh Nghệ An",
    "KCN Nam Cấm, Khu kinh tế Đông Nam, tỉnh Nghệ An",
    "KCN Bắc Vinh, tỉnh Nghệ An",
    "KCN Hoàng Mai I, tỉnh Nghệ An",
    "KCN Đông Hồi, tỉnh Nghệ An",
)


@dataclass(frozen=True)
class Size:
    """Members of one kind of union: a log-normal spread around ``median``, within bounds."""

    median: int
    spread: float
    low: int
    high: int

    def draw(self, rng: random.Random) -> int:
        return max(self.low, min(self.high, int(rng.lognormvariate(math.log(self.median), self.spread))))


@dataclass(frozen=True)
class Kind:
    """A kind of grassroots union: how it is named, what its members do and how many they are."""

    kind: str
    prefix: str  # "Công đoàn cơ sở", "Công đoàn", "Nghiệp đoàn cơ sở"
    patterns: tuple[tuple[str, str], ...]  # (name pattern, members' profile)
    size: Size
    founded: tuple[int, int]


ENTERPRISE_FORMS = ("TNHH", "TNHH", "CP", "TNHH MTV")
FACTORY_SECTORS = (
    ("May {brand}", "garment"),
    ("Dệt may {brand}", "garment"),
    ("Giày da {brand}", "footwear"),
    ("Điện tử {brand}", "electronics"),
    ("Linh kiện điện tử {brand}", "electronics"),
    ("Cơ khí {brand}", "factory"),
    ("Bao bì {brand}", "factory"),
    ("Chế biến gỗ {brand}", "factory"),
    ("Thực phẩm {brand}", "factory"),
    ("Nhựa {brand}", "factory"),
)

KINDS: dict[str, Kind] = {
    "factory": Kind(
        K.ENTERPRISE,
        "Công đoàn cơ sở",
        tuple((f"Công ty {{form}} {pattern}", profile) for pattern, profile in FACTORY_SECTORS),
        Size(220, 1.0, 25, 9000),
        (2008, 2025),
    ),
    "trade": Kind(
        K.ENTERPRISE,
        "Công đoàn cơ sở",
        (
            ("Công ty {form} Thương mại {brand}", "retail"),
            ("Công ty {form} Xăng dầu {brand}", "retail"),
            ("Công ty {form} Dược phẩm {brand}", "factory"),
            ("Công ty {form} Vật liệu xây dựng {brand}", "factory"),
            ("Công ty {form} Khách sạn {brand}", "retail"),
            ("Siêu thị {brand} {place}", "retail"),
        ),
        Size(45, 0.9, 10, 2500),
        (1995, 2024),
    ),
    "construction": Kind(
        K.ENTERPRISE,
        "Công đoàn cơ sở",
        (
            ("Công ty {form} Xây dựng {brand}", "construction"),
            ("Công ty {form} Đầu tư và Xây dựng {brand}", "construction"),
            ("Công ty {form} Vận tải {brand}", "transport"),
            ("Công ty {form} Xe khách {brand}", "transport"),
        ),
        Size(45, 0.8, 10, 1500),
        (1990, 2024),
    ),
    "agriculture": Kind(
        K.ENTERPRISE,
        "Công đoàn cơ sở",
        (
            ("Công ty TNHH MTV Lâm nghiệp {place}", "agriculture"),
            ("Công ty {form} Giống cây trồng {brand}", "agriculture"),
            ("Công ty {form} Chăn nuôi {brand}", "dairy"),
            ("Công ty {form} Chè {place}", "agriculture"),
        ),
        Size(55, 0.8, 10, 1200),
        (1985, 2023),
    ),
    "cooperative": Kind(
        K.COOPERATIVE,
        "Công đoàn",
        (
            ("Hợp tác xã Nông nghiệp {place}", "agriculture"),
            ("Hợp tác xã Dịch vụ điện {place}", "agriculture"),
            ("Hợp tác xã Thủy sản {place}", "fishing"),
        ),
        Size(15, 0.5, 5, 80),
        (2000, 2024),
    ),
    "self_employed": Kind(
        K.TRADE,
        "Nghiệp đoàn cơ sở",
        (
            ("Nghề cá {place}", "fishing"),
            ("Xe ôm công nghệ {place}", "transport"),
            ("Tiểu thương chợ {place}", "retail"),
        ),
        Size(45, 0.6, 10, 400),
        (2010, 2025),
    ),
    "high_school": Kind(
        K.SCHOOL,
        "Công đoàn",
        (("Trường THPT {place}", "school"), ("Trường THPT {person}", "school")),
        Size(70, 0.3, 25, 160),
        (1965, 2015),
    ),
    "school": Kind(
        K.SCHOOL,
        "Công đoàn",
        (
            ("Trường Mầm non {place}", "preschool"),
            ("Trường Tiểu học {place}", "school"),
            ("Trường THCS {place}", "school"),
            ("Trường Tiểu học {person}", "school"),
            ("Trường THCS {person}", "school"),
        ),
        Size(30, 0.35, 10, 90),
        (1960, 2020),
    ),
    "hospital": Kind(
        K.HOSPITAL,
        "Công đoàn",
        (("Bệnh viện Đa khoa {place}", "hospital"), ("Trung tâm Y tế {place}", "hospital")),
        Size(220, 0.7, 40, 1500),
        (1960, 2015),
    ),
    "health_station": Kind(
        K.HOSPITAL,
        "Công đoàn",
        (("Trạm Y tế {place}", "hospital"),),
        Size(9, 0.3, 4, 25),
        (1975, 2020),
    ),
    "agency": Kind(
        K.PUBLIC_AGENCY,
        "Công đoàn",
        (
            ("Ủy ban nhân dân xã {place}", "office"),
            ("Bảo hiểm xã hội cơ sở {place}", "office"),
            ("Kho bạc Nhà nước {place}", "office"),
            ("Thuế cơ sở {place}", "office"),
            ("Trung tâm Dịch vụ nông nghiệp {place}", "office"),
            ("Trung tâm Phục vụ hành chính công {place}", "office"),
        ),
        Size(25, 0.5, 6, 150),
        (1976, 2025),
    ),
}

# Where the new unions go: under the federation directly (after the 2025 reform large
# enterprises, provincial agencies and hospitals report to it) and under each active upper-level
# union of the demo, by its kind (and, for a sector union, by its sector): the share of the
# new unions it gets and the kinds of union it holds, with their relative frequencies.
Mix = tuple[tuple[str, int], ...]
DIRECT: tuple[float, Mix] = (
    4.0,
    (("factory", 4), ("trade", 2), ("construction", 1), ("hospital", 1), ("high_school", 1), ("agency", 1)),
)
BY_KIND: dict[str, tuple[float, Mix]] = {
    K.INDUSTRIAL_ZONE: (3.0, (("factory", 1),)),
    K.CORPORATION: (0.3, (("agriculture", 1), ("trade", 1))),
    K.COMMUNE: (
        1.5,
        (
            ("school", 10),
            ("health_station", 3),
            ("agency", 2),
            ("cooperative", 2),
            ("self_employed", 1),
            ("trade", 3),
            ("construction", 1),
        ),
    ),
}
SECTORS: tuple[tuple[str, tuple[float, Mix]], ...] = (
    ("giao duc", (1.0, (("high_school", 1),))),
    ("y te", (0.8, (("hospital", 1),))),
    ("cong thuong", (1.8, (("trade", 3), ("factory", 1)))),
    ("xay dung", (1.2, (("construction", 1),))),
    ("giao thong", (1.0, (("construction", 1),))),
    ("nong nghiep", (1.0, (("agriculture", 2), ("cooperative", 1)))),
    ("vien chuc", (1.0, (("agency", 1),))),
)
OTHER: tuple[float, Mix] = (1.0, (("agency", 1), ("trade", 1)))


def branch(organisation: Organisation) -> tuple[float, Mix]:
    """The share and mix of new unions under ``organisation`` (the federation or an upper level)."""
    if organisation.level == OrganisationLevel.FEDERATION:
        return DIRECT
    if organisation.kind in BY_KIND:
        return BY_KIND[organisation.kind]
    name = fold(organisation.name)
    return next((mix for words, mix in SECTORS if words in name), OTHER)


def parents() -> list[Organisation]:
    """The demo's active federation and upper-level unions: where the new unions hang."""
    levels = (OrganisationLevel.FEDERATION, OrganisationLevel.UPPER)
    return list(Organisation.objects.active().filter(level__in=levels).order_by("code"))


# A grassroots union has at least this many members (the charter's minimum is five).
MIN_MEMBERS = 5
# Enterprises this large have departmental unions (công đoàn bộ phận), which members join.
UNITS_FROM = 1_500
UNIT_NAMES = (
    "Xưởng sản xuất 1",
    "Xưởng sản xuất 2",
    "Xưởng sản xuất 3",
    "Xưởng hoàn thiện",
    "Khối văn phòng",
    "Kho vận",
    "Kiểm tra chất lượng",
)


@dataclass
class UnionSpec:
    """One new organisation: a grassroots union under ``parent`` or a unit inside one."""

    code: str
    name: str
    level: str
    kind: str
    parent: str  # code
    address: str
    established_on: date
    profile: str  # members' jobs (cms.members.demo.PROFILES)
    members: int  # how many members it has (directly)
    units: list[UnionSpec] = field(default_factory=list)

    @property
    def search_name(self) -> str:
        return fold(self.name)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _unique(value: str, taken: set[str], separator: str = " ") -> str:
    candidate, number = value, 2
    while fold(candidate) in taken:
        candidate, number = f"{value}{separator}{number}", number + 1
    taken.add(fold(candidate))
    return candidate


def _share(total: int, weights: dict[str, float]) -> dict[str, int]:
    """``total`` split by ``weights`` (largest remainder), in the order of ``weights``."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: -(exact[k] - counts[k]))[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def plan(ctx: ScaleContext) -> list[UnionSpec]:
    """The new grassroots unions (with their units) of this scale; the same on every run."""
    if "organisations" in ctx.shared:
        return ctx.shared["organisations"]
    rng = ctx.rng("organisations")
    # The demo's own names and codes (also those it keeps only as history) stay its own.
    demo_orgs = [org for org, _ in demo.walk()]
    names = {fold(org.name) for org in demo_orgs}
    codes = {org.code for org in demo_orgs}
    unions: list[UnionSpec] = []
    branches = {parent.code: branch(parent) for parent in parents()}
    per_branch = _share(ctx.size("grassroots"), {code: share for code, (share, _) in branches.items()})
    for parent, count in per_branch.items():
        kinds = branches[parent][1]
        for _ in range(count):
            key = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
            unions.append(_union(rng, key, parent, names, codes))
    _size(rng, unions, ctx.size("members"), codes)
    ctx.shared["organisations"] = unions
    return unions


def _union(rng: random.Random, key: str, parent: str, names: set[str], codes: set[str]) -> UnionSpec:
    kind = KINDS[key]
    for _attempt in range(30):  # a name not taken yet; failing that, a number after it ("... 2")
        pattern, profile = rng.choice(kind.patterns)
        place = rng.choice(PLACES)
        body = pattern.format(
            form=rng.choice(ENTERPRISE_FORMS),
            brand=rng.choice(BRANDS),
            place=place,
            person=rng.choice(PEOPLE),
        )
        if fold(f"{kind.prefix} {body}") not in names:
            break
    name = _unique(f"{kind.prefix} {body}", names)
    code = _unique(f"cdcs-{_slug(name.removeprefix(kind.prefix))}"[:60], codes, separator="-")
    if key == "factory":
        address = rng.choice(KCN_ADDRESSES)
    else:
        address = f"Xã {place}, tỉnh Nghệ An" if rng.random() < 0.7 else f"Phường {place}, tỉnh Nghệ An"
    founded = date(rng.randint(*kind.founded), rng.randint(1, 12), rng.randint(1, 28))
    return UnionSpec(
        code=code,
        name=name,
        level=OrganisationLevel.GRASSROOTS,
        kind=kind.kind,
        parent=parent,
        address=address,
        established_on=founded,
        profile=profile,
        members=kind.size.draw(rng),
    )


def _size(rng: random.Random, unions: list[UnionSpec], total: int, codes: set[str]) -> None:
    """Scale the drawn sizes to ``total`` members, and split the largest unions into units."""
    floor = min(MIN_MEMBERS, total // max(len(unions), 1))
    counts = _share(total - floor * len(unions), {union.code: union.members for union in unions})
    for union in unions:
        union.members = floor + counts[union.code]
        if union.members < UNITS_FROM:
            continue
        names = rng.sample(UNIT_NAMES, rng.randint(3, 5))
        shares = _share(union.members, {name: rng.randint(2, 6) for name in ["", *names]})
        union.members = shares.pop("")  # officers and staff not in a department stay direct members
        union.units = [
            UnionSpec(
                code=_unique(f"{union.code[:44]}-{_slug(name)}", codes, separator="-"),
                name=f"{'Tổ công đoàn' if count < 300 else 'Công đoàn bộ phận'} {name}",
                level=OrganisationLevel.UNIT,
                kind=K.DEPARTMENT,
                parent=union.code,
                address="",
                established_on=union.established_on,
                profile=union.profile,
                members=count,
            )
            for name, count in shares.items()
        ]


def _node(spec: UnionSpec) -> Organisation:
    node = Organisation(
        code=spec.code,
        name=spec.name,
        level=spec.level,
        kind=spec.kind,
        address=spec.address,
        established_on=spec.established_on,
    )
    node.refresh_search_name()
    return node


def seed(ctx: ScaleContext) -> None:
    unions = plan(ctx)
    units = [unit for union in unions for unit in union.units]
    existing = set(
        Organisation.objects.filter(code__in=[spec.code for spec in [*unions, *units]]).values_list(
            "code", flat=True
        )
    )
    wanted = [spec for spec in [*unions, *units] if spec.code not in existing]
    created: list[tuple[Organisation, str]] = []
    with ctx.progress("organisations", len(wanted)) as bar:
        # Grassroots unions first (under the demo's branches), then the units inside them.
        for level in (OrganisationLevel.GRASSROOTS, OrganisationLevel.UNIT):
            by_parent: dict[str, list[UnionSpec]] = {}
            for spec in wanted:
                if spec.level == level:
                    by_parent.setdefault(spec.parent, []).append(spec)
            parents = Organisation.objects.in_bulk(list(by_parent), field_name="code")
            for parent_code, specs in by_parent.items():
                nodes = [_node(spec) for spec in specs]
                add_sorted_children(
                    Organisation, parents[parent_code], nodes, sort_key=lambda node: node.search_name
                )
                created += [(node, parent_code) for node in nodes]
                bar.advance(len(nodes))
    _record_creations(created)
    ctx.report(
        f"{len(unions) + len(units)} scale organisations ({len(unions)} grassroots unions, {len(units)} units; "
        f"{len(wanted)} created)"
    )


def _record_creations(created: list[tuple[Organisation, str]]) -> None:
    """The "created" change ``services.create_organisation`` records for each new organisation."""
    if not created:
        return
    parents = Organisation.objects.in_bulk({parent for _, parent in created}, field_name="code")
    now = timezone.now()
    changes = [
        OrganisationChange(
            organisation=node,
            kind=ChangeKind.CREATED,
            effective_on=node.established_on,
            new_parent=parents[parent],
            new_name=node.name,
            applied_at=now,
        )
        for node, parent in created
    ]
    for batch in batches(changes):
        OrganisationChange.objects.bulk_create(batch)


register_scale_seeder("organisations", seed)
