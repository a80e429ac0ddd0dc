from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from strawberry import relay
from wagtail.models import CollectionViewRestriction

from cms.core.files import file_url
from cms.core.preview import make_preview_token
from cms.documents.models import DocumentKind, DocumentUrgency
from cms.members import tokens
from tests.cms.core.media import make_collection, restrict
from tests.content_factories import document_index, hide, make_official_document, make_wagtail_document
from tests.factories import PASSWORD, make_user

DOCUMENTS = """
query Documents($first: Int = 20, $type: DocumentType, $organisation: ID, $issued: DateRange, $search: String) {
  documents(first: $first, type: $type, organisation: $organisation, issued: $issued, search: $search) {
    totalCount
    edges { node { title numberSymbol issuedOn } }
  }
}
"""

DETAIL = """
query($p: String!) { page(path: $p) { pageType ... on OfficialDocument {
  title numberSymbol documentType documentTypeLabel urgency urgencyLabel signerName signerTitle
  issuedOn effectiveOn requiresAcknowledgement requiresReport reportDueOn summary organisation { code }
  recipients { code } attachments { title url extension fileSize }
} } }
"""


def numbers(result) -> list[str]:
    assert "errors" not in result, result
    return [e["node"]["numberSymbol"] for e in result["data"]["documents"]["edges"]]


def test_documents_list_newest_issued_first(gql, tree):
    make_official_document(tree["root"], number_symbol="75/KH-LĐLĐ", issued_on=date(2026, 3, 2))
    make_official_document(tree["root"], number_symbol="112/CV-LĐLĐ", issued_on=date(2026, 5, 20))
    make_official_document(tree["root"], number_symbol="08/HD-LĐLĐ", issued_on=date(2026, 1, 15))

    result = gql.execute(DOCUMENTS)

    assert numbers(result) == ["112/CV-LĐLĐ", "75/KH-LĐLĐ", "08/HD-LĐLĐ"]
    assert result["data"]["documents"]["totalCount"] == 3


def test_filters_by_type_organisation_issued_and_folded_search(gql, tree):
    # given
    make_official_document(
        tree["root"],
        "Kế hoạch Tháng Công nhân năm 2026",
        number_symbol="75/KH-LĐLĐ",
        document_type=DocumentKind.PLAN,
        issued_on=date(2026, 3, 2),
    )
    make_official_document(
        tree["kcn"],
        "Về việc tổ chức Tết Sum vầy",
        number_symbol="112/CV-CĐKCN",
        document_type=DocumentKind.OFFICIAL_LETTER,
        issued_on=date(2026, 11, 20),
    )
    make_official_document(
        tree["root"],
        "Hướng dẫn đại hội công đoàn cơ sở",
        number_symbol="08/HD-LĐLĐ",
        document_type=DocumentKind.GUIDANCE,
        issued_on=date(2026, 1, 15),
    )
    kcn_id = str(relay.to_base64("Organisation", tree["kcn"].pk))

    # when / then
    assert numbers(gql.execute(DOCUMENTS, {"type": "PLAN"})) == ["75/KH-LĐLĐ"]
    assert numbers(gql.execute(DOCUMENTS, {"organisation": kcn_id})) == ["112/CV-CĐKCN"]
    assert numbers(gql.execute(DOCUMENTS, {"issued": {"start": "2026-01-01", "end": "2026-03-31"}})) == [
        "75/KH-LĐLĐ",
        "08/HD-LĐLĐ",
    ]
    assert numbers(gql.execute(DOCUMENTS, {"search": "75/kh-ldld"})) == ["75/KH-LĐLĐ"]
    assert numbers(gql.execute(DOCUMENTS, {"search": "tet sum vay"})) == ["112/CV-CĐKCN"]
    assert numbers(gql.execute(DOCUMENTS, {"search": "  HƯỚNG dẫn  "})) == ["08/HD-LĐLĐ"]
    assert numbers(gql.execute(DOCUMENTS, {"search": "ldld", "type": "GUIDANCE"})) == ["08/HD-LĐLĐ"]


def test_detail_has_every_field_with_labels_and_attachments(gql, tree):
    # given a plan with two attached files in order
    plan = make_wagtail_document("Kế hoạch", filename="ke-hoach.pdf", data=b"%PDF-1.4 ke hoach")
    annex = make_wagtail_document("Phụ lục", filename="phu-luc.docx", data=b"PK phu luc")
    page = make_official_document(
        tree["root"],
        "Kế hoạch Tháng Công nhân năm 2026",
        number_symbol="75/KH-LĐLĐ",
        document_type=DocumentKind.PLAN,
        urgency=DocumentUrgency.URGENT,
        issued_on=date(2026, 3, 2),
        effective_on=date(2026, 3, 5),
        requires_acknowledgement=True,
        requires_report=True,
        report_due_on=date(2026, 6, 30),
        recipients=[tree["kcn"], tree["gd"]],
        audience=[tree["root"]],
        files=[plan, annex],
    )
    # when a member of the federation's subtree reads it
    from tests.factories import make_member

    reader = make_member(tree["thpt"], phone="0987000111")
    token = tokens.login(reader.phone, PASSWORD).access_token
    result = gql.execute(DETAIL, {"p": f"/van-ban/{page.slug}/"}, token=token)

    # then
    node = result["data"]["page"]
    assert {k: v for k, v in node.items() if k != "attachments"} == {
        "pageType": "OfficialDocument",
        "title": "Kế hoạch Tháng Công nhân năm 2026",
        "numberSymbol": "75/KH-LĐLĐ",
        "documentType": "PLAN",
        "documentTypeLabel": str(DocumentKind.PLAN.label),
        "urgency": "URGENT",
        "urgencyLabel": str(DocumentUrgency.URGENT.label),
        "signerName": "Kha Văn Tám",
        "signerTitle": "Chủ tịch",
        "issuedOn": "2026-03-02",
        "effectiveOn": "2026-03-05",
        "requiresAcknowledgement": True,
        "requiresReport": True,
        "reportDueOn": "2026-06-30",
        "summary": "Trích yếu văn bản",
        "organisation": {"code": "ldld-nghe-an"},
        "recipients": [{"code": "cd-kcn"}, {"code": "cd-giao-duc"}],
    }
    # a signed-in reader gets signed links even to public files: the app opens them without its
    # token, and the serve view gives a file without credentials only to who may see a page using it
    assert [{**a, "url": unsigned(a["url"])} for a in node["attachments"]] == [
        {
            "title": "Kế hoạch",
            "url": unsigned(file_url(plan.file, private=True)),
            "extension": "pdf",
            "fileSize": len(b"%PDF-1.4 ke hoach"),
        },
        {
            "title": "Phụ lục",
            "url": unsigned(file_url(annex.file, private=True)),
            "extension": "docx",
            "fileSize": len(b"PK phu luc"),
        },
    ]


def test_attachment_in_a_restricted_collection_has_no_url_for_anonymous_readers(gql, tree, member):
    # given a public document whose second file sits in a login-restricted collection
    internal = make_collection("Văn bản nội bộ")
    restrict(internal, CollectionViewRestriction.LOGIN)
    public_file = make_wagtail_document("Công văn", filename="cong-van.pdf")
    private_file = make_wagtail_document("Danh sách nội bộ", filename="danh-sach.pdf", collection=internal)
    page = make_official_document(tree["root"], files=[public_file, private_file])
    path = {"p": f"/van-ban/{page.slug}/"}

    # when
    anonymous = gql.execute(DETAIL, path)["data"]["page"]["attachments"]
    token = tokens.login(member.phone, PASSWORD).access_token
    signed_in = gql.execute(DETAIL, path, token=token)["data"]["page"]["attachments"]

    # then the anonymous reader sees the file is there but gets no URL; a signed-in user gets
    # a short-lived signed link, never the bare media path
    assert [(a["title"], a["url"]) for a in anonymous] == [
        ("Công văn", public_url(public_file)),
        ("Danh sách nội bộ", None),
    ]
    # local files: a signed link to the download view; S3: a presigned URL of the object
    assert unsigned(signed_in[1]["url"]) == unsigned(file_url(private_file.file, private=True))
    assert private_file.file.name not in str(anonymous)


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private", "out_of_audience"])
def test_hidden_document_never_appears_in_list_by_path_or_through_its_file(gql, tree, state):
    # given one visible document and one in the given hidden state, each with a file
    public_file = make_wagtail_document("Công khai")
    make_official_document(tree["root"], number_symbol="1/CV-LĐLĐ", files=[public_file])
    secret_file = make_wagtail_document("Bí mật", filename="bi-mat.pdf")
    hidden = make_official_document(
        tree["root"],
        number_symbol="2/CV-LĐLĐ",
        issued_on=date(2026, 12, 1),
        live=(state != "draft"),
        audience=[tree["gd"]] if state == "out_of_audience" else (),
        files=[secret_file],
    )
    hide(hidden, state)
    hidden_id = str(relay.to_base64("OfficialDocument", hidden.pk))

    # when an anonymous app lists, searches and looks the page up directly
    listed = gql.execute(
        "{ documents(first: 20) { edges { node { numberSymbol attachments { title url } } } } }"
    )
    searched = gql.execute(DOCUMENTS, {"search": "2/cv"})
    by_path = gql.execute(DETAIL, {"p": f"/van-ban/{hidden.slug}/"})
    by_id = gql.execute("query($id: ID!) { page(id: $id) { title } }", {"id": hidden_id})

    # then only the public document and its file are there
    assert listed["data"]["documents"]["edges"] == [
        {
            "node": {
                "numberSymbol": "1/CV-LĐLĐ",
                "attachments": [{"title": "Công khai", "url": public_url(public_file)}],
            }
        }
    ]
    assert numbers(searched) == []
    assert by_path["data"]["page"] is None
    assert by_id["data"]["page"] is None
    assert secret_file.file.name not in str(listed) + str(by_path) + str(by_id)


def public_url(document) -> str:
    """What the API gives for a public file, as cms.core.files decides it for this storage."""
    return file_url(document.file, private=False)


def unsigned(url: str | None) -> str | None:
    """A URL without its signature, which carries the time it was made: the query string of an
    S3 presigned URL, the token of a local signed link (/documents/signed/<token>/<file>)."""
    if not url:
        return url
    url = url.split("?", 1)[0]
    if url.startswith("/documents/signed/"):
        parts = url.split("/")
        parts[3] = "<token>"
        url = "/".join(parts)
    return url


def test_audience_reaches_members_of_the_subtree_only(gql, tree, member):
    # given a letter for the industrial-zone union's subtree and one for education's
    make_official_document(tree["root"], number_symbol="10/CV-LĐLĐ", audience=[tree["kcn"]])
    make_official_document(tree["root"], number_symbol="11/CV-LĐLĐ", audience=[tree["gd"]])
    token = tokens.login(member.phone, PASSWORD).access_token

    # then the member (grassroots union under KCN) sees theirs, an anonymous reader none
    assert numbers(gql.execute(DOCUMENTS, token=token)) == ["10/CV-LĐLĐ"]
    assert numbers(gql.execute(DOCUMENTS)) == []


def test_preview_shows_a_draft_only_with_a_valid_token(gql, tree):
    draft = make_official_document(tree["root"], number_symbol="99/QĐ-LĐLĐ", live=False)
    token = make_preview_token(draft, make_user(is_superuser=True))

    shown = gql.execute(
        "query($t: String!) { preview(token: $t) { ... on OfficialDocument { numberSymbol } } }", {"t": token}
    )
    forged = gql.execute("query($t: String!) { preview(token: $t) { title } }", {"t": token[:-2] + "xx"})

    assert shown["data"]["preview"] == {"numberSymbol": "99/QĐ-LĐLĐ"}
    assert forged["data"]["preview"] is None


@pytest.mark.parametrize(
    "variables",
    [
        {"issued": {"start": "2026-12-01", "end": "2026-01-01"}},
        {"organisation": str(relay.to_base64("OfficialDocument", 1))},
        {"search": "x" * 201},
    ],
)
def test_invalid_filters_are_typed_errors(gql, tree, variables):
    result = gql.execute(DOCUMENTS, variables)

    assert result["data"] is None
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_unknown_type_is_a_validation_error(gql, tree):
    result = gql.execute("{ documents(first: 5, type: MEMO) { totalCount } }")

    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize("count", [3, 12])
def test_documents_list_query_count_is_constant(gql, tree, member, count):
    # given documents each with two files, one of them in a login-restricted collection, and
    # two recipients; a signed-in member reading the list with every file's URL
    document_index()
    internal = make_collection("Văn bản nội bộ")
    restrict(internal, CollectionViewRestriction.LOGIN)
    files = [
        make_wagtail_document("Công văn", filename="cong-van.pdf"),
        make_wagtail_document("Danh sách nội bộ", filename="danh-sach.pdf", collection=internal),
    ]
    for i in range(count):
        make_official_document(
            tree["root"], number_symbol=f"{i}/CV-LĐLĐ", recipients=[tree["kcn"], tree["gd"]], files=files
        )
    query = """{ documents(first: 100) { totalCount edges { node {
        title path numberSymbol documentType documentTypeLabel urgency urgencyLabel signerName signerTitle
        issuedOn effectiveOn requiresAcknowledgement reportDueOn summary organisation { name } coverImage { id }
        recipients { code } attachments { title extension fileSize url } } } } }"""
    token = tokens.login(member.phone, PASSWORD).access_token
    gql.execute(query, token=token)  # warm caches (site root, content types)

    # when (answered afresh: a kept answer costs less, graphql_api.core.caching)
    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        result = gql.execute(query, token=token)

    # then every file has its URL, the restricted one included, in a fixed number of queries:
    # the token with the member (1), the list with recipients and attachments (4), and once for all
    # files: collection restrictions with their groups, collection paths (3)
    nodes = [edge["node"] for edge in result["data"]["documents"]["edges"]]
    assert len(nodes) == count
    assert all(all(a["url"] for a in node["attachments"]) for node in nodes)
    # One query more than the list itself: the content version its count is kept under
    # (graphql_api.core.caching); the count, kept, costs none. And one for the reader's kinds
    # (recipient, issuer, superuser: cms.documents.access.reader_kinds), so that a plain
    # member's list carries no role subqueries.
    assert len(ctx.captured_queries) == 10, "\n".join(q["sql"][:150] for q in ctx.captured_queries)


def test_a_member_downloads_a_restricted_attachment_with_the_url_they_were_given(gql, client, tree, member):
    # given a document whose file sits in a login-restricted collection
    import urllib.request

    internal = make_collection("Văn bản nội bộ")
    restrict(internal, CollectionViewRestriction.LOGIN)
    data = b"%PDF-1.4 danh sach noi bo"
    private_file = make_wagtail_document(
        "Danh sách nội bộ", filename="danh-sach.pdf", collection=internal, data=data
    )
    page = make_official_document(tree["root"], files=[private_file])
    token = tokens.login(member.phone, PASSWORD).access_token

    # when the app asks for the URL with its bearer token and opens it with no session or cookie
    url = gql.execute(DETAIL, {"p": f"/van-ban/{page.slug}/"}, token=token)["data"]["page"]["attachments"][0][
        "url"
    ]
    if url.startswith("/"):  # local storage: the signed download view
        response = client.get(url)
        body = b"".join(response.streaming_content)
    else:  # S3: a presigned URL of the object
        with urllib.request.urlopen(url, timeout=10) as s3_response:
            body = s3_response.read()

    # then the member gets the file's bytes
    assert body == data
