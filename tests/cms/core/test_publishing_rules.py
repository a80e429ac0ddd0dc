"""Who may publish for which organisation and to which audience (cms.core.publishing), and the
admin paths that ask it: the page form (as the editor sees it) and the bulk publish."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cms.core.editor_rights import grant_editor_permissions
from cms.core.errors import ErrorCode, ServiceError, ServiceErrors
from cms.core.publishing import (
    PublishingErrorCode,
    check_page_publication,
    check_publication,
    editable_organisations,
    is_federation_editor,
    publishable_organisations,
)
from cms.news.models import NewsPage
from cms.organisations.models import OrganisationStatus
from cms.organisations.services import grant_admin_access
from tests.cms.organisations.helpers import client_for
from tests.content_factories import make_news, news_index
from tests.factories import make_officer, make_user

ORGANISATION_NOT_ALLOWED = (
    PublishingErrorCode.ORGANISATION_NOT_ALLOWED,
    "organisation",
    "You can only publish for organisations you are an editor of.",
)
AUDIENCE_REQUIRED = (
    PublishingErrorCode.AUDIENCE_REQUIRED,
    "audience",
    "Choose the audience within your organisation; only federation editors publish to everyone.",
)
AUDIENCE_NOT_ALLOWED = (
    PublishingErrorCode.AUDIENCE_NOT_ALLOWED,
    "audience",
    "The audience must be within the organisations you are an editor of.",
)


def refusals(user, organisation, audience) -> list[tuple[ErrorCode, str | None, str]]:
    """What ``check_publication`` refuses, as (code, field, message); [] when it allows."""
    try:
        check_publication(user, organisation, audience)
    except ServiceErrors as failure:
        return [(e.code, e.field, str(e.message)) for e in failure.errors]
    except ServiceError as failure:
        return [(failure.code, failure.field, str(failure.message))]
    return []


@pytest.fixture
def kcn_editor(tree):
    return make_officer(tree["kcn"], role="editor", username="bientap.kcn").user


@pytest.fixture
def federation_editor(tree):
    return make_officer(tree["root"], role="editor", username="bientap.ldld").user


# --- which organisations ---------------------------------------------------------------------


def test_an_editor_publishes_for_the_active_organisations_of_their_subtree(tree, kcn_editor):
    # given a dissolved grassroots union in the KCN subtree
    tree["hoa_sen"].status = OrganisationStatus.DISSOLVED
    tree["hoa_sen"].save()

    # when
    publishable = [o.code for o in publishable_organisations(kcn_editor)]
    editable = [o.code for o in editable_organisations(kcn_editor)]

    # then its content stays editable, but nobody publishes for it any more
    assert publishable == ["cd-kcn", "cdcs-luxshare"]
    assert editable == ["cd-kcn", "cdcs-hoa-sen", "cdcs-luxshare"]


def test_federation_editors_and_superusers_publish_for_every_organisation(tree, federation_editor):
    superuser = make_user("quantri", is_superuser=True, is_staff=True)
    # in tree order (siblings by name)
    everyone = ["ldld-nghe-an", "cd-kcn", "cdcs-hoa-sen", "cdcs-luxshare", "cd-giao-duc", "cdcs-mn-hoa-hong"]
    everyone.append("cdcs-thpt-htk")

    assert [o.code for o in publishable_organisations(federation_editor)] == everyone
    assert [o.code for o in publishable_organisations(superuser)] == everyone
    assert (is_federation_editor(federation_editor), is_federation_editor(superuser)) == (True, True)


@pytest.mark.parametrize("who", ["ended_role", "other_role", "no_role", "anonymous"])
def test_without_a_current_editor_role_nobody_publishes(tree, who):
    # given a user whose only link to the KCN union is not a current editor role
    if who == "ended_role":
        officer = make_officer(tree["kcn"], role="editor", started_on=date(2024, 1, 1))
        officer.ended_on = date.today() - timedelta(days=1)
        officer.save()
        user = officer.user
    elif who == "other_role":
        user = make_officer(tree["kcn"], role="feedback_handler").user
    elif who == "no_role":
        user = make_user()
    else:
        user = AnonymousUser()

    # then they publish for nobody, and are refused everything
    assert list(publishable_organisations(user)) == []
    assert is_federation_editor(user) is False
    assert refusals(user, tree["kcn"], [tree["kcn"]]) == [ORGANISATION_NOT_ALLOWED, AUDIENCE_NOT_ALLOWED]


# --- check_publication -----------------------------------------------------------------------


def test_an_editor_publishes_for_their_subtree_to_an_audience_within_it(tree, kcn_editor):
    assert refusals(kcn_editor, tree["kcn"], [tree["kcn"]]) == []
    assert refusals(kcn_editor, tree["vsip"], [tree["vsip"], tree["hoa_sen"]]) == []


def test_an_editor_below_the_federation_may_not_publish_to_everyone(tree, kcn_editor):
    assert refusals(kcn_editor, tree["kcn"], []) == [AUDIENCE_REQUIRED]


def test_an_editor_below_the_federation_may_not_reach_beyond_their_subtree(tree, kcn_editor):
    # given an audience with one organisation of the editor's subtree and one of another
    audience = [tree["vsip"], tree["thpt"]]

    # then
    assert refusals(kcn_editor, tree["kcn"], audience) == [AUDIENCE_NOT_ALLOWED]
    assert refusals(kcn_editor, tree["kcn"], [tree["root"]]) == [AUDIENCE_NOT_ALLOWED]


def test_publishing_for_another_organisation_is_refused_with_every_problem_at_once(tree, kcn_editor):
    # when the KCN editor publishes as the education union, to the education union
    problems = refusals(kcn_editor, tree["gd"], [tree["gd"]])

    # then both fields are refused, each with its code
    assert problems == [ORGANISATION_NOT_ALLOWED, AUDIENCE_NOT_ALLOWED]


def test_a_dissolved_organisation_of_the_subtree_publishes_no_more(tree, kcn_editor):
    tree["hoa_sen"].status = OrganisationStatus.DISSOLVED
    tree["hoa_sen"].save()

    assert refusals(kcn_editor, tree["hoa_sen"], [tree["vsip"]]) == [ORGANISATION_NOT_ALLOWED]


def test_federation_editors_publish_to_everyone_and_to_any_audience(tree, federation_editor):
    assert refusals(federation_editor, tree["root"], []) == []
    assert refusals(federation_editor, tree["vsip"], [tree["thpt"], tree["kcn"]]) == []


def test_an_audience_left_out_checks_only_the_organisation(tree, kcn_editor):
    # (a form whose audience field is already invalid, or a page type without an audience)
    assert refusals(kcn_editor, tree["kcn"], None) == []
    assert refusals(kcn_editor, tree["gd"], None) == [ORGANISATION_NOT_ALLOWED]


def test_a_single_refusal_is_one_service_error_with_a_publishing_code(tree, kcn_editor):
    with pytest.raises(ServiceError) as raised:
        check_publication(kcn_editor, tree["kcn"], [])

    assert raised.value.code is PublishingErrorCode.AUDIENCE_REQUIRED
    assert raised.value.field == "audience"


def test_publishing_error_codes_are_upper_case_and_their_own_names():
    assert issubclass(PublishingErrorCode, ErrorCode)
    assert [(c.name, c.value) for c in PublishingErrorCode] == [
        ("ORGANISATION_NOT_ALLOWED", "ORGANISATION_NOT_ALLOWED"),
        ("AUDIENCE_REQUIRED", "AUDIENCE_REQUIRED"),
        ("AUDIENCE_NOT_ALLOWED", "AUDIENCE_NOT_ALLOWED"),
    ]


def test_a_page_is_checked_as_it_stands_in_memory_before_it_is_saved(tree, kcn_editor):
    # given an unsaved news item of the KCN union, for the education union's members
    page = NewsPage(title="Tin", slug="tin", date=date(2026, 11, 20), organisation=tree["kcn"])
    page.audience = [tree["gd"]]

    # when / then
    with pytest.raises(ServiceError) as raised:
        check_page_publication(kcn_editor, page)
    assert raised.value.code is PublishingErrorCode.AUDIENCE_NOT_ALLOWED

    page.audience = [tree["vsip"]]
    check_page_publication(kcn_editor, page)  # allowed: no error


# --- the admin: the page form as the editor sees it, and the bulk publish --------------------


@pytest.fixture
def admin_editors(tree, kcn_editor, federation_editor):
    for user in (kcn_editor, federation_editor):
        grant_admin_access(user)
        grant_editor_permissions(user)
    return {"kcn": kcn_editor, "federation": federation_editor}


def _options(html: str, name: str) -> list[str]:
    """The labels of the <option>s of the <select name=...> in ``html``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, f"no <select name={name!r}> on the page"
    return [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", select.group(1), re.S)]


def test_the_add_form_offers_the_audience_and_the_editors_organisations(tree, admin_editors):
    # given the KCN editor in the admin
    client = client_for(admin_editors["kcn"])

    # when they open the form to add a news item
    response = client.get(reverse("wagtailadmin_pages:add", args=("news", "newspage", news_index().pk)))

    # then the audience and the publisher offer only the organisations they publish for (the
    # audience may not reach beyond them: cms.core.publishing would refuse it)
    assert response.status_code == 200
    html = response.content.decode()
    own = [
        "Công đoàn các Khu công nghiệp Nghệ An",
        "Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An",
        "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An",
    ]
    assert [name.strip("\xa0 ") for name in _options(html, "audience")] == own
    assert _options(html, "organisation") == ["---------", *own]


def _bulk_publish(client, page):
    return client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/pages/{news_index().pk}/",
        {"include_descendants": ""},
    )


def test_bulk_publish_refuses_a_draft_whose_audience_the_editor_may_not_choose(tree, admin_editors):
    # given a KCN draft for the KCN subtree, then opened to everyone by a federation editor
    page = make_news(tree["kcn"], "Tin KCN", live=False, audience=[tree["kcn"]])
    page.audience = []
    page.save_revision(user=admin_editors["federation"])
    client = client_for(admin_editors["kcn"])

    # when the KCN editor bulk-publishes it
    response = _bulk_publish(client, page)

    # then it stays a draft, and the editor is told why
    assert (response.status_code, response["Location"]) == (302, f"/admin/pages/{news_index().pk}/")
    page.refresh_from_db()
    assert page.live is False
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == [
        "Tin KCN: Choose the audience within your organisation; only federation editors publish to everyone."
    ]


def test_bulk_publish_publishes_what_the_editor_may_publish(tree, admin_editors):
    # given a KCN draft for the KCN subtree
    page = make_news(tree["vsip"], "Tin Luxshare", live=False, audience=[tree["kcn"]])
    client = client_for(admin_editors["kcn"])

    # when
    response = _bulk_publish(client, page)

    # then
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live is True
    assert list(page.audience.values_list("code", flat=True)) == ["cd-kcn"]
