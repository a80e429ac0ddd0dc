"""Several hundred demo members (đoàn viên) spread over the grassroots unions.

Names, phones, birth dates and jobs are drawn from a seeded generator, so every run produces the
same people; rows are keyed on the phone number. Members are written in bulk: one shared password
hash for all of them (see ``SeedContext.password_hash``), and ``search_name`` set here because
bulk_create bypasses ``Member.save()``.

Demo accounts (the ``accounts`` seeder): the superuser, officers at three levels of the tree, and
a known member. Every demo account signs in with the demo password (``SeedContext.password``);
running the seeder again resets a demo account's password to it, so the printed credentials
always work. Officers get the Wagtail admin (and editors the page tree) through the groups that
cms.organisations.services manages; what they may do there is scoped by their Officer rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.core.demo import register_seeder
from cms.core.demo.base import Credential, SeedContext, Tally, changed_fields, upsert
from cms.members.models import Gender, Member, MemberStatus
from cms.organisations.demo import ROOT_CODE, Org, member_targets
from cms.organisations.models import Officer, OfficerRole, Organisation
from cms.organisations.services import grant_admin_access, sync_editor_permissions
from search.normalize import fold

MEMBER_COUNT = 600
SUSPENDED_COUNT = 6
LEFT_COUNT = 9
JOINED_UNTIL = date(2026, 6, 30)
# Reserved for the known demo member (DEMO_MEMBER, below); never drawn at random.
RESERVED_PHONES = frozenset({"0912345678"})


def member_username(phone: str) -> str:
    return f"member-{phone}"


@dataclass(frozen=True)
class Profile:
    jobs: tuple[tuple[str, int], ...]  # job title and relative frequency
    female_share: float
    born: tuple[int, int]  # range of birth years


PROFILES: dict[str, Profile] = {
    "electronics": Profile(
        (
            ("Công nhân lắp ráp", 10),
            ("Công nhân vận hành máy", 5),
            ("Kỹ thuật viên SMT", 3),
            ("Nhân viên kiểm tra chất lượng (QC)", 3),
            ("Tổ trưởng sản xuất", 1),
            ("Nhân viên kho", 1),
            ("Kỹ sư quy trình", 1),
        ),
        0.65,
        (1988, 2005),
    ),
    "garment": Profile(
        (
            ("Công nhân may", 12),
            ("Công nhân cắt", 2),
            ("Công nhân hoàn thiện", 2),
            ("Nhân viên QC", 1),
            ("Tổ trưởng chuyền may", 1),
            ("Thợ cơ khí máy may", 1),
        ),
        0.85,
        (1980, 2005),
    ),
    "footwear": Profile(
        (
            ("Công nhân may mũ giày", 6),
            ("Công nhân gò giày", 5),
            ("Công nhân ép đế", 2),
            ("Nhân viên kiểm hàng", 1),
            ("Tổ trưởng sản xuất", 1),
        ),
        0.8,
        (1982, 2005),
    ),
    "factory": Profile(
        (
            ("Công nhân vận hành", 8),
            ("Thợ cơ khí", 3),
            ("Kỹ thuật viên điện", 2),
            ("Nhân viên kho", 2),
            ("Lái xe nâng", 1),
            ("Nhân viên an toàn lao động", 1),
            ("Kế toán", 1),
        ),
        0.35,
        (1972, 2004),
    ),
    "dairy": Profile(
        (
            ("Công nhân chăn nuôi bò sữa", 5),
            ("Công nhân vận hành dây chuyền chiết rót", 5),
            ("Kỹ sư chăn nuôi", 2),
            ("Bác sĩ thú y", 1),
            ("Nhân viên kiểm nghiệm", 1),
            ("Lái xe", 1),
        ),
        0.45,
        (1980, 2004),
    ),
    "school": Profile(
        (
            ("Giáo viên Toán", 3),
            ("Giáo viên Ngữ văn", 3),
            ("Giáo viên Tiếng Anh", 2),
            ("Giáo viên Vật lý", 1),
            ("Giáo viên Lịch sử", 1),
            ("Giáo viên Tiểu học", 2),
            ("Nhân viên văn thư", 1),
            ("Kế toán", 1),
            ("Nhân viên thư viện", 1),
        ),
        0.72,
        (1965, 2001),
    ),
    "preschool": Profile(
        (("Giáo viên mầm non", 8), ("Nhân viên nuôi dưỡng", 2), ("Kế toán", 1)),
        0.97,
        (1968, 2003),
    ),
    "hospital": Profile(
        (
            ("Điều dưỡng", 8),
            ("Bác sĩ", 4),
            ("Hộ sinh", 2),
            ("Kỹ thuật viên xét nghiệm", 2),
            ("Kỹ thuật viên chẩn đoán hình ảnh", 1),
            ("Dược sĩ", 1),
            ("Hộ lý", 1),
            ("Nhân viên hành chính", 1),
        ),
        0.7,
        (1965, 2001),
    ),
    "office": Profile(
        (
            ("Chuyên viên", 6),
            ("Chuyên viên chính", 2),
            ("Kế toán", 2),
            ("Văn thư", 1),
            ("Phóng viên", 1),
            ("Lái xe", 1),
            ("Nhân viên công nghệ thông tin", 1),
        ),
        0.5,
        (1966, 2000),
    ),
    "construction": Profile(
        (
            ("Công nhân xây dựng", 4),
            ("Công nhân vệ sinh môi trường", 4),
            ("Công nhân quản lý mạng cấp nước", 3),
            ("Công nhân vận hành máy thi công", 2),
            ("Kỹ sư xây dựng", 2),
            ("Kế toán", 1),
        ),
        0.3,
        (1968, 2003),
    ),
    "transport": Profile(
        (
            ("Lái xe khách", 5),
            ("Công nhân bốc xếp", 4),
            ("Nhân viên điều độ", 2),
            ("Thợ sửa chữa ô tô", 2),
            ("Nhân viên bán vé", 1),
        ),
        0.15,
        (1968, 2003),
    ),
    "agriculture": Profile(
        (
            ("Công nhân quản lý thủy nông", 4),
            ("Công nhân vận hành trạm bơm", 3),
            ("Kỹ sư thủy lợi", 2),
            ("Nhân viên bảo vệ rừng", 2),
            ("Kế toán", 1),
        ),
        0.35,
        (1966, 2002),
    ),
    "retail": Profile(
        (
            ("Nhân viên bán hàng", 6),
            ("Thu ngân", 3),
            ("Nhân viên lễ tân", 2),
            ("Nhân viên buồng phòng", 2),
            ("Đầu bếp", 1),
            ("Nhân viên bảo vệ", 1),
        ),
        0.68,
        (1978, 2005),
    ),
    "fishing": Profile(
        (
            ("Ngư dân", 8),
            ("Thuyền viên", 4),
            ("Máy trưởng", 1),
            ("Thuyền trưởng", 1),
            ("Công nhân chế biến", 2),
        ),
        0.08,
        (1965, 2004),
    ),
}

# Family names with rough frequencies for Nghệ An (Hồ, Võ and Thái are commoner here than nationally).
FAMILY_NAMES = (
    ("Nguyễn", 36),
    ("Trần", 10),
    ("Lê", 9),
    ("Phạm", 6),
    ("Hoàng", 5),
    ("Phan", 5),
    ("Hồ", 4),
    ("Võ", 4),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Đỗ", 2),
    ("Ngô", 2),
    ("Vũ", 2),
    ("Dương", 2),
    ("Đinh", 1),
    ("Thái", 1),
    ("Cao", 1),
    ("Huỳnh", 1),
    ("Lý", 1),
)
MIDDLE_NAMES = {
    Gender.MALE: (
        ("Văn", 12),
        ("Đức", 3),
        ("Minh", 3),
        ("Hữu", 2),
        ("Quang", 2),
        ("Công", 2),
        ("Xuân", 2),
        ("Đình", 2),
        ("Trọng", 1),
        ("Thanh", 1),
        ("Ngọc", 1),
        ("Tiến", 1),
    ),
    Gender.FEMALE: (
        ("Thị", 14),
        ("Thu", 2),
        ("Thanh", 2),
        ("Ngọc", 2),
        ("Phương", 1),
        ("Hồng", 1),
        ("Thùy", 1),
        ("Khánh", 1),
        ("Minh", 1),
        ("Thị Thu", 1),
        ("Thị Hồng", 1),
    ),
}
# fmt: off
GIVEN_NAMES = {
    Gender.MALE: (
        "An", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Dương", "Giang", "Hải", "Hiếu", "Hoàng",
        "Hùng", "Huy", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Nghĩa",
        "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Toàn", "Trung",
        "Tuấn", "Tùng", "Việt", "Vinh", "Vũ"
    ),
    Gender.FEMALE: (
        "Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng", "Huệ",
        "Hương", "Huyền", "Lan", "Linh", "Loan", "Mai", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương",
        "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Yến"
    ),
}
# fmt: on
# Viettel, Vinaphone, MobiFone, Vietnamobile and Gmobile prefixes, roughly by market share.
# fmt: off
MOBILE_PREFIXES = (
    ("098", 5), ("097", 5), ("096", 4), ("086", 3), ("032", 2), ("033", 2), ("034", 2), ("035", 2),
    ("036", 2), ("037", 2), ("038", 2), ("039", 2),
    ("091", 3), ("094", 3), ("088", 2), ("081", 1), ("082", 1), ("083", 1), ("084", 1), ("085", 1),
    ("090", 2), ("093", 2), ("089", 1), ("070", 1), ("076", 1), ("077", 1), ("078", 1), ("079", 1),
    ("092", 1), ("056", 1), ("058", 1), ("099", 1), ("059", 1),
)
# fmt: on


@dataclass(frozen=True)
class MemberSpec:
    phone: str
    full_name: str
    gender: str
    date_of_birth: date
    card_number: str
    organisation: str  # code
    joined_on: date
    job_title: str
    status: str = MemberStatus.ACTIVE

    @property
    def username(self) -> str:
        return member_username(self.phone)

    def user_names(self) -> tuple[str, str]:
        """(first_name, last_name) so that Django's "first last" reads "Nguyễn Văn An"."""
        family_and_middle, _, given = self.full_name.rpartition(" ")
        return family_and_middle, given


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in weighted], weights=[w for _, w in weighted])[0]


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _full_name(rng: random.Random, gender: str) -> str:
    middle = _pick(rng, MIDDLE_NAMES[gender])
    given = rng.choice([name for name in GIVEN_NAMES[gender] if name not in middle.split()])
    return f"{_pick(rng, FAMILY_NAMES)} {middle} {given}"


def _unique(draw, taken: set[str]) -> str:
    while (value := draw()) in taken:
        pass
    taken.add(value)
    return value


def allocate(total: int, targets: list[Org]) -> list[tuple[Org, int]]:
    """Split ``total`` over the targets in proportion to their weights (largest remainder)."""
    weight_sum = sum(org.weight for org in targets)
    shares = [(org, total * org.weight / weight_sum) for org in targets]
    counts = {org.code: int(share) for org, share in shares}
    by_remainder = sorted(shares, key=lambda item: (-(item[1] - int(item[1])), item[0].code))
    for org, _ in by_remainder[: total - sum(counts.values())]:
        counts[org.code] += 1
    return [(org, counts[org.code]) for org in targets]


def build_members(rng: random.Random, count: int = MEMBER_COUNT) -> list[MemberSpec]:
    phones: set[str] = set(RESERVED_PHONES)
    cards: set[str] = set()
    specs = []
    for org, org_count in allocate(count, member_targets()):
        profile = PROFILES[org.profile]
        for _ in range(org_count):
            gender = Gender.FEMALE if rng.random() < profile.female_share else Gender.MALE
            born = _random_date(rng, date(profile.born[0], 1, 1), date(profile.born[1], 12, 31))
            specs.append(
                MemberSpec(
                    phone=_unique(
                        lambda: _pick(rng, MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}", phones
                    ),
                    full_name=_full_name(rng, gender),
                    gender=gender,
                    date_of_birth=born,
                    card_number=_unique(lambda: f"40{rng.randrange(10**7, 10**8)}", cards),
                    organisation=org.code,
                    joined_on=_random_date(
                        rng, max(date(born.year + 19, 1, 1), date(1995, 1, 1)), JOINED_UNTIL
                    ),
                    job_title=_pick(rng, profile.jobs),
                )
            )
    inactive = rng.sample(range(len(specs)), SUSPENDED_COUNT + LEFT_COUNT)
    for position, index in enumerate(inactive):
        status = MemberStatus.SUSPENDED if position < SUSPENDED_COUNT else MemberStatus.LEFT
        specs[index] = _with_status(specs[index], status)
    return specs


def _with_status(spec: MemberSpec, status: str) -> MemberSpec:
    return MemberSpec(**{**spec.__dict__, "status": status})


def seed_members(ctx: SeedContext) -> None:
    tally = save_members(build_members(ctx.rng("members")), ctx.password_hash)
    ctx.report(tally.describe("members"))


def save_members(specs: list[MemberSpec], password_hash: str) -> Tally:
    """Create or update members (and their users) in bulk, keyed on the phone number."""
    user_model = get_user_model()
    organisations = Organisation.objects.in_bulk({spec.organisation for spec in specs}, field_name="code")
    members = Member.objects.select_related("user").in_bulk(
        [spec.phone for spec in specs], field_name="phone"
    )

    # Users: an existing member keeps its user; the others get (or reuse) "member-<phone>".
    users = {phone: member.user for phone, member in members.items()}
    wanted = [spec for spec in specs if spec.phone not in users]
    by_username = user_model.objects.in_bulk([spec.username for spec in wanted], field_name="username")
    new_users = []
    for spec in wanted:
        user = by_username.get(spec.username)
        if user is None:
            first_name, last_name = spec.user_names()
            user = user_model(
                username=spec.username, password=password_hash, first_name=first_name, last_name=last_name
            )
            new_users.append(user)
        users[spec.phone] = user
    user_model.objects.bulk_create(new_users, batch_size=500)
    if any(user.pk is None for user in new_users):  # a backend that returns no ids
        by_username = user_model.objects.in_bulk([spec.username for spec in wanted], field_name="username")
        for spec in wanted:
            users[spec.phone] = by_username[users[spec.phone].username]

    new_set = {id(user) for user in new_users}
    stale_users: list = []
    user_fields: set[str] = set()
    for spec in specs:
        user = users[spec.phone]
        if id(user) in new_set:
            continue
        first_name, last_name = spec.user_names()
        changed = changed_fields(
            user, {"password": password_hash, "first_name": first_name, "last_name": last_name}
        )
        if changed:
            stale_users.append(user)
            user_fields.update(changed)
    stale_user_ids = {user.pk for user in stale_users}
    if stale_users:
        user_model.objects.bulk_update(stale_users, sorted(user_fields), batch_size=500)

    tally = Tally()
    new_members: list[Member] = []
    stale_members: list[Member] = []
    member_fields: set[str] = set()
    now = timezone.now()
    for spec in specs:
        values = {
            "full_name": spec.full_name,
            "search_name": fold(spec.full_name),
            "date_of_birth": spec.date_of_birth,
            "gender": spec.gender,
            "card_number": spec.card_number,
            "organisation_id": organisations[spec.organisation].pk,
            "joined_on": spec.joined_on,
            "status": spec.status,
            "job_title": spec.job_title,
        }
        member = members.get(spec.phone)
        if member is None:
            new_members.append(Member(user_id=users[spec.phone].pk, phone=spec.phone, **values))
            tally.count(created=True, changed=True)
            continue
        changed = changed_fields(member, values)
        if changed:
            member.updated_at = now
            stale_members.append(member)
            member_fields.update(changed)
        tally.count(created=False, changed=bool(changed) or users[spec.phone].pk in stale_user_ids)
    Member.objects.bulk_create(new_members, batch_size=500)
    if stale_members:
        Member.objects.bulk_update(stale_members, sorted(member_fields | {"updated_at"}), batch_size=500)
    return tally


# --- Demo accounts ---------------------------------------------------------------------------

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class OfficerSpec:
    username: str
    first_name: str  # family and middle names, so that "first last" reads in Vietnamese order
    last_name: str  # given name
    organisation: str
    role: str
    title: str
    started_on: date


OFFICERS = (
    OfficerSpec(
        "bientap.ldld",
        "Trần Thị Thu",
        "Hà",
        ROOT_CODE,
        OfficerRole.EDITOR,
        "Cán bộ phụ trách thông tin, truyền thông",
        date(2023, 1, 3),
    ),
    OfficerSpec(
        "bientap.kcn",
        "Lê Văn",
        "Hùng",
        "cd-kkt-kcn",
        OfficerRole.EDITOR,
        "Phó Chủ tịch Công đoàn xã Hưng Nguyên",
        date(2025, 8, 4),  # after the commune union was set up (see cms.organisations.demo)
    ),
    OfficerSpec(
        "bientap.luxshare",
        "Phạm Thị",
        "Lan",
        "cdcs-luxshare",
        OfficerRole.EDITOR,
        "Chủ tịch Công đoàn cơ sở",
        date(2024, 3, 15),
    ),
    OfficerSpec(
        "phananh.ldld",
        "Hoàng Minh",
        "Đức",
        ROOT_CODE,
        OfficerRole.FEEDBACK_HANDLER,
        "Cán bộ phụ trách chính sách, pháp luật",
        date(2022, 6, 1),
    ),
    OfficerSpec(
        "vanthu.ldld",
        "Nguyễn Thị",
        "Mai",
        ROOT_CODE,
        OfficerRole.DOCUMENT_CLERK,
        "Văn thư cơ quan Liên đoàn Lao động tỉnh",
        date(2021, 9, 6),
    ),
    # Grassroots document clerks: the receipts of documents sent down (cms.documents.demo).
    OfficerSpec(
        "vanthu.luxshare",
        "Võ Thị",
        "Hằng",
        "cdcs-luxshare",
        OfficerRole.DOCUMENT_CLERK,
        "Văn thư Công đoàn cơ sở",
        date(2024, 3, 15),
    ),
    OfficerSpec(
        "vanthu.everwin",
        "Đặng Văn",
        "Quân",
        "cdcs-everwin",
        OfficerRole.DOCUMENT_CLERK,
        "Văn thư Công đoàn cơ sở",
        date(2023, 5, 2),
    ),
)

# The member frontend developers sign in with (phone number and the demo password).
DEMO_MEMBER = MemberSpec(
    phone="0912345678",
    full_name="Nguyễn Văn An",
    gender=Gender.MALE,
    date_of_birth=date(1996, 8, 19),
    card_number="4000000001",
    organisation="cdcs-luxshare",
    joined_on=date(2018, 7, 28),
    job_title="Kỹ thuật viên SMT",
)


def seed_accounts(ctx: SeedContext) -> None:
    users = Tally()
    _, created, changed = upsert(
        get_user_model(),
        {"username": ADMIN_USERNAME},
        {
            "password": ctx.password_hash,
            "first_name": "Quản trị",
            "last_name": "hệ thống",
            "is_staff": True,
            "is_superuser": True,
            "is_active": True,
        },
    )
    users.count(created, changed)

    organisations = Organisation.objects.in_bulk({spec.organisation for spec in OFFICERS}, field_name="code")
    roles = Tally()
    for spec in OFFICERS:
        user, created, changed = upsert(
            get_user_model(),
            {"username": spec.username},
            {
                "password": ctx.password_hash,
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "is_staff": True,
                "is_superuser": False,
                "is_active": True,
            },
        )
        users.count(created, changed)
        _, created, changed = upsert(
            Officer,
            {
                "user": user,
                "organisation": organisations[spec.organisation],
                "role": spec.role,
                "ended_on": None,
            },
            {"title": spec.title, "started_on": spec.started_on},
        )
        roles.count(created, changed)
        grant_admin_access(user)
        sync_editor_permissions(user)

    member = save_members([DEMO_MEMBER], ctx.password_hash)
    ctx.report(
        f"{users.describe('staff accounts')}; {roles.describe('officer roles')}; {member.describe('demo member')}"
    )

    ctx.credentials.append(Credential("superuser", ADMIN_USERNAME, ctx.password, "Wagtail admin"))
    for spec in OFFICERS:
        ctx.credentials.append(
            Credential(spec.role, spec.username, ctx.password, f"officer at {spec.organisation}")
        )
    ctx.credentials.append(
        Credential("member", DEMO_MEMBER.phone, ctx.password, f"{DEMO_MEMBER.full_name}, GraphQL login")
    )


register_seeder("members", seed_members, after=("organisations",), order=10)
register_seeder("accounts", seed_accounts, after=("organisations", "members"), order=20)
