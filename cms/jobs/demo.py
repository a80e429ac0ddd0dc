"""Demo jobs: employers in Nghệ An's industrial zones and 20 job postings, some past their deadline,
and members' applications for them in every status (below, ``seed_applications``).

The postings stay within the Labour Code 2019: no age ceiling or other condition that excludes people for
who they are (Article 3.8 defines discrimination, Article 8 forbids it), and no more overtime than
Article 107 allows (40 hours a month). Postings for employers around KCN VSIP Nghệ An are published by the
commune union there; the others by the federation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally, changed_fields, upsert
from cms.core.demo.content import demo_image, section, upsert_page
from cms.jobs.models import Employer, JobIndexPage, JobPage
from cms.organisations.models import Organisation
from search.normalize import fold

ROOT_CODE = "ldld-nghe-an"
COMMUNE_UNION = "cd-kkt-kcn"  # Công đoàn xã Hưng Nguyên (cms.organisations.demo)
COMMUNE_LOCALITY = "Hưng Nguyên"

EMPLOYERS = [
    # slug, name, industry, address, locality, website, union code
    (
        "luxshare-ict-nghe-an",
        "Công ty TNHH Luxshare-ICT Nghệ An",
        "Điện tử",
        "KCN VSIP Nghệ An, xã Hưng Nguyên",
        "Hưng Nguyên",
        "https://www.luxshare-ict.com",
        "cdcs-luxshare",
    ),
    (
        "fuyu-foxconn-nghe-an",
        "Công ty TNHH FuYu Precision Component (Foxconn – FIH)",
        "Điện tử",
        "KCN WHA Industrial Zone 1 Nghệ An",
        "Khu kinh tế Đông Nam",
        "https://www.foxconn.com",
        "",
    ),
    (
        "everwin-precision",
        "Công ty TNHH Everwin Precision Việt Nam",
        "Linh kiện chính xác",
        "KCN VSIP Nghệ An, xã Hưng Nguyên",
        "Hưng Nguyên",
        "",
        "cdcs-everwin",
    ),
    (
        "may-nghe-an",
        "Công ty CP May Nghệ An",
        "Dệt may",
        "KCN Bắc Vinh",
        "Nghệ An",
        "",
        "cdcs-may-nghe-an",
    ),
    (
        "may-hoa-phong",
        "Công ty TNHH May mặc Hoa Phong Nam Cấm",
        "Dệt may",
        "KCN Nam Cấm",
        "Khu kinh tế Đông Nam",
        "",
        "cdcs-may-hoa-phong",
    ),
    (
        "sua-th",
        "Công ty CP Thực phẩm Sữa TH",
        "Chế biến sữa",
        "tỉnh Nghệ An",
        "Nghệ An",
        "https://www.thmilk.vn",
        "cdcs-sua-th",
    ),
    (
        "vsip-nghe-an",
        "Công ty TNHH VSIP Nghệ An",
        "Hạ tầng khu công nghiệp",
        "KCN VSIP Nghệ An, xã Hưng Nguyên",
        "Hưng Nguyên",
        "https://vsip.com.vn",
        "",
    ),
]

REQUIREMENTS = (
    "<ul><li>Nam, nữ từ đủ 18 tuổi, tốt nghiệp THCS trở lên.</li><li>Sức khỏe phù hợp với công việc.</li>"
    "<li>{schedule}</li></ul>"
)
SHIFTS = "Chấp nhận làm việc theo ca."
DAYTIME = "Làm việc theo giờ hành chính hoặc theo lịch của bộ phận."
BENEFITS = (
    "<ul><li>Đóng đầy đủ BHXH, BHYT, BHTN theo quy định.</li><li>Hỗ trợ bữa ăn ca, xe đưa đón từ các xã lân cận.</li>"
    "<li>Làm thêm giờ chỉ khi người lao động đồng ý, không quá 40 giờ/tháng, trả lương làm thêm theo quy định.</li>"
    "<li>Thưởng chuyên cần, thưởng Tết; được tham gia công đoàn cơ sở.</li></ul>"
)
HOW_TO_APPLY = (
    "<p>Nộp hồ sơ (đơn xin việc, CCCD photo, sơ yếu lý lịch) trực tiếp tại cổng bảo vệ hoặc đăng ký qua ứng dụng "
    "Công đoàn số. Phỏng vấn và nhận việc ngay trong ngày.</p>"
)

# slug, title, employer, salary (min, max) in triệu đồng or None, negotiable, openings, type, hours, deadline in days (None: none)
JOBS = [
    (
        "luxshare-cong-nhan-lap-rap",
        "Tuyển 500 công nhân lắp ráp linh kiện điện tử",
        "luxshare-ict-nghe-an",
        (8, 12),
        False,
        500,
        "shift_work",
        "Làm theo ca, 8 tiếng/ca, nghỉ Chủ nhật",
        30,
    ),
    (
        "luxshare-ky-thuat-vien-smt",
        "Kỹ thuật viên dây chuyền SMT",
        "luxshare-ict-nghe-an",
        (10, 15),
        False,
        30,
        "shift_work",
        "2 ca xoay vòng",
        20,
    ),
    (
        "luxshare-nhan-vien-kho",
        "Nhân viên kho vận",
        "luxshare-ict-nghe-an",
        (8, 10),
        False,
        20,
        "full_time",
        "Giờ hành chính; làm thêm khi có đơn hàng, không quá 40 giờ/tháng",
        -5,
    ),
    (
        "foxconn-cong-nhan-san-xuat",
        "Tuyển gấp 300 công nhân sản xuất",
        "fuyu-foxconn-nghe-an",
        (8, 11),
        False,
        300,
        "shift_work",
        "3 ca, 8 tiếng/ca",
        25,
    ),
    (
        "foxconn-qc",
        "Nhân viên kiểm tra chất lượng (QC)",
        "fuyu-foxconn-nghe-an",
        (9, 12),
        False,
        40,
        "full_time",
        "Ca ngày, nghỉ Chủ nhật",
        14,
    ),
    (
        "foxconn-phien-dich-tieng-trung",
        "Phiên dịch tiếng Trung",
        "fuyu-foxconn-nghe-an",
        None,
        True,
        5,
        "full_time",
        "Giờ hành chính",
        45,
    ),
    (
        "everwin-cong-nhan-dap-kim-loai",
        "Công nhân vận hành máy dập kim loại",
        "everwin-precision",
        (8, 11),
        False,
        150,
        "shift_work",
        "2 ca, có phụ cấp ca đêm",
        21,
    ),
    (
        "everwin-bao-tri",
        "Kỹ thuật bảo trì máy CNC",
        "everwin-precision",
        (11, 15),
        False,
        10,
        "full_time",
        "Giờ hành chính",
        -12,
    ),
    (
        "everwin-thoi-vu-cuoi-nam",
        "Lao động thời vụ cao điểm cuối năm",
        "everwin-precision",
        (7, 9),
        False,
        100,
        "seasonal",
        "3 tháng, làm theo ca",
        10,
    ),
    (
        "may-nghe-an-cong-nhan-may",
        "Công nhân may công nghiệp",
        "may-nghe-an",
        (7, 11),
        False,
        200,
        "full_time",
        "Ca ngày 8 tiếng, nghỉ Chủ nhật",
        40,
    ),
    (
        "may-nghe-an-hoc-viec",
        "Học việc may (được đào tạo, hưởng lương)",
        "may-nghe-an",
        (7, 8),
        False,
        50,
        "full_time",
        "Ca ngày",
        60,
    ),
    (
        "may-nghe-an-to-truong",
        "Tổ trưởng chuyền may",
        "may-nghe-an",
        (12, 15),
        False,
        4,
        "full_time",
        "Ca ngày",
        -20,
    ),
    (
        "hoa-phong-cong-nhan-cat",
        "Công nhân cắt, là, đóng gói",
        "may-hoa-phong",
        (7, 10),
        False,
        80,
        "full_time",
        "Ca ngày 8 tiếng",
        18,
    ),
    (
        "hoa-phong-ban-thoi-gian",
        "Nhân viên đóng gói bán thời gian",
        "may-hoa-phong",
        (4, 6),
        False,
        30,
        "part_time",
        "4 tiếng/ngày, ca chiều",
        15,
    ),
    (
        "sua-th-cong-nhan-nha-may",
        "Công nhân vận hành dây chuyền sữa tươi",
        "sua-th",
        (8, 12),
        False,
        60,
        "shift_work",
        "3 ca",
        35,
    ),
    (
        "sua-th-cham-soc-bo-sua",
        "Nhân viên chăm sóc bò sữa tại trang trại",
        "sua-th",
        (8, 10),
        False,
        40,
        "full_time",
        "Làm theo lịch trại, có nhà ở",
        None,
    ),
    (
        "sua-th-thu-hoach-thoi-vu",
        "Lao động thời vụ thu hoạch cỏ, ngô sinh khối",
        "sua-th",
        (7, 8),
        False,
        70,
        "seasonal",
        "Mùa vụ 2 tháng",
        -3,
    ),
    (
        "sua-th-lai-xe",
        "Lái xe tải giao hàng",
        "sua-th",
        None,
        True,
        8,
        "full_time",
        "Theo lịch giao hàng",
        28,
    ),
    (
        "vsip-bao-ve",
        "Nhân viên bảo vệ khu công nghiệp",
        "vsip-nghe-an",
        (7, 9),
        False,
        15,
        "shift_work",
        "3 ca, 8 tiếng/ca, nghỉ 1 ngày mỗi tuần",
        22,
    ),
    (
        "vsip-ky-thuat-dien-nuoc",
        "Kỹ thuật viên điện nước hạ tầng",
        "vsip-nghe-an",
        (9, 13),
        False,
        6,
        "full_time",
        "Giờ hành chính, trực theo lịch",
        16,
    ),
]
MILLION = 1_000_000


def _in_province(address: str) -> str:
    return address if "Nghệ An" in address else f"{address}, tỉnh Nghệ An"


def seed(ctx: SeedContext) -> None:
    unions = Organisation.objects.in_bulk([e[6] for e in EMPLOYERS if e[6]], field_name="code")
    publishers = Organisation.objects.in_bulk([ROOT_CODE, COMMUNE_UNION], field_name="code")
    existing_employers = Employer.objects.in_bulk([e[0] for e in EMPLOYERS], field_name="slug")
    employers, pages = Tally(), Tally()
    by_slug = {}
    for i, (slug, name, industry, address, locality, website, union) in enumerate(EMPLOYERS):
        values = {
            "name": name,
            "industry": industry,
            "address": address,
            "locality": locality,
            "website": website,
            "description": f"{name} – doanh nghiệp {industry.lower()} tại {_in_province(address)}.",
        }
        employer = existing_employers.get(slug)
        if employer is None:
            organisation = unions.get(union)
            logo = demo_image(f"Logo {name}", colour_index=i, size=(400, 400))
            employer, _created, _changed = upsert(
                Employer,
                {"slug": slug},
                {**values, "organisation_id": organisation.pk if organisation else None, "logo": logo},
            )
            employers.count(True, True)
        else:
            changed = changed_fields(employer, values)
            if changed:
                employer.save(update_fields=changed)
            employers.count(False, bool(changed))
        by_slug[slug] = employer

    index = section(
        JobIndexPage,
        "Việc làm",
        "viec-lam",
        intro="Thông tin tuyển dụng tại các khu công nghiệp, doanh nghiệp trên địa bàn tỉnh.",
    )
    existing_jobs = set(JobPage.objects.child_of(index).values_list("slug", flat=True))
    today = timezone.localdate()
    for slug, title, employer_slug, salary, negotiable, openings, kind, hours, deadline in JOBS:
        if slug in existing_jobs:
            pages.count(False, False)
            continue
        employer = by_slug[employer_slug]
        publisher = COMMUNE_UNION if employer.locality == COMMUNE_LOCALITY else ROOT_CODE
        upsert_page(
            index,
            JobPage,
            slug,
            title=title,
            summary=f"{employer.name} tuyển {openings} {title[0].lower() + title[1:]} làm việc tại "
            f"{_in_province(employer.address)}.",
            organisation=publishers[publisher],
            employer=employer,
            street_address=employer.address,
            locality=employer.locality,
            salary_min=salary[0] * MILLION if salary else None,
            salary_max=salary[1] * MILLION if salary else None,
            salary_negotiable=negotiable,
            openings=openings,
            employment_type=kind,
            working_hours=hours,
            requirements=REQUIREMENTS.format(schedule=SHIFTS if kind == "shift_work" else DAYTIME),
            benefits=BENEFITS,
            how_to_apply=HOW_TO_APPLY,
            contact=f"Phòng Nhân sự {employer.name}",
            valid_through=today + timedelta(days=deadline) if deadline is not None else None,
        )
        pages.count(True, False)
    ctx.report(employers.describe("employers"))
    ctx.report(pages.describe("job postings"))


# --- Demo job applications ---------------------------------------------------------------------
#
# Members of the demo apply through the services, as the app would, and the officers of the union
# that published each posting (``bientap.kcn`` for the Hưng Nguyên commune union's postings,
# ``bientap.ldld`` for the federation's) move them on: one application in every status, three of
# them the demo member's (Nguyễn Văn An, who signs in to the app). The times are then set back so
# each history reads as it would have happened. Applications are keyed on their idempotency key
# (``demo-<key>``): a second run changes nothing. Names and messages are illustrative.

APPLICATION_OFFICERS = {COMMUNE_UNION: "bientap.kcn", ROOT_CODE: "bientap.ldld"}


@dataclass(frozen=True)
class DemoApplication:
    key: str
    member: str  # the demo member's phone, or "<union code>#<n>": the n-th active member there by phone
    job: str  # a posting's slug (JOBS): one still taking applications
    message: str
    age_days: float
    steps: tuple[tuple[float, str, str], ...] = ()  # (days after applying, status, officer's note)
    with_cv: bool = False


DEMO_APPLICATIONS = (
    DemoApplication(
        "an-smt",
        "0912345678",
        "luxshare-ky-thuat-vien-smt",
        "Em đã làm 3 năm công nhân vận hành máy SMT tại xưởng 2, có chứng chỉ kỹ thuật viên điện tử "
        "trung cấp. Em muốn chuyển sang vị trí kỹ thuật viên để phát triển tay nghề.",
        age_days=8,
        steps=(
            (1, "forwarded", "Đã gửi hồ sơ cho Phòng Nhân sự Luxshare, chị Hoa nhận."),
            (4, "interview", "Công ty hẹn phỏng vấn 8h00 thứ Hai tại cổng số 1."),
        ),
        with_cv=True,
    ),
    DemoApplication(
        "an-lap-rap",
        "0912345678",
        "luxshare-cong-nhan-lap-rap",
        "Em giới thiệu em gái vừa tốt nghiệp THPT, em đăng ký thay để công đoàn liên hệ giúp.",
        age_days=1,
    ),
    DemoApplication(
        "an-foxconn-qc",
        "0912345678",
        "foxconn-qc",
        "Em muốn ứng tuyển vị trí kiểm tra chất lượng, đã có kinh nghiệm QC 1 năm.",
        age_days=6,
        steps=((2, "withdrawn", ""),),
    ),
    DemoApplication(
        "luxshare-everwin",
        "cdcs-luxshare#1",
        "everwin-cong-nhan-dap-kim-loai",
        "Tôi đã vận hành máy dập 5 năm, muốn làm gần nhà hơn.",
        age_days=5,
        steps=((1, "forwarded", "Chuyển Phòng Nhân sự Everwin qua danh sách xuất ngày 2."),),
        with_cv=True,
    ),
    DemoApplication(
        "luxshare-bao-ve",
        "cdcs-luxshare#2",
        "vsip-bao-ve",
        "Tôi từng là bộ đội xuất ngũ, có sức khỏe tốt, muốn làm bảo vệ.",
        age_days=20,
        steps=(
            (2, "forwarded", "Đã gửi VSIP."),
            (6, "interview", "Phỏng vấn ngày 12."),
            (9, "hired", "VSIP nhận, đi làm từ đầu tháng sau."),
        ),
    ),
    DemoApplication(
        "everwin-may",
        "cdcs-everwin#1",
        "may-nghe-an-cong-nhan-may",
        "Tôi có 2 năm may công nghiệp, muốn chuyển sang Công ty May Nghệ An.",
        age_days=12,
        steps=(
            (1, "forwarded", "Gửi Công ty May Nghệ An."),
            (5, "not_selected", "Công ty đã tuyển đủ người cho chuyền này."),
        ),
    ),
    DemoApplication(
        "everwin-lai-xe",
        "cdcs-everwin#2",
        "sua-th-lai-xe",
        "Tôi có bằng lái hạng C.",
        age_days=3,
        steps=((1, "not_selected", "Vị trí yêu cầu bằng hạng D: đã gọi điện báo đoàn viên."),),
    ),
)


def _applicant(spec: DemoApplication):
    from cms.members.models import Member

    members = Member.objects.active().select_related("user")
    if "#" not in spec.member:
        return members.filter(phone=spec.member).first()
    code, n = spec.member.split("#")
    return (
        members.filter(organisation__code=code)
        .exclude(phone="0912345678")
        .order_by("phone")[int(n) - 1 : int(n)]
        .first()
    )


def _play_application(spec: DemoApplication, member, officers: dict) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cms.documents.demo import minimal_pdf
    from cms.jobs import services
    from cms.jobs.models import JobApplication, JobApplicationEvent

    job = JobPage.objects.select_related("organisation").get(slug=spec.job)
    cv = None
    if spec.with_cv:
        cv = SimpleUploadedFile(
            f"CV {member.full_name}.pdf",
            minimal_pdf([f"So yeu ly lich - {fold(member.full_name).title()}", "Kinh nghiem: 3 nam"]),
        )
    application = services.apply_for_job(
        member.user, job, message=spec.message, cv=cv, idempotency_key=f"demo-{spec.key}"
    )
    officer = officers[APPLICATION_OFFICERS[job.organisation.code]]
    for _day, status, note in spec.steps:
        if status == "withdrawn":
            services.withdraw_application(member.user, application)
        else:
            services.change_application_status(officer, application, status, note)
    base = timezone.now() - timedelta(days=spec.age_days)
    events = list(application.events.order_by("at", "pk").values_list("pk", flat=True))
    times = [base, *(base + timedelta(days=day) for day, _status, _note in spec.steps)]
    for pk, at in zip(events, times, strict=True):
        JobApplicationEvent.objects.filter(pk=pk).update(at=at)
    forwarded = next((base + timedelta(days=d) for d, s, _n in spec.steps if s == "forwarded"), None)
    JobApplication.objects.filter(pk=application.pk).update(
        created_at=base, updated_at=times[-1], forwarded_at=forwarded
    )


def seed_applications(ctx: SeedContext) -> None:
    from django.contrib.auth import get_user_model

    from cms.jobs.models import JobApplication

    officers = get_user_model().objects.in_bulk(list(APPLICATION_OFFICERS.values()), field_name="username")
    created = 0
    for spec in DEMO_APPLICATIONS:
        member = _applicant(spec)
        if (
            member is None
            or JobApplication.objects.filter(
                applicant=member.user, idempotency_key=f"demo-{spec.key}"
            ).exists()
        ):
            continue
        _play_application(spec, member, officers)
        created += 1
    ctx.report(f"{len(DEMO_APPLICATIONS)} job applications ({created} created)")


def seed_jobs(ctx: SeedContext) -> None:
    """The employers and postings, then the applications (by the demo's members and officers)."""
    seed(ctx)
    seed_applications(ctx)


register_seeder("jobs", seed_jobs, after=("organisations", "members", "accounts"), order=90)
