"""The single-choice tree chooser (cms.organisations.widgets.SingleOrganisationTreeChooser) and the
publishing organisation of content pages that uses it (cms.core.forms.ContentPageForm).

At province scale a federation editor's scope is some 3,000 unions: the field's native select
once carried them all, twice (the form, and Wagtail's copy of the widget for its scripts). Now
the page carries the chosen organisation and the upper levels of the scope (at most
``OFFERED_LIMIT`` options); the chooser finds the others through its endpoint, whose scope is
exactly what the form accepts.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django import forms
from django.urls import reverse
from wagtail.admin.telepath import JSContext

from cms.core.forms import PUBLISHER_SCOPE
from cms.news.models import NewsPage
from cms.organisations import widgets
from cms.organisations.chooser import register_scope
from cms.organisations.models import Organisation, OrganisationLevel, OrganisationStatus
from cms.organisations.widgets import SingleOrganisationTreeChooser, use_single_tree_chooser
from tests.cms.core.admin_forms import submitted_data
from tests.cms.organisations.helpers import client_for, make_editor_user
from tests.content_factories import make_news, news_index
from tests.factories import make_child

FEDERATION = "Liên đoàn Lao động tỉnh Nghệ An"
KCN = "Công đoàn các Khu công nghiệp Nghệ An"
LUXSHARE = "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An"
SCHOOLS = 250  # more than OFFERED_LIMIT (200) below the education union

NEWS = {"title": "Tin", "slug": "tin-moi", "date": "2026-11-20", "summary": "", "author": "", "body-count": 0}


@pytest.fixture
def federation_editor(tree):
    return make_editor_user(tree["root"], "bientap.ldld")


@pytest.fixture
def luxshare_editor(tree):
    return make_editor_user(tree["vsip"], "bientap.luxshare")


def add_schools(parent: Organisation, count: int) -> list[Organisation]:
    """``count`` grassroots unions below ``parent``, in one query (paths as treebeard makes them)."""
    parent.refresh_from_db()
    start = parent.numchild + 1
    schools = [
        Organisation(
            name=f"Công đoàn Trường Tiểu học Quỳnh Lưu số {n:03d}",
            code=f"cdcs-th-quynh-luu-{n:03d}",
            level=OrganisationLevel.GRASSROOTS,
            path=Organisation._get_path(parent.path, parent.depth + 1, start + n),
            depth=parent.depth + 1,
            numchild=0,
        )
        for n in range(count)
    ]
    Organisation.objects.bulk_create(schools)
    Organisation.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
    return list(Organisation.objects.filter(code__startswith="cdcs-th-quynh-luu-").order_by("path"))


@pytest.fixture
def province(tree):
    """The test tree with 250 more schools below the education union: 259 organisations."""
    return add_schools(tree["gd"], SCHOOLS)


def news_form(user, data=None, instance=None):
    form_class = NewsPage.get_edit_handler().get_form_class()
    return form_class(data=data, instance=instance or NewsPage(), for_user=user, parent_page=news_index())


def organisation_select(rendered: str) -> str:
    found = re.search(r'<select name="organisation"[^>]*>(.*?)</select>', rendered, re.S)
    assert found, "no select for organisation"
    return found.group(1)


def options(select_html: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each option of a select's HTML."""
    return [
        (value, html_lib.unescape(label), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?[^>]*>([^<]*)</option>', select_html
        )
    ]


def chips(rendered: str) -> list[tuple[str, str]]:
    """(name, ancestors) on each chip of the chooser: the chosen organisation."""
    found = re.search(r'data-testid="org-chooser-chips"[^>]*>(.*?)</ul>', rendered, re.S)
    assert found, "no chips"
    shown = []
    for chip in re.findall(r'data-testid="org-chip".*?</li>', found.group(1), re.S):
        name = re.search(r'class="org-chooser__name">([^<]*)<', chip).group(1)
        path = re.search(r'class="org-chooser__path">([^<]*)<', chip)
        shown.append((html_lib.unescape(name), html_lib.unescape(path.group(1)) if path else ""))
    return shown


# --- the page: the chosen organisation and the upper levels, never thousands --------------------


def test_at_a_scope_beyond_the_limit_the_select_offers_the_upper_levels_and_the_chosen_one(
    tree, province, federation_editor
):
    school = province[-1]
    page = make_news(school, "Trường Quỳnh Lưu khai giảng")
    form = news_form(federation_editor, instance=NewsPage.objects.get(pk=page.pk))

    rendered = str(form["organisation"])

    # the federation and the unions directly below it (the whole levels that fit in 200 options),
    # and the chosen school; not the 250 schools nor the grassroots unions of the industrial zone
    assert options(organisation_select(rendered)) == [
        ("", "---------", False),
        (str(tree["root"].pk), FEDERATION, False),
        (str(tree["kcn"].pk), KCN, False),
        (str(tree["gd"].pk), "Công đoàn Giáo dục tỉnh", False),
        (str(school.pk), school.name, True),
    ]
    assert chips(rendered) == [(school.name, f"{FEDERATION} › Công đoàn Giáo dục tỉnh")]
    # a few kilobytes (the 259 options alone would weigh some 20 KB)
    assert len(rendered.encode()) < 6_000
    assert 'data-mode="single"' in rendered and "data-required" in rendered
    # required: the chip cannot be removed, only replaced
    assert 'data-testid="org-chip-remove"' not in rendered


def test_a_scope_within_the_limit_is_offered_whole_without_the_script(tree, luxshare_editor):
    # given a departmental union below Luxshare
    office = Organisation.objects.get(pk=tree["vsip"].pk).add_child(
        name="Công đoàn bộ phận Văn phòng", code="cdbp-van-phong", level=OrganisationLevel.UNIT
    )

    select = organisation_select(str(news_form(luxshare_editor)["organisation"]))

    # a new page: the editor's own union is chosen
    assert options(select) == [
        ("", "---------", False),
        (str(tree["vsip"].pk), LUXSHARE, True),
        (str(office.pk), "Công đoàn bộ phận Văn phòng", False),
    ]


def test_the_limit_cuts_at_a_whole_level(tree, federation_editor, monkeypatch):
    # 9 organisations: 1 at the top, 2 below it, 6 below those; room for 5
    monkeypatch.setattr(widgets, "OFFERED_LIMIT", 5)

    select = organisation_select(str(news_form(federation_editor)["organisation"]))

    # a federation editor's new page is the federation's
    assert [label for _value, label, _selected in options(select)] == [
        "---------",
        FEDERATION,
        KCN,
        "Công đoàn Giáo dục tỉnh",
    ]


def test_the_field_renders_in_the_same_queries_whatever_the_size_of_the_scope(
    tree, federation_editor, django_assert_num_queries
):
    page = make_news(tree["vsip"], "Tin Luxshare")

    def render():
        form = news_form(federation_editor, instance=NewsPage.objects.get(pk=page.pk))
        # the offered levels, the chosen organisation, its ancestors' names
        with django_assert_num_queries(3):
            return str(form["organisation"])

    before = render()
    add_schools(tree["gd"], SCHOOLS)
    after = render()

    # the empty option and the 7 organisations; then the empty option, 3 upper ones and the chosen one
    assert (before.count("<option"), after.count("<option")) == (8, 5)


def test_wagtails_copy_of_the_widget_holds_no_organisation(tree, province, federation_editor):
    page = make_news(province[0], "Tin trường")
    form = news_form(federation_editor, instance=NewsPage.objects.get(pk=page.pk))

    packed = JSContext().pack(form.fields["organisation"].widget)

    assert packed["_type"] == "wagtail.widgets.Select"
    copy = packed["_args"][0]
    assert options(copy) == [("", "---------", True)]
    assert 'data-testid="org-chooser-search"' in copy and 'data-mode="single"' in copy
    assert len(copy.encode()) < 4_000


# --- the form: one id, within the scope ---------------------------------------------------------


def test_an_organisation_of_the_scope_the_select_does_not_offer_is_accepted(
    tree, province, federation_editor
):
    # the chooser found a school among the 250, which the page's select does not carry
    school = province[123]
    form = news_form(federation_editor, {**NEWS, "organisation": school.pk})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == school


@pytest.mark.parametrize("forged", ["another_union", "dissolved", "missing", "two"])
def test_an_organisation_outside_the_scope_is_a_form_error(tree, luxshare_editor, forged):
    if forged == "dissolved":
        office = Organisation.objects.get(pk=tree["vsip"].pk).add_child(
            name="Công đoàn bộ phận Văn phòng", code="cdbp-van-phong", level=OrganisationLevel.UNIT
        )
        Organisation.objects.filter(pk=office.pk).update(status=OrganisationStatus.DISSOLVED)
    value = {
        "another_union": tree["hoa_sen"].pk,
        "dissolved": Organisation.objects.filter(code="cdbp-van-phong").values_list("pk", flat=True).first(),
        "missing": 999999,
        "two": [tree["vsip"].pk, tree["hoa_sen"].pk],  # a single field reads the last one
    }[forged]

    form = news_form(luxshare_editor, {**NEWS, "organisation": value, "audience": [tree["vsip"].pk]})

    assert not form.is_valid()
    assert list(form.errors) == ["organisation"]


def test_an_organisation_the_editor_may_publish_for_no_more_is_shown_and_refused(tree, luxshare_editor):
    # given a page of a departmental union of Luxshare, since dissolved
    office = Organisation.objects.get(pk=tree["vsip"].pk).add_child(
        name="Công đoàn bộ phận Văn phòng", code="cdbp-van-phong", level=OrganisationLevel.UNIT
    )
    page = make_news(office, "Tin cũ", audience=[tree["vsip"]])
    Organisation.objects.filter(pk=office.pk).update(status=OrganisationStatus.DISSOLVED)
    client = client_for(luxshare_editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(edit_url).content.decode()

    # it is shown as it is, not silently replaced by the empty choice
    assert chips(html) == [("Công đoàn bộ phận Văn phòng", f"{FEDERATION} › {KCN} › {LUXSHARE}")]
    assert '<span class="org-chooser__status">(Dissolved)</span>' in html
    # and saving it so is refused on the field
    response = client.post(edit_url, submitted_data(html, "page-edit-form", "action-publish"))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors


def test_the_editor_changes_the_publishing_organisation_in_the_page_editor(tree, province, federation_editor):
    # given federation news, opened by the federation editor
    page = make_news(tree["root"], "Tin Liên đoàn")
    client = client_for(federation_editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(edit_url).content.decode()
    assert chips(html) == [(FEDERATION, "")]
    # (its select: the empty option, the federation and the two unions below it)
    assert len(options(organisation_select(html))) == 4

    # when the chooser sets a school the page never listed, and they save a draft
    data = submitted_data(html, "page-edit-form", "action-publish")
    data.pop("action-publish")
    data["organisation"] = [str(province[42].pk)]
    response = client.post(edit_url, data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object().organisation == province[42]


# --- the chooser's endpoint: exactly the form's scope -------------------------------------------


def chooser(client, **params):
    response = client.get(reverse("organisation_chooser", args=[PUBLISHER_SCOPE]), params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_endpoint_finds_what_the_editor_may_publish_for_without_accents(
    tree, province, federation_editor
):
    # (the bulk-created schools are not in the search documents: this one is made as the admin does)
    school = make_child(
        tree["gd"], "Công đoàn Trường Tiểu học Quỳnh Lưu số 999", OrganisationLevel.GRASSROOTS
    )
    client = client_for(federation_editor)

    found = chooser(client, q="truong tieu hoc QUYNH LUU so 999")

    assert [(o["id"], o["name"], [a["name"] for a in o["ancestors"]]) for o in found["results"]] == [
        (school.pk, school.name, [FEDERATION, "Công đoàn Giáo dục tỉnh"])
    ]
    assert [o["name"] for o in chooser(client)["results"]] == [FEDERATION]


def test_the_endpoint_never_offers_what_the_form_refuses(tree, luxshare_editor):
    Organisation.objects.filter(pk=tree["hoa_sen"].pk).update(status=OrganisationStatus.DISSOLVED)
    client = client_for(luxshare_editor)

    assert [o["name"] for o in chooser(client)["results"]] == [LUXSHARE]
    assert chooser(client, q="hoa sen")["results"] == []
    assert chooser(client, q="cong doan khu cong nghiep")["results"] == []


# --- a field that may be empty ------------------------------------------------------------------

OPTIONAL_SCOPE = "test-optional-union"
register_scope(OPTIONAL_SCOPE, lambda user: Organisation.objects.active())


class OptionalUnionForm(forms.Form):
    union = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        use_single_tree_chooser(self, "union", OPTIONAL_SCOPE, empty_label="Không có")


def test_a_field_that_may_be_empty_can_be_cleared(tree):
    form = OptionalUnionForm(initial={"union": tree["kcn"].pk})

    rendered = str(form["union"])

    assert isinstance(form.fields["union"].widget, SingleOrganisationTreeChooser)
    assert chips(rendered) == [(KCN, FEDERATION)]
    assert 'data-testid="org-chip-remove"' in rendered and "data-required" not in rendered
    assert "required" not in re.search(r"<select[^>]*>", rendered).group(0)
    assert OptionalUnionForm({"union": ""}).is_valid()
    assert OptionalUnionForm({"union": str(tree["thpt"].pk)}).is_valid()
    assert not OptionalUnionForm({"union": "999999"}).is_valid()


# --- employers' union and observations' organisation (forms ready, to be wired) -----------------


def test_an_employers_union_is_chosen_among_the_active_organisations(tree, province):
    from wagtail.admin.panels import ObjectList

    from cms.jobs.forms import EmployerForm
    from cms.jobs.models import Employer

    form_class = (
        ObjectList(Employer.panels, base_form_class=EmployerForm).bind_to_model(Employer).get_form_class()
    )
    Organisation.objects.filter(pk=tree["hoa_sen"].pk).update(status=OrganisationStatus.DISSOLVED)
    employer = Employer.objects.create(
        name="Công ty TNHH Luxshare-ICT", slug="luxshare", organisation=tree["vsip"]
    )
    data = {"name": employer.name, "slug": employer.slug}

    rendered = str(form_class(instance=employer)["organisation"])

    assert chips(rendered) == [(LUXSHARE, f"{FEDERATION} › {KCN}")]
    assert 'data-testid="org-chip-remove"' in rendered  # an employer may have no union
    assert len(re.findall(r"<option", re.search(r"<select.*?</select>", rendered, re.S).group(0))) == 5
    assert form_class({**data, "organisation": province[7].pk}, instance=employer).is_valid()
    assert form_class({**data, "organisation": ""}, instance=employer).is_valid()
    refused = form_class({**data, "organisation": tree["hoa_sen"].pk}, instance=employer)
    assert not refused.is_valid() and list(refused.errors) == ["organisation"]


def test_an_observations_organisation_is_chosen_within_the_users_subtree(tree, luxshare_editor):
    from cms.statistics import views
    from cms.statistics.forms import OBSERVATION_SCOPE, use_organisation_chooser

    class WiredObservationForm(views.ObservationForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            use_organisation_chooser(self)

    from wagtail.admin.panels import ObjectList

    from cms.statistics.models import Observation

    form_class = (
        ObjectList(Observation.panels, base_form_class=WiredObservationForm)
        .bind_to_model(Observation)
        .get_form_class()
    )
    form = form_class(for_user=luxshare_editor)
    widget = form.fields["organisation"].widget

    assert isinstance(widget, SingleOrganisationTreeChooser) and widget.scope == OBSERVATION_SCOPE
    assert list(form.fields["organisation"].queryset) == [tree["vsip"]]
    assert [o["name"] for o in chooser_in(client_for(luxshare_editor), OBSERVATION_SCOPE)["results"]] == [
        LUXSHARE
    ]


def chooser_in(client, scope, **params):
    response = client.get(reverse("organisation_chooser", args=[scope]), params)
    assert response.status_code == 200, response.content
    return response.json()
