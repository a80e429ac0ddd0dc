"""The editors' admin is in Vietnamese: locale_admin translates every string of wagtail.admin.

Wagtail's own Vietnamese catalogue covers a small part of its admin; locale_admin (in
LOCALE_PATHS after locale/) holds the rest. After a Wagtail upgrade, the coverage test names
the new msgids to translate (``.venv/bin/python locale_admin/check.py --app wagtail.admin
--missing`` lists them too). Msgids are passed to gettext through variables, so that
``make messages`` doesn't copy them into the project's own catalogue.
"""

from __future__ import annotations

import gettext as gnu_gettext
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_ADMIN = Path(settings.BASE_DIR) / "locale_admin"


def _load_check():
    spec = importlib.util.spec_from_file_location("locale_admin_check", LOCALE_ADMIN / "check.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


check = _load_check()


def test_locale_admin_is_consulted_after_the_projects_own_catalogue():
    paths = [Path(p) for p in settings.LOCALE_PATHS]

    assert LOCALE_ADMIN in paths
    assert paths.index(Path(settings.BASE_DIR) / "locale") < paths.index(LOCALE_ADMIN)


@pytest.mark.parametrize(
    ("msgid", "vietnamese"),
    [
        ("Autosave is paused", "Tự động lưu đang tạm dừng"),
        ("Are you sure you want to unpublish this page?", "Bạn có chắc muốn ngừng xuất bản trang này không?"),
        ("Save your changes before leaving", "Hãy lưu thay đổi trước khi rời đi"),
        ("Your most recent edits", "Chỉnh sửa gần đây của bạn"),
        ("Schedule to publish", "Lên lịch xuất bản"),
        ("Compare with previous version", "So sánh với phiên bản trước"),
        ("Choose a page", "Chọn trang"),
        # Wagtail's vi catalogue has "Trang" (page) for Site: ours must win over it.
        ("Site", "Trang web"),
        ("Exploring", "Đang xem"),
    ],
)
def test_wagtail_admin_strings_on_editors_screens_are_vietnamese(msgid, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(msgid) == vietnamese


def test_plural_admin_strings_use_the_single_vietnamese_form():
    singular, plural = "Moved down 1 place.", "Moved down %(counter)s places."

    with translation.override("vi"):
        for count in (1, 3):
            text = translation.ngettext(singular, plural, count) % {"counter": count}
            assert text == f"Đã chuyển xuống {count} vị trí."


def _js_catalogue(client, language):
    response = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    source = response.content.decode()
    start = source.find("{", source.index("newcatalog ="))
    catalogue, _end = json.JSONDecoder().raw_decode(source, start)
    return catalogue


def test_wagtail_admin_javascript_catalogue_is_vietnamese(client, db):
    catalogue = _js_catalogue(client, "vi")

    assert catalogue["Collapse all"] == "Thu gọn tất cả"
    assert catalogue["Expand all"] == "Mở rộng tất cả"
    assert catalogue["Changes have been autosaved."] == "Đã tự động lưu các thay đổi."
    assert catalogue["%(num)s error"] == ["%(num)s lỗi"]


def test_every_wagtail_admin_msgid_has_a_vietnamese_translation():
    rows = check.coverage(["wagtail.admin"])

    assert {row.domain for row in rows} == {"django", "djangojs"}
    for row in rows:
        assert row.missing == [], f"translate in locale_admin/vi/LC_MESSAGES/{row.domain}.po: {row.missing}"
        assert row.problems == [], f"placeholders or tags differ from the msgid: {row.problems}"
        assert row.ours == row.total


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogues_match_their_sources(domain):
    """The .mo files are what Django reads: they must hold what the .po files say."""
    directory = LOCALE_ADMIN / "vi" / "LC_MESSAGES"
    entries = check.parse_po(directory / f"{domain}.po")
    with (directory / f"{domain}.mo").open("rb") as mo:
        compiled = gnu_gettext.GNUTranslations(mo)._catalog

    for (context, msgid), entry in entries.items():
        key = msgid if context is None else f"{context}\x04{msgid}"
        if entry.msgid_plural is None:
            assert compiled.get(key) == entry.msgstr[0], msgid
        else:
            assert compiled.get((key, 0)) == entry.msgstr[0], msgid
