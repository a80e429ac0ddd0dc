"""Demo feedback threads (phản ánh, kiến nghị): every status, real demo unions and officers.

Each thread is written through the services, as a member and the officers would: the demo member
(Nguyễn Văn An, Luxshare) and members of other demo unions send feedback; the Luxshare union's
chair (``bientap.luxshare``), the Hưng Nguyên commune union's editor (``bientap.kcn``) and the
federation's feedback handler (``phananh.ldld``) acknowledge, ask, answer, forward and reject.
The times are then set back so that each thread reads as it would have happened, over the last
weeks. Threads are keyed on their idempotency key (``demo-<key>``): a second run changes nothing.

The names of people and what the employers did are illustrative demo content, not real cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext
from cms.feedback import notifications, services
from cms.feedback.models import Feedback, FeedbackForward, FeedbackMessage, ResponseDeadline
from cms.members.demo import DEMO_MEMBER
from cms.members.models import Member
from cms.organisations.models import Organisation

# Who acts in a thread: the member who sent it, or an officer of the demo (by username).
MEMBER = "member"
GRASSROOTS = "bientap.luxshare"  # chair of the Luxshare grassroots union (an editor there)
COMMUNE = "bientap.kcn"  # Hưng Nguyên commune union, above Luxshare and Everwin
FEDERATION = "phananh.ldld"  # the federation's feedback handler


@dataclass(frozen=True)
class Step:
    day: float  # days after the feedback was sent
    actor: str
    action: (
        str  # acknowledge, start, ask, answer, reply, note, member, forward, reject, close, withdraw, rate
    )
    text: str = ""
    rating: int = 0
    to: str = ""  # forward: the organisation's code


@dataclass(frozen=True)
class Thread:
    key: str
    member: str  # the demo member's phone, or the code of the union whose first member sends it
    category: str
    title: str
    description: str
    age_days: float  # how long ago it was sent
    organisation: str = ""  # the union chosen (blank: the member's own)
    employer: str = ""
    steps: tuple[Step, ...] = ()
    read: bool = True  # whether the member has opened the thread since the last reply
    expect: str = ""  # the status it ends in (checked by the tests)


LUXSHARE = "Công ty TNHH Luxshare-ICT Nghệ An"

THREADS = (
    Thread(
        "cham-luong-t10",
        DEMO_MEMBER.phone,
        "wages",
        "Chậm trả lương tháng 10 tại xưởng SMT",
        "Lương tháng 10 của công nhân xưởng SMT theo quy chế phải trả trước ngày 10/11 nhưng đến nay vẫn "
        "chưa nhận được, công ty chưa có thông báo lý do. Đề nghị công đoàn cơ sở làm việc với công ty để "
        "sớm trả lương cho người lao động.",
        age_days=9,
        employer=LUXSHARE,
        steps=(
            Step(0.2, GRASSROOTS, "acknowledge"),
            Step(0.3, GRASSROOTS, "note", "Đã báo Phòng Nhân sự, hẹn trả lời trong tuần."),
            Step(1, GRASSROOTS, "start"),
            Step(
                3,
                GRASSROOTS,
                "answer",
                "Công đoàn cơ sở đã làm việc với Ban Giám đốc. Công ty xác nhận chậm trả do lỗi chuyển khoản "
                "của ngân hàng và cam kết trả đủ lương tháng 10 trước ngày 15/11. Nếu đến ngày đó vẫn chưa "
                "nhận được, đồng chí nhắn lại trong phản ánh này.",
            ),
        ),
        read=False,
        expect="answered",
    ),
    Thread(
        "bua-an-ca",
        DEMO_MEMBER.phone,
        "shift_meals",
        "Chất lượng bữa ăn ca giảm từ đầu tháng",
        "Từ đầu tháng, suất ăn ca đêm ít thức ăn hơn, nhiều hôm cơm nguội. Công nhân ca đêm đề nghị công đoàn "
        "kiểm tra và đề nghị công ty bảo đảm chất lượng bữa ăn ca.",
        age_days=4,
        employer=LUXSHARE,
        steps=(
            Step(0.5, GRASSROOTS, "acknowledge"),
            Step(
                1,
                GRASSROOTS,
                "ask",
                "Đề nghị đồng chí cho biết cụ thể ca, ngày và nhà ăn số mấy; nếu có ảnh suất ăn thì gửi kèm để "
                "công đoàn làm việc với nhà cung cấp.",
            ),
        ),
        read=False,
        expect="needs_information",
    ),
    Thread(
        "tang-ca",
        DEMO_MEMBER.phone,
        "working_hours",
        "Tăng ca liên tục, không được nghỉ ngày Chủ nhật",
        "Bộ phận lắp ráp phải tăng ca liên tục 3 tuần, kể cả Chủ nhật, nhiều người mệt mỏi. Em gửi lên "
        "Công đoàn xã vì đã báo tổ trưởng nhưng chưa được giải quyết.",
        age_days=19,
        organisation="cd-kkt-kcn",
        employer=LUXSHARE,
        steps=(
            Step(1, COMMUNE, "start"),
            Step(2, COMMUNE, "note", "Đã liên hệ Chủ tịch CĐCS Luxshare để nắm số giờ làm thêm thực tế."),
            Step(
                6,
                COMMUNE,
                "reply",
                "Công đoàn xã đã đề nghị công ty cung cấp bảng chấm công của bộ phận lắp ráp; sẽ trả lời đồng "
                "chí sau buổi làm việc với công ty.",
            ),
        ),
        expect="in_progress",
    ),
    Thread(
        "chot-so-bhxh",
        DEMO_MEMBER.phone,
        "social_insurance",
        "Công ty chưa chốt sổ bảo hiểm xã hội cho người đã nghỉ việc",
        "Em nghỉ việc từ tháng 7 nhưng công ty chưa chốt sổ bảo hiểm xã hội, em không làm được thủ tục "
        "hưởng trợ cấp thất nghiệp. Đề nghị công đoàn giúp đỡ.",
        age_days=40,
        employer=LUXSHARE,
        steps=(
            Step(0.3, GRASSROOTS, "acknowledge"),
            Step(2, GRASSROOTS, "start"),
            Step(
                7,
                GRASSROOTS,
                "answer",
                "Phòng Nhân sự đã hoàn tất thủ tục, sổ bảo hiểm xã hội của đồng chí đã được chốt ngày 20/10. "
                "Đồng chí đến Phòng Nhân sự nhận sổ trong giờ hành chính.",
            ),
            Step(8, MEMBER, "rate", "Cảm ơn công đoàn đã giúp đỡ kịp thời.", rating=5),
        ),
        expect="closed",
    ),
    Thread(
        "doi-ca",
        DEMO_MEMBER.phone,
        "other",
        "Đề nghị đổi ca làm việc",
        "Em đề nghị được chuyển từ ca đêm sang ca ngày vì con nhỏ, không có người trông.",
        age_days=25,
        employer=LUXSHARE,
        steps=(Step(1, MEMBER, "withdraw", "Tổ trưởng đã sắp xếp cho em chuyển ca, em xin rút phản ánh."),),
        expect="withdrawn",
    ),
    Thread(
        "thong-gio-khu-han",
        "cdcs-everwin",
        "safety",
        "Khu vực hàn thiếu quạt thông gió",
        "Khu vực hàn linh kiện ở xưởng 2 nóng và nhiều khói, quạt hút hỏng hơn một tháng chưa sửa. Nhiều công "
        "nhân bị ho, đau đầu. Đề nghị công đoàn kiểm tra.",
        age_days=12,
        steps=(
            Step(0.5, COMMUNE, "acknowledge"),
            Step(
                1,
                COMMUNE,
                "forward",
                "Cần Liên đoàn Lao động tỉnh phối hợp cơ quan chức năng kiểm tra điều kiện an toàn, vệ sinh "
                "lao động tại doanh nghiệp.",
                to="ldld-nghe-an",
            ),
            Step(2, FEDERATION, "start"),
            Step(
                4,
                FEDERATION,
                "reply",
                "Liên đoàn Lao động tỉnh đã đề nghị công ty sửa chữa hệ thống hút khói và sẽ kiểm tra lại "
                "trong tháng này.",
            ),
        ),
        expect="in_progress",
    ),
    Thread(
        "ban-hop-dong",
        "cdcs-may-nghe-an",
        "contract",
        "Không được giao bản hợp đồng lao động",
        "Em ký hợp đồng lao động được 2 tháng nhưng công ty chưa giao cho em một bản. Em muốn có bản hợp đồng "
        "để biết rõ mức lương và phụ cấp.",
        age_days=1,
        expect="submitted",
    ),
    Thread(
        "ban-hop-dong-lan-2",
        "cdcs-may-nghe-an",
        "contract",
        "Chưa nhận được hợp đồng lao động (gửi lại)",
        "Em gửi lại phản ánh hôm qua vì chưa thấy trả lời: công ty chưa giao bản hợp đồng lao động cho em.",
        age_days=0.5,
        steps=(
            Step(
                0.2,
                FEDERATION,
                "reject",
                "Nội dung trùng với phản ánh đồng chí gửi hôm qua, đang được xem xét; công đoàn sẽ trả lời "
                "trong phản ánh đó.",
            ),
        ),
        expect="rejected",
    ),
    Thread(
        "lam-them-ngay-le",
        "cdcs-khach-san-kim-lien",
        "wages",
        "Chưa được trả tiền làm thêm dịp nghỉ lễ 2/9",
        "Nhân viên buồng phòng làm việc các ngày nghỉ lễ 2/9 nhưng bảng lương tháng 9 chưa tính tiền làm "
        "thêm. Đề nghị công đoàn xem xét.",
        age_days=30,
        steps=(
            Step(1, FEDERATION, "acknowledge"),
            Step(
                5,
                FEDERATION,
                "answer",
                "Công ty đã rà soát và bổ sung tiền làm thêm ngày lễ vào kỳ lương tháng 10 cho 18 nhân viên "
                "buồng phòng.",
            ),
            Step(15, FEDERATION, "close"),
        ),
        expect="closed",
    ),
    Thread(
        "nguy-co-ngung-viec",
        "cdcs-sunny-optical",
        "work_stoppage",
        "Công nhân bàn tán nghỉ việc tập thể vì thưởng cuối năm",
        "Công ty thông báo giảm thưởng cuối năm, nhiều công nhân ở xưởng lắp ráp bàn tán sẽ nghỉ việc tập thể. "
        "Đề nghị công đoàn sớm đối thoại với công ty.",
        age_days=2,
        steps=(
            Step(0.1, FEDERATION, "acknowledge"),
            Step(0.2, FEDERATION, "note", "Báo Thường trực LĐLĐ tỉnh; đề nghị CĐCS tổ chức đối thoại ngay."),
        ),
        expect="acknowledged",
    ),
)

ACTIONS = {
    "acknowledge": lambda f, officer, step: services.acknowledge_feedback(officer, f),
    "start": lambda f, officer, step: services.start_progress(officer, f),
    "ask": lambda f, officer, step: services.request_information(officer, f, body=step.text),
    "answer": lambda f, officer, step: services.reply_to_feedback(officer, f, body=step.text),
    "reply": lambda f, officer, step: services.reply_to_feedback(officer, f, body=step.text, final=False),
    "note": lambda f, officer, step: services.add_internal_note(officer, f, body=step.text),
    "member": lambda f, user, step: services.add_member_message(user, f, body=step.text),
    "forward": lambda f, officer, step: services.forward_feedback(
        officer, f, to_organisation=Organisation.objects.get(code=step.to), reason=step.text
    ),
    "reject": lambda f, officer, step: services.reject_feedback(officer, f, reason=step.text),
    "close": lambda f, officer, step: services.close_feedback(officer, f),
    "withdraw": lambda f, user, step: services.withdraw_feedback(user, f, reason=step.text),
    "rate": lambda f, user, step: services.rate_feedback_answer(
        user, f, rating=step.rating, comment=step.text
    ),
}
# Which timestamp of the feedback each action sets (the first time).
STAMPS = {
    "acknowledge": ("acknowledged_at",),
    "start": ("acknowledged_at",),
    "ask": ("acknowledged_at",),
    "answer": ("acknowledged_at", "answered_at"),
    "reply": ("acknowledged_at",),
    "reject": ("closed_at",),
    "close": ("closed_at",),
    "withdraw": ("closed_at",),
    "rate": ("rated_at", "closed_at"),
}


def _sender(thread: Thread) -> Member:
    members = Member.objects.active().select_related("user")
    if thread.member.isdigit():
        return members.get(phone=thread.member)
    return members.filter(organisation__code=thread.member).order_by("phone").first()


def _play(thread: Thread, member: Member, officers: dict) -> Feedback:
    """Write the thread through the services, then set its times back to when it happened."""
    feedback = services.submit_feedback(
        member.user,
        category=thread.category,
        title=thread.title,
        description=thread.description,
        employer_name=thread.employer,
        organisation=Organisation.objects.get(code=thread.organisation) if thread.organisation else None,
        idempotency_key=f"demo-{thread.key}",
    )
    base = timezone.now() - timedelta(days=thread.age_days)
    stamps: dict[str, object] = {}
    message_times: list[tuple[int, object]] = []
    forward_times: list[tuple[int, object]] = []
    for step in thread.steps:
        actor = member.user if step.actor == MEMBER else officers[step.actor]
        result = ACTIONS[step.action](feedback, actor, step)
        at = base + timedelta(days=step.day)
        for name in STAMPS.get(step.action, ()):
            stamps.setdefault(name, at)
        if isinstance(result, FeedbackMessage):
            message_times.append((result.pk, at))
        elif isinstance(result, FeedbackForward):
            forward_times.append((result.pk, at))
        else:  # withdraw and reject write their reason as a message
            timed = [pk for pk, _ in message_times]
            message_times.extend(
                (pk, at) for pk in feedback.messages.exclude(pk__in=timed).values_list("pk", flat=True)
            )
    for pk, at in message_times:
        FeedbackMessage.objects.filter(pk=pk).update(created_at=at)
    for pk, at in forward_times:
        FeedbackForward.objects.filter(pk=pk).update(forwarded_at=at)
    last = max((at for _, at in message_times), default=base)
    Feedback.objects.filter(pk=feedback.pk).update(
        submitted_at=base,
        due_at=ResponseDeadline.due_from(base, ResponseDeadline.days_for(thread.category)),
        member_read_at=last if thread.read else None,
        **stamps,
    )
    return feedback


def seed(ctx: SeedContext) -> None:
    officers = get_user_model().objects.in_bulk([GRASSROOTS, COMMUNE, FEDERATION], field_name="username")
    created = 0
    with notifications.paused():
        for thread in THREADS:
            member = _sender(thread)
            if Feedback.objects.filter(submitter=member.user, idempotency_key=f"demo-{thread.key}").exists():
                continue
            _play(thread, member, officers)
            created += 1
    ctx.report(f"{len(THREADS)} feedback threads ({created} created)")


register_seeder("feedback", seed, after=("organisations", "members", "accounts"), order=90)
