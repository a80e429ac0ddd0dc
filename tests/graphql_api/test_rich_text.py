"""Rich text through the visibility rule: page and document links, embedded images, in bulk."""

from __future__ import annotations

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.models import CollectionViewRestriction, PageViewRestriction
from wagtail.rich_text import RichText

from cms.core.files import file_url
from cms.members import tokens
from tests.cms.core.media import make_collection, make_image, make_png, restrict
from tests.content_factories import (
    announcement_index,
    hide,
    make_announcement,
    make_job,
    make_legal_scenario,
    make_news,
    make_wagtail_document,
)
from tests.factories import PASSWORD, make_member

BODIES = """
query Bodies($first: Int = 20) {
  news(first: $first) { edges { node { title body {
    __typename ... on ParagraphBlock { html } ... on CalloutBlock { html }
  } } } }
}
"""
ANSWERS = "query($first: Int = 20) { legalScenarios(first: $first) { edges { node { title answer } } } }"
HIDDEN_STATES = ["draft", "scheduled", "expired", "private", "private_section", "out_of_audience"]


def page_link(page, text: str) -> str:
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def document_link(document, text: str) -> str:
    return f'<a linktype="document" id="{document.pk}">{text}</a>'


def image_embed(image, image_format: str = "left", alt: str = "Hội nghị") -> str:
    return f'<embed embedtype="image" id="{image.pk}" format="{image_format}" alt="{alt}"/>'


def html_of(result) -> list[str]:
    """The HTML of every rich-text block of every listed news item, in order."""
    return [
        block["html"]
        for edge in result["data"]["news"]["edges"]
        for block in edge["node"]["body"]
        if "html" in block
    ]


def token_of(member) -> str:
    return tokens.login(member.phone, PASSWORD).access_token


def hidden_announcement(tree, state: str):
    """An announcement that no anonymous reader may see, in the given state."""
    page = make_announcement(
        tree["root"],
        "Thông báo nội bộ",
        live=state != "draft",
        audience=[tree["gd"]] if state == "out_of_audience" else (),
    )
    if state == "private_section":
        PageViewRestriction.objects.create(
            page=announcement_index(), restriction_type=PageViewRestriction.LOGIN
        )
    else:
        hide(page, state)
    return page


def signed(href: str, filename: str) -> bool:
    """A signed link to ``filename``: the local download view's, or an S3 presigned URL."""
    local = re.fullmatch(rf"/documents/signed/[^/]+/{re.escape(filename)}", href)
    return bool(local) or (f"/{filename}?" in href and "X-Amz-Signature=" in href)


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


# --- page links --------------------------------------------------------------------------


def test_link_to_a_visible_page_gets_its_path_and_page_type(gql, tree):
    # given
    target = make_announcement(tree["root"], "Lịch tiếp công dân")
    make_news(tree["root"], body=[("paragraph", f"<p>Xem {page_link(target, 'lịch tiếp')}.</p>")])

    # when
    result = gql.execute(BODIES)

    # then: the path `page(path:)` answers to, and the type to route on before fetching it
    assert html_of(result) == [
        f'<p>Xem <a href="/thong-bao/{target.slug}/" data-page-type="AnnouncementPage">lịch tiếp</a>.</p>'
    ]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_link_to_a_hidden_page_is_only_its_text(gql, tree, state):
    # given a public article linking to an announcement in the given hidden state
    target = hidden_announcement(tree, state)
    make_news(
        tree["root"],
        body=[
            ("paragraph", f"<p>Xem {page_link(target, '<b>thông báo</b>')} mới.</p>"),
            ("callout", {"tone": "info", "text": RichText(f"<p>{page_link(target, 'Chi tiết')}</p>")}),
        ],
    )

    # when an anonymous app reads it
    result = gql.execute(BODIES)

    # then the text stays, with nothing that leads to the page
    assert html_of(result) == ["<p>Xem <b>thông báo</b> mới.</p>", "<p>Chi tiết</p>"]
    assert target.slug not in json.dumps(result)


def test_link_to_another_unions_page_is_text_for_their_members_and_a_link_for_its_own(gql, tree, member):
    # given pages for the education union and for the industrial-zone union (the member's)
    for_education = make_announcement(tree["root"], "Giáo dục", audience=[tree["gd"]])
    for_zone = make_announcement(tree["root"], "Khu công nghiệp", audience=[tree["kcn"]])
    make_news(
        tree["root"],
        body=[("paragraph", f"<p>{page_link(for_education, 'A')} {page_link(for_zone, 'B')}</p>")],
    )
    teacher = make_member(tree["thpt"])

    # when a member of the industrial zone and a teacher read it
    zone_reader = gql.execute(BODIES, token=token_of(member))
    teacher_reader = gql.execute(BODIES, token=token_of(teacher))

    # then each gets a link to their own union's page only
    assert html_of(zone_reader) == [
        f'<p>A <a href="/thong-bao/{for_zone.slug}/" data-page-type="AnnouncementPage">B</a></p>'
    ]
    assert html_of(teacher_reader) == [
        f'<p><a href="/thong-bao/{for_education.slug}/" data-page-type="AnnouncementPage">A</a> B</p>'
    ]


def test_link_to_a_page_that_does_not_exist_or_is_malformed_is_only_its_text(gql, tree):
    # given
    make_news(
        tree["root"],
        body=[
            (
                "paragraph",
                '<p><a linktype="page" id="987654">mất</a> <a linktype="page" id="x">hỏng</a> '
                '<a linktype="page" id="99999999999999999999999">lớn</a> <a linktype="khac" id="1">lạ</a></p>',
            )
        ],
    )

    # when
    result = gql.execute(BODIES)

    # then
    assert html_of(result) == ["<p>mất hỏng lớn lạ</p>"]


def test_external_email_and_anchor_links_stay_as_written(gql, tree):
    # given
    html = (
        '<p><a href="https://congdoan.vn/tin">Công đoàn VN</a> '
        '<a href="mailto:lienhe@congdoannghean.vn">thư</a> <a href="#muc-2">mục 2</a></p>'
    )
    make_news(tree["root"], body=[("paragraph", html)])

    # when
    result = gql.execute(BODIES)

    # then
    assert html_of(result) == [html]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_rich_text_fields_hide_links_too(gql, tree, state):
    # given a legal answer (a RichTextField) linking to a hidden page and to a visible one
    target = hidden_announcement(tree, state)
    visible = make_news(tree["root"], "Hướng dẫn")
    make_legal_scenario(
        tree["root"], answer=f"<p>{page_link(target, 'Văn bản')} và {page_link(visible, 'hướng dẫn')}</p>"
    )

    # when
    result = gql.execute(ANSWERS)

    # then
    answers = [edge["node"]["answer"] for edge in result["data"]["legalScenarios"]["edges"]]
    assert answers == [
        f'<p>Văn bản và <a href="/tin-tuc/{visible.slug}/" data-page-type="NewsPage">hướng dẫn</a></p>'
    ]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_job_posting_json_ld_hides_links_too(gql, tree, state):
    # given
    target = hidden_announcement(tree, state)
    make_job(tree["root"], requirements=f"<p>Đọc {page_link(target, 'quy định')} trước.</p>")

    # when
    result = gql.execute("{ jobs(first: 5) { edges { node { requirements jsonLd } } } }")

    # then
    node = result["data"]["jobs"]["edges"][0]["node"]
    assert node["requirements"] == "<p>Đọc quy định trước.</p>"
    assert json.loads(node["jsonLd"])["description"] == "<p>Tóm tắt</p><p>Đọc quy định trước.</p>"


# --- document links ------------------------------------------------------------------------


def test_document_link_gets_the_url_the_reader_may_have(gql, tree, member):
    # given a public file and one in a login-restricted collection
    internal = make_collection("Văn bản nội bộ")
    restrict(internal, CollectionViewRestriction.LOGIN)
    plan = make_wagtail_document("Kế hoạch", filename="ke-hoach.pdf")
    roster = make_wagtail_document("Danh sách", filename="danh-sach.pdf", collection=internal)
    make_news(
        tree["root"],
        body=[("paragraph", f"<p>{document_link(plan, 'KH')} {document_link(roster, 'DS')}</p>")],
    )

    # when
    anonymous = html_of(gql.execute(BODIES))
    signed_in = html_of(gql.execute(BODIES, token=token_of(member)))

    # then a guest gets the public file's serve URL and only the text of the restricted one; a
    # member gets signed links (they open them without a session: the serve view would not know them)
    serve_url = reverse("wagtaildocs_serve", args=(plan.pk, plan.filename))
    assert anonymous == [f'<p><a href="{serve_url}">KH</a> DS</p>']
    member_hrefs = hrefs(signed_in[0])
    assert len(member_hrefs) == 2
    assert signed(member_hrefs[0], plan.filename) and signed(member_hrefs[1], roster.filename)


def test_link_to_a_document_that_does_not_exist_is_only_its_text(gql, tree):
    # given
    make_news(tree["root"], body=[("paragraph", '<p><a linktype="document" id="424242">Tệp</a></p>')])

    # when
    result = gql.execute(BODIES)

    # then
    assert html_of(result) == ["<p>Tệp</p>"]


# --- images ----------------------------------------------------------------------------------


def test_embedded_image_is_a_rendition_of_its_format(gql, tree):
    # given a 1000×500 picture as a left-aligned image, one with an unknown format, one deleted
    image = make_image(make_png(1000, 500), "hoi-nghi.png")
    gone = make_image(make_png(10, 10), "xoa.png")
    gone_embed = image_embed(gone)
    gone.delete()
    make_news(
        tree["root"],
        body=[
            (
                "paragraph",
                f"<p>{image_embed(image)}{image_embed(image, 'khong-co', alt='A & B')}{gone_embed}</p>",
            )
        ],
    )

    # when
    result = gql.execute(BODIES)

    # then left uses its width-500 rendition; an unknown format falls back to the first registered
    # one (full width, width-800); a deleted image leaves nothing
    left = file_url(image.get_rendition("width-500").file, private=False)
    full = file_url(image.get_rendition("width-800").file, private=False)
    assert html_of(result) == [
        f'<p><img src="{left}" width="500" height="250" alt="Hội nghị" class="richtext-image left">'
        f'<img src="{full}" width="800" height="400" alt="A &amp; B" class="richtext-image full-width"></p>'
    ]


# --- query counts ------------------------------------------------------------------------------


def _news_with_everything(tree, count: int, start: int = 0) -> None:
    """``count`` articles, each linking its own visible and draft page, public and restricted
    file, and embedding its own image: nothing is shared, so nothing is free from a cache."""
    internal = make_collection(f"Nội bộ {start}")
    restrict(internal, CollectionViewRestriction.LOGIN)
    for i in range(start, start + count):
        visible = make_announcement(tree["root"], f"Công khai {i}")
        draft = make_announcement(tree["root"], f"Nháp {i}", live=False)
        public_file = make_wagtail_document(f"Tệp {i}", filename=f"tep-{i}.pdf")
        private_file = make_wagtail_document(f"Nội bộ {i}", filename=f"noi-bo-{i}.pdf", collection=internal)
        image = make_image(make_png(40, 20), f"anh-{i}.png")
        html = (
            f"<p>{page_link(visible, 'a')} {page_link(draft, 'b')} {document_link(public_file, 'c')} "
            f"{document_link(private_file, 'd')}</p>{image_embed(image)}"
        )
        make_news(
            tree["root"],
            f"Tin {i}",
            body=[("paragraph", html), ("callout", {"tone": "info", "text": RichText(html)})],
        )


# A member's request: token with its session and the member (1), page restrictions (1, for the list
# and the links alike), the list (1); then once for all links and images of the list: pages (1)
# and the visibility of their type (1); documents (1), collection restrictions with their groups
# (2) and collection paths (1); images (1) and their renditions (1).
LIST_QUERIES = 11


def test_rich_text_of_a_list_costs_the_same_queries_for_3_and_12_items(
    gql, tree, member, django_assert_num_queries, settings
):
    # given 3 articles, read afresh each time (a kept answer costs less: graphql_api.core.caching)
    settings.GRAPHQL_RESPONSE_CACHE = False
    _news_with_everything(tree, 3)
    token = token_of(member)
    gql.execute(BODIES, token=token)  # warm caches (site root, content types, renditions)

    # when / then
    with django_assert_num_queries(LIST_QUERIES):
        small = gql.execute(BODIES, {"first": 20}, token=token)

    # given 9 more
    _news_with_everything(tree, 9, start=3)
    gql.execute(BODIES, token=token)

    # when / then the same number of queries for four times the links, files and images
    with django_assert_num_queries(LIST_QUERIES):
        large = gql.execute(BODIES, {"first": 20}, token=token)
    assert len(html_of(small)) == 6 and len(html_of(large)) == 24
    assert all(len(hrefs(html)) == 3 and html.count("<img ") == 1 for html in html_of(large))


# An anonymous request: page restrictions (1), the list (1); then once for all links and images of
# the list: pages (1) and the visibility of their type (1); documents (1) and collection
# restrictions (1, none here, so no collection paths); images (1) and their renditions (1).
ANSWER_QUERIES = 8


def test_rich_text_fields_of_a_list_cost_the_same_queries_for_3_and_12_items(
    gql, tree, django_assert_num_queries
):
    def scenarios(start: int, count: int) -> None:
        for i in range(start, start + count):
            target = make_news(tree["root"], f"Tin {i}")
            file = make_wagtail_document(f"Tệp {i}", filename=f"tep-{i}.pdf")
            image = make_image(make_png(40, 20), f"anh-{i}.png")
            make_legal_scenario(
                tree["root"],
                f"Tình huống {i}",
                answer=f"<p>{page_link(target, 'x')} {document_link(file, 'y')}</p>{image_embed(image)}",
            )

    # given 3 answers, then 12, each with its own page link, file link and image
    for start, count in ((0, 3), (3, 9)):
        scenarios(start, count)
        gql.execute(ANSWERS)  # warm caches

        # when / then the same number of queries for 3 and for 12
        with override_settings(GRAPHQL_RESPONSE_CACHE=False), django_assert_num_queries(ANSWER_QUERIES):
            result = gql.execute(ANSWERS)
        answers = [edge["node"]["answer"] for edge in result["data"]["legalScenarios"]["edges"]]
        assert len(answers) == start + count
        assert all(len(hrefs(answer)) == 2 and answer.count("<img ") == 1 for answer in answers)
