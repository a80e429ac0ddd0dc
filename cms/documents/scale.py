"""Official documents at the size of the province (``seed_demo --scale``).

Plans, official letters, guidance, decisions... issued since 2019 by the federation (to its
upper-level unions, or to everyone), by upper-level unions (to some of their grassroots unions)
and by grassroots unions (to their own members), each with its number and symbol (unique per
issuer), a signer, one attached file (reused from the demo's documents) and, when sent to
recipients, a delivery per recipient as ``services.deliver`` makes on publishing. The audience
follows ``services.default_audience``. Keyed on slugs under the documents section.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone
from wagtail.documents import get_document_model

from cms.core.demo.bulk import batches
from cms.core.demo.scale import (
    ScaleContext,
    publish_new_pages,
    published_at,
    publishers,
    register_scale_seeder,
    slug_of,
)
from cms.documents.models import (
    DocumentAttachment,
    DocumentDelivery,
    DocumentIndexPage,
    DocumentKind,
    DocumentUrgency,
    OfficialDocumentPage,
)
from cms.documents.services import default_audience
from cms.organisations.models import Organisation, OrganisationLevel

FIRST_DAY = date(2019, 1, 1)
KINDS = (
    (DocumentKind.OFFICIAL_LETTER, "CV", "Về việc {subject}", 35),
    (DocumentKind.PLAN, "KH", "Kế hoạch {subject} năm {year}", 20),
    (DocumentKind.GUIDANCE, "HD", "Hướng dẫn {subject}", 12),
    (DocumentKind.DECISION, "QĐ", "Quyết định về việc {subject}", 12),
    (DocumentKind.NOTICE, "TB", "Thông báo {subject}", 10),
    (DocumentKind.REPORT, "BC", "Báo cáo {subject} năm {year}", 6),
    (DocumentKind.RESOLUTION, "NQ", "Nghị quyết về {subject}", 3),
    (DocumentKind.DIRECTIVE, "CT", "Chỉ thị về {subject}", 2),
)
SUBJECTS = (
    "tổ chức Tháng Công nhân",
    "chăm lo Tết cho đoàn viên, người lao động",
    "phát triển đoàn viên, thành lập công đoàn cơ sở",
    "tổ chức Hội nghị người lao động",
    "thu, nộp kinh phí và đoàn phí công đoàn",
    "tổ chức đại hội công đoàn cơ sở",
    "thực hiện Tháng hành động về an toàn, vệ sinh lao động",
    "khen thưởng phong trào thi đua",
    "tuyên truyền, phổ biến pháp luật lao động",
    "xây dựng Mái ấm Công đoàn",
    "tổ chức các hoạt động văn hóa, thể thao",
    "kiểm tra, giám sát tài chính công đoàn",
)
SIGNERS = (("Chủ tịch", 5), ("Phó Chủ tịch", 4), ("Phó Chủ tịch Thường trực", 2))
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hồ", "Võ", "Phan", "Đặng", "Hoàng", "Bùi")
MIDDLE = ("Văn", "Thị", "Đình", "Minh", "Thanh", "Hữu", "Xuân", "Thị Thu")
GIVEN = ("Hải", "Hà", "Tuấn", "Lan", "Hùng", "Mai", "Sơn", "Hương", "Dũng", "Thủy", "Nam", "Yến")


def _abbreviation(organisation) -> str:
    if organisation.level == OrganisationLevel.FEDERATION:
        return "LĐLĐ"
    words = (organisation.short_name or organisation.name).replace("Công đoàn cơ sở", "CĐCS").split()
    return "".join(word[0] for word in words if word[:1].isalpha()).upper()[:8] or "CĐ"


def build(ctx: ScaleContext, files: list) -> list[OfficialDocumentPage]:
    rng = ctx.rng("documents")
    orgs = publishers()
    children: dict[str, list] = defaultdict(list)
    for union in orgs.grassroots:
        children[union.path[: -Organisation.steplen]].append(union)
    pages = []
    for number in range(1, ctx.size("documents") + 1):
        publisher, audience = orgs.draw(rng, weights=(0.3, 0.3, 0.4))
        when = published_at(rng, FIRST_DAY, timezone.localdate())
        kind, abbreviation, pattern, _ = rng.choices(KINDS, weights=[k[3] for k in KINDS])[0]
        title = pattern.format(subject=rng.choice(SUBJECTS), year=when.year)
        if publisher is orgs.federation:
            recipients = [] if rng.random() < 0.3 else rng.sample(orgs.upper, min(len(orgs.upper), 8))
        elif publisher.level == OrganisationLevel.UPPER:
            below = children.get(publisher.path, [])
            recipients = rng.sample(below, min(len(below), rng.randint(1, 5)))
        else:
            recipients = []
        # The federation sends to its upper-level unions (then for them: the service's default
        # audience) or publishes for everyone; the others publish for their own subtree.
        audience = list(default_audience([] if publisher is orgs.federation else audience, recipients))
        issued = timezone.localtime(when).date()
        signer_title = rng.choices([t for t, _ in SIGNERS], weights=[w for _, w in SIGNERS])[0]
        page = OfficialDocumentPage(
            title=title,
            slug=slug_of(title, number),
            summary=f"{title[0].upper()}{title[1:]}.",
            organisation=publisher,
            # Numbered in `number`. Decree 30: a công văn's symbol is the issuer's and the drafting
            # unit's (LĐLĐ-VP), other types' their own abbreviation then the issuer's (KH-LĐLĐ).
            number_symbol=(
                f"/{_abbreviation(publisher)}-VP"
                if kind == DocumentKind.OFFICIAL_LETTER
                else f"/{abbreviation}-{_abbreviation(publisher)}"
            ),
            document_type=kind,
            signer_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            signer_title=signer_title,
            issued_on=issued,
            effective_on=issued,
            urgency=rng.choices([DocumentUrgency.NORMAL, DocumentUrgency.URGENT], weights=(9, 1))[0],
            requires_acknowledgement=bool(recipients) and rng.random() < 0.3,
            requires_report=False,
            first_published_at=when,
        )
        page.recipients = recipients
        page.audience = audience
        page.attachments = (
            [DocumentAttachment(document=rng.choice(files), title="Văn bản kèm theo")] if files else []
        )
        pages.append(page)
    return pages


def number(pages: list[OfficialDocumentPage], taken: set[tuple[int, int, int]]) -> None:
    """Number each issuer's documents of a year in the order they were issued, from 1, skipping
    numbers its other documents of that year hold (a number is unique per issuer and year), and
    fill the derived fields as ``save()`` does."""
    last: dict[tuple[int, int], int] = defaultdict(int)
    for page in sorted(pages, key=lambda p: (p.issued_on, p.slug)):
        key = (page.organisation_id, page.issued_on.year)
        while True:
            last[key] += 1
            if (*key, last[key]) not in taken:
                break
        page.number_symbol = f"{last[key]}{page.number_symbol}"
        page.refresh_numbering()


def seed(ctx: ScaleContext) -> None:
    index = DocumentIndexPage.objects.first()
    if index is None:
        ctx.report("no documents section: run the demo's documents seeder first")
        return
    files = list(get_document_model().objects.order_by("pk")[:6])
    pages = build(ctx, files)
    slugs = {page.slug for page in pages}
    others = (
        OfficialDocumentPage.objects.exclude(slug__in=slugs)
        .filter(number__isnull=False)
        .values_list("organisation_id", "issued_year", "number")
    )
    number(pages, set(others))
    wanted = publish_new_pages(ctx, index, pages, "official documents")
    # What services.deliver makes when each is published: a delivery per active recipient.
    deliveries = [
        DocumentDelivery(
            document_id=page.pk, organisation_id=recipient.pk, delivered_at=page.first_published_at
        )
        for page in wanted
        for recipient in page.recipients.all()
    ]
    for batch in batches(deliveries, 5_000):
        DocumentDelivery.objects.bulk_create(batch)
    ctx.report(f"{len(pages)} scale official documents ({len(wanted)} created, {len(deliveries)} deliveries)")


register_scale_seeder("documents", seed, after=("organisations",))
