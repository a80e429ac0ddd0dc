"""Demo announcements (thông báo): some pinned, some urgent, one expiring at its deadline, some for one union only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cms.announcements.models import AnnouncementIndexPage, AnnouncementPage
from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally
from cms.core.demo.content import section, upsert_page
from cms.organisations.demo import ROOT_CODE
from cms.organisations.models import Organisation


@dataclass(frozen=True)
class AnnouncementSpec:
    slug: str
    title: str
    summary: str
    body: str
    organisation: str = ROOT_CODE
    priority: str = "normal"
    pinned: bool = False
    audience: tuple[str, ...] = field(default_factory=tuple)
    expires_on: date | None = None  # the announcement goes offline at the end of that day


# The Tết Sum vầy 2027 programme (cms.benefits.demo) takes the lists until this deadline.
TET_LIST_DEADLINE = date(2026, 12, 15)
COMMUNE_AND_WARD_UNIONS = ("cd-kkt-kcn", "cd-phuong-thanh-vinh", "cd-phuong-truong-vinh", "cd-phuong-cua-lo")

ANNOUNCEMENTS = (
    AnnouncementSpec(
        "lich-nghi-tet-binh-ngo-2026",
        "Thông báo lịch nghỉ Tết Nguyên đán Bính Ngọ 2026",
        "Cơ quan Liên đoàn Lao động tỉnh nghỉ Tết từ ngày 14/02 đến hết ngày 22/02/2026.",
        "<p>Cơ quan Liên đoàn Lao động tỉnh Nghệ An nghỉ Tết Nguyên đán Bính Ngọ từ ngày <b>14/02/2026</b> "
        "đến hết ngày <b>22/02/2026</b>, theo lịch nghỉ Tết của cán bộ, công chức, viên chức. Trong thời gian "
        "nghỉ, cơ quan bố trí cán bộ trực theo lịch.</p>",
        priority="important",
        pinned=True,
    ),
    AnnouncementSpec(
        "tu-van-phap-luat-mien-phi",
        "Tư vấn pháp luật miễn phí cho đoàn viên",
        "Đoàn viên gửi câu hỏi qua mục Phản ánh trên ứng dụng hoặc hỏi trực tiếp công đoàn nơi mình sinh hoạt.",
        "<p>Công đoàn các cấp tư vấn miễn phí cho đoàn viên về tiền lương, bảo hiểm xã hội, hợp đồng lao động. "
        "Đoàn viên gửi câu hỏi qua mục <b>Phản ánh</b> trên ứng dụng Công đoàn số, hoặc liên hệ công đoàn cơ sở, "
        "công đoàn xã, phường nơi mình sinh hoạt trong giờ hành chính các ngày làm việc.</p>",
        pinned=True,
    ),
    AnnouncementSpec(
        "han-chot-dang-ky-tet-sum-vay",
        "Hạn chót gửi danh sách đoàn viên nhận quà Tết Sum vầy 2027",
        "Công đoàn cơ sở gửi danh sách đề nghị về công đoàn cấp trên trước ngày 15/12/2026.",
        "<p>Đề nghị các công đoàn cơ sở hoàn thiện danh sách đoàn viên có hoàn cảnh khó khăn đề nghị nhận quà "
        'chương trình "Tết Sum vầy" Xuân Đinh Mùi 2027 và gửi về công đoàn cấp trên trước ngày <b>15/12/2026</b>, '
        "theo Thông báo số 36/TB-LĐLĐ.</p>",
        priority="urgent",
        pinned=True,
        expires_on=TET_LIST_DEADLINE,
    ),
    AnnouncementSpec(
        "tam-ngung-tiep-nhan-phan-anh-bao-tri",
        "Tạm ngừng hệ thống tiếp nhận phản ánh để bảo trì",
        "Hệ thống tạm ngừng từ 22h00 đến 23h30 tối thứ Bảy.",
        "<p>Trong thời gian bảo trì, đoàn viên vui lòng liên hệ trực tiếp công đoàn cơ sở nếu có việc gấp.</p>",
    ),
    AnnouncementSpec(
        "tuyen-dung-cong-nhan-luxshare",
        "Thông báo ngày hội việc làm tại KCN VSIP Nghệ An",
        "Các doanh nghiệp trong KCN tuyển dụng hàng nghìn vị trí.",
        "<p>Công đoàn xã Hưng Nguyên phối hợp với các doanh nghiệp trong KCN VSIP Nghệ An tổ chức ngày hội "
        "việc làm; người lao động được tư vấn về hợp đồng lao động và quyền lợi đoàn viên ngay tại ngày hội.</p>",
        organisation="cd-kkt-kcn",
        audience=("cd-kkt-kcn",),
    ),
    AnnouncementSpec(
        "lich-kham-suc-khoe-doan-vien-truong-vinh",
        "Lịch khám sức khỏe định kỳ cho đoàn viên năm 2026",
        "Công đoàn phường Trường Vinh hướng dẫn các công đoàn cơ sở đăng ký lịch khám cho đoàn viên.",
        "<p>Các công đoàn cơ sở đăng ký lịch khám cho đoàn viên với công đoàn phường trước ngày 15 hằng tháng.</p>",
        organisation="cd-phuong-truong-vinh",
        audience=("cd-phuong-truong-vinh",),
    ),
    AnnouncementSpec(
        "hop-ban-chap-hanh-luxshare",
        "Triệu tập họp Ban Chấp hành công đoàn cơ sở quý IV",
        "Họp lúc 14h00 thứ Năm tại phòng họp tầng 2 nhà điều hành.",
        "<p>Nội dung: đánh giá hoạt động quý III, thông qua kế hoạch tổ chức Tết cho người lao động.</p>",
        organisation="cdcs-luxshare",
        audience=("cdcs-luxshare",),
        priority="important",
    ),
    AnnouncementSpec(
        "ket-qua-cuoc-thi-tim-hieu-phap-luat",
        "Công bố kết quả cuộc thi trực tuyến tìm hiểu pháp luật lao động",
        "Danh sách cá nhân và tập thể đạt giải tuần 4.",
        "<p>Ban Tổ chức trân trọng cảm ơn các đoàn viên, người lao động đã tham gia cuộc thi.</p>",
    ),
    AnnouncementSpec(
        "thay-doi-so-tai-khoan-doan-phi",
        "Thay đổi số tài khoản tiếp nhận đoàn phí công đoàn",
        "Áp dụng từ ngày 01/01/2027 cho các công đoàn xã, phường.",
        "<p>Đề nghị các đơn vị cập nhật thông tin tài khoản mới để tránh chuyển nhầm.</p>",
        audience=COMMUNE_AND_WARD_UNIONS,
        priority="important",
    ),
    AnnouncementSpec(
        "phong-doc-sach-cong-nhan-hung-nguyen",
        "Phòng đọc sách cho công nhân mở cửa buổi tối",
        "Phòng đọc của Công đoàn xã Hưng Nguyên mở cửa đến 21h00 các ngày trong tuần.",
        "<p>Đoàn viên xuất trình thẻ đoàn viên điện tử trên ứng dụng để mượn sách miễn phí.</p>",
        organisation="cd-kkt-kcn",
    ),
)


def seed(ctx: SeedContext) -> None:
    index = section(AnnouncementIndexPage, "Thông báo", "thong-bao", intro="Thông báo của công đoàn các cấp")
    codes = {spec.organisation for spec in ANNOUNCEMENTS} | {
        c for spec in ANNOUNCEMENTS for c in spec.audience
    }
    orgs = Organisation.objects.in_bulk(list(codes), field_name="code")
    tally = Tally()
    now = timezone.now()
    for spec in ANNOUNCEMENTS:
        _, created = upsert_page(
            index,
            AnnouncementPage,
            spec.slug,
            audience=[orgs[c] for c in spec.audience],
            title=spec.title,
            summary=spec.summary,
            body=[("paragraph", spec.body)],
            organisation=orgs[spec.organisation],
            priority=spec.priority,
            is_pinned=spec.pinned,
            expire_at=_expiry(spec.expires_on, now),
        )
        tally.count(created=created, changed=False)
    ctx.report(tally.describe("announcements"))


def _expiry(expires_on: date | None, now: datetime) -> datetime | None:
    """The end of ``expires_on``; a demo seeded after it still shows the announcement for three days."""
    if expires_on is None:
        return None
    end = timezone.make_aware(datetime.combine(expires_on, time(23, 59)))
    return end if end > now else now + timedelta(days=3)


register_seeder("announcements", seed, after=("organisations",), order=60)
