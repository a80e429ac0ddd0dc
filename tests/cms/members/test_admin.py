"""Members in the Wagtail admin: list, search, filter, create, edit, deactivate, import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cms.members.models import Member, MemberStatus, MemberTransfer
from tests import factories

VI_HEADER = "STT,Họ và tên,Số điện thoại,Ngày sinh,Giới tính,Số thẻ đoàn viên,Mã công đoàn cơ sở,Ngày vào công đoàn,Chức danh/Công việc"


def names(response) -> list[str]:
    return [m.full_name for m in response.context["object_list"]]


@pytest.fixture
def people(tree):
    return {
        "an": factories.make_member(
            tree["vsip"], phone="0912345678", full_name="Nguyễn Văn An", card_number="NA-1"
        ),
        "anh": factories.make_member(tree["hoa_sen"], phone="0912000002", full_name="Trần Thị Ánh"),
        "binh": factories.make_member(
            tree["vsip"], phone="0987000003", full_name="Lê Văn Bình", status="left"
        ),
        "cuong": factories.make_member(tree["thpt"], phone="0912000004", full_name="Phạm Văn Cường"),
    }


# --- list ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van an", ["Nguyễn Văn An"]),
        ("Nguyễn Văn An", ["Nguyễn Văn An"]),
        ("AN NGUYEN", ["Nguyễn Văn An"]),
        ("anh", ["Trần Thị Ánh"]),
        ("van", ["Lê Văn Bình", "Nguyễn Văn An"]),
        ("0912 345", ["Nguyễn Văn An"]),
        ("+84 987 000 003", ["Lê Văn Bình"]),
        ("na-1", ["Nguyễn Văn An"]),
    ],
)
def test_members_are_found_by_folded_name_phone_or_card(tree, people, kcn_client, query, expected):
    # when
    response = kcn_client.get(reverse("member:index"), {"q": query})

    # then
    assert names(response) == expected


@pytest.fixture
def namesakes(tree):
    """Names "nguyen van an" finds, closest first: the name itself, a longer name it begins,
    a name with its words in another order or among others; and names it does not find, where
    "van" or "an" only sit inside other words (search matches words and the start of the last
    one, as typed: "an" finds "Anh", never "Vân" or "Bình")."""
    for phone, full_name in [
        ("0912000011", "Nguyễn Thị Thu Vân"),
        ("0912000012", "Trần Nguyễn Văn An"),
        ("0912000013", "Nguyễn Văn Bình"),
        ("0912000014", "Nguyễn Văn Anh"),
        ("0912000015", "Lê Thị Hoa"),
        ("0912000016", "Nguyễn Văn An"),
        ("0912000017", "An Nguyễn Văn"),
    ]:
        factories.make_member(tree["vsip"], phone=phone, full_name=full_name)


@pytest.mark.parametrize("query", ["nguyen van an", "Nguyễn Văn An", "  NGUYEN  van AN "])
def test_the_closest_names_come_first(tree, namesakes, kcn_client, query):
    # when
    response = kcn_client.get(reverse("member:index"), {"q": query})

    # then exact, then beginning with the query, then all its words; by name within each
    assert names(response) == ["Nguyễn Văn An", "Nguyễn Văn Anh", "An Nguyễn Văn", "Trần Nguyễn Văn An"]


def test_a_column_the_officer_sorts_by_overrides_the_ranking(tree, namesakes, kcn_client):
    # when
    response = kcn_client.get(reverse("member:index"), {"q": "nguyen van an", "ordering": "search_name"})

    # then
    assert names(response) == ["An Nguyễn Văn", "Nguyễn Văn An", "Nguyễn Văn Anh", "Trần Nguyễn Văn An"]


def test_a_ranked_search_takes_no_more_queries_than_the_plain_list(tree, namesakes, kcn_client):
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as plain:
        kcn_client.get(reverse("member:index"))

    # when
    with CaptureQueriesContext(connection) as searched:
        response = kcn_client.get(reverse("member:index"), {"q": "nguyen van an"})

    # then the ranking is the database's ORDER BY: the page of members is still one query (and
    # one count, which stops at FEW_MEMBERS, says whether to match names among the officer's)
    assert len(names(response)) == 4
    assert len(searched) == len(plain) + 1
    listing = [q["sql"] for q in searched.captured_queries if q["sql"].startswith('SELECT "members_member"')]
    assert len(listing) == 1
    assert "CASE WHEN" in listing[0]


def _listing_sql(client, query: str) -> tuple[list[str], str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as searched:
        response = client.get(reverse("member:index"), {"q": query})
    listing = [q["sql"] for q in searched.captured_queries if q["sql"].startswith('SELECT "members_member"')]
    return names(response), listing[0]


@pytest.mark.parametrize("query", ["nguyen van an", "van", "nguyen van a"])
def test_an_officer_with_few_members_has_names_matched_among_them_with_the_same_result(
    tree, namesakes, kcn_client, monkeypatch, query
):
    """A name is matched among the officer's members' search documents when they are few (a
    grassroots union), among everyone's otherwise (the whole province): the same members
    either way, in the same order; only the work differs."""
    from cms.members import queries

    # another union's namesakes, never in this officer's list
    factories.make_member(tree["thpt"], phone="0912000099", full_name="Nguyễn Văn An")

    among_few, sql_few = _listing_sql(kcn_client, query)
    monkeypatch.setattr(queries, "FEW_MEMBERS", 1)
    among_all, sql_all = _listing_sql(kcn_client, query)

    assert among_few == among_all and among_few
    # the officer's members inside the name match, or not
    assert sql_few.count('FROM "members_member"') == 2 and sql_all.count('FROM "members_member"') == 1


def test_members_are_filtered_by_organisation_subtree_and_status(tree, people, kcn_client):
    # when
    in_vsip = kcn_client.get(reverse("member:index"), {"organisation": tree["vsip"].pk})
    in_kcn = kcn_client.get(reverse("member:index"), {"organisation": tree["kcn"].pk})
    left = kcn_client.get(reverse("member:index"), {"status": "left"})
    outside = kcn_client.get(reverse("member:index"), {"organisation": tree["thpt"].pk})

    # then
    assert names(in_vsip) == ["Lê Văn Bình", "Nguyễn Văn An"]
    assert names(in_kcn) == ["Lê Văn Bình", "Nguyễn Văn An", "Trần Thị Ánh"]
    assert names(left) == ["Lê Văn Bình"]
    # another subtree's organisation is not a valid choice: the filter is ignored, the scope stays
    assert names(outside) == ["Lê Văn Bình", "Nguyễn Văn An", "Trần Thị Ánh"]


# --- create, edit, deactivate ---------------------------------------------------------------------


def test_creating_a_member_creates_their_user(tree, kcn_client):
    # when
    response = kcn_client.post(
        reverse("member:add"),
        {
            "full_name": "Hoàng Thị Dung",
            "phone": "0912.111.222",
            "organisation": tree["hoa_sen"].pk,
            "date_of_birth": "1994-08-19",
            "gender": "female",
            "card_number": "",
            "joined_on": "",
            "job_title": "Công nhân",
            "password": "",
        },
    )

    # then
    assert response.status_code == 302
    member = Member.objects.get(phone="0912111222")
    assert (member.full_name, member.organisation, member.card_number, member.job_title) == (
        "Hoàng Thị Dung",
        tree["hoa_sen"],
        None,
        "Công nhân",
    )
    assert (member.user.username, member.user.has_usable_password()) == ("0912111222", False)


def test_creating_a_member_with_a_password_sets_it(tree, kcn_client):
    # when
    kcn_client.post(
        reverse("member:add"),
        {
            "full_name": "Hoàng Thị Dung",
            "phone": "0912111222",
            "organisation": tree["hoa_sen"].pk,
            "password": "Mat-khau-2026!",
        },
    )

    # then
    assert Member.objects.get(phone="0912111222").user.check_password("Mat-khau-2026!") is True


def test_creating_a_member_with_a_taken_phone_shows_the_error(tree, people, kcn_client):
    # when
    response = kcn_client.post(
        reverse("member:add"),
        {"full_name": "Người trùng số", "phone": "+84912345678", "organisation": tree["vsip"].pk},
    )

    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {"phone": ["Member with this Phone number already exists."]}
    assert Member.objects.count() == 4


def test_editing_a_member_and_moving_them_records_a_transfer(tree, people, kcn_officer, kcn_client):
    # given
    an = people["an"]

    # when
    response = kcn_client.post(
        reverse("member:edit", args=[an.pk]),
        {
            "full_name": "Nguyễn Văn An",
            "phone": "0912345678",
            "organisation": tree["hoa_sen"].pk,
            "card_number": "NA-1",
            "job_title": "Tổ trưởng",
            "status": "active",
        },
    )

    # then
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.organisation, an.job_title) == (tree["hoa_sen"], "Tổ trưởng")
    transfer = MemberTransfer.objects.get(member=an)
    assert (transfer.from_organisation, transfer.to_organisation, transfer.recorded_by) == (
        tree["vsip"],
        tree["hoa_sen"],
        kcn_officer.user,
    )


def test_deactivating_a_member(tree, people, kcn_client):
    # when
    page = kcn_client.get(reverse("member:deactivate", args=[people["an"].pk]))
    response = kcn_client.post(reverse("member:deactivate", args=[people["an"].pk]), {"status": "suspended"})

    # then
    assert page.status_code == 200
    assert (response.status_code, response["Location"]) == (302, reverse("member:index"))
    assert Member.objects.get(pk=people["an"].pk).status == MemberStatus.SUSPENDED


# --- import ---------------------------------------------------------------------------------------


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_importing_a_good_file_through_the_admin(tree, kcn_client):
    # given
    content = (
        "\ufeff" + VI_HEADER + "\r\n"
        "1,Nguyễn Văn An,0912345678,15/03/1990,Nam,NA-000123,cdcs-luxshare,01/06/2015,Công nhân may\r\n"
        "2,Lê Thị Bình,0987654321,02/09/1995,Nữ,,cdcs-hoa-sen,,Kế toán\r\n"
    ).encode()

    # when
    response = kcn_client.post(reverse("member:import"), {"file": upload(content, "danh-sach.csv")})

    # then
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.ok, report.created, report.updated) == (True, 2, 0)
    assert "2 rows read: 2 members created, 0 updated." in response.content.decode()
    assert sorted(Member.objects.values_list("phone", "organisation__code")) == [
        ("0912345678", "cdcs-luxshare"),
        ("0987654321", "cdcs-hoa-sen"),
    ]


def test_importing_a_file_with_bad_rows_through_the_admin_imports_nothing(tree, kcn_client):
    # given
    content = (
        VI_HEADER + "\r\n"
        "1,Nguyễn Văn An,0912345678,15/03/1990,Nam,,cdcs-luxshare,,\r\n"
        "2,Lê Thị Bình,09876,,Nữ,,cdcs-thpt-htk,,\r\n"
    ).encode()

    # when
    response = kcn_client.post(reverse("member:import"), {"file": upload(content, "danh-sach.csv")})

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert '<tr class="import-row-error" data-row="3">' in html
    assert (
        "“09876” is not a Vietnamese mobile number.<br>“cdcs-thpt-htk” is not among the organisations you manage."
        in html
    )
    assert "1 of 2 rows has errors. Nothing was imported." in html
    assert Member.objects.count() == 0


def test_importing_an_xlsx_for_a_chosen_organisation_and_updating_existing_members(tree, kcn_client):
    # given
    existing = factories.make_member(tree["hoa_sen"], phone="0912000001", full_name="Nguyen Van An")
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Số điện thoại", "Giới tính"])
    workbook.active.append(["Nguyễn Văn An", "0912000001", "Nam"])
    workbook.active.append(["Lê Thị Bình", 912000002, "Nữ"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    # when
    response = kcn_client.post(
        reverse("member:import"),
        {
            "file": upload(buffer.getvalue(), "ds.xlsx"),
            "organisation": tree["vsip"].pk,
            "update_existing": "on",
        },
    )

    # then
    report = response.context["report"]
    assert (report.ok, report.created, report.updated) == (True, 1, 1)
    existing.refresh_from_db()
    assert (existing.full_name, existing.organisation, existing.gender) == (
        "Nguyễn Văn An",
        tree["vsip"],
        "male",
    )
    assert Member.objects.get(phone="0912000002").organisation == tree["vsip"]


def test_the_import_template_downloads(tree, kcn_client):
    # when
    xlsx = kcn_client.get(reverse("member:import_template"))
    csv = kcn_client.get(reverse("member:import_template"), {"format": "csv"})

    # then
    assert xlsx["Content-Disposition"] == 'attachment; filename="mau-danh-sach-doan-vien.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[1]] == [
        "STT",
        "Họ và tên",
        "Số điện thoại",
        "Ngày sinh",
        "Giới tính",
        "Số thẻ đoàn viên",
        "Mã công đoàn cơ sở",
        "Ngày vào công đoàn",
        "Chức danh/Công việc",
    ]
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.decode("utf-8-sig").splitlines()[0] == VI_HEADER


def test_the_member_list_does_not_query_per_row(tree, kcn_client):
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.make_member(tree["vsip"], phone="0912000001")
    with CaptureQueriesContext(connection) as few:
        kcn_client.get(reverse("member:index"))
    for n in range(20):
        factories.make_member(tree["hoa_sen"] if n % 2 else tree["vsip"], phone=f"09130000{n:02d}")

    # when
    with CaptureQueriesContext(connection) as many:
        response = kcn_client.get(reverse("member:index"))

    # then
    assert len(response.context["object_list"]) == 21
    assert len(many) == len(few)
