"""Factories for content pages: a home page with its sections, and pages in them."""

from __future__ import annotations

import itertools
from datetime import date

from wagtail.models import Page, Site

from cms.home.models import HomePage

_seq = itertools.count(1)


def make_home() -> HomePage:
    """The default site's root: a HomePage directly under Wagtail's root."""
    existing = HomePage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Công đoàn Nghệ An", slug="trang-chu"))
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def add_page(parent: Page, page: Page, *, live: bool = True, audience=()) -> Page:
    """Add ``page`` under ``parent``; ``live=False`` makes a never-published draft."""
    page.live = live
    if not page.slug:
        page.slug = f"trang-{next(_seq)}"
    parent.refresh_from_db()
    parent.add_child(instance=page)
    if audience:
        page.audience.set(audience)
        page.save()
    if live:
        page.save_revision().publish()
    else:
        page.save_revision()
    return page


def hide(page, state: str) -> None:
    """Put a page created live (or as a draft, for "draft") into the given hidden state:
    "scheduled" (go-live tomorrow), "expired" or "private" (a login-restricted page)."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import PageViewRestriction

    now = timezone.now()
    if state == "scheduled":
        page.go_live_at = now + timedelta(days=1)
        page.live = False
        page.save()
    elif state == "expired":
        page.expire_at = now - timedelta(minutes=1)
        page.save()
    elif state == "private":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def news_index():
    from cms.news.models import NewsIndexPage

    existing = NewsIndexPage.objects.first()
    if existing:
        return existing
    return add_page(make_home(), NewsIndexPage(title="Tin tức", slug="tin-tuc"))


def make_news(
    organisation,
    title: str | None = None,
    *,
    live: bool = True,
    audience=(),
    day: date | None = None,
    **fields,
):
    from cms.news.models import NewsPage

    n = next(_seq)
    page = NewsPage(
        title=title or f"Tin số {n}",
        slug=f"tin-{n}",
        date=day or date(2026, 11, 1),
        organisation=organisation,
        summary=fields.pop("summary", "Tóm tắt"),
        **fields,
    )
    return add_page(news_index(), page, live=live, audience=audience)


def announcement_index():
    from cms.announcements.models import AnnouncementIndexPage

    existing = AnnouncementIndexPage.objects.first()
    if existing:
        return existing
    return add_page(make_home(), AnnouncementIndexPage(title="Thông báo", slug="thong-bao"))


def make_announcement(organisation, title: str | None = None, *, live: bool = True, audience=(), **fields):
    from cms.announcements.models import AnnouncementPage

    n = next(_seq)
    page = AnnouncementPage(
        title=title or f"Thông báo số {n}",
        slug=f"thong-bao-{n}",
        organisation=organisation,
        summary=fields.pop("summary", "Tóm tắt thông báo"),
        **fields,
    )
    return add_page(announcement_index(), page, live=live, audience=audience)


def document_index():
    from cms.documents.models import DocumentIndexPage

    existing = DocumentIndexPage.objects.first()
    if existing:
        return existing
    return add_page(make_home(), DocumentIndexPage(title="Văn bản", slug="van-ban"))


def make_wagtail_document(
    title: str = "Kế hoạch 75/KH-LĐLĐ",
    *,
    collection=None,
    data: bytes | None = None,
    filename: str = "van-ban.pdf",
):
    """A Wagtail document with a small PDF made from its title unless ``data`` is given."""
    from tests.cms.core.media import make_document

    data = data or b"%PDF-1.4\n% " + title.encode() + b"\n%%EOF\n"
    return make_document(data, filename, title=title, collection=collection)


def make_official_document(
    organisation,
    title: str | None = None,
    *,
    live: bool = True,
    audience=(),
    recipients=(),
    files=(),
    number_symbol: str | None = None,
    issued_on: date | None = None,
    **fields,
):
    """An official document; ``files`` are Wagtail documents attached in order."""
    from cms.documents.models import DocumentAttachment, DocumentKind, OfficialDocumentPage

    n = next(_seq)
    page = OfficialDocumentPage(
        title=title or f"Văn bản số {n}",
        slug=f"van-ban-{n}",
        organisation=organisation,
        number_symbol=number_symbol or f"{n}/CV-LĐLĐ",
        document_type=fields.pop("document_type", DocumentKind.OFFICIAL_LETTER),
        issued_on=issued_on or date(2026, 11, 1),
        signer_name=fields.pop("signer_name", "Kha Văn Tám"),
        signer_title=fields.pop("signer_title", "Chủ tịch"),
        summary=fields.pop("summary", "Trích yếu văn bản"),
        **fields,
    )
    page.recipients = list(recipients)
    page.attachments = [DocumentAttachment(document=f) for f in files]
    return add_page(document_index(), page, live=live, audience=audience)


# --- legal, benefits, congress -------------------------------------------------------------


def legal_library():
    from cms.legal.models import LegalLibraryPage

    existing = LegalLibraryPage.objects.first()
    if existing:
        return existing
    return add_page(make_home(), LegalLibraryPage(title="Tư vấn pháp luật", slug="tu-van-phap-luat"))


def make_legal_topic(name: str = "Thai sản", slug: str | None = None, sort_order: int = 0):
    from cms.legal.models import LegalTopic

    return LegalTopic.objects.create(name=name, slug=slug or f"chu-de-{next(_seq)}", sort_order=sort_order)


def make_legal_basis(**fields):
    from cms.legal.models import LegalBasis

    values = {
        "instrument_code": "45/2019/QH14",
        "instrument_name": "Bộ luật Lao động 2019",
        "article": "139",
        "clause": "1",
        "valid_from": date(2021, 1, 1),
    }
    values.update(fields)
    return LegalBasis(**values)


def make_legal_scenario(
    organisation, title: str | None = None, *, live: bool = True, audience=(), topics=(), bases=None, **fields
):
    """A published legal consultation; ``bases`` are unsaved LegalBasis rows (default: one current one)."""
    from cms.legal.models import LegalScenarioPage

    n = next(_seq)
    page = LegalScenarioPage(
        title=title or f"Tình huống số {n}",
        slug=f"tinh-huong-{n}",
        organisation=organisation,
        asker=fields.pop("asker", "Công nhân KCN Nam Cấm hỏi"),
        question=fields.pop("question", "Tôi được nghỉ bao lâu?"),
        answer=fields.pop("answer", "<p>Theo quy định...</p>"),
        topics=list(topics),
        legal_bases=list(bases) if bases is not None else [make_legal_basis()],
        **fields,
    )
    return add_page(legal_library(), page, live=live, audience=audience)


def benefit_index():
    from cms.benefits.models import BenefitIndexPage

    existing = BenefitIndexPage.objects.first()
    if existing:
        return existing
    return add_page(make_home(), BenefitIndexPage(title="Quyền lợi đoàn viên", slug="quyen-loi-doan-vien"))


def make_benefit(organisation, title: str | None = None, *, live: bool = True, audience=(), **fields):
    from cms.benefits.models import BenefitKind, BenefitPage

    n = next(_seq)
    page = BenefitPage(
        title=title or f"Chương trình số {n}",
        slug=f"phuc-loi-{n}",
        organisation=organisation,
        kind=fields.pop("kind", BenefitKind.PARTNER_DISCOUNT),
        **fields,
    )
    return add_page(benefit_index(), page, live=live, audience=audience)


def congress_index():
    from cms.congress.models import CongressIndexPage

    existing = CongressIndexPage.objects.first()
    if existing:
        return existing
    return add_page(make_home(), CongressIndexPage(title="Đại hội Công đoàn", slug="dai-hoi"))


def make_congress_file(title: str = "Báo cáo chính trị", *, collection=None):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    fields = {"collection": collection} if collection is not None else {}
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 demo", name="dai-hoi.pdf"), **fields
    )


def make_congress(
    organisation,
    title: str | None = None,
    *,
    live: bool = True,
    audience=(),
    related_news=(),
    documents=(),
    **fields,
):
    """A congress page; ``documents`` are (title, Wagtail document) pairs."""
    from cms.congress.models import CongressDocument, CongressPage

    n = next(_seq)
    page = CongressPage(
        title=title or f"Đại hội số {n}",
        slug=f"dai-hoi-{n}",
        organisation=organisation,
        number=fields.pop("number", "XIX"),
        term=fields.pop("term", "2023–2028"),
        start_date=fields.pop("start_date", date(2023, 9, 27)),
        related_news=list(related_news),
        documents=[CongressDocument(title=t, document=d) for t, d in documents],
        **fields,
    )
    return add_page(congress_index(), page, live=live, audience=audience)


def contest_index():
    from cms.contests.models import ContestIndexPage

    existing = ContestIndexPage.objects.first()
    if existing:
        return existing
    return add_page(make_home(), ContestIndexPage(title="Cuộc thi", slug="cuoc-thi"))


def make_contest(
    organisation, title: str | None = None, *, rounds=(), live: bool = True, audience=(), **fields
):
    """A contest page; ``rounds`` are ``(opens_at, closes_at)`` pairs or dicts of round fields."""
    from cms.contests.models import ContestPage, ContestRound

    n = next(_seq)
    built = []
    for i, spec in enumerate(rounds, start=1):
        values = {"opens_at": spec[0], "closes_at": spec[1]} if isinstance(spec, tuple) else dict(spec)
        values.setdefault("name", f"Tuần {i}")
        built.append(ContestRound(**values))
    page = ContestPage(
        title=title or f"Cuộc thi số {n}",
        slug=f"cuoc-thi-{n}",
        organisation=organisation,
        summary=fields.pop("summary", "Tóm tắt"),
        rules=fields.pop("rules", "<p>Thể lệ</p>"),
        prizes=fields.pop("prizes", "<p>Giải thưởng</p>"),
        rounds=built,
        **fields,
    )
    return add_page(contest_index(), page, live=live, audience=audience)


def make_contest_question(
    contest, text: str = "Câu hỏi?", choices=(("Đúng", True), ("Sai", False), ("Sai nữa", False)), **fields
):
    from cms.contests.models import ContestChoice, ContestQuestion

    question = ContestQuestion(
        contest=contest,
        text=text,
        choices=[ContestChoice(text=t, is_correct=c) for t, c in choices],
        **fields,
    )
    question.save()
    return question


def job_index():
    from cms.jobs.models import JobIndexPage

    existing = JobIndexPage.objects.first()
    if existing:
        return existing
    return add_page(make_home(), JobIndexPage(title="Việc làm", slug="viec-lam"))


def make_employer(name: str = "Công ty TNHH Luxshare-ICT Nghệ An", **fields):
    from cms.jobs.models import Employer

    n = next(_seq)
    fields.setdefault("slug", f"doanh-nghiep-{n}")
    fields.setdefault("locality", "Hưng Nguyên")
    return Employer.objects.create(name=name, **fields)


def make_job(
    organisation, title: str | None = None, *, employer=None, live: bool = True, audience=(), **fields
):
    from cms.jobs.models import JobPage

    n = next(_seq)
    page = JobPage(
        title=title or f"Tuyển dụng số {n}",
        slug=f"viec-lam-{n}",
        organisation=organisation,
        employer=employer or make_employer(),
        summary=fields.pop("summary", "Tóm tắt"),
        street_address=fields.pop("street_address", "KCN VSIP Nghệ An"),
        locality=fields.pop("locality", "Hưng Nguyên"),
        **fields,
    )
    return add_page(job_index(), page, live=live, audience=audience)


def make_menu(slug: str = "main", items=()):
    """A menu with items given as dicts of MenuItem fields (label, icon, page, screen, url)."""
    from cms.home.models import Menu, MenuItem

    menu = Menu.objects.create(name=slug.title(), slug=slug)
    for order, fields in enumerate(items):
        MenuItem.objects.create(menu=menu, sort_order=order, **fields)
    return menu
