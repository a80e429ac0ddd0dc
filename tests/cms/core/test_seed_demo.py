from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from cms.core.demo import DEFAULT_DEMO_PASSWORD
from cms.core.demo.base import SeedContext
from cms.members.demo import build_members
from cms.members.models import Member, MemberStatus
from cms.members.phone import normalize_phone
from cms.organisations.models import (
    ChangeKind,
    Officer,
    Organisation,
    OrganisationChange,
    OrganisationLevel,
    OrganisationStatus,
)
from search.normalize import fold

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]

OWN_PASSWORD = "Mat-khau-trien-khai-2026!"
EXPECTED_TOTALS = {
    "organisations": 53,
    "changes": 109,  # one creation per organisation and the 56 moves and dissolutions of 2025
    "members": 601,
    "users": 609,
    "officers": 7,
}


@pytest.fixture(autouse=True)
def _no_password_from_environment(monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)


# The union tree, members and accounts; content seeders are exercised by the contract tests
# (tests/frontend_contract). Tests that only read what seeding leaves use the demo seeded once
# per session (the `demo` fixture); those about a run itself (its output, a first run, a run on
# edited rows, production) seed here.
FOUNDATION = "--only=organisations,members,accounts"


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", FOUNDATION, *args, stdout=out)
    return out.getvalue()


def totals() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "changes": OrganisationChange.objects.count(),
        "members": Member.objects.count(),
        "users": get_user_model().objects.count(),
        "officers": Officer.objects.count(),
    }


def tree_shape() -> list[tuple[str, str, str | None]]:
    """(code, name, parent's code) of every organisation: paths may differ after a move back."""
    organisations = list(Organisation.objects.all())
    code_by_path = {organisation.path: organisation.code for organisation in organisations}
    steplen = Organisation.steplen
    return sorted((o.code, o.name, code_by_path.get(o.path[:-steplen])) for o in organisations)


def snapshot() -> dict[str, list]:
    """Every seeded row as values, to prove a second run writes nothing."""
    return {
        "organisations": list(Organisation.objects.order_by("code").values()),
        "changes": list(OrganisationChange.objects.order_by("pk").values()),
        "members": list(Member.objects.order_by("phone").values()),
        "users": list(
            get_user_model()
            .objects.order_by("username")
            .values("pk", "username", "password", "first_name", "last_name", "is_staff", "is_superuser")
        ),
        "officers": list(Officer.objects.order_by("pk").values()),
    }


def test_seeding_twice_gives_the_same_rows_and_no_duplicates(django_assert_max_num_queries):
    # given
    first_output = seed()
    after_first = snapshot()

    # when
    # Bulk, not a query per member (600); officers' group permissions are checked one by one; the
    # search rebuild at the end is a few queries per kind and per batch of 500 documents.
    with django_assert_max_num_queries(260):
        second_output = seed()

    # then
    assert totals() == EXPECTED_TOTALS
    assert snapshot() == after_first
    assert "53 organisations (53 created, 0 updated)" in first_output
    assert "56 organisation changes (56 created, 0 updated)" in first_output
    assert "53 organisations (0 created, 0 updated)" in second_output
    assert "56 organisation changes (0 created, 0 updated)" in second_output
    assert "600 members (0 created, 0 updated)" in second_output
    assert "8 staff accounts (0 created, 0 updated)" in second_output
    assert "7 officer roles (0 created, 0 updated)" in second_output
    assert Member.objects.values("phone").distinct().count() == 601
    assert Member.objects.values("user").distinct().count() == 601
    change_keys = OrganisationChange.objects.values_list("organisation", "kind", "effective_on")
    assert len(set(change_keys)) == 109


def test_seeding_again_repairs_demo_rows_edited_since(demo):
    # given
    before = {
        "organisations": tree_shape(),
        "members": list(
            Member.objects.order_by("phone").values_list("phone", "full_name", "job_title", "user")
        ),
    }
    Organisation.objects.get(code="cdcs-everwin").move(
        Organisation.objects.get(code="cd-phuong-cua-lo"), "sorted-child"
    )
    renamed = Organisation.objects.get(code="cdcs-sua-th")
    renamed.name = "Công đoàn đổi tên"
    renamed.save()
    edited, deleted = Member.objects.exclude(phone="0912345678").order_by("phone")[:2]
    Member.objects.filter(pk=edited.pk).update(job_title="Bảo vệ")
    deleted.delete()  # its user stays behind

    # when
    output = seed()

    # then
    assert "53 organisations (0 created, 2 updated)" in output
    assert "600 members (1 created, 1 updated)" in output
    assert tree_shape() == before["organisations"]
    assert (
        list(Member.objects.order_by("phone").values_list("phone", "full_name", "job_title", "user"))
        == before["members"]
    )
    assert totals() == EXPECTED_TOTALS


def test_demo_data_is_deterministic():
    # given
    ctx = SeedContext(password=DEFAULT_DEMO_PASSWORD)

    # when
    first, second = build_members(ctx.rng("members")), build_members(ctx.rng("members"))

    # then
    assert first == second
    assert len(first) == 600


def test_tree_has_one_federation_and_the_levels_of_the_charter(demo):
    # then
    roots = Organisation.get_root_nodes()
    assert [(root.code, root.level) for root in roots] == [("ldld-nghe-an", OrganisationLevel.FEDERATION)]
    by_level = {level: Organisation.objects.filter(level=level) for level in OrganisationLevel.values}
    assert by_level[OrganisationLevel.FEDERATION].count() == 1
    assert by_level[OrganisationLevel.UPPER].count() == 16
    # Since 1 July 2025 the only upper-level unions are the commune and ward unions.
    assert sorted(by_level[OrganisationLevel.UPPER].active().values_list("name", flat=True)) == [
        "Công đoàn phường Cửa Lò",
        "Công đoàn phường Thành Vinh",
        "Công đoàn phường Trường Vinh",
        "Công đoàn xã Hưng Nguyên",
    ]
    assert by_level[OrganisationLevel.GRASSROOTS].count() == 29
    assert by_level[OrganisationLevel.UNIT].count() == 7
    for organisation in Organisation.objects.exclude(level=OrganisationLevel.FEDERATION).active():
        parent = organisation.get_parent()
        expected = {
            OrganisationLevel.UPPER: {OrganisationLevel.FEDERATION},
            OrganisationLevel.GRASSROOTS: {OrganisationLevel.FEDERATION, OrganisationLevel.UPPER},
            OrganisationLevel.UNIT: {OrganisationLevel.GRASSROOTS},
        }[organisation.level]
        assert parent.level in expected, organisation.code
        assert parent.is_active, organisation.code
    assert Organisation.objects.get(code="cdcs-luxshare").get_parent().code == "cd-kkt-kcn"


def _history(code: str) -> list[tuple[str, date, str | None]]:
    """(kind, effective date, new parent's code) of an organisation's changes, oldest first."""
    changes = OrganisationChange.objects.filter(organisation__code=code).order_by("effective_on", "pk")
    return [(c.kind, c.effective_on, c.new_parent.code if c.new_parent else None) for c in changes]


def test_tree_keeps_the_2025_reorganisation_as_history(demo):
    # then the six unions dissolved on 1 March 2025 and the upper-level unions stopped on 1 July 2025
    # keep their rows, dissolved on those dates, with nothing active left under them
    dissolved = {
        org.code: org.dissolved_on for org in Organisation.objects.filter(status=OrganisationStatus.DISSOLVED)
    }
    march, july = date(2025, 3, 1), date(2025, 7, 1)
    assert {code for code, day in dissolved.items() if day == march} == {
        "cd-vien-chuc",
        "cd-nganh-nong-nghiep",
        "cd-nganh-xay-dung",
        "cd-nganh-gtvt",
        "cd-nganh-y-te",
        "cd-nganh-cong-thuong",
    }
    assert {code for code, day in dissolved.items() if day == july} == {
        "cd-kkt-dong-nam",
        "cd-nganh-giao-duc",
        "cd-cac-co-quan-dang",
        "cd-ubnd-tinh",
        "ldld-tp-vinh",
        "ldld-dien-chau",
    }
    for organisation in Organisation.objects.filter(status=OrganisationStatus.DISSOLVED):
        assert not organisation.get_children().active().exists(), organisation.code
    assert not Organisation.objects.filter(status=OrganisationStatus.MERGED).exists()

    # and a hospital's union went from the health-sector union to the provincial committee's union,
    # then to the federation; a Luxshare's from the economic-zone union to the federation, then to its commune
    assert _history("cdcs-bv-huu-nghi") == [
        (ChangeKind.CREATED, date(1970, 3, 1), "cd-nganh-y-te"),
        (ChangeKind.REPARENTED, march, "cd-ubnd-tinh"),
        (ChangeKind.REPARENTED, july, "ldld-nghe-an"),
    ]
    assert _history("cdcs-luxshare") == [
        (ChangeKind.CREATED, date(2020, 6, 12), "cd-kkt-dong-nam"),
        (ChangeKind.REPARENTED, july, "ldld-nghe-an"),
        (ChangeKind.REPARENTED, date(2025, 7, 28), "cd-kkt-kcn"),
    ]
    assert _history("cd-ubnd-tinh") == [
        (ChangeKind.CREATED, march, "ldld-nghe-an"),
        (ChangeKind.DISSOLVED, july, None),
    ]
    assert Organisation.objects.get(code="cd-kkt-dong-nam").name == "Công đoàn Khu kinh tế Đông Nam"
    assert not OrganisationChange.objects.filter(applied_at__isnull=True).exists()


def test_members_have_valid_phones_and_belong_to_active_grassroots_or_units(demo):
    # then
    members = list(Member.objects.select_related("organisation", "user"))
    assert len(members) == 601
    for member in members:
        assert normalize_phone(member.phone) == member.phone
        assert member.organisation.level in {OrganisationLevel.GRASSROOTS, OrganisationLevel.UNIT}
        assert member.organisation.is_active
        assert member.search_name == fold(member.full_name)
        assert 1965 <= member.date_of_birth.year <= 2005
        assert member.joined_on.year - member.date_of_birth.year >= 18
        assert member.user.get_full_name() == member.full_name
    assert Member.objects.filter(status=MemberStatus.SUSPENDED).count() == 6
    assert Member.objects.filter(status=MemberStatus.LEFT).count() == 9
    assert Member.objects.exclude(card_number__startswith="40").count() == 0
    per_upper = {
        upper.code: Member.objects.in_subtree_of([upper]).count()
        for upper in Organisation.objects.filter(level=OrganisationLevel.UPPER).active()
    }
    assert per_upper == {
        "cd-kkt-kcn": 135,  # the commune union around KCN VSIP holds the most members
        "cd-phuong-cua-lo": 27,
        "cd-phuong-truong-vinh": 23,
        "cd-phuong-thanh-vinh": 20,
    }
    assert not Member.objects.exclude(organisation__status=OrganisationStatus.ACTIVE).exists()


def test_demo_member_signs_in_with_phone_and_demo_password(demo):
    # when
    user = authenticate(username="0912345678", password=DEFAULT_DEMO_PASSWORD)
    other = Member.objects.exclude(phone="0912345678").order_by("phone").first()
    other_user = authenticate(username=other.phone, password=DEFAULT_DEMO_PASSWORD)

    # then
    assert user is not None
    assert (user.member.full_name, user.member.organisation.code) == ("Nguyễn Văn An", "cdcs-luxshare")
    assert other_user == other.user
    assert authenticate(username="0912345678", password="sai-mat-khau") is None


def test_officers_reach_the_wagtail_admin_with_their_roles(client, demo):
    # when
    user = authenticate(username="bientap.luxshare", password=DEFAULT_DEMO_PASSWORD)
    client.force_login(user)
    response = client.get("/admin/")

    # then
    assert response.status_code == 200
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("wagtailadmin.access_admin")
    assert sorted(user.groups.values_list("name", flat=True)) == ["Content editors", "Union officers"]
    roles = Officer.objects.order_by("user__username").values_list(
        "user__username", "role", "organisation__code"
    )
    assert list(roles) == [
        ("bientap.kcn", "editor", "cd-kkt-kcn"),
        ("bientap.ldld", "editor", "ldld-nghe-an"),
        ("bientap.luxshare", "editor", "cdcs-luxshare"),
        ("phananh.ldld", "feedback_handler", "ldld-nghe-an"),
        ("vanthu.everwin", "document_clerk", "cdcs-everwin"),
        ("vanthu.ldld", "document_clerk", "ldld-nghe-an"),
        ("vanthu.luxshare", "document_clerk", "cdcs-luxshare"),
    ]
    admin = authenticate(username="admin", password=DEFAULT_DEMO_PASSWORD)
    assert admin.is_superuser


def test_output_ends_with_the_demo_credentials(demo):
    # when
    output = seed()

    # then
    last_lines = output.strip().splitlines()[-9:]
    assert [line.split()[:2] for line in last_lines] == [
        ["superuser", "admin"],
        ["editor", "bientap.ldld"],
        ["editor", "bientap.kcn"],
        ["editor", "bientap.luxshare"],
        ["feedback_handler", "phananh.ldld"],
        ["document_clerk", "vanthu.ldld"],
        ["document_clerk", "vanthu.luxshare"],
        ["document_clerk", "vanthu.everwin"],
        ["member", "0912345678"],
    ]
    assert all(f"password: {DEFAULT_DEMO_PASSWORD}" in line for line in last_lines)


def address_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("Demo accounts"))


@pytest.mark.parametrize(
    ("environment", "base"),
    [
        ({"PORT": "8765"}, "http://127.0.0.1:8765"),
        ({"HOST": "0.0.0.0", "PORT": "9000"}, "http://0.0.0.0:9000"),
        ({"HOST": "::1", "PORT": "8001"}, "http://[::1]:8001"),
    ],
)
def test_the_printed_addresses_are_where_make_run_serves(demo, monkeypatch, environment, base):
    # given the HOST and PORT `make run` passes on to seed_demo and then serves at
    monkeypatch.delenv("HOST", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    # when
    output = seed()

    # then
    assert address_line(output) == f"Demo accounts (admin: {base}/admin/, API: {base}/graphql/):"


@override_settings(WAGTAILADMIN_BASE_URL="https://demo.congdoan.example.vn")
def test_without_host_or_port_the_admin_base_url_is_printed(monkeypatch):
    # given
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)

    # when
    output = call_seed_organisations()

    # then
    assert address_line(output) == (
        "Demo accounts (admin: https://demo.congdoan.example.vn/admin/, "
        "API: https://demo.congdoan.example.vn/graphql/):"
    )


@override_settings(PRODUCTION=True, WAGTAILADMIN_BASE_URL="https://demo.congdoan.example.vn/")
def test_in_production_the_public_address_is_printed_whatever_the_port(monkeypatch):
    from cms.core.management.commands.seed_demo import server_url

    monkeypatch.setenv("PORT", "8765")

    assert server_url() == "https://demo.congdoan.example.vn"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_passes_its_host_and_port_to_seed_demo():
    # when
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "HOST=0.0.0.0", "PORT=8765"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()

    # then
    seed_line = next(line for line in dry_run if "manage.py seed_demo" in line)
    assert seed_line.startswith("HOST=0.0.0.0 PORT=8765 ")
    assert any(line.endswith("manage.py runserver 0.0.0.0:8765") for line in dry_run)


def call_seed_organisations() -> str:
    out = io.StringIO()
    call_command("seed_demo", "--only=organisations", stdout=out)
    return out.getvalue()


def test_admin_password_comes_from_the_environment(monkeypatch):
    # given
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", OWN_PASSWORD)

    # when
    seed()

    # then
    assert authenticate(username="admin", password=OWN_PASSWORD) is not None
    assert authenticate(username="admin", password=DEFAULT_DEMO_PASSWORD) is None


@override_settings(PRODUCTION=True)
def test_refuses_in_production():
    # when
    with pytest.raises(CommandError, match="Refusing to load demo data"):
        seed()

    # then
    assert totals() == {"organisations": 0, "changes": 0, "members": 0, "users": 0, "officers": 0}


@override_settings(PRODUCTION=True)
@pytest.mark.parametrize("password", [None, DEFAULT_DEMO_PASSWORD, "12345678"])
def test_allowed_production_still_refuses_the_default_or_a_weak_password(monkeypatch, password):
    # given
    if password is not None:
        monkeypatch.setenv("DEMO_ADMIN_PASSWORD", password)

    # when
    with pytest.raises(CommandError, match="DEMO_ADMIN_PASSWORD"):
        seed("--allow-production")

    # then
    assert Organisation.objects.count() == 0


@override_settings(PRODUCTION=True)
def test_allowed_production_seeds_with_its_own_password_and_does_not_print_it(monkeypatch):
    # given
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", OWN_PASSWORD)

    # when
    output = seed("--allow-production")

    # then
    assert totals() == EXPECTED_TOTALS
    assert OWN_PASSWORD not in output
    assert authenticate(username="admin", password=OWN_PASSWORD) is not None


def test_unknown_seeder_name_is_refused_before_anything_is_written():
    with pytest.raises(CommandError, match="Unknown seeders: nope"):
        call_command("seed_demo", "--only=organisations,nope", stdout=io.StringIO())

    assert Organisation.objects.count() == 0
