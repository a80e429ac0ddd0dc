"""Choosing a page's audience in the admin: the organisation tree chooser, its JSON endpoint and the
page form around it (cms.organisations.widgets, cms.organisations.admin_api, cms.core.forms).

The endpoint answers within what the editor may choose (cms.core.publishing): a grassroots
editor sees their own union and the unions below it, a federation editor the whole tree.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client
from django.urls import reverse

from cms.news.models import NewsPage
from cms.organisations.models import OrganisationLevel
from tests.cms.core.admin_forms import submitted_data
from tests.cms.organisations.helpers import client_for, make_editor_user
from tests.content_factories import make_news, news_index
from tests.factories import make_child, make_member, make_officer

FEDERATION = "Liên đoàn Lao động tỉnh Nghệ An"
KCN = "Công đoàn các Khu công nghiệp Nghệ An"
LUXSHARE = "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An"
HOA_SEN = "Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An"


@pytest.fixture
def offices(tree):
    """Two departmental unions of the same name, in Luxshare and in Tôn Hoa Sen."""
    return {
        key: make_child(
            tree[key], "Công đoàn bộ phận Văn phòng", OrganisationLevel.UNIT, f"cdbp-van-phong-{key}"
        )
        for key in ("vsip", "hoa_sen")
    }


@pytest.fixture
def federation_editor(tree):
    return make_editor_user(tree["root"], "bientap.ldld")


@pytest.fixture
def luxshare_editor(tree):
    return make_editor_user(tree["vsip"], "bientap.luxshare")


def chooser(client, scope="audience", **params):
    response = client.get(reverse("organisation_chooser", args=[scope]), params)
    assert response.status_code == 200, response.content
    return response.json()


def shown(answer) -> list[tuple[str, list[str]]]:
    """Each organisation listed, with its ancestors' names, as the chooser shows them."""
    return [(o["name"], [a["name"] for a in o["ancestors"]]) for o in answer["results"]]


# --- the endpoint: search, browse, scope --------------------------------------------------------


def test_a_search_without_accents_finds_the_union_with_its_ancestors(tree, federation_editor):
    client = client_for(federation_editor)

    assert shown(chooser(client, q="cong doan khu cong nghiep")) == [(KCN, [FEDERATION])]
    assert shown(chooser(client, q="TON HOA sen")) == [(HOA_SEN, [FEDERATION, KCN])]
    assert shown(chooser(client, q="cdcs-luxshare")) == [(LUXSHARE, [FEDERATION, KCN])]  # its code


def test_unions_of_the_same_name_are_told_apart_by_their_ancestors(tree, offices, federation_editor):
    answer = chooser(client_for(federation_editor), q="cong doan bo phan van phong")

    assert shown(answer) == [
        ("Công đoàn bộ phận Văn phòng", [FEDERATION, KCN, HOA_SEN]),
        ("Công đoàn bộ phận Văn phòng", [FEDERATION, KCN, LUXSHARE]),
    ]


def test_a_grassroots_editor_finds_and_browses_only_their_own_subtree(tree, offices, luxshare_editor):
    client = client_for(luxshare_editor)

    # the top of what they may choose is their own union, shown under its ancestors
    top = chooser(client)
    assert shown(top) == [(LUXSHARE, [FEDERATION, KCN])]
    assert top["results"][0]["has_children"] is True
    # below it, their departmental union
    below = chooser(client, parent=tree["vsip"].pk)
    assert shown(below) == [("Công đoàn bộ phận Văn phòng", [FEDERATION, KCN, LUXSHARE])]
    # never another union's, searched or browsed
    assert [o["id"] for o in chooser(client, q="van phong")["results"]] == [offices["vsip"].pk]
    assert chooser(client, q="hoa sen")["results"] == []
    assert chooser(client, parent=tree["root"].pk)["results"] == []
    assert [o["name"] for o in chooser(client, parent=tree["kcn"].pk)["results"]] == [LUXSHARE]


def test_a_federation_editor_browses_the_whole_tree_level_by_level(tree, federation_editor):
    client = client_for(federation_editor)

    assert shown(chooser(client)) == [(FEDERATION, [])]
    children = chooser(client, parent=tree["root"].pk)
    assert [(o["name"], o["has_children"]) for o in children["results"]] == [
        (KCN, True),
        ("Công đoàn Giáo dục tỉnh", True),
    ]
    assert [o["name"] for o in chooser(client, parent=tree["kcn"].pk)["results"]] == [HOA_SEN, LUXSHARE]


def test_long_lists_come_fifty_at_a_time(tree, federation_editor):
    # given 60 schools under the education union
    for n in range(60):
        make_child(tree["gd"], f"Công đoàn Trường Tiểu học số {n:02d}", OrganisationLevel.GRASSROOTS)
    client = client_for(federation_editor)

    first = chooser(client, parent=tree["gd"].pk)
    second = chooser(client, parent=tree["gd"].pk, offset=first["next_offset"])

    assert (len(first["results"]), first["next_offset"]) == (50, 50)
    # 60 schools and the two of the tree, in alphabetical (tree) order, each once
    assert (len(second["results"]), second["next_offset"]) == (12, None)
    names = [o["name"] for o in first["results"] + second["results"]]
    assert len(set(names)) == 62
    assert names[:2] == ["Công đoàn Trường Mầm non Hoa Hồng", "Công đoàn Trường THPT Huỳnh Thúc Kháng"]


def test_the_endpoint_costs_the_same_queries_whatever_the_size_of_the_tree(
    tree, offices, luxshare_editor, django_assert_num_queries
):
    client = client_for(luxshare_editor)
    url = reverse("organisation_chooser", args=["audience"])
    client.get(url)  # the session and the language settle on the first request

    # session, user, admin access (2), language, the editor's roles, the list, the ancestors' names
    with django_assert_num_queries(8):
        small = client.get(url, {"q": "cong doan"})

    # given 40 more departmental unions, three levels deep, in the editor's subtree
    parent = tree["vsip"]
    for n in range(40):
        parent = make_child(
            tree["vsip"] if n % 3 == 0 else parent, f"Tổ công đoàn số {n}", OrganisationLevel.UNIT
        )
    with django_assert_num_queries(8):
        large = client.get(url, {"q": "cong doan"})
    # browsing below one: one more query, for the organisation browsed
    with django_assert_num_queries(9):
        client.get(url, {"parent": tree["vsip"].pk})

    assert (len(small.json()["results"]), len(large.json()["results"])) == (2, 42)


@pytest.mark.parametrize("who", ["anonymous", "member", "officer_without_admin_access"])
def test_only_signed_in_admin_users_may_ask(tree, who):
    client = Client()
    if who == "member":
        client.force_login(make_member(tree["vsip"]).user)
    elif who == "officer_without_admin_access":
        client.force_login(make_officer(tree["vsip"], role="editor").user)  # staff, but not let in
    url = reverse("organisation_chooser", args=["audience"])

    page = client.get(url, {"q": "cong doan"})
    script = client.get(url, {"q": "cong doan"}, headers={"x-requested-with": "XMLHttpRequest"})

    # a browser is sent to sign in, the chooser's script gets a refusal: never the list
    assert page.status_code == 302 and page["Location"].startswith("/admin/login/")
    assert script.status_code == 403
    assert "Công đoàn" not in script.content.decode()


def test_unknown_choosers_and_malformed_numbers_are_refused(tree, federation_editor):
    client = client_for(federation_editor)

    assert client.get("/admin/organisation-chooser/everyone/").status_code == 404
    assert client.get(reverse("organisation_chooser", args=["audience"]), {"parent": "x"}).status_code == 400
    assert client.get(reverse("organisation_chooser", args=["audience"]), {"offset": "-5"}).status_code == 400
    assert (
        client.get(reverse("organisation_chooser", args=["audience"]), {"parent": 999999}).status_code == 404
    )


# --- the page form ---------------------------------------------------------------------------


def news_form(user, data=None, instance=None):
    form_class = NewsPage.get_edit_handler().get_form_class()
    return form_class(data=data, instance=instance or NewsPage(), for_user=user, parent_page=news_index())


NEWS = {"title": "Tin", "slug": "tin-moi", "date": "2026-11-20", "summary": "", "author": "", "body-count": 0}


def test_an_audience_outside_what_the_editor_may_choose_is_a_form_error(tree, luxshare_editor):
    # given ids the chooser never offers the Luxshare editor: another union's, and one that does not exist
    for forged in ([tree["hoa_sen"].pk], [tree["vsip"].pk, 999999]):
        form = news_form(luxshare_editor, {**NEWS, "organisation": tree["vsip"].pk, "audience": forged})

        assert not form.is_valid()
        assert list(form.errors) == ["audience"]


def test_the_audience_select_without_script_offers_what_the_editor_may_choose(tree, offices, luxshare_editor):
    rendered = str(news_form(luxshare_editor)["audience"])

    select = re.search(r'<select name="audience"[^>]*>(.*?)</select>', rendered, re.S).group(1)
    assert [html_lib.unescape(o) for o in re.findall(r"<option[^>]*>([^<]*)</option>", select)] == [
        LUXSHARE,
        "Công đoàn bộ phận Văn phòng",
    ]


def test_the_audience_widget_renders_in_the_same_queries_for_any_number_of_choices(
    tree, federation_editor, django_assert_num_queries
):
    page = make_news(tree["root"], "Tin", audience=[tree["kcn"], tree["vsip"]])

    def render():
        form = news_form(federation_editor, instance=NewsPage.objects.get(pk=page.pk))
        # the choices, the chosen ones and their ancestors' names
        with django_assert_num_queries(3):
            return str(form["audience"])

    before = render()
    for n in range(50):
        make_child(tree["gd"], f"Công đoàn Trường số {n}", OrganisationLevel.GRASSROOTS)
    after = render()

    assert (before.count("<option"), after.count("<option")) == (7, 57)


def test_the_publishing_organisation_is_preselected_when_the_editor_has_one(tree, luxshare_editor):
    # given an editor of two unions
    two_unions = make_editor_user(tree["kcn"], "bientap.hai")
    two_unions.officer_roles.create(organisation=tree["gd"], role="editor")

    def preselected(user):
        rendered = str(news_form(user)["organisation"])
        return [
            html_lib.unescape(label) for label in re.findall(r"<option[^>]*selected[^>]*>([^<]*)<", rendered)
        ]

    assert preselected(luxshare_editor) == [LUXSHARE]
    assert preselected(two_unions) == ["---------"]  # they choose: nothing is assumed


def test_the_add_page_shows_the_editors_union_chosen_as_publisher(tree, luxshare_editor):
    response = client_for(luxshare_editor).get(
        reverse("wagtailadmin_pages:add", args=("news", "newspage", news_index().pk))
    )

    select = re.search(r'<select name="organisation"[^>]*>(.*?)</select>', response.content.decode(), re.S)
    assert re.findall(r"<option[^>]*selected[^>]*>([^<]*)<", select.group(1)) == [LUXSHARE]


# --- the page editor: what is shown, and republishing unchanged --------------------------------


def _chips(html: str, field: str) -> list[str]:
    """The names on the chips of the chooser of ``field`` (the chosen organisations)."""
    found = re.search(rf'data-field="{field}".*?data-testid="org-chooser-chips"[^>]*>(.*?)</ul>', html, re.S)
    assert found, f"no chooser for {field}"
    return [html_lib.unescape(n) for n in re.findall(r'class="org-chooser__name">([^<]*)<', found.group(1))]


def test_republishing_news_unchanged_keeps_its_audience(tree, offices, luxshare_editor):
    # given Luxshare news for its office's members, opened by the Luxshare editor
    page = make_news(tree["vsip"], "Họp tổ Văn phòng", audience=[offices["vsip"]])
    published_before = page.live_revision_id
    client = client_for(luxshare_editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(edit_url).content.decode()
    assert _chips(html, "audience") == ["Công đoàn bộ phận Văn phòng"]

    # when they publish it again as the browser sends the form, touching nothing
    response = client.post(edit_url, submitted_data(html, "page-edit-form", "action-publish"))

    # then it is published again, for the same audience
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page.refresh_from_db()
    assert page.live and page.live_revision_id != published_before
    assert list(page.audience.values_list("pk", flat=True)) == [offices["vsip"].pk]
