"""The English detector of the page guard (tests/browser/english.py), on its own: no browser, no server."""

from __future__ import annotations

import pytest

from tests.browser.english import (
    ALLOWED,
    EnglishDetector,
    admin_catalogues,
    admin_detector,
    phrases_from_msgid,
    read_msgids,
)

pytestmark = pytest.mark.browser


def found(detector: EnglishDetector, text: str) -> list[str]:
    return [finding.phrase for finding in detector.find(text)]


def test_finds_an_english_phrase_among_vietnamese():
    detector = EnglishDetector(phrases_from_msgid("Collapse all"))
    assert found(detector, "Thu gọn Collapse all") == ["Collapse all"]


def test_leaves_vietnamese_alone():
    detector = admin_detector()
    assert detector.find("Công đoàn") == []
    assert detector.find("Liên đoàn Lao động tỉnh Nghệ An — Công đoàn cơ sở Công ty TNHH Luxshare-ICT") == []
    assert detector.find("Thông báo kết luận Hội nghị Ban Chấp hành lần thứ 12 · 21/TB-LĐLĐ · Xuất bản") == []


def test_the_real_catalogues_know_the_admins_strings():
    detector = admin_detector()
    assert len(detector) > 1000
    assert found(detector, "Thu gọn Collapse all") == ["Collapse all"]
    assert found(detector, "Bảng điều khiển Dashboard") == ["Dashboard"]
    assert found(detector, "Skip to main content") == ["Skip to main content"]


def test_ignores_placeholders():
    # The placeholder is cut out: the words around it are looked for, whatever was put in its place.
    assert phrases_from_msgid("%(count)s new items in this menu") == ["new items in this menu"]
    assert phrases_from_msgid("Exploring: %(title)s") == ["Exploring"]
    assert phrases_from_msgid("Delete {title}") == ["Delete"]
    assert phrases_from_msgid("<b>%(name)s</b> was deleted") == ["was deleted"]
    detector = EnglishDetector(
        phrases_from_msgid("%(count)s new items in this menu") + phrases_from_msgid("Exploring: %(title)s")
    )
    assert found(detector, "2 (2 new items in this menu)") == ["new items in this menu"]
    assert found(detector, "Exploring: Trang chủ") == ["Exploring"]
    # A placeholder is no word of its own: "%(title)s" on a page is not matched as "title".
    assert EnglishDetector(phrases_from_msgid("%(title)s")).find("%(title)s s title") == []


def test_whole_words_only():
    detector = EnglishDetector(phrases_from_msgid("Search") + phrases_from_msgid("Save draft"))
    assert found(detector, "Researching") == []
    assert found(detector, "Tìm kiếm: Search") == ["Search"]
    assert found(detector, "SaveDraft") == []
    assert found(detector, "Save  draft") == ["Save draft"]


def test_case():
    detector = EnglishDetector(phrases_from_msgid("Current page status") + phrases_from_msgid("Admin"))
    # Phrases match in any case: the admin upper-cases some labels with CSS.
    assert found(detector, "CURRENT PAGE STATUS:") == ["Current page status"]
    # Single words as written, capitalised or in capitals only: "admin" is a username.
    assert found(detector, "Người dùng admin") == []
    assert found(detector, "ADMIN") == ["Admin"]


def test_short_single_words_and_allowed_names_are_left_out():
    assert phrases_from_msgid("Root") == []
    assert phrases_from_msgid("A B C D") == []
    assert phrases_from_msgid("Go to") == ["Go to"]
    assert phrases_from_msgid("Edit") == []
    assert phrases_from_msgid("Pages") == ["Pages"]
    assert phrases_from_msgid("Wagtail") == []
    assert phrases_from_msgid("GraphQL") == []
    assert phrases_from_msgid("Excel") == []
    assert phrases_from_msgid("Email") == ["Email"]  # Vietnamese has "Thư điện tử"
    assert phrases_from_msgid("Export to Excel") == [
        "Export to Excel"
    ]  # the name is allowed, the sentence is not
    assert "email" not in ALLOWED


def test_vietnamese_msgstr_like_fragments_are_no_english():
    # Fragments with any non-ASCII word are not English phrases.
    assert phrases_from_msgid("Chức danh/Công việc") == []


def test_reads_multiline_and_plural_msgids(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        '# header\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid ""\n"Pages created here will "\n"not be accessible"\nmsgstr ""\n\n'
        'msgctxt "verb"\nmsgid "Publish"\nmsgid_plural "Publish %(count)s pages"\nmsgstr[0] ""\n\n'
        '#~ msgid "Obsolete entry"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    assert list(read_msgids(po)) == [
        "Pages created here will not be accessible",
        "Publish",
        "Publish %(count)s pages",
    ]


def test_catalogues_are_found():
    paths = [path.as_posix() for path in admin_catalogues()]
    assert any(p.endswith("wagtail/admin/locale/en/LC_MESSAGES/django.po") for p in paths)
    assert any(p.endswith("wagtail/admin/locale/en/LC_MESSAGES/djangojs.po") for p in paths)
    assert any(p.endswith("django/contrib/admin/locale/en/LC_MESSAGES/django.po") for p in paths)
    assert any(p.endswith("django/contrib/auth/locale/en/LC_MESSAGES/django.po") for p in paths)
    assert any(p.endswith("/locale/vi/LC_MESSAGES/django.po") and "site-packages" not in p for p in paths)
