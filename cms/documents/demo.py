"""Demo official documents (văn bản, công văn) with attached files, published so they are delivered.

Files are small PDFs written here (no network): a one-page PDF whose text is the number and
the summary without accents (the standard PDF fonts have no Vietnamese glyphs).

Numbers follow Decree 30/2020/NĐ-CP: one sequence per issuer and year, in the order of issue; a
công văn's symbol is the issuer's and the drafting unit's (``112/LĐLĐ-VP``). Documents first seeded
under an earlier number (``formerly``) keep their page (their slug) and are renumbered.

The document clerks of two grassroots unions (Luxshare, Everwin; accounts of cms.members.demo) act
on their deliveries, left in every state: not opened, opened, acknowledged, reported, overdue
(``RECEIPTS``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally
from cms.core.demo.content import section, upsert_page
from cms.documents.models import (
    DocumentAttachment,
    DocumentDelivery,
    DocumentIndexPage,
    OfficialDocumentPage,
)
from cms.documents.services import default_audience
from cms.organisations.demo import ROOT_CODE
from cms.organisations.models import Organisation
from search.normalize import fold

# Kha Văn Tám chairs the federation and Nguyễn Chí Công is its standing vice-chair (as reported in
# 2025 and January 2026); the chair of the Thành Vinh ward union as reported in October 2025. The
# commune union's chair is an illustrative name, like that union's place in the demo.
# (name, title, signing authority, signed for): the chair signs for the standing committee, the
# vice-chair for the chair.
CHAIR = ("Kha Văn Tám", "Chủ tịch", "TM", "Ban Thường vụ")
VICE_CHAIR = ("Nguyễn Chí Công", "Phó Chủ tịch Thường trực", "KT", "Chủ tịch")
COMMUNE_CHAIR = ("Lê Đình Hải", "Chủ tịch Công đoàn xã Hưng Nguyên")
THANH_VINH_CHAIR = ("Đinh Thị Thùy Mai", "Chủ tịch Công đoàn phường Thành Vinh")

# The commune and ward unions (công đoàn xã, phường) under the federation since July 2025.
UPPER = ("cd-kkt-kcn", "cd-phuong-thanh-vinh", "cd-phuong-truong-vinh", "cd-phuong-cua-lo")
COMMUNES = UPPER  # kept for code that imported the earlier name
# Grassroots unions in industrial zones: two in the commune union's area, two directly under the federation.
KCN_GRASSROOTS = ("cdcs-luxshare", "cdcs-everwin", "cdcs-sunny-optical", "cdcs-ton-hoa-sen")
HUNG_NGUYEN_GRASSROOTS = ("cdcs-luxshare", "cdcs-everwin")
THANH_VINH_GRASSROOTS = ("cdcs-khach-san-kim-lien", "cdcs-xang-dau-nghe-an")


@dataclass(frozen=True)
class DocumentSpec:
    number_symbol: str
    kind: str
    title: str
    summary: str
    issued_on: date
    signer: tuple[str, ...] = CHAIR
    organisation: str = ROOT_CODE
    recipients: tuple[str, ...] = UPPER
    audience: tuple[str, ...] = field(default_factory=tuple)
    urgency: str = "normal"
    acknowledgement: bool = False
    report_days: int | None = None
    accepts_late_reports: bool = False
    files: tuple[str, ...] = ("Văn bản",)
    # "Every grassroots union under" these organisations.
    recipient_subtrees: tuple[str, ...] = ()
    # The number it was first seeded with: its page keeps that slug.
    formerly: str = ""

    @property
    def slug(self) -> str:
        return fold(self.formerly or self.number_symbol).replace("/", "-")

    @property
    def signing(self) -> tuple[str, str]:
        return (self.signer[2], self.signer[3]) if len(self.signer) == 4 else ("", "")


D = DocumentSpec
DOCUMENTS = (
    D(
        "75/KH-LĐLĐ",
        "plan",
        "Kế hoạch tổ chức Tháng Công nhân năm 2026",
        "Kế hoạch tổ chức các hoạt động Tháng Công nhân và Tháng hành động về an toàn, vệ sinh lao động năm 2026",
        date(2026, 3, 2),
        recipients=UPPER + ("cdcs-sunny-optical", "cdcs-ton-hoa-sen", "cdcs-bv-huu-nghi"),
        acknowledgement=True,
        report_days=120,
        files=("Kế hoạch", "Phụ lục 1 - Chỉ tiêu các đơn vị"),
    ),
    D(
        "112/LĐLĐ-VP",
        "official_letter",
        "Về việc tổ chức chương trình Tết Sum vầy năm 2026",
        "Đề nghị công đoàn xã, phường và công đoàn cơ sở trực thuộc rà soát, lập danh sách đoàn viên khó khăn "
        "nhận quà Tết",
        date(2025, 11, 10),
        urgency="urgent",
        acknowledgement=True,
        report_days=20,
        formerly="112/CV-LĐLĐ",
    ),
    D(
        "08/HD-LĐLĐ",
        "guidance",
        "Hướng dẫn tổ chức hội nghị người lao động năm 2026",
        "Hướng dẫn nội dung, quy trình tổ chức hội nghị người lao động tại doanh nghiệp năm 2026",
        date(2026, 1, 15),
        signer=VICE_CHAIR,
        recipients=UPPER,
        files=("Hướng dẫn", "Mẫu biểu hội nghị"),
    ),
    D(
        "15/QĐ-LĐLĐ",
        "decision",
        "Quyết định khen thưởng tập thể, cá nhân xuất sắc phong trào thi đua năm 2025",
        "Khen thưởng 45 tập thể và 120 cá nhân có thành tích xuất sắc trong phong trào thi đua lao động giỏi",
        date(2026, 1, 20),
    ),
    D(
        "21/TB-LĐLĐ",
        "notice",
        "Thông báo kết luận Hội nghị Ban Chấp hành Liên đoàn Lao động tỉnh khóa XX",
        "Kết luận của Thường trực Liên đoàn Lao động tỉnh tại Hội nghị Ban Chấp hành khóa XX đầu năm 2026",
        date(2026, 1, 28),
        audience=(ROOT_CODE,),
    ),
    D(
        "30/BC-LĐLĐ",
        "report",
        "Báo cáo tình hình tranh chấp lao động và ngừng việc tập thể năm 2025",
        "Tổng hợp tình hình quan hệ lao động, các vụ ngừng việc tập thể trên địa bàn tỉnh năm 2025",
        date(2026, 2, 5),
        signer=VICE_CHAIR,
        recipients=(),
    ),
    D(
        "34/NQ-LĐLĐ",
        "resolution",
        "Nghị quyết về phát triển đoàn viên, thành lập công đoàn cơ sở giai đoạn 2026 - 2028",
        "Mục tiêu, giải pháp phát triển đoàn viên, thành lập công đoàn cơ sở trong doanh nghiệp ngoài nhà nước "
        "giai đoạn 2026 - 2028",
        date(2026, 2, 10),
        recipients=UPPER,
        acknowledgement=True,
        formerly="02/NQ-LĐLĐ",
    ),
    D(
        "83/CT-LĐLĐ",
        "directive",
        "Chỉ thị về tăng cường công tác bảo đảm an toàn, vệ sinh lao động",
        "Yêu cầu các cấp công đoàn tăng cường giám sát an toàn lao động tại doanh nghiệp",
        date(2026, 3, 20),
        urgency="urgent",
        acknowledgement=True,
        formerly="03/CT-LĐLĐ",
    ),
    D(
        "126/LĐLĐ-VP",
        "official_letter",
        "Về việc tham gia cuộc thi trực tuyến tìm hiểu Bộ luật Lao động",
        "Đề nghị các cấp công đoàn vận động đoàn viên tham gia cuộc thi trực tuyến",
        date(2026, 4, 1),
        signer=VICE_CHAIR,
        formerly="126/CV-LĐLĐ",
    ),
    D(
        "140/LĐLĐ-VP",
        "official_letter",
        "Về việc báo cáo số liệu thỏa ước lao động tập thể 6 tháng đầu năm",
        "Đề nghị báo cáo số lượng, chất lượng thỏa ước lao động tập thể theo mẫu đính kèm",
        date(2026, 5, 25),
        urgency="flash",
        acknowledgement=True,
        report_days=10,
        files=("Công văn", "Mẫu báo cáo thỏa ước"),
        formerly="140/CV-LĐLĐ",
    ),
    D(
        "131/KH-LĐLĐ",
        "plan",
        "Kế hoạch tổ chức Tháng hành động vì an toàn vệ sinh lao động",
        "Triển khai Tháng hành động về an toàn, vệ sinh lao động năm 2026 trong các doanh nghiệp",
        date(2026, 4, 15),
        recipients=UPPER,
        formerly="45/KH-LĐLĐ",
    ),
    D(
        "03/HD-LĐLĐ",
        "guidance",
        "Hướng dẫn thu, nộp kinh phí và đoàn phí công đoàn năm 2026",
        "Hướng dẫn mức thu, phương thức nộp đoàn phí và kinh phí công đoàn",
        date(2026, 1, 5),
        signer=VICE_CHAIR,
        recipients=UPPER,
        formerly="12/HD-LĐLĐ",
    ),
    D(
        "90/QĐ-LĐLĐ",
        "decision",
        "Quyết định thành lập Ban Tổ chức cuộc thi trực tuyến năm 2026",
        "Thành lập Ban Tổ chức, Tổ thư ký cuộc thi trực tuyến tìm hiểu pháp luật lao động",
        date(2026, 3, 25),
        recipients=(),
        formerly="60/QĐ-LĐLĐ",
    ),
    D(
        "155/LĐLĐ-VP",
        "official_letter",
        "Về việc hỗ trợ đoàn viên bị ảnh hưởng bởi bão lũ",
        "Đề nghị rà soát, báo cáo số đoàn viên bị thiệt hại do bão, lũ để kịp thời hỗ trợ",
        date(2026, 9, 12),
        urgency="flash",
        recipients=UPPER + KCN_GRASSROOTS,
        acknowledgement=True,
        report_days=5,
        formerly="155/CV-LĐLĐ",
    ),
    D(
        "196/TB-LĐLĐ",
        "notice",
        "Thông báo phân bổ chỉ tiêu quà Tết Sum vầy cho các đơn vị",
        "Phân bổ 3.500 suất quà Tết cho đoàn viên có hoàn cảnh khó khăn",
        date(2026, 11, 25),
        recipients=UPPER + KCN_GRASSROOTS,
        acknowledgement=True,
        formerly="36/TB-LĐLĐ",
    ),
    D(
        "168/BC-LĐLĐ",
        "report",
        "Báo cáo kết quả hoạt động công đoàn 9 tháng đầu năm 2026",
        "Kết quả thực hiện nhiệm vụ 9 tháng và phương hướng quý IV năm 2026",
        date(2026, 10, 8),
        signer=VICE_CHAIR,
        recipients=(),
        formerly="48/BC-LĐLĐ",
    ),
    D(
        "28/KH-CĐX",
        "plan",
        "Kế hoạch tổ chức Ngày hội công nhân KCN VSIP Nghệ An năm 2026",
        "Tổ chức ngày hội văn hóa, thể thao cho công nhân lao động trong KCN VSIP Nghệ An",
        date(2026, 4, 20),
        signer=COMMUNE_CHAIR,
        organisation="cd-kkt-kcn",
        recipients=(),
        recipient_subtrees=("cd-kkt-kcn",),
        acknowledgement=True,
    ),
    D(
        "35/CĐX-VP",
        "official_letter",
        "Về việc đối thoại định kỳ tại doanh nghiệp",
        "Đề nghị công đoàn cơ sở phối hợp người sử dụng lao động tổ chức đối thoại định kỳ",
        date(2026, 6, 3),
        signer=COMMUNE_CHAIR,
        organisation="cd-kkt-kcn",
        recipients=HUNG_NGUYEN_GRASSROOTS,
        report_days=30,
        accepts_late_reports=True,
        formerly="35/CV-CĐX",
    ),
    D(
        "19/HD-CĐP",
        "guidance",
        'Hướng dẫn tổ chức "Bữa cơm Công đoàn" tại doanh nghiệp trên địa bàn phường',
        'Hướng dẫn công đoàn cơ sở phối hợp người sử dụng lao động tổ chức "Bữa cơm Công đoàn" năm 2026',
        date(2026, 10, 15),
        signer=THANH_VINH_CHAIR,
        organisation="cd-phuong-thanh-vinh",
        recipients=THANH_VINH_GRASSROOTS,
    ),
    D(
        "205/CT-LĐLĐ",
        "directive",
        "Chỉ thị về tổ chức Tết cho người lao động năm 2027",
        "Yêu cầu các cấp công đoàn chăm lo Tết cho đoàn viên, người lao động, không để ai không có Tết",
        date(2026, 12, 1),
        urgency="urgent",
        recipients=UPPER,
        acknowledgement=True,
        formerly="05/CT-LĐLĐ",
    ),
)


def minimal_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF showing ``lines`` (ASCII: accents are folded away)."""
    text = (
        "BT /F1 12 Tf 56 780 Td 16 TL "
        + " ".join(
            "(" + fold(line).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
            for line in lines
        )
        + " ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text.encode()) + text.encode() + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def demo_file(title: str, lines: list[str]):
    """A Wagtail document keyed on its title."""
    model = get_document_model()
    existing = model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    data = minimal_pdf(lines)
    name = f"{fold(title)[:40].replace(' ', '-').replace('/', '-')}-{hashlib.sha1(title.encode()).hexdigest()[:8]}.pdf"
    document = model(title=title, file=ContentFile(data, name=name))
    document._set_document_file_metadata()
    document.save()
    return document


# The grassroots document clerks (cms.members.demo's OFFICERS), the receipts' actors, by union.
CLERKS = {"cdcs-luxshare": "vanthu.luxshare", "cdcs-everwin": "vanthu.everwin"}

# What each clerk's union did with what it received, by number and symbol:
# unopened, opened, acknowledged, reported (acknowledged too, when asked).
RECEIPTS = {
    "cdcs-luxshare": {
        "196/TB-LĐLĐ": "unopened",
        "28/KH-CĐX": "opened",
        "155/LĐLĐ-VP": "reported",
        "35/CĐX-VP": "opened",  # its report is overdue (late reports accepted)
    },
    "cdcs-everwin": {
        "196/TB-LĐLĐ": "unopened",
        "28/KH-CĐX": "acknowledged",
        "155/LĐLĐ-VP": "acknowledged",  # its report is overdue (late reports refused)
        "35/CĐX-VP": "reported",
    },
}


def clerks() -> dict[str, object]:
    users = get_user_model().objects.in_bulk(list(CLERKS.values()), field_name="username")
    return {code: users[username] for code, username in CLERKS.items()}


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_receipts(clerks: dict[str, object]) -> int:
    """Put the clerks' unions' deliveries in the states of ``RECEIPTS``; never undo what was done."""
    done = 0
    for code, states in RECEIPTS.items():
        user = clerks[code]
        for number_symbol, state in states.items():
            delivery = (
                DocumentDelivery.objects.select_related("document")
                .filter(organisation__code=code, document__number_symbol=number_symbol)
                .first()
            )
            if delivery is None or state == "unopened" or delivery.first_opened_at is not None:
                continue
            document = delivery.document
            day = document.issued_on
            delivery.first_opened_at, delivery.first_opened_by = _at(day + timedelta(days=1), 8), user
            if state in ("acknowledged", "reported") and document.requires_acknowledgement:
                delivery.acknowledged_at, delivery.acknowledged_by = _at(day + timedelta(days=1), 9), user
            if state == "reported" and document.requires_report:
                title = f"Báo cáo thực hiện {number_symbol} - {delivery.organisation.name}"
                data = minimal_pdf([title])
                name = f"private/document-reports/demo/{hashlib.sha1(title.encode()).hexdigest()[:12]}.pdf"
                delivery.report_file = ContentFile(data, name=name)
                delivery.report_file_name = f"bao-cao-{fold(number_symbol).replace('/', '-')}.pdf"
                delivery.report_content_type = "application/pdf"
                delivery.report_file_size = len(data)
                delivery.report_submitted_at, delivery.report_submitted_by = (
                    _at(day + timedelta(days=3), 15),
                    user,
                )
            delivery.save()
            done += 1
    return done


def seed(ctx: SeedContext) -> None:
    index = section(DocumentIndexPage, "Văn bản", "van-ban", intro="Văn bản, công văn của công đoàn các cấp")
    codes = {s.organisation for s in DOCUMENTS} | {
        c for s in DOCUMENTS for c in s.recipients + s.audience + s.recipient_subtrees
    }
    orgs = Organisation.objects.in_bulk(list(codes), field_name="code")
    tally = Tally()
    for spec in DOCUMENTS:
        files = [
            demo_file(f"{spec.number_symbol} - {name}", [spec.number_symbol, name, spec.title, spec.summary])
            for name in spec.files
        ]
        recipients = [orgs[c] for c in spec.recipients]
        addressed = recipients + [orgs[c] for c in spec.recipient_subtrees]
        page, created = upsert_page(
            index,
            OfficialDocumentPage,
            spec.slug,
            # The service's rule, as in the admin form: an empty audience means the recipients.
            audience=list(default_audience([orgs[c] for c in spec.audience], addressed)),
            title=spec.title,
            summary=spec.summary,
            organisation=orgs[spec.organisation],
            number_symbol=spec.number_symbol,
            document_type=spec.kind,
            signer_name=spec.signer[0],
            signer_title=spec.signer[1],
            signing_authority=spec.signing[0],
            signing_for=spec.signing[1],
            accepts_late_reports=spec.accepts_late_reports,
            recipient_subtrees=[orgs[c] for c in spec.recipient_subtrees],
            issued_on=spec.issued_on,
            effective_on=spec.issued_on,
            urgency=spec.urgency,
            recipients=recipients,
            requires_acknowledgement=spec.acknowledgement,
            requires_report=spec.report_days is not None,
            report_due_on=spec.issued_on + timedelta(days=spec.report_days) if spec.report_days else None,
            attachments=[
                DocumentAttachment(document=f, title=name) for f, name in zip(files, spec.files, strict=True)
            ],
        )
        changed = False if created else renumber(page, spec)
        tally.count(created=created, changed=changed)
    ctx.report(tally.describe("official documents"))
    receipts = seed_receipts(clerks())
    ctx.report(f"{DocumentDelivery.objects.count()} document deliveries; {receipts} receipts recorded")


def renumber(page: OfficialDocumentPage, spec: DocumentSpec) -> bool:
    """A page seeded under its former number takes its number, signing and late-report rule now."""
    wanted = {
        "number_symbol": spec.number_symbol,
        "signing_authority": spec.signing[0],
        "signing_for": spec.signing[1],
        "accepts_late_reports": spec.accepts_late_reports,
    }
    if all(getattr(page, key) == value for key, value in wanted.items()):
        return False
    for key, value in wanted.items():
        setattr(page, key, value)
    page.save_revision().publish()
    return True


register_seeder("documents", seed, after=("organisations", "accounts"), order=70)
