"""``seed_demo --scale``: the province's data in bulk, as the services would leave it (tiny size).

The generators are the province's (cms/<domain>/scale.py, cms.core.demo.bulk) at a few dozen rows:
the union tree stays a valid sorted tree, members are valid and unique, pages are published
with their revision, log entries, references and search entries and are visible through the
API, and a second run adds nothing.
"""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from cms.core.demo.scale import SCALES, Progress, run_scale
from cms.members.models import Member
from cms.members.phone import normalize_phone
from cms.members.scale import is_scale_card
from cms.news.models import NewsPage
from cms.organisations.models import ChangeKind, Organisation, OrganisationChange, OrganisationLevel
from search.normalize import fold

TINY = SCALES["tiny"]


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "changes": OrganisationChange.objects.count(),
        "members": Member.objects.count(),
        "users": get_user_model().objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
    }


@pytest.fixture
def scaled(demo):
    before = counts()
    before["last organisation"] = Organisation.objects.order_by("-pk").values_list("pk", flat=True).first()
    run_scale("tiny", write=lambda line: None, progress_stream=io.StringIO())
    return before


def test_the_tiny_scale_adds_its_rows(scaled):
    after = counts()
    scaled.pop("last organisation")

    added_organisations = after["organisations"] - scaled["organisations"]
    assert added_organisations >= TINY["grassroots"]
    assert Organisation.objects.filter(level=OrganisationLevel.GRASSROOTS).count() >= TINY["grassroots"]
    assert after["changes"] - scaled["changes"] == added_organisations  # one "created" change each
    assert after["members"] - scaled["members"] == TINY["members"]
    assert after["users"] - scaled["users"] == TINY["members"]
    pages = sum(TINY[name] for name in ("news", "announcements", "documents", "legal", "benefits", "jobs"))
    assert after["pages"] - scaled["pages"] == pages
    assert after["revisions"] - scaled["revisions"] == pages


def test_a_second_run_adds_nothing(scaled):
    scaled.pop("last organisation")
    once = counts()

    run_scale("tiny", write=lambda line: None, progress_stream=io.StringIO())

    assert counts() == once


def test_the_union_tree_stays_a_valid_tree_with_siblings_in_order(scaled):
    assert all(not problems for problems in Organisation.find_problems())
    by_parent: dict[str, list[Organisation]] = {}
    for organisation in Organisation.objects.order_by("path"):
        by_parent.setdefault(organisation.path[: -Organisation.steplen], []).append(organisation)
    for siblings in by_parent.values():
        names = [sibling.search_name for sibling in siblings]
        assert names == sorted(names)
    created = OrganisationChange.objects.filter(
        kind=ChangeKind.CREATED, organisation__pk__gt=scaled["last organisation"]
    ).select_related("organisation", "new_parent")
    assert created.count() == Organisation.objects.filter(pk__gt=scaled["last organisation"]).count()
    for change in created:
        assert change.organisation.search_name == fold(
            f"{change.organisation.name} {change.organisation.short_name}"
        )
        assert change.new_parent.path == change.organisation.path[: -Organisation.steplen]


def test_members_are_valid_unique_and_belong_where_members_may(scaled):
    members = Member.objects.filter(card_number__regex=r"^401[0-9]{9}$").select_related(
        "user", "organisation"
    )
    assert members.count() == TINY["members"]
    for member in members:
        assert is_scale_card(member.card_number)
        assert normalize_phone(member.phone) == member.phone
        assert member.user.username == member.phone and not member.user.has_usable_password()
        assert member.search_name == fold(member.full_name)
        assert member.organisation.level in (OrganisationLevel.GRASSROOTS, OrganisationLevel.UNIT)
        assert member.joined_on >= member.date_of_birth
    phones = list(Member.objects.values_list("phone", flat=True))
    assert len(phones) == len(set(phones))


def test_news_is_published_as_publishing_leaves_it_and_listed_by_the_api(scaled, gql):
    assert all(not problems for problems in Page.find_problems())
    page = NewsPage.objects.order_by("-pk").first()
    assert page.live and page.live_revision_id == page.latest_revision_id
    assert page.url_path == page.get_parent().url_path + page.slug + "/"
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail.publish", revision=page.live_revision
    ).exists()
    if page.cover_image_id:
        assert ReferenceIndex.objects.filter(object_id=str(page.pk), model_path="cover_image").exists()

    # every article for everyone is in the API's list, in its order
    public = NewsPage.objects.live().filter(audience=None).count()
    listed = gql.execute("{ news(first: 100) { totalCount edges { node { title } } } }")["data"]["news"]
    assert listed["totalCount"] == public


def test_the_command_takes_the_scale_and_shows_progress_on_stderr(demo):
    out, err = io.StringIO(), io.StringIO()

    call_command("seed_demo", "--only=organisations", "--scale=tiny", stdout=out, stderr=err)

    assert "Adding the tiny scale:" in out.getvalue()
    assert re.search(r"news articles +\[#+\] +\d+/\d+", err.getvalue())


def test_the_progress_bar_redraws_in_place_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = Progress("news articles", 4, stream)
    for _ in range(4):
        bar.advance()
    bar.finish()

    assert stream.getvalue().count("\n") == 1 and "\r" in stream.getvalue()
    assert "4/4" in stream.getvalue().splitlines()[-1]
