"""An official document's empty audience means its recipients (cms.documents.services.default_audience),
applied before the publishing rights are checked."""

from __future__ import annotations

import pytest

from cms.core.errors import PublishingErrorCode, ServiceError
from cms.core.publishing import check_publication
from cms.documents.services import default_audience
from cms.organisations.models import Organisation
from tests.factories import make_officer


def codes(organisations) -> list[str]:
    return [o.code for o in organisations]


def test_a_chosen_audience_is_kept(tree):
    audience = default_audience([tree["root"]], [tree["kcn"], tree["gd"]])

    assert codes(audience) == ["ldld-nghe-an"]


def test_an_empty_audience_means_the_recipients(tree):
    audience = default_audience([], [tree["kcn"], tree["gd"]])

    assert codes(audience) == ["cd-kcn", "cd-giao-duc"]


def test_querysets_as_the_admin_form_gives_them(tree):
    # given the form's cleaned values: querysets
    recipients = Organisation.objects.filter(code__in=["cdcs-luxshare", "cdcs-hoa-sen"])

    # when / then
    assert codes(default_audience(Organisation.objects.none(), recipients)) == [
        "cdcs-hoa-sen",
        "cdcs-luxshare",
    ]


def test_no_audience_and_no_recipients_is_for_everyone(tree):
    assert list(default_audience([], [])) == []


@pytest.fixture
def kcn_editor(tree):
    return make_officer(tree["kcn"], role="editor").user


def test_with_the_default_an_upper_union_editor_sends_to_their_unions(tree, kcn_editor):
    # given a document of the KCN union, audience left empty, sent to two of its unions
    recipients = [tree["vsip"], tree["hoa_sen"]]

    # when the default is applied before the rights check, then it is allowed
    check_publication(kcn_editor, tree["kcn"], default_audience([], recipients))


@pytest.mark.parametrize(
    ("recipients", "code"),
    [
        ((), PublishingErrorCode.AUDIENCE_REQUIRED),  # for everyone: only federation editors
        (("vsip", "thpt"), PublishingErrorCode.AUDIENCE_NOT_ALLOWED),  # a school of the education union
    ],
)
def test_the_default_gives_no_more_rights_than_choosing_the_audience(tree, kcn_editor, recipients, code):
    audience = default_audience([], [tree[r] for r in recipients])

    with pytest.raises(ServiceError) as raised:
        check_publication(kcn_editor, tree["kcn"], audience)

    assert (raised.value.code, raised.value.field) == (code, "audience")
