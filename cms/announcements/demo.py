"""Demo announcements (thông báo): some pinned, some urgent, one expiring soon, some for one branch only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

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
    expires_in_days: int | None = None


ANNOUNCEMENTS = (
    AnnouncementSpec(
        "lich-nghi-tet-binh-ngo-2026",
        "Thông báo lịch nghỉ Tết Nguyên đán Bính Ngọ 2026",
        "Cơ quan Liên đoàn Lao động tỉnh nghỉ Tết từ ngày 14/02 đến hết ngày 22/02/2026.",
        "<p>Thực hiện Thông báo của UBND tỉnh, cơ quan Liên đoàn Lao động tỉnh Nghệ An nghỉ Tết Nguyên đán "
        "Bính Ngọ từ ngày <b>14/02/2026</b> đến hết ngày <b>22/02/2026</b>. Bộ phận trực cơ quan: 0238.3844.496.</p>",
        priority="important",
        pinned=True,
    ),
    AnnouncementSpec(
        "duong-day-nong-tu-van-phap-luat",
        "Đường dây nóng tư vấn pháp luật miễn phí cho đoàn viên",
        "Đoàn viên gọi 1900.xxxx hoặc gửi phản ánh trên ứng dụng để được tư vấn miễn phí.",
        "<p>Văn phòng tư vấn pháp luật Công đoàn tỉnh tiếp nhận câu hỏi về tiền lương, bảo hiểm xã hội, "
        "hợp đồng lao động từ 7h30 đến 17h00 các ngày làm việc.</p>",
        pinned=True,
    ),
    AnnouncementSpec(
        "han-chot-dang-ky-tet-sum-vay",
        "Hạn chót đăng ký danh sách đoàn viên nhận quà Tết Sum vầy",
        "Các công đoàn cơ sở gửi danh sách trước 17h00 ngày thứ Sáu tuần này.",
        "<p>Đề nghị các công đoàn cơ sở hoàn thiện và gửi danh sách đoàn viên có hoàn cảnh khó khăn "
        "về Ban Tài chính trước thời hạn để kịp tổng hợp.</p>",
        priority="urgent",
        pinned=True,
        expires_in_days=3,
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
        "Hơn 2.000 vị trí tuyển dụng của các doanh nghiệp trong KCN.",
        "<p>Công đoàn các Khu kinh tế, công nghiệp phối hợp Trung tâm Dịch vụ việc làm tổ chức ngày hội "
        "việc làm tại nhà văn hóa công nhân KCN VSIP.</p>",
        organisation="cd-kkt-kcn",
        audience=("cd-kkt-kcn",),
    ),
    AnnouncementSpec(
        "lich-kham-suc-khoe-giao-vien",
        "Lịch khám sức khỏe định kỳ cho cán bộ, giáo viên năm 2026",
        "Công đoàn ngành Giáo dục phối hợp Bệnh viện Hữu nghị Đa khoa tổ chức khám sức khỏe.",
        "<p>Các công đoàn cơ sở trường học đăng ký lịch khám theo cụm trường trước ngày 15 hằng tháng.</p>",
        organisation="cd-nganh-giao-duc",
        audience=("cd-nganh-giao-duc",),
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
        "<p>Ban Tổ chức trân trọng cảm ơn hơn 62.000 lượt đoàn viên, người lao động đã tham gia.</p>",
    ),
    AnnouncementSpec(
        "thay-doi-so-tai-khoan-doan-phi",
        "Thay đổi số tài khoản tiếp nhận đoàn phí công đoàn",
        "Áp dụng từ ngày 01/01/2027 cho các công đoàn cấp trên trực tiếp cơ sở.",
        "<p>Đề nghị các đơn vị cập nhật thông tin tài khoản mới để tránh chuyển nhầm.</p>",
        audience=("cd-kkt-kcn", "cd-nganh-giao-duc", "cd-nganh-y-te"),
        priority="important",
    ),
    AnnouncementSpec(
        "mo-cua-nha-van-hoa-cong-nhan",
        "Nhà văn hóa công nhân KCN Nam Cấm mở cửa phục vụ buổi tối",
        "Thư viện, phòng tập và sân bóng mở cửa đến 21h00 hằng ngày.",
        "<p>Đoàn viên xuất trình thẻ đoàn viên điện tử trên ứng dụng để sử dụng miễn phí.</p>",
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
            expire_at=now + timedelta(days=spec.expires_in_days) if spec.expires_in_days else None,
        )
        tally.count(created=created, changed=False)
    ctx.report(tally.describe("announcements"))


register_seeder("announcements", seed, after=("organisations",), order=60)
