"""The demo union tree of Nghệ An after the 2025 reorganisation, with the history of how it got there.

What the history follows (sources in the demo's review notes):

- 1 March 2025: the federation dissolved six of its upper-level unions (Viên chức, Nông nghiệp
  và PTNT, Xây dựng, Giao thông vận tải, Y tế, Công Thương), set up the Công đoàn các cơ quan
  Đảng tỉnh Nghệ An and the Công đoàn Ủy ban nhân dân tỉnh Nghệ An, and moved the grassroots
  unions of the dissolved ones to those two and to the district federations (announced on
  4 March 2025).
- 19 June 2025: the grassroots unions of state agencies and fully state-funded schools under the
  Công đoàn ngành Giáo dục ended; its non-public schools' unions moved to the federation.
- 1 July 2025: the upper-level unions stopped (24 of them, announced on 24 June 2025): the district
  federations, the Công đoàn Khu kinh tế Đông Nam (founded April 2012), the Giáo dục union and the
  two unions set up in March. Their grassroots unions came directly under the federation.
- From July 2025: commune and ward unions (Công đoàn xã, phường) were set up under the federation
  (Công đoàn phường Thành Vinh by decision 278/QĐ-LĐLĐ of 11 July 2025; 23 of them announced on
  28 July 2025), and grassroots unions moved under them.

Every change is made through ``cms.organisations.services`` (create, reparent, dissolve) with its
effective date, so each one is an ``OrganisationChange`` as an officer would have recorded it, and
dissolved unions keep their rows. A change already recorded is not made again: a second run
changes nothing.

Enterprise, school and hospital unions, their placement in the tree before 2025, their addresses
and founding dates are illustrative demo data, not a register of real unions; so is the commune
union the demo's zone editor works at (code ``cd-kkt-kcn``, kept from earlier demos).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally, changed_fields
from cms.organisations.models import (
    ChangeKind,
    Organisation,
    OrganisationChange,
    OrganisationKind,
    OrganisationLevel,
    OrganisationStatus,
)
from cms.organisations.services import create_organisation, dissolve, reparent

ROOT_CODE = "ldld-nghe-an"

SECTORS_DISSOLVED = date(2025, 3, 1)  # six upper-level unions dissolved, two set up
SCHOOL_UNIONS_ENDED = date(2025, 6, 19)  # state-funded schools' unions under the Giáo dục union
UPPER_LEVEL_ENDED = date(2025, 7, 1)  # district federations and the remaining upper-level unions
THANH_VINH_FOUNDED = date(2025, 7, 11)  # decision 278/QĐ-LĐLĐ
COMMUNES_ANNOUNCED = date(2025, 7, 28)  # 23 commune and ward unions announced
# Kept for code that imported the earlier name: the day district federations were dissolved.
REFORM_DAY = UPPER_LEVEL_ENDED


@dataclass(frozen=True)
class Org:
    code: str
    name: str
    level: str
    kind: str
    address: str = ""
    established_on: date | None = None
    short_name: str = ""
    # For the members seeder: which jobs its members hold, and its relative share of members.
    profile: str = ""
    weight: int = 0
    children: tuple[Org, ...] = ()
    note: str = ""  # recorded with its creation

    def fields(self) -> dict:
        return {
            "name": self.name,
            "short_name": self.short_name,
            "level": self.level,
            "kind": self.kind,
            "address": self.address,
            "established_on": self.established_on,
        }


def upper(code, name, kind, address, established_on, *children, short_name="", note="") -> Org:
    return Org(
        code,
        name,
        OrganisationLevel.UPPER,
        kind,
        address,
        established_on,
        short_name=short_name,
        children=children,
        note=note,
    )


def grassroots(code, name, kind, address, established_on, profile, weight, *units) -> Org:
    return Org(
        code,
        name,
        OrganisationLevel.GRASSROOTS,
        kind,
        address,
        established_on,
        profile=profile,
        weight=weight,
        children=units,
    )


def unit(code, name, profile, weight) -> Org:
    return Org(
        code, name, OrganisationLevel.UNIT, OrganisationKind.DEPARTMENT, profile=profile, weight=weight
    )


K = OrganisationKind
PROVINCE = "Tỉnh Nghệ An"
VSIP = "KCN VSIP Nghệ An, xã Hưng Nguyên, tỉnh Nghệ An"
WHA = "KCN WHA Industrial Zone 1 Nghệ An, tỉnh Nghệ An"
NAM_CAM = "KCN Nam Cấm, Khu kinh tế Đông Nam, tỉnh Nghệ An"
BAC_VINH = "KCN Bắc Vinh, tỉnh Nghệ An"
HOANG_MAI = "KCN Hoàng Mai I, tỉnh Nghệ An"
DONG_HOI = "KCN Đông Hồi, tỉnh Nghệ An"
THANH_VINH = "Phường Thành Vinh, tỉnh Nghệ An"
TRUONG_VINH = "Phường Trường Vinh, tỉnh Nghệ An"
CUA_LO = "Phường Cửa Lò, tỉnh Nghệ An"

_COMMUNE_NOTE = (
    "Thành lập công đoàn xã, phường trực thuộc Liên đoàn Lao động tỉnh sau khi sắp xếp đơn vị "
    "hành chính cấp xã; công bố ngày 28/7/2025."
)

# --- Today's tree ------------------------------------------------------------------------------

# The demo's zone editor (bientap.kcn) works here: the commune union of the area around KCN VSIP
# Nghệ An. Its code is the one earlier demos gave the industrial-zone union.
HUNG_NGUYEN = upper(
    "cd-kkt-kcn",
    "Công đoàn xã Hưng Nguyên",
    K.COMMUNE,
    "Xã Hưng Nguyên, tỉnh Nghệ An",
    COMMUNES_ANNOUNCED,
    grassroots(
        "cdcs-luxshare",
        "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An",
        K.ENTERPRISE,
        VSIP,
        date(2020, 6, 12),
        "electronics",
        8,
        unit("cdbp-luxshare-smt", "Công đoàn bộ phận Xưởng SMT", "electronics", 8),
        unit("cdbp-luxshare-lap-rap", "Công đoàn bộ phận Xưởng lắp ráp", "electronics", 10),
        unit("cdbp-luxshare-kho-van", "Tổ công đoàn Kho vận", "electronics", 3),
    ),
    grassroots(
        "cdcs-everwin",
        "Công đoàn cơ sở Công ty TNHH Everwin Precision Việt Nam",
        K.ENTERPRISE,
        VSIP,
        date(2021, 3, 8),
        "electronics",
        12,
    ),
    short_name="CĐ xã Hưng Nguyên",
    note=_COMMUNE_NOTE,
)

THANH_VINH_WARD = upper(
    "cd-phuong-thanh-vinh",
    "Công đoàn phường Thành Vinh",
    K.COMMUNE,
    THANH_VINH,
    THANH_VINH_FOUNDED,
    grassroots(
        "cdcs-khach-san-kim-lien",
        "Công đoàn cơ sở Công ty CP Khách sạn Kim Liên Vinh",
        K.ENTERPRISE,
        THANH_VINH,
        date(2001, 5, 19),
        "retail",
        3,
    ),
    grassroots(
        "cdcs-xang-dau-nghe-an",
        "Công đoàn cơ sở Công ty CP Thương mại Xăng dầu Nghệ An",
        K.ENTERPRISE,
        THANH_VINH,
        date(2006, 1, 9),
        "retail",
        3,
    ),
    note="Quyết định số 278/QĐ-LĐLĐ ngày 11/7/2025 của Liên đoàn Lao động tỉnh Nghệ An.",
)

TRUONG_VINH_WARD = upper(
    "cd-phuong-truong-vinh",
    "Công đoàn phường Trường Vinh",
    K.COMMUNE,
    TRUONG_VINH,
    COMMUNES_ANNOUNCED,
    grassroots(
        "cdcs-sieu-thi-vinh-center",
        "Công đoàn cơ sở Công ty TNHH Trung tâm Thương mại Vinh Center",
        K.ENTERPRISE,
        TRUONG_VINH,
        date(2014, 4, 30),
        "retail",
        4,
    ),
    grassroots(
        "cdcs-van-tai-o-to",
        "Công đoàn cơ sở Công ty CP Vận tải ô tô Nghệ An",
        K.ENTERPRISE,
        TRUONG_VINH,
        date(1992, 2, 14),
        "transport",
        3,
    ),
    note=_COMMUNE_NOTE,
)

CUA_LO_WARD = upper(
    "cd-phuong-cua-lo",
    "Công đoàn phường Cửa Lò",
    K.COMMUNE,
    CUA_LO,
    COMMUNES_ANNOUNCED,
    grassroots(
        "nd-nghe-ca-cua-lo",
        "Nghiệp đoàn cơ sở Nghề cá Cửa Lò",
        K.TRADE,
        CUA_LO,
        date(2010, 8, 16),
        "fishing",
        3,
    ),
    grassroots(
        "cdcs-du-lich-cua-lo",
        "Công đoàn cơ sở Công ty CP Du lịch Cửa Lò",
        K.ENTERPRISE,
        CUA_LO,
        date(2000, 4, 1),
        "retail",
        2,
    ),
    grassroots(
        "cdcs-cang-nghe-tinh",
        "Công đoàn cơ sở Công ty CP Cảng Nghệ Tĩnh",
        K.ENTERPRISE,
        CUA_LO,
        date(1979, 6, 20),
        "transport",
        3,
    ),
    note=_COMMUNE_NOTE,
)

# Grassroots unions directly under the federation since 1 July 2025.
DIRECT = (
    grassroots(
        "cdcs-sunny-optical",
        "Công đoàn cơ sở Công ty TNHH Quang học Sunny Nghệ An",
        K.ENTERPRISE,
        WHA,
        date(2022, 9, 15),
        "electronics",
        10,
    ),
    grassroots(
        "cdcs-ju-teng",
        "Công đoàn cơ sở Công ty TNHH Linh kiện Ju Teng Nghệ An",
        K.ENTERPRISE,
        WHA,
        date(2023, 2, 20),
        "electronics",
        8,
    ),
    grassroots(
        "cdcs-may-nghe-an",
        "Công đoàn cơ sở Công ty CP May Nghệ An",
        K.ENTERPRISE,
        BAC_VINH,
        date(2004, 10, 1),
        "garment",
        12,
    ),
    grassroots(
        "cdcs-may-hoa-phong",
        "Công đoàn cơ sở Công ty TNHH May mặc Hoa Phong Nam Cấm",
        K.ENTERPRISE,
        NAM_CAM,
        date(2016, 5, 19),
        "garment",
        11,
    ),
    grassroots(
        "cdcs-may-thien-phuc",
        "Công đoàn cơ sở Công ty TNHH May Thiên Phúc Hoàng Mai",
        K.ENTERPRISE,
        HOANG_MAI,
        date(2018, 8, 2),
        "garment",
        10,
    ),
    grassroots(
        "cdcs-giay-viet-hung",
        "Công đoàn cơ sở Công ty TNHH Giày da Việt Hưng",
        K.ENTERPRISE,
        NAM_CAM,
        date(2017, 11, 9),
        "footwear",
        9,
    ),
    grassroots(
        "cdcs-ton-hoa-sen",
        "Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An",
        K.ENTERPRISE,
        DONG_HOI,
        date(2015, 7, 28),
        "factory",
        4,
    ),
    grassroots(
        "cdcs-bia-song-lam",
        "Công đoàn cơ sở Công ty CP Bia Sài Gòn - Sông Lam",
        K.ENTERPRISE,
        NAM_CAM,
        date(2008, 12, 22),
        "factory",
        4,
    ),
    grassroots(
        "cdcs-bv-huu-nghi",
        "Công đoàn Bệnh viện Hữu nghị Đa khoa Nghệ An",
        K.HOSPITAL,
        PROVINCE,
        date(1970, 3, 1),
        "hospital",
        6,
        unit("cdbp-bvhn-hoi-suc", "Công đoàn khoa Hồi sức tích cực - Chống độc", "hospital", 3),
        unit("cdbp-bvhn-cap-cuu", "Công đoàn khoa Cấp cứu", "hospital", 3),
    ),
    grassroots(
        "cdcs-bv-san-nhi",
        "Công đoàn Bệnh viện Sản Nhi Nghệ An",
        K.HOSPITAL,
        PROVINCE,
        date(2008, 12, 31),
        "hospital",
        6,
    ),
    grassroots(
        "cdcs-cap-nuoc",
        "Công đoàn cơ sở Công ty CP Cấp nước Nghệ An",
        K.ENTERPRISE,
        PROVINCE,
        date(1993, 4, 1),
        "construction",
        4,
    ),
    grassroots(
        "cdcs-thuy-loi-bac",
        "Công đoàn cơ sở Công ty TNHH MTV Thủy lợi Bắc Nghệ An",
        K.ENTERPRISE,
        PROVINCE,
        date(1993, 6, 1),
        "agriculture",
        3,
    ),
    grassroots(
        "cdcs-may-sunrise-dien-chau",
        "Công đoàn cơ sở Công ty TNHH May Sunrise Diễn Châu",
        K.ENTERPRISE,
        PROVINCE,
        date(2019, 10, 7),
        "garment",
        9,
    ),
    grassroots(
        "cdcs-thuy-san-dien-chau",
        "Công đoàn cơ sở Công ty CP Chế biến thủy sản Diễn Châu",
        K.ENTERPRISE,
        PROVINCE,
        date(2005, 3, 3),
        "factory",
        3,
    ),
    grassroots(
        "cdcs-htx-hai-san-dien-ngoc",
        "Công đoàn Hợp tác xã Chế biến hải sản Diễn Ngọc",
        K.COOPERATIVE,
        PROVINCE,
        date(2012, 7, 1),
        "fishing",
        1,
    ),
    grassroots(
        "cdcs-sua-th",
        "Công đoàn cơ sở Công ty CP Thực phẩm Sữa TH",
        K.ENTERPRISE,
        PROVINCE,
        date(2010, 2, 26),
        "dairy",
        5,
        unit("cdbp-th-nha-may-sua", "Công đoàn bộ phận Nhà máy sữa tươi sạch", "dairy", 5),
        unit("cdbp-th-trang-trai", "Tổ công đoàn Trang trại bò sữa cụm 1", "dairy", 3),
    ),
    grassroots(
        "cdcs-th-school",
        "Công đoàn Trường Phổ thông TH School Nghệ An",
        K.SCHOOL,
        PROVINCE,
        date(2016, 8, 15),
        "school",
        2,
    ),
)

# --- Unions that only survive as history (dissolved; their rows stay) --------------------------


def _former(code, name, kind, established_on, *children, short_name="", note="", level=None) -> Org:
    return Org(
        code,
        name,
        level or OrganisationLevel.UPPER,
        kind,
        "",
        established_on,
        short_name=short_name,
        children=children,
        note=note,
    )


def _former_school(code, name, established_on) -> Org:
    return Org(code, name, OrganisationLevel.GRASSROOTS, K.SCHOOL, "", established_on, profile="school")


ECONOMIC_ZONE = _former(
    "cd-kkt-dong-nam",
    "Công đoàn Khu kinh tế Đông Nam",
    K.INDUSTRIAL_ZONE,
    date(2012, 4, 1),
    short_name="CĐ KKT Đông Nam",
    note="Thành lập tháng 4/2012.",
)
EDUCATION = _former(
    "cd-nganh-giao-duc",
    "Công đoàn ngành Giáo dục Nghệ An",
    K.SECTOR,
    date(1951, 1, 1),
    # Their activity ended on 19 June 2025 (state-funded schools); the rows stay under the sector union.
    _former_school("cdcs-thpt-chuyen-pbc", "Công đoàn Trường THPT chuyên Phan Bội Châu", date(1974, 9, 5)),
    _former_school("cdcs-thpt-huynh-thuc-khang", "Công đoàn Trường THPT Huỳnh Thúc Kháng", date(1960, 9, 5)),
    _former_school("cdcs-thpt-ha-huy-tap", "Công đoàn Trường THPT Hà Huy Tập", date(1965, 9, 5)),
    note="Thành lập năm 1951.",
)
PARTY_AGENCIES = _former(
    "cd-cac-co-quan-dang",
    "Công đoàn các cơ quan Đảng tỉnh Nghệ An",
    K.SECTOR,
    SECTORS_DISSOLVED,
    note="Thành lập từ ngày 01/3/2025 (công bố ngày 04/3/2025).",
)
PROVINCIAL_COMMITTEE = _former(
    "cd-ubnd-tinh",
    "Công đoàn Ủy ban nhân dân tỉnh Nghệ An",
    K.SECTOR,
    SECTORS_DISSOLVED,
    short_name="Công đoàn UBND tỉnh",
    note="Thành lập từ ngày 01/3/2025 (công bố ngày 04/3/2025).",
)
SECTOR_UNIONS = (
    _former("cd-vien-chuc", "Công đoàn Viên chức tỉnh Nghệ An", K.SECTOR, date(1996, 1, 1)),
    _former(
        "cd-nganh-nong-nghiep",
        "Công đoàn ngành Nông nghiệp và Phát triển nông thôn tỉnh Nghệ An",
        K.SECTOR,
        date(1969, 3, 14),
    ),
    _former("cd-nganh-xay-dung", "Công đoàn ngành Xây dựng tỉnh Nghệ An", K.SECTOR, date(1966, 8, 10)),
    _former("cd-nganh-gtvt", "Công đoàn ngành Giao thông vận tải tỉnh Nghệ An", K.SECTOR, date(1965, 5, 15)),
    _former("cd-nganh-y-te", "Công đoàn ngành Y tế Nghệ An", K.SECTOR, date(1960, 2, 27)),
    _former("cd-nganh-cong-thuong", "Công đoàn ngành Công Thương Nghệ An", K.SECTOR, date(2008, 9, 1)),
)
DISTRICT_FEDERATIONS = (
    _former(
        "ldld-tp-vinh",
        "Liên đoàn Lao động thành phố Vinh",
        K.FEDERATION,
        date(1976, 4, 1),
        short_name="LĐLĐ thành phố Vinh",
    ),
    _former(
        "ldld-dien-chau",
        "Liên đoàn Lao động huyện Diễn Châu",
        K.FEDERATION,
        date(1976, 4, 12),
        short_name="LĐLĐ huyện Diễn Châu",
    ),
)

TREE = Org(
    ROOT_CODE,
    "Liên đoàn Lao động tỉnh Nghệ An",
    OrganisationLevel.FEDERATION,
    K.FEDERATION,
    PROVINCE,
    date(1946, 7, 20),
    short_name="LĐLĐ Nghệ An",
    children=(
        HUNG_NGUYEN,
        THANH_VINH_WARD,
        TRUONG_VINH_WARD,
        CUA_LO_WARD,
        *DIRECT,
        ECONOMIC_ZONE,
        EDUCATION,
        PARTY_AGENCIES,
        PROVINCIAL_COMMITTEE,
        *SECTOR_UNIONS,
        *DISTRICT_FEDERATIONS,
    ),
)

# --- History: every move and dissolution, oldest first -----------------------------------------


@dataclass(frozen=True)
class Change:
    code: str
    kind: str
    effective_on: date
    note: str
    old_parent: str = ""  # a move's parent before it (checked against the tree: see _check_history)
    new_parent: str = ""


_MARCH_NOTE = (
    "Giải thể và chấm dứt hoạt động của Ban Chấp hành, Ủy ban Kiểm tra các công đoàn Viên chức, "
    "Nông nghiệp và PTNT, Xây dựng, Giao thông vận tải, Y tế, Công Thương từ ngày 01/3/2025; chuyển "
    "công đoàn cơ sở trực thuộc về Công đoàn các cơ quan Đảng tỉnh, Công đoàn UBND tỉnh và Liên đoàn "
    "Lao động các huyện, thành phố, thị xã (công bố ngày 04/3/2025)."
)
_SCHOOLS_NOTE = (
    "Kết thúc hoạt động công đoàn cơ sở tại các cơ quan, đơn vị sự nghiệp hưởng 100% lương từ ngân "
    "sách thuộc Công đoàn ngành Giáo dục từ ngày 19/6/2025; chuyển công đoàn cơ sở các đơn vị ngoài "
    "công lập về Liên đoàn Lao động tỉnh."
)
_JULY_NOTE = (
    "Kết thúc hoạt động các công đoàn cấp trên trực tiếp cơ sở từ ngày 01/7/2025 (công bố ngày "
    "24/6/2025); công đoàn cơ sở trực thuộc chuyển về Liên đoàn Lao động tỉnh quản lý."
)
_THANH_VINH_NOTE = "Chuyển về Công đoàn phường Thành Vinh (Quyết định số 278/QĐ-LĐLĐ ngày 11/7/2025)."
_COMMUNES_NOTE = "Chuyển về công đoàn xã, phường nơi đơn vị đóng trụ sở (công bố ngày 28/7/2025)."


def _moves(codes, effective_on, old_parent, new_parent, note) -> tuple[Change, ...]:
    return tuple(
        Change(code, ChangeKind.REPARENTED, effective_on, note, old_parent=old_parent, new_parent=new_parent)
        for code in codes
    )


def _dissolutions(codes, effective_on, note) -> tuple[Change, ...]:
    return tuple(Change(code, ChangeKind.DISSOLVED, effective_on, note) for code in codes)


ZONE_UNIONS = (
    "cdcs-luxshare",
    "cdcs-everwin",
    "cdcs-sunny-optical",
    "cdcs-ju-teng",
    "cdcs-may-nghe-an",
    "cdcs-may-hoa-phong",
    "cdcs-may-thien-phuc",
    "cdcs-giay-viet-hung",
    "cdcs-ton-hoa-sen",
    "cdcs-bia-song-lam",
)
VINH_UNIONS = (
    "cdcs-khach-san-kim-lien",
    "cdcs-sieu-thi-vinh-center",
    "nd-nghe-ca-cua-lo",
    "cdcs-du-lich-cua-lo",
)
DIEN_CHAU_UNIONS = ("cdcs-may-sunrise-dien-chau", "cdcs-thuy-san-dien-chau", "cdcs-htx-hai-san-dien-ngoc")
HOSPITALS = ("cdcs-bv-huu-nghi", "cdcs-bv-san-nhi")
FORMER_STATE_SCHOOLS = tuple(child.code for child in EDUCATION.children)

HISTORY: tuple[Change, ...] = (
    # 1 March 2025: six upper-level unions dissolved.
    *_moves(HOSPITALS, SECTORS_DISSOLVED, "cd-nganh-y-te", "cd-ubnd-tinh", _MARCH_NOTE),
    *_moves(
        ("cdcs-xang-dau-nghe-an",), SECTORS_DISSOLVED, "cd-nganh-cong-thuong", "ldld-tp-vinh", _MARCH_NOTE
    ),
    *_moves(
        ("cdcs-van-tai-o-to", "cdcs-cang-nghe-tinh"),
        SECTORS_DISSOLVED,
        "cd-nganh-gtvt",
        "ldld-tp-vinh",
        _MARCH_NOTE,
    ),
    *_moves(("cdcs-cap-nuoc",), SECTORS_DISSOLVED, "cd-nganh-xay-dung", "ldld-tp-vinh", _MARCH_NOTE),
    *_moves(("cdcs-thuy-loi-bac",), SECTORS_DISSOLVED, "cd-nganh-nong-nghiep", "ldld-dien-chau", _MARCH_NOTE),
    *_dissolutions((org.code for org in SECTOR_UNIONS), SECTORS_DISSOLVED, _MARCH_NOTE),
    # 19 June 2025: the Giáo dục union's state-funded schools.
    *_moves(("cdcs-th-school",), SCHOOL_UNIONS_ENDED, "cd-nganh-giao-duc", ROOT_CODE, _SCHOOLS_NOTE),
    *_dissolutions(FORMER_STATE_SCHOOLS, SCHOOL_UNIONS_ENDED, _SCHOOLS_NOTE),
    # 1 July 2025: the upper-level unions stop; their grassroots unions come under the federation.
    *_moves(ZONE_UNIONS, UPPER_LEVEL_ENDED, "cd-kkt-dong-nam", ROOT_CODE, _JULY_NOTE),
    *_moves(HOSPITALS, UPPER_LEVEL_ENDED, "cd-ubnd-tinh", ROOT_CODE, _JULY_NOTE),
    *_moves(
        (*VINH_UNIONS, "cdcs-xang-dau-nghe-an", "cdcs-van-tai-o-to", "cdcs-cang-nghe-tinh", "cdcs-cap-nuoc"),
        UPPER_LEVEL_ENDED,
        "ldld-tp-vinh",
        ROOT_CODE,
        _JULY_NOTE,
    ),
    *_moves(
        (*DIEN_CHAU_UNIONS, "cdcs-thuy-loi-bac"), UPPER_LEVEL_ENDED, "ldld-dien-chau", ROOT_CODE, _JULY_NOTE
    ),
    *_dissolutions(
        (
            "cd-kkt-dong-nam",
            "cd-nganh-giao-duc",
            "cd-cac-co-quan-dang",
            "cd-ubnd-tinh",
            *(org.code for org in DISTRICT_FEDERATIONS),
        ),
        UPPER_LEVEL_ENDED,
        _JULY_NOTE,
    ),
    # From July 2025: commune and ward unions.
    *_moves(
        ("cdcs-khach-san-kim-lien", "cdcs-xang-dau-nghe-an"),
        THANH_VINH_FOUNDED,
        ROOT_CODE,
        "cd-phuong-thanh-vinh",
        _THANH_VINH_NOTE,
    ),
    *_moves(
        ("cdcs-sieu-thi-vinh-center", "cdcs-van-tai-o-to"),
        COMMUNES_ANNOUNCED,
        ROOT_CODE,
        "cd-phuong-truong-vinh",
        _COMMUNES_NOTE,
    ),
    *_moves(
        ("nd-nghe-ca-cua-lo", "cdcs-du-lich-cua-lo", "cdcs-cang-nghe-tinh"),
        COMMUNES_ANNOUNCED,
        ROOT_CODE,
        "cd-phuong-cua-lo",
        _COMMUNES_NOTE,
    ),
    *_moves(("cdcs-luxshare", "cdcs-everwin"), COMMUNES_ANNOUNCED, ROOT_CODE, "cd-kkt-kcn", _COMMUNES_NOTE),
)


def walk(org: Org = TREE, parent: Org | None = None) -> Iterator[tuple[Org, Org | None]]:
    """Every organisation with its parent today, parents first."""
    yield org, parent
    for child in org.children:
        yield from walk(child, org)


@dataclass(frozen=True)
class FinalState:
    status: str = OrganisationStatus.ACTIVE
    dissolved_on: date | None = None


def _final_states() -> dict[str, FinalState]:
    return {
        change.code: FinalState(OrganisationStatus.DISSOLVED, change.effective_on)
        for change in HISTORY
        if change.kind == ChangeKind.DISSOLVED
    }


FINAL_STATES = _final_states()


def final_state(code: str) -> FinalState:
    return FINAL_STATES.get(code, FinalState())


def original_parents() -> dict[str, str | None]:
    """Where each organisation was created: its parent before its first move."""
    parents = {org.code: (parent.code if parent else None) for org, parent in walk()}
    for change in reversed(HISTORY):
        if change.kind == ChangeKind.REPARENTED:
            parents[change.code] = change.old_parent
    return parents


def _check_history() -> None:
    """The moves chain from each organisation's original parent to its parent today (import-time)."""
    today = {org.code: (parent.code if parent else None) for org, parent in walk()}
    where = original_parents()
    problems = []
    for change in HISTORY:
        if change.kind != ChangeKind.REPARENTED:
            continue
        if where[change.code] != change.old_parent:
            problems.append(
                f"{change.code} moves from {change.old_parent}, but is under {where[change.code]}"
            )
        where[change.code] = change.new_parent
    problems += [
        f"{code} ends under {where[code]}, not {parent}"
        for code, parent in today.items()
        if where[code] != parent
    ]
    if problems:
        raise AssertionError("Inconsistent demo history: " + "; ".join(problems))


_check_history()


def member_targets() -> list[Org]:
    """Active organisations that members belong to (grassroots and units), in tree order."""
    return [
        org for org, _ in walk() if org.weight and final_state(org.code).status == OrganisationStatus.ACTIVE
    ]


def seed(ctx: SeedContext) -> None:
    specs = list(walk())
    created = _create_missing(specs)
    changes = _seed_history()
    tally = _repair(specs, created)
    ctx.report(f"{tally.describe('organisations')}; {changes.describe('organisation changes')}")


def _by_code(codes) -> dict[str, Organisation]:
    return Organisation.objects.in_bulk(list(codes), field_name="code")


def _create_missing(specs: list[tuple[Org, Org | None]]) -> set[str]:
    """Create the demo organisations that do not exist yet, where they were first created."""
    existing = set(_by_code(spec.code for spec, _ in specs))
    missing = [(spec, parent) for spec, parent in specs if spec.code not in existing]
    if not missing:
        return set()
    first_parent = original_parents()
    depth: dict[str, int] = {}

    def depth_of(code: str) -> int:
        if code not in depth:
            parent = first_parent[code]
            depth[code] = 0 if parent is None else depth_of(parent) + 1
        return depth[code]

    created = set()
    for spec, parent in sorted(missing, key=lambda item: depth_of(item[0].code)):
        where = first_parent[spec.code]
        parent_row = Organisation.objects.filter(code=where).first() if where else None
        if parent_row is not None and not parent_row.is_active and parent is not None:
            parent_row = Organisation.objects.get(code=parent.code)  # added after its first parent ended
        create_organisation(parent_row, note=spec.note, code=spec.code, **spec.fields())
        created.add(spec.code)
    return created


def _seed_history() -> Tally:
    """Make each change of HISTORY through the services, unless it was recorded already."""
    tally = Tally()
    orgs = _by_code({c for change in HISTORY for c in (change.code, change.new_parent) if c})
    recorded = set(
        OrganisationChange.objects.filter(organisation__in=orgs.values()).values_list(
            "organisation__code", "kind", "effective_on"
        )
    )
    for change in HISTORY:
        if (change.code, change.kind, change.effective_on) in recorded:
            tally.count(False, False)
            continue
        if change.kind == ChangeKind.REPARENTED:
            reparent(orgs[change.code], orgs[change.new_parent], change.effective_on, note=change.note)
        elif change.kind == ChangeKind.DISSOLVED:
            dissolve(orgs[change.code], change.effective_on, note=change.note)
        tally.count(True, True)
    return tally


def _repair(specs: list[tuple[Org, Org | None]], created: set[str]) -> Tally:
    """Put back what someone edited in the demo organisations since they were seeded."""
    moved = _restore_parents(specs)
    orgs = _by_code(spec.code for spec, _ in specs)
    tally = Tally()
    for spec, _ in specs:
        org = orgs[spec.code]
        state = final_state(spec.code)
        values = spec.fields() | {
            "status": state.status,
            "dissolved_on": state.dissolved_on,
            "merged_into_id": None,
        }
        changed = changed_fields(org, values)
        if changed:
            org.save(update_fields=changed)
        tally.count(created=spec.code in created, changed=bool(changed) or spec.code in moved)
    return tally


def _restore_parents(specs: list[tuple[Org, Org | None]]) -> set[str]:
    """Put back under their demo parent the demo organisations someone moved elsewhere."""
    moved: set[str] = set()
    codes = [spec.code for spec, _ in specs]
    orgs = _by_code(codes)
    for spec, parent in specs:
        if parent is None:
            continue
        node, parent_node = orgs[spec.code], orgs[parent.code]
        if node.path[: -Organisation.steplen] != parent_node.path:
            node.move(parent_node, "sorted-child")
            moved.add(spec.code)
            orgs = _by_code(codes)  # a move rewrites paths
    return moved


register_seeder("organisations", seed, order=0)
