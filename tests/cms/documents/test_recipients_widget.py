"""An official document's recipients and audience in the admin's page editor.

What the editor sees chosen when they open a document, and what publishing it again without
touching anything keeps: the form is posted back exactly as the browser sends it, read from the
rendered page. (A federation editor once emptied the recipients and the audience of a
members-only notice this way, making it public: the selects had been rendered without options.)
"""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.urls import reverse
from wagtail.admin.telepath import JSContext

from cms.core.editor_rights import grant_editor_permissions
from cms.documents.models import DocumentDelivery, DocumentKind, OfficialDocumentPage
from cms.organisations import admin_api
from cms.organisations.models import Organisation, OrganisationStatus
from tests.cms.core.admin_forms import submitted_data
from tests.cms.organisations.helpers import client_for, make_admin_officer
from tests.content_factories import make_official_document

FEDERATION = "Liên đoàn Lao động tỉnh Nghệ An"
KCN = "Công đoàn các Khu công nghiệp Nghệ An"
RECIPIENTS = ("kcn", "gd", "vsip", "hoa_sen", "thpt")


@pytest.fixture
def federation_editor(tree):
    officer = make_admin_officer(tree["root"], role="editor", username="bientap.ldld")
    grant_editor_permissions(officer.user)
    return officer.user


@pytest.fixture
def notice(tree):
    """Like the demo's 21/TB-LĐLĐ: sent to five unions, for the members of the federation."""
    return make_official_document(
        tree["root"],
        "Thông báo kết luận Hội nghị Ban Chấp hành lần thứ 12",
        number_symbol="21/TB-LĐLĐ",
        document_type=DocumentKind.NOTICE,
        recipients=[tree[key] for key in RECIPIENTS],
        audience=[tree["root"]],
    )


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def selected_options(html: str, field: str) -> list[str]:
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select for {field}"
    return [
        html_lib.unescape(label)
        for label in re.findall(r"<option[^>]*selected[^>]*>([^<]*)<", select.group(1))
    ]


def chips(html: str, field: str) -> list[tuple[str, str]]:
    """(name, ancestors) on each chip of the chooser of ``field``: the chosen organisations."""
    found = re.search(rf'data-field="{field}".*?data-testid="org-chooser-chips"[^>]*>(.*?)</ul>', html, re.S)
    assert found, f"no chooser for {field}"
    shown = []
    for chip in re.findall(r'data-testid="org-chip".*?</li>', found.group(1), re.S):
        name = re.search(r'class="org-chooser__name">([^<]*)<', chip).group(1)
        path = re.search(r'class="org-chooser__path">([^<]*)<', chip)
        shown.append((html_lib.unescape(name), html_lib.unescape(path.group(1)) if path else ""))
    return shown


def dissolve(organisation) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(status=OrganisationStatus.DISSOLVED)


def codes(organisations) -> list[str]:
    return sorted(organisations.values_list("code", flat=True))


def test_the_editor_sees_the_recipients_and_the_audience_chosen(tree, notice, federation_editor):
    response = client_for(federation_editor).get(edit_url(notice))

    assert response.status_code == 200
    html = response.content.decode()
    expected = [tree[key].name for key in ("kcn", "hoa_sen", "vsip", "gd", "thpt")]  # in tree order
    assert selected_options(html, "recipients") == expected
    assert chips(html, "recipients") == [
        (KCN, FEDERATION),
        ("Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An", f"{FEDERATION} › {KCN}"),
        ("Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An", f"{FEDERATION} › {KCN}"),
        ("Công đoàn Giáo dục tỉnh", FEDERATION),
        ("Công đoàn Trường THPT Huỳnh Thúc Kháng", f"{FEDERATION} › Công đoàn Giáo dục tỉnh"),
    ]
    assert selected_options(html, "audience") == [FEDERATION]
    assert chips(html, "audience") == [(FEDERATION, "")]
    # and every organisation is there to choose from without the script
    # (the four grassroots unions, in the recipients, "every grassroots union under" and audience)
    assert html.count('data-depth="3"') == 3 * 4


def test_publishing_again_unchanged_keeps_the_recipients_and_the_audience(tree, notice, federation_editor):
    # given the federation editor opens the notice
    client = client_for(federation_editor)
    html = client.get(edit_url(notice)).content.decode()

    # when they click Publish without changing anything
    response = client.post(edit_url(notice), submitted_data(html, "page-edit-form", "action-publish"))

    # then the notice is published again, to the same unions, for the same readers
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = OfficialDocumentPage.objects.get(pk=notice.pk)
    assert page.live and page.live_revision_id != notice.live_revision_id
    assert codes(page.recipients) == sorted(tree[key].code for key in RECIPIENTS)
    assert codes(page.audience) == ["ldld-nghe-an"]
    assert DocumentDelivery.objects.filter(document=page).count() == 5


def test_a_recipient_since_dissolved_stays_until_the_editor_removes_it(tree, notice, federation_editor):
    # given one of the recipients was dissolved after the notice was sent
    dissolve(tree["thpt"])
    client = client_for(federation_editor)
    html = client.get(edit_url(notice)).content.decode()

    # then it is shown as dissolved, and publishing again unchanged keeps it, saying nothing
    assert '<span class="org-chooser__status">(Dissolved)</span>' in html
    response = client.post(edit_url(notice), submitted_data(html, "page-edit-form", "action-publish"))
    assert response.status_code == 302
    assert tree["thpt"].code in codes(OfficialDocumentPage.objects.get(pk=notice.pk).recipients)


@pytest.mark.parametrize("forged", ["dissolved", "missing"])
def test_a_recipient_the_chooser_never_offers_is_a_form_error(tree, notice, federation_editor, forged):
    # given a dissolved union (not among the recipients) and an id that names no organisation
    dissolve(tree["mn"])
    client = client_for(federation_editor)
    data = submitted_data(client.get(edit_url(notice)).content.decode(), "page-edit-form", "action-publish")

    # when the form is posted with it among the recipients
    data["recipients"].append(str(tree["mn"].pk if forged == "dissolved" else 999999))
    response = client.post(edit_url(notice), data)

    # then the page is shown again with the error, and the recipients are as they were
    assert response.status_code == 200
    assert "recipients" in response.context["form"].errors
    assert codes(OfficialDocumentPage.objects.get(pk=notice.pk).recipients) == sorted(
        tree[key].code for key in RECIPIENTS
    )


# --- the recipients' chooser: any active union, and "add the unions below" --------------------------


@pytest.fixture
def kcn_editor(tree):
    officer = make_admin_officer(tree["kcn"], role="editor", username="bientap.kcn")
    grant_editor_permissions(officer.user)
    return officer.user


def chooser(client, **params):
    response = client.get(reverse("organisation_chooser", args=["recipients"]), params)
    return response.status_code, response.json()


def test_recipients_may_be_any_active_union_while_the_audience_stays_in_the_subtree(tree, kcn_editor):
    # given a dissolved school
    dissolve(tree["mn"])
    client = client_for(kcn_editor)

    _, recipients = chooser(client, q="cong doan truong")
    audience = client.get(
        reverse("organisation_chooser", args=["audience"]), {"q": "cong doan truong"}
    ).json()

    # a KCN editor may write to the education union's school, not address its members
    assert [o["name"] for o in recipients["results"]] == ["Công đoàn Trường THPT Huỳnh Thúc Kháng"]
    assert audience["results"] == []


def test_the_unions_below_one_are_counted_before_they_are_added(tree, federation_editor):
    client = client_for(federation_editor)

    status, counts = chooser(client, below=tree["root"].pk)
    _, direct = chooser(client, below=tree["root"].pk, take="direct")
    _, everything = chooser(client, below=tree["kcn"].pk, take="all")

    assert (status, counts) == (200, {"direct": 2, "all": 6, "limit": 500})
    assert [o["name"] for o in direct["results"]] == [KCN, "Công đoàn Giáo dục tỉnh"]
    assert [(o["name"], [a["name"] for a in o["ancestors"]]) for o in everything["results"]] == [
        ("Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An", [FEDERATION, KCN]),
        ("Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An", [FEDERATION, KCN]),
    ]


def test_adding_the_unions_below_is_bounded(tree, federation_editor, monkeypatch):
    monkeypatch.setattr(admin_api, "BELOW_LIMIT", 5)
    client = client_for(federation_editor)

    _, counts = chooser(client, below=tree["root"].pk)
    status, refused = chooser(client, below=tree["root"].pk, take="all")

    assert counts == {"direct": 2, "all": 6, "limit": 5}
    assert status == 400 and "choose lower in the tree" in refused["error"]


def test_the_copy_of_the_widget_wagtail_packs_for_its_scripts_leaves_the_choices_out(
    tree, notice, federation_editor
):
    # Wagtail renders every field's widget once more into the page editor's data; at 3,000
    # unions, each copy with every choice would weigh some 500 KB.
    form_class = OfficialDocumentPage.get_edit_handler().get_form_class()
    form = form_class(instance=notice, for_user=federation_editor, parent_page=notice.get_parent())
    packed = JSContext().pack(form.fields["recipients"].widget)

    assert str(form["recipients"]).count("<option") == 7
    assert packed["_type"] == "wagtail.widgets.Widget" and "<option" not in packed["_args"][0]
    assert 'data-testid="org-chooser-search"' in packed["_args"][0]
