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


def news_index():
    from cms.news.models import NewsIndexPage

    existing = NewsIndexPage.objects.first()
    if existing:
        return existing
    return add_page(make_home(), NewsIndexPage(title="Tin tức", slug="tin-tuc"))


def make_news(organisation, title: str | None = None, *, live: bool = True, audience=(), day: date | None = None, **fields):
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
