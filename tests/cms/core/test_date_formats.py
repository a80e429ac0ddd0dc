"""Dates in the admin are day-first, as the lists show them: 20/11/2026, never 2026-11-20 or 11/20.

What an editor types in a date field (or picks in Wagtail's date picker) is read day-first in
either admin language, and a saved date comes back in the form exactly as it was entered.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from cms.documents.models import DocumentKind, OfficialDocumentPage
from tests.content_factories import document_index

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
LANGUAGES = ["vi", "en"]


def editor_client(user, language: str) -> Client:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def document_form(tree, **dates) -> dict:
    """An official document as the add form posts it, saved as a draft."""
    data = {
        "title": "Kế hoạch tổ chức Tháng Công nhân năm 2026",
        "slug": "ke-hoach-thang-cong-nhan-2026",
        "summary": "Kế hoạch tổ chức các hoạt động Tháng Công nhân",
        "number_symbol": "75/KH-LĐLĐ",
        "document_type": DocumentKind.PLAN,
        "urgency": "normal",
        "signer_name": "Kha Văn Tám",
        "signer_title": "Chủ tịch",
        "organisation": tree["root"].pk,
        "body": streamfield([]),
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
        **dates,
    }
    return {**nested_form_data(data), "recipients": [tree["kcn"].pk]}


def field(response, name: str):
    # find(), not a CSS selector: the go-live field sits in the scheduling dialog's <template>,
    # which CSS selectors do not look into.
    return BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": name})


def shown(response, name: str) -> str:
    """The value an editor sees in the form's field ``name``."""
    return field(response, name)["value"]


def picker_config(response, name: str) -> dict:
    """The configuration of Wagtail's date picker for the field ``name``."""
    field_id = field(response, name)["id"]
    call = re.search(
        rf'init(?:Date|DateTime)Chooser\("{field_id}", (\{{.*?\}})\);', response.content.decode()
    )
    return json.loads(call.group(1))


def picker_format(response, name: str) -> str:
    """The format Wagtail's date picker writes into the field ``name`` when a day is picked."""
    return picker_config(response, name)["format"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_editor_types_day_first_dates_and_sees_them_again_as_typed(tree, admin_user, language):
    # given an editor, in either language of the admin
    client = editor_client(admin_user, language)
    add_url = reverse(
        "wagtailadmin_pages:add", args=("documents", "officialdocumentpage", document_index().pk)
    )

    # when they save a document issued on 5 November, effective 20 November, to go live on
    # 5 November at 08:30, typing the dates day-first
    response = client.post(
        add_url,
        document_form(
            tree,
            issued_on="05/11/2026",
            effective_on="20/11/2026",
            go_live_at="05/11/2026 08:30",
        ),
    )

    # then the dates are the ones meant, not 11 May
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = OfficialDocumentPage.objects.get(slug="ke-hoach-thang-cong-nhan-2026")
    assert (page.issued_on, page.effective_on) == (date(2026, 11, 5), date(2026, 11, 20))
    assert page.go_live_at == datetime(2026, 11, 5, 8, 30, tzinfo=HANOI)

    # and the edit form shows them day-first, as typed, with pickers that write them the same way
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert edit.status_code == 200
    assert (shown(edit, "issued_on"), shown(edit, "effective_on")) == ("05/11/2026", "20/11/2026")
    assert shown(edit, "go_live_at") == "05/11/2026 08:30"
    assert (picker_format(edit, "issued_on"), picker_format(edit, "go_live_at")) == ("d/m/Y", "d/m/Y H:i")
    if language == "vi":  # a Vietnamese calendar's week starts on Monday (thứ Hai)
        assert picker_config(edit, "issued_on")["dayOfWeekStart"] == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_saving_an_unchanged_form_keeps_the_dates(tree, admin_user, language):
    # given a document saved with day-first dates
    client = editor_client(admin_user, language)
    add_url = reverse(
        "wagtailadmin_pages:add", args=("documents", "officialdocumentpage", document_index().pk)
    )
    client.post(add_url, document_form(tree, issued_on="05/11/2026", effective_on="06/11/2026"))
    page = OfficialDocumentPage.objects.get(slug="ke-hoach-thang-cong-nhan-2026")
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))

    # when the editor saves the form again with the dates it shows
    edit = client.get(edit_url)
    again = client.post(
        edit_url,
        document_form(tree, issued_on=shown(edit, "issued_on"), effective_on=shown(edit, "effective_on")),
    )

    # then nothing moved: no day and month swapped on the way
    assert again.status_code == 302
    revision = OfficialDocumentPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert (revision.issued_on, revision.effective_on) == (date(2026, 11, 5), date(2026, 11, 6))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("05/11/2026", date(2026, 11, 5)),
        ("5/11/2026", date(2026, 11, 5)),
        ("20/11/2026", date(2026, 11, 20)),
        ("20-11-2026", date(2026, 11, 20)),
        ("2026-11-20", date(2026, 11, 20)),
    ],
)
def test_date_fields_read_what_editors_type_day_first(language, typed, meant):
    with translation.override(language):
        assert forms.DateField().clean(typed) == meant


@pytest.mark.parametrize("language", LANGUAGES)
def test_month_first_is_not_read(language):
    with translation.override(language), pytest.raises(forms.ValidationError):
        forms.DateField().clean("11/20/2026")
