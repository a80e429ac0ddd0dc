"""The demo union tree of Nghệ An, after the 2025 reform, with the history of how it got there.

The tree below is the state today. Two organisations only survive as history: the district
federation of Diễn Châu, dissolved on 1 July 2025 when district federations were abolished (its
grassroots unions moved to the new Công đoàn xã Diễn Châu), and the transport sector union,
merged into the construction sector union on 1 March 2025 when the two departments merged. Both
keep their rows, without children, and ``HISTORY`` records every move as an OrganisationChange.

Enterprise and agency names are realistic demo data, not a register of real unions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally, changed_fields, upsert
from cms.organisations.models import (
    ChangeKind,
    Organisation,
    OrganisationChange,
    OrganisationKind,
    OrganisationLevel,
    OrganisationStatus,
)

ROOT_CODE = "ldld-nghe-an"
REFORM_DAY = date(2025, 7, 1)  # district federations dissolved, commune and ward unions set up
SECTOR_MERGER_DAY = date(2025, 3, 1)  # provincial departments merged


@dataclass(frozen=True)
class Org:
    code: str
    name: str
    level: str
    kind: str
    address: str = ""
    established_on: date | None = None
    short_name: str = ""
    status: str = OrganisationStatus.ACTIVE
    dissolved_on: date | None = None
    merged_into: str = ""
    # For the members seeder: which jobs its members hold, and its relative share of members.
    profile: str = ""
    weight: int = 0
    children: tuple[Org, ...] = ()

    def values(self) -> dict:
        return {
            "name": self.name,
            "short_name": self.short_name,
            "level": self.level,
            "kind": self.kind,
            "status": self.status,
            "address": self.address,
            "established_on": self.established_on,
            "dissolved_on": self.dissolved_on,
        }


def upper(code, name, kind, address, established_on, *children, short_name="", **extra) -> Org:
    return Org(
        code,
        name,
        OrganisationLevel.UPPER,
        kind,
        address,
        established_on,
        short_name=short_name,
        children=children,
        **extra,
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
VSIP = "KCN VSIP Nghệ An, xã Hưng Nguyên, tỉnh Nghệ An"
WHA = "KCN WHA Industrial Zone 1 Nghệ An, xã Nghi Lộc, tỉnh Nghệ An"
NAM_CAM = "KCN Nam Cấm, Khu kinh tế Đông Nam, xã Nghi Lộc, tỉnh Nghệ An"
BAC_VINH = "KCN Bắc Vinh, phường Vinh Phú, tỉnh Nghệ An"
HOANG_MAI = "KCN Hoàng Mai I, phường Quỳnh Mai, tỉnh Nghệ An"
DONG_HOI = "KCN Đông Hồi, phường Tân Mai, tỉnh Nghệ An"

INDUSTRIAL_ZONES = upper(
    "cd-kkt-kcn",
    "Công đoàn các Khu kinh tế, công nghiệp tỉnh Nghệ An",
    K.INDUSTRIAL_ZONE,
    "Số 1 đường Phan Đăng Lưu, phường Trường Vinh, tỉnh Nghệ An",
    date(2009, 4, 16),
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
        "cdcs-go-nghe-an",
        "Công đoàn cơ sở Công ty CP Chế biến gỗ Nghệ An",
        K.ENTERPRISE,
        NAM_CAM,
        date(2012, 4, 3),
        "factory",
        3,
    ),
    grassroots(
        "cdcs-bao-bi-dong-nam",
        "Công đoàn cơ sở Công ty TNHH Bao bì Đông Nam",
        K.ENTERPRISE,
        NAM_CAM,
        date(2019, 1, 14),
        "factory",
        3,
    ),
    short_name="CĐ các KKT, KCN Nghệ An",
)

EDUCATION = upper(
    "cd-nganh-giao-duc",
    "Công đoàn ngành Giáo dục Nghệ An",
    K.SECTOR,
    "Số 92 đường Lê Hồng Phong, phường Thành Vinh, tỉnh Nghệ An",
    date(1958, 11, 20),
    grassroots(
        "cdcs-thpt-chuyen-pbc",
        "Công đoàn Trường THPT chuyên Phan Bội Châu",
        K.SCHOOL,
        "Số 119 đường Lê Duẩn, phường Trường Vinh, tỉnh Nghệ An",
        date(1974, 9, 5),
        "school",
        4,
    ),
    grassroots(
        "cdcs-thpt-huynh-thuc-khang",
        "Công đoàn Trường THPT Huỳnh Thúc Kháng",
        K.SCHOOL,
        "Số 62 đường Lê Hồng Phong, phường Thành Vinh, tỉnh Nghệ An",
        date(1960, 9, 5),
        "school",
        3,
    ),
    grassroots(
        "cdcs-thpt-ha-huy-tap",
        "Công đoàn Trường THPT Hà Huy Tập",
        K.SCHOOL,
        "Số 8 đường Nguyễn Trãi, phường Trường Vinh, tỉnh Nghệ An",
        date(1965, 9, 5),
        "school",
        3,
    ),
    grassroots(
        "cdcs-thpt-dien-chau-3",
        "Công đoàn Trường THPT Diễn Châu 3",
        K.SCHOOL,
        "Xã Diễn Châu, tỉnh Nghệ An",
        date(1968, 9, 5),
        "school",
        3,
    ),
    grassroots(
        "cdcs-thpt-do-luong-1",
        "Công đoàn Trường THPT Đô Lương 1",
        K.SCHOOL,
        "Xã Đô Lương, tỉnh Nghệ An",
        date(1961, 9, 5),
        "school",
        3,
    ),
    grassroots(
        "cdcs-ptdt-noi-tru",
        "Công đoàn Trường Phổ thông Dân tộc nội trú tỉnh Nghệ An",
        K.SCHOOL,
        "Phường Vinh Hưng, tỉnh Nghệ An",
        date(1982, 9, 5),
        "school",
        3,
    ),
    grassroots(
        "cdcs-cd-su-pham",
        "Công đoàn Trường Cao đẳng Sư phạm Nghệ An",
        K.SCHOOL,
        "Số 389 đường Nguyễn Văn Cừ, phường Vinh Hưng, tỉnh Nghệ An",
        date(1978, 10, 10),
        "school",
        2,
    ),
)

HEALTH = upper(
    "cd-nganh-y-te",
    "Công đoàn ngành Y tế Nghệ An",
    K.SECTOR,
    "Số 18 đường Trường Thi, phường Thành Vinh, tỉnh Nghệ An",
    date(1960, 2, 27),
    grassroots(
        "cdcs-bv-huu-nghi",
        "Công đoàn Bệnh viện Hữu nghị Đa khoa Nghệ An",
        K.HOSPITAL,
        "Km5 Đại lộ Lê Nin, phường Vinh Phú, tỉnh Nghệ An",
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
        "Số 19 đường Tôn Thất Tùng, phường Vinh Phú, tỉnh Nghệ An",
        date(2008, 12, 31),
        "hospital",
        6,
    ),
    grassroots(
        "cdcs-bv-ung-buou",
        "Công đoàn Bệnh viện Ung bướu Nghệ An",
        K.HOSPITAL,
        "Số 60 đường Tôn Thất Tùng, phường Vinh Phú, tỉnh Nghệ An",
        date(2011, 6, 1),
        "hospital",
        4,
    ),
    grassroots(
        "cdcs-bv-tay-bac",
        "Công đoàn Bệnh viện Đa khoa khu vực Tây Bắc Nghệ An",
        K.HOSPITAL,
        "Phường Thái Hòa, tỉnh Nghệ An",
        date(1997, 4, 1),
        "hospital",
        3,
    ),
    grassroots(
        "cdcs-bv-y-hoc-co-truyen",
        "Công đoàn Bệnh viện Y học cổ truyền Nghệ An",
        K.HOSPITAL,
        "Số 45 đường Phạm Hồng Thái, phường Trường Vinh, tỉnh Nghệ An",
        date(1988, 5, 12),
        "hospital",
        2,
    ),
    grassroots(
        "cdcs-cdc-nghe-an",
        "Công đoàn Trung tâm Kiểm soát bệnh tật tỉnh Nghệ An",
        K.HOSPITAL,
        "Số 140 đường Lê Hồng Phong, phường Thành Vinh, tỉnh Nghệ An",
        date(2018, 7, 1),
        "hospital",
        2,
    ),
)

INDUSTRY_AND_TRADE = upper(
    "cd-nganh-cong-thuong",
    "Công đoàn ngành Công Thương Nghệ An",
    K.SECTOR,
    "Số 31 đường Trường Thi, phường Thành Vinh, tỉnh Nghệ An",
    date(2008, 9, 1),
    grassroots(
        "cdcs-mia-duong-song-lam",
        "Công đoàn cơ sở Công ty CP Mía đường Sông Lam",
        K.ENTERPRISE,
        "Xã Anh Sơn, tỉnh Nghệ An",
        date(1996, 3, 15),
        "factory",
        4,
    ),
    grassroots(
        "cdcs-xi-mang-song-lam",
        "Công đoàn cơ sở Công ty CP Xi măng Sông Lam",
        K.ENTERPRISE,
        "Xã Đô Lương, tỉnh Nghệ An",
        date(2015, 10, 20),
        "factory",
        4,
    ),
    grassroots(
        "cdcs-xang-dau-nghe-an",
        "Công đoàn cơ sở Công ty CP Thương mại Xăng dầu Nghệ An",
        K.ENTERPRISE,
        "Số 4 đường Nguyễn Sỹ Sách, phường Thành Vinh, tỉnh Nghệ An",
        date(2006, 1, 9),
        "retail",
        3,
    ),
    grassroots(
        "cdcs-khuyen-cong",
        "Công đoàn Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Nghệ An",
        K.PUBLIC_AGENCY,
        "Số 31 đường Trường Thi, phường Thành Vinh, tỉnh Nghệ An",
        date(2005, 6, 1),
        "office",
        1,
    ),
)

# Merged into the construction sector union: its former grassroots unions are now there.
TRANSPORT = upper(
    "cd-nganh-gtvt",
    "Công đoàn ngành Giao thông vận tải Nghệ An",
    K.SECTOR,
    "Số 5 đường Trần Phú, phường Thành Vinh, tỉnh Nghệ An",
    date(1965, 5, 15),
    status=OrganisationStatus.MERGED,
    dissolved_on=SECTOR_MERGER_DAY,
    merged_into="cd-nganh-xay-dung",
)
FORMER_TRANSPORT_UNIONS = ("cdcs-cang-nghe-tinh", "cdcs-van-tai-o-to", "cdcs-dang-kiem")

CONSTRUCTION = upper(
    "cd-nganh-xay-dung",
    "Công đoàn ngành Xây dựng Nghệ An",
    K.SECTOR,
    "Số 5 đường Trần Phú, phường Thành Vinh, tỉnh Nghệ An",
    date(1966, 8, 10),
    grassroots(
        "cdcs-cap-nuoc",
        "Công đoàn cơ sở Công ty CP Cấp nước Nghệ An",
        K.ENTERPRISE,
        "Số 32 đường Phan Đăng Lưu, phường Trường Vinh, tỉnh Nghệ An",
        date(1993, 4, 1),
        "construction",
        4,
    ),
    grassroots(
        "cdcs-moi-truong-do-thi",
        "Công đoàn cơ sở Công ty CP Môi trường và Công trình đô thị Vinh",
        K.ENTERPRISE,
        "Số 2 đường Hồng Sơn, phường Thành Vinh, tỉnh Nghệ An",
        date(1998, 7, 1),
        "construction",
        4,
    ),
    grassroots(
        "cdcs-tu-van-xay-dung",
        "Công đoàn cơ sở Công ty CP Tư vấn Xây dựng Nghệ An",
        K.ENTERPRISE,
        "Số 21 đường Nguyễn Thị Minh Khai, phường Thành Vinh, tỉnh Nghệ An",
        date(2003, 11, 5),
        "office",
        2,
    ),
    grassroots(
        "cdcs-ban-qlda",
        "Công đoàn Ban Quản lý dự án đầu tư xây dựng tỉnh Nghệ An",
        K.PUBLIC_AGENCY,
        "Số 5 đường Trần Phú, phường Thành Vinh, tỉnh Nghệ An",
        date(2017, 3, 1),
        "office",
        1,
    ),
    grassroots(
        "cdcs-cang-nghe-tinh",
        "Công đoàn cơ sở Công ty CP Cảng Nghệ Tĩnh",
        K.ENTERPRISE,
        "Phường Cửa Lò, tỉnh Nghệ An",
        date(1979, 6, 20),
        "transport",
        3,
    ),
    grassroots(
        "cdcs-van-tai-o-to",
        "Công đoàn cơ sở Công ty CP Vận tải ô tô Nghệ An",
        K.ENTERPRISE,
        "Số 77 đường Lê Lợi, phường Thành Vinh, tỉnh Nghệ An",
        date(1992, 2, 14),
        "transport",
        3,
    ),
    grassroots(
        "cdcs-dang-kiem",
        "Công đoàn Trung tâm Đăng kiểm xe cơ giới Nghệ An",
        K.PUBLIC_AGENCY,
        "Phường Vinh Phú, tỉnh Nghệ An",
        date(2001, 9, 1),
        "office",
        1,
    ),
)

AGRICULTURE = upper(
    "cd-nganh-nong-nghiep",
    "Công đoàn ngành Nông nghiệp và PTNT Nghệ An",
    K.SECTOR,
    "Số 2 đường Hồ Tùng Mậu, phường Thành Vinh, tỉnh Nghệ An",
    date(1969, 3, 14),
    grassroots(
        "cdcs-thuy-loi-bac",
        "Công đoàn cơ sở Công ty TNHH MTV Thủy lợi Bắc Nghệ An",
        K.ENTERPRISE,
        "Xã Diễn Châu, tỉnh Nghệ An",
        date(1993, 6, 1),
        "agriculture",
        3,
    ),
    grassroots(
        "cdcs-thuy-loi-nam",
        "Công đoàn cơ sở Công ty TNHH MTV Thủy lợi Nam Nghệ An",
        K.ENTERPRISE,
        "Phường Vinh Hưng, tỉnh Nghệ An",
        date(1993, 6, 1),
        "agriculture",
        3,
    ),
    grassroots(
        "cdcs-vqg-pu-mat",
        "Công đoàn Vườn quốc gia Pù Mát",
        K.PUBLIC_AGENCY,
        "Xã Con Cuông, tỉnh Nghệ An",
        date(2002, 2, 8),
        "agriculture",
        2,
    ),
    grassroots(
        "cdcs-htx-quynh-luu",
        "Công đoàn Hợp tác xã Dịch vụ nông nghiệp Quỳnh Lưu",
        K.COOPERATIVE,
        "Xã Quỳnh Lưu, tỉnh Nghệ An",
        date(2019, 5, 10),
        "agriculture",
        1,
    ),
)

CIVIL_SERVANTS = upper(
    "cd-vien-chuc",
    "Công đoàn Viên chức tỉnh Nghệ An",
    K.SECTOR,
    "Số 3 đường Trường Thi, phường Thành Vinh, tỉnh Nghệ An",
    date(1996, 1, 1),
    grassroots(
        "cdcs-van-phong-ubnd",
        "Công đoàn Văn phòng UBND tỉnh Nghệ An",
        K.PUBLIC_AGENCY,
        "Số 3 đường Trường Thi, phường Thành Vinh, tỉnh Nghệ An",
        date(1997, 3, 1),
        "office",
        2,
    ),
    grassroots(
        "cdcs-so-tai-chinh",
        "Công đoàn Sở Tài chính Nghệ An",
        K.PUBLIC_AGENCY,
        "Số 1 đường Lê Mao, phường Thành Vinh, tỉnh Nghệ An",
        date(1997, 3, 1),
        "office",
        2,
    ),
    grassroots(
        "cdcs-so-noi-vu",
        "Công đoàn Sở Nội vụ Nghệ An",
        K.PUBLIC_AGENCY,
        "Số 21 đường Lê Hồng Phong, phường Thành Vinh, tỉnh Nghệ An",
        date(1997, 3, 1),
        "office",
        2,
    ),
    grassroots(
        "cdcs-bao-ptth-nghe-an",
        "Công đoàn Báo và Phát thanh, Truyền hình Nghệ An",
        K.PUBLIC_AGENCY,
        "Số 32 đường Nguyễn Thị Minh Khai, phường Thành Vinh, tỉnh Nghệ An",
        date(1998, 6, 21),
        "office",
        3,
    ),
)


def commune(code, name, address, *children, established_on=REFORM_DAY) -> Org:
    return upper(code, name, K.COMMUNE, address, established_on, *children)


TRUONG_VINH = commune(
    "cd-phuong-truong-vinh",
    "Công đoàn phường Trường Vinh",
    "Số 1 đường Lê Duẩn, phường Trường Vinh, tỉnh Nghệ An",
    grassroots(
        "cdcs-mn-hoa-hong",
        "Công đoàn Trường Mầm non Hoa Hồng",
        K.SCHOOL,
        "Phường Trường Vinh, tỉnh Nghệ An",
        date(1990, 9, 1),
        "preschool",
        2,
    ),
    grassroots(
        "cdcs-th-le-loi",
        "Công đoàn Trường Tiểu học Lê Lợi",
        K.SCHOOL,
        "Phường Trường Vinh, tỉnh Nghệ An",
        date(1985, 9, 1),
        "school",
        2,
    ),
    grassroots(
        "cdcs-thcs-dang-thai-mai",
        "Công đoàn Trường THCS Đặng Thai Mai",
        K.SCHOOL,
        "Phường Trường Vinh, tỉnh Nghệ An",
        date(1993, 9, 1),
        "school",
        2,
    ),
    grassroots(
        "cdcs-sieu-thi-vinh-center",
        "Công đoàn cơ sở Công ty TNHH Trung tâm Thương mại Vinh Center",
        K.ENTERPRISE,
        "Số 2 đường Quang Trung, phường Trường Vinh, tỉnh Nghệ An",
        date(2014, 4, 30),
        "retail",
        3,
    ),
)

THANH_VINH = commune(
    "cd-phuong-thanh-vinh",
    "Công đoàn phường Thành Vinh",
    "Số 18 đường Lê Mao, phường Thành Vinh, tỉnh Nghệ An",
    grassroots(
        "cdcs-th-hung-dung-1",
        "Công đoàn Trường Tiểu học Hưng Dũng 1",
        K.SCHOOL,
        "Phường Thành Vinh, tỉnh Nghệ An",
        date(1987, 9, 1),
        "school",
        2,
    ),
    grassroots(
        "cdcs-mn-hung-binh",
        "Công đoàn Trường Mầm non Hưng Bình",
        K.SCHOOL,
        "Phường Thành Vinh, tỉnh Nghệ An",
        date(1992, 9, 1),
        "preschool",
        2,
    ),
    grassroots(
        "cdcs-khach-san-kim-lien",
        "Công đoàn cơ sở Công ty CP Khách sạn Kim Liên Vinh",
        K.ENTERPRISE,
        "Số 12 đường Quang Trung, phường Thành Vinh, tỉnh Nghệ An",
        date(2001, 5, 19),
        "retail",
        2,
    ),
)

CUA_LO = commune(
    "cd-phuong-cua-lo",
    "Công đoàn phường Cửa Lò",
    "Đường Bình Minh, phường Cửa Lò, tỉnh Nghệ An",
    grassroots(
        "nd-nghe-ca-cua-lo",
        "Nghiệp đoàn cơ sở Nghề cá Cửa Lò",
        K.TRADE,
        "Cảng cá Cửa Hội, phường Cửa Lò, tỉnh Nghệ An",
        date(2010, 8, 16),
        "fishing",
        3,
    ),
    grassroots(
        "cdcs-du-lich-cua-lo",
        "Công đoàn cơ sở Công ty CP Du lịch Cửa Lò",
        K.ENTERPRISE,
        "Đường Bình Minh, phường Cửa Lò, tỉnh Nghệ An",
        date(2000, 4, 1),
        "retail",
        2,
    ),
)

# Its grassroots unions belonged to the district federation of Diễn Châu until 1 July 2025.
DIEN_CHAU = commune(
    "cd-xa-dien-chau",
    "Công đoàn xã Diễn Châu",
    "Xã Diễn Châu, tỉnh Nghệ An",
    grassroots(
        "cdcs-may-sunrise-dien-chau",
        "Công đoàn cơ sở Công ty TNHH May Sunrise Diễn Châu",
        K.ENTERPRISE,
        "Xã Diễn Châu, tỉnh Nghệ An",
        date(2019, 10, 7),
        "garment",
        9,
    ),
    grassroots(
        "cdcs-thuy-san-dien-chau",
        "Công đoàn cơ sở Công ty CP Chế biến thủy sản Diễn Châu",
        K.ENTERPRISE,
        "Xã Diễn Châu, tỉnh Nghệ An",
        date(2005, 3, 3),
        "factory",
        3,
    ),
    grassroots(
        "cdcs-thcs-cao-xuan-huy",
        "Công đoàn Trường THCS Cao Xuân Huy",
        K.SCHOOL,
        "Xã Diễn Châu, tỉnh Nghệ An",
        date(1996, 9, 1),
        "school",
        2,
    ),
    grassroots(
        "cdcs-mn-dien-thanh",
        "Công đoàn Trường Mầm non Diễn Thành",
        K.SCHOOL,
        "Xã Diễn Châu, tỉnh Nghệ An",
        date(1998, 9, 1),
        "preschool",
        1,
    ),
    grassroots(
        "cdcs-htx-hai-san-dien-ngoc",
        "Công đoàn Hợp tác xã Chế biến hải sản Diễn Ngọc",
        K.COOPERATIVE,
        "Xã Diễn Châu, tỉnh Nghệ An",
        date(2012, 7, 1),
        "fishing",
        1,
    ),
)
FORMER_DIEN_CHAU_UNIONS = tuple(child.code for child in DIEN_CHAU.children)

HOANG_MAI_WARD = commune(
    "cd-phuong-hoang-mai",
    "Công đoàn phường Hoàng Mai",
    "Phường Hoàng Mai, tỉnh Nghệ An",
    grassroots(
        "cdcs-thcs-quynh-thien",
        "Công đoàn Trường THCS Quỳnh Thiện",
        K.SCHOOL,
        "Phường Hoàng Mai, tỉnh Nghệ An",
        date(1994, 9, 1),
        "school",
        2,
    ),
    grassroots(
        "cdcs-gach-hoang-mai",
        "Công đoàn cơ sở Công ty CP Gạch ngói Hoàng Mai",
        K.ENTERPRISE,
        "Phường Hoàng Mai, tỉnh Nghệ An",
        date(2007, 5, 25),
        "factory",
        2,
    ),
)

TH_GROUP = upper(
    "cd-tap-doan-th",
    "Công đoàn Tập đoàn TH",
    K.CORPORATION,
    "Xã Nghĩa Đàn, tỉnh Nghệ An",
    date(2012, 5, 14),
    grassroots(
        "cdcs-sua-th",
        "Công đoàn Công ty CP Sữa TH",
        K.ENTERPRISE,
        "Xã Nghĩa Đàn, tỉnh Nghệ An",
        date(2010, 2, 26),
        "dairy",
        5,
        unit("cdbp-th-nha-may-sua", "Công đoàn bộ phận Nhà máy sữa tươi sạch", "dairy", 5),
        unit("cdbp-th-trang-trai", "Tổ công đoàn Trang trại bò sữa cụm 1", "dairy", 3),
    ),
    grassroots(
        "cdcs-chuoi-thuc-pham-th",
        "Công đoàn Công ty CP Chuỗi thực phẩm TH",
        K.ENTERPRISE,
        "Xã Nghĩa Đàn, tỉnh Nghệ An",
        date(2013, 6, 18),
        "retail",
        3,
    ),
    grassroots(
        "cdcs-th-school",
        "Công đoàn Trường Phổ thông TH School Nghệ An",
        K.SCHOOL,
        "Xã Nghĩa Đàn, tỉnh Nghệ An",
        date(2016, 8, 15),
        "school",
        1,
    ),
)

# Dissolved with the other district federations: its grassroots unions now sit under DIEN_CHAU.
DIEN_CHAU_DISTRICT = upper(
    "ldld-dien-chau",
    "Liên đoàn Lao động huyện Diễn Châu",
    K.FEDERATION,
    "Thị trấn Diễn Châu, huyện Diễn Châu, tỉnh Nghệ An",
    date(1976, 4, 12),
    short_name="LĐLĐ huyện Diễn Châu",
    status=OrganisationStatus.DISSOLVED,
    dissolved_on=REFORM_DAY,
)

TREE = Org(
    ROOT_CODE,
    "Liên đoàn Lao động tỉnh Nghệ An",
    OrganisationLevel.FEDERATION,
    K.FEDERATION,
    "Số 2 đường Trường Thi, phường Thành Vinh, tỉnh Nghệ An",
    date(1946, 7, 20),
    short_name="LĐLĐ Nghệ An",
    children=(
        INDUSTRIAL_ZONES,
        EDUCATION,
        HEALTH,
        INDUSTRY_AND_TRADE,
        TRANSPORT,
        CONSTRUCTION,
        AGRICULTURE,
        CIVIL_SERVANTS,
        TRUONG_VINH,
        THANH_VINH,
        CUA_LO,
        DIEN_CHAU,
        HOANG_MAI_WARD,
        TH_GROUP,
        DIEN_CHAU_DISTRICT,
    ),
)


@dataclass(frozen=True)
class Change:
    code: str
    kind: str
    effective_on: date
    note: str
    old_parent: str = ""
    new_parent: str = ""
    merged_into: str = ""
    old_name: str = ""
    new_name: str = ""


_REFORM_NOTE = (
    "Quyết định số 1125/QĐ-LĐLĐ ngày 25/6/2025 của Ban Thường vụ LĐLĐ tỉnh: kết thúc hoạt động "
    "công đoàn cấp huyện, chuyển công đoàn cơ sở về công đoàn xã, phường."
)
_MERGER_NOTE = (
    "Quyết định số 412/QĐ-LĐLĐ ngày 26/02/2025 của Ban Thường vụ LĐLĐ tỉnh: hợp nhất Công đoàn ngành "
    "Giao thông vận tải vào Công đoàn ngành Xây dựng theo việc hợp nhất Sở Giao thông vận tải và Sở Xây dựng."
)

HISTORY: tuple[Change, ...] = (
    Change(
        "cd-nganh-gtvt", ChangeKind.MERGED, SECTOR_MERGER_DAY, _MERGER_NOTE, merged_into="cd-nganh-xay-dung"
    ),
    *(
        Change(
            code,
            ChangeKind.REPARENTED,
            SECTOR_MERGER_DAY,
            _MERGER_NOTE,
            old_parent="cd-nganh-gtvt",
            new_parent="cd-nganh-xay-dung",
        )
        for code in FORMER_TRANSPORT_UNIONS
    ),
    Change(
        "cdcs-bao-ptth-nghe-an",
        ChangeKind.RENAMED,
        date(2025, 4, 1),
        "Hợp nhất Báo Nghệ An và Đài Phát thanh - Truyền hình Nghệ An.",
        old_name="Công đoàn Báo Nghệ An",
        new_name="Công đoàn Báo và Phát thanh, Truyền hình Nghệ An",
    ),
    *(
        Change(org.code, ChangeKind.CREATED, REFORM_DAY, _REFORM_NOTE, new_parent=ROOT_CODE)
        for org in (TRUONG_VINH, THANH_VINH, CUA_LO, DIEN_CHAU, HOANG_MAI_WARD)
    ),
    *(
        Change(
            code,
            ChangeKind.REPARENTED,
            REFORM_DAY,
            _REFORM_NOTE,
            old_parent="ldld-dien-chau",
            new_parent="cd-xa-dien-chau",
        )
        for code in FORMER_DIEN_CHAU_UNIONS
    ),
    Change("ldld-dien-chau", ChangeKind.DISSOLVED, REFORM_DAY, _REFORM_NOTE, old_parent=ROOT_CODE),
)


def walk(org: Org = TREE, parent: Org | None = None) -> Iterator[tuple[Org, Org | None]]:
    """Every organisation with its parent, parents first."""
    yield org, parent
    for child in org.children:
        yield from walk(child, org)


def member_targets() -> list[Org]:
    """Active organisations that members belong to (grassroots and units), in tree order."""
    return [org for org, _ in walk() if org.weight and org.status == OrganisationStatus.ACTIVE]


def seed(ctx: SeedContext) -> None:
    specs = list(walk())
    tally = _seed_tree(specs)
    changes = _seed_history()
    ctx.report(f"{tally.describe('organisations')}; {changes.describe('organisation changes')}")


def _by_code(codes) -> dict[str, Organisation]:
    return Organisation.objects.in_bulk(list(codes), field_name="code")


def _seed_tree(specs: list[tuple[Org, Org | None]]) -> Tally:
    tally = Tally()
    codes = [spec.code for spec, _ in specs]
    existing = set(_by_code(codes))
    created: set[str] = set()
    # Sorted insertion (node_order_by) shifts siblings' paths, so each parent is read afresh.
    for spec, parent in specs:
        if spec.code in existing:
            continue
        if parent is None:
            Organisation.add_root(code=spec.code, **spec.values())
        else:
            Organisation.objects.get(code=parent.code).add_child(code=spec.code, **spec.values())
        created.add(spec.code)

    moved = _restore_parents(specs)
    orgs = _by_code(codes)
    for spec, _ in specs:
        org = orgs[spec.code]
        values = spec.values() | {"merged_into_id": _pk(orgs, spec.merged_into)}
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


def _seed_history() -> Tally:
    tally = Tally()
    codes = {change.code for change in HISTORY}
    codes |= {
        c for change in HISTORY for c in (change.old_parent, change.new_parent, change.merged_into) if c
    }
    orgs = _by_code(codes)
    for change in HISTORY:
        applied_at = timezone.make_aware(datetime.combine(change.effective_on, time(8, 0)))
        _, created, changed = upsert(
            OrganisationChange,
            {"organisation": orgs[change.code], "kind": change.kind, "effective_on": change.effective_on},
            {
                "old_parent_id": _pk(orgs, change.old_parent),
                "new_parent_id": _pk(orgs, change.new_parent),
                "merged_into_id": _pk(orgs, change.merged_into),
                "old_name": change.old_name,
                "new_name": change.new_name,
                "note": change.note,
                "applied_at": applied_at,
                "cancelled_at": None,
            },
        )
        tally.count(created, changed)
    return tally


def _pk(orgs: dict[str, Organisation], code: str) -> int | None:
    return orgs[code].pk if code else None


register_seeder("organisations", seed, order=0)
