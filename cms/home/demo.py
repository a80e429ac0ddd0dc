"""The home page, its welcome and hero image, its quick links, and the app's main menu.

The home page itself is made the first time a content seeder asks for it (``home_page``, which
this module registers with ``cms.core.demo``), so sections always hang under it. The seeder runs
after the content seeders: menu items point at the section pages they created. A section that
does not exist (its domain not seeded) is linked as an app screen instead, never dropped.
"""

from __future__ import annotations

from wagtail.models import Page, Site

from cms.core.demo import register_home_page, register_seeder
from cms.core.demo.base import SeedContext, Tally, changed_fields
from cms.core.demo.content import demo_image
from cms.home.models import HomePage, HomeQuickLink, Menu, MenuItem

HOME_SLUG = "trang-chu"


def home_page() -> HomePage:
    """The HomePage at the root of the default site, created (and made the site root) once."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Công đoàn Nghệ An",
                slug=HOME_SLUG,
                welcome="Ứng dụng Công đoàn số của Liên đoàn Lao động tỉnh Nghệ An",
            )
        )
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site:
            site.root_page = home
            site.site_name = "Công đoàn số"
            site.save()
        else:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Công đoàn số"
            )
        # Wagtail's "Welcome to your new Wagtail site!" placeholder is not content.
        if (
            old_root is not None
            and old_root.pk != home.pk
            and old_root.depth == 2
            and old_root.get_children_count() == 0
        ):
            old_root.delete()
    return home


WELCOME = "Chào mừng đoàn viên đến với Công đoàn số — nơi công đoàn luôn bên bạn"
HERO_TITLE = "Công đoàn Nghệ An — đồng hành cùng người lao động"

# label, icon, section slug under the home page (or None), app screen
MAIN_MENU = (
    ("Tin tức", "news", "tin-tuc", "news"),
    ("Thông báo", "announcement", "thong-bao", "announcements"),
    ("Văn bản", "document", "van-ban", "documents"),
    ("Pháp luật", "legal", "tu-van-phap-luat", "legal"),
    ("Quyền lợi", "benefit", "quyen-loi-doan-vien", "benefits"),
    ("Cuộc thi", "contest", "cuoc-thi", "contests"),
    ("Việc làm", "job", "viec-lam", "jobs"),
    # The congress section: a tab of its own in the app, so in the menu the app builds its tabs from.
    ("Đại hội", "congress", "dai-hoi", "congress"),
    ("Phản ánh", "feedback", None, "feedback"),
)
QUICK_LINKS = (
    ("Gửi phản ánh", "feedback", None, "feedback"),
    ("Thống kê", "chart", None, "statistics"),
    ("Quyền lợi", "benefit", "quyen-loi-doan-vien", "benefits"),
    ("Việc làm", "job", "viec-lam", "jobs"),
)


def _link_fields(home: Page, slug: str | None, screen: str) -> dict:
    page = Page.objects.child_of(home).filter(slug=slug).first() if slug else None
    return {"page": page, "screen": "" if page else screen, "url": ""}


def seed(ctx: SeedContext) -> None:
    home = home_page()
    changed = changed_fields(home, {"welcome": WELCOME, "hero_image": demo_image(HERO_TITLE, colour_index=1)})
    if changed:
        home.save_revision().publish()
    ctx.report(f"home page ({'updated' if changed else 'unchanged'})")

    menu, _ = Menu.objects.get_or_create(slug="main", defaults={"name": "Menu chính"})
    tally = _sync_links(MenuItem, {"menu": menu}, MAIN_MENU, home)
    ctx.report(tally.describe("main menu items"))
    tally = _sync_links(HomeQuickLink, {"home": home}, QUICK_LINKS, home)
    ctx.report(tally.describe("quick links"))


def _sync_links(model, owner: dict, specs, home: Page) -> Tally:
    """Items keyed on their label within the owner; order as listed."""
    tally = Tally()
    for order, (label, icon, slug, screen) in enumerate(specs):
        values = {"icon": icon, "sort_order": order, **_link_fields(home, slug, screen)}
        item = model.objects.filter(label=label, **owner).first()
        if item is None:
            model.objects.create(label=label, **owner, **values)
            tally.count(True, True)
            continue
        changed = changed_fields(item, values)
        if changed:
            item.save()
        tally.count(False, bool(changed))
    return tally


register_home_page(home_page)
# After the seeders whose sections the menu and the quick links point at.
register_seeder(
    "home",
    seed,
    after=("news", "announcements", "documents", "legal", "benefits", "contests", "jobs", "congress"),
    order=1000,
)
