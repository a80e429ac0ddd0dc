"""The page editor's preview and "View live" in a headless CMS: what an editor sees, never a 500.

No page template exists here, so every preview (the preview panel, "View draft", a revision)
shows the page's content as the API gives it to the app; with the frontend's preview screen
configured, the panel also shows that screen for the latest saved version; "View live" opens
the frontend at the page's API path, or is not offered at all.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from strawberry.relay import to_base64
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from cms.organisations.services import assign_officer_role
from tests.cms.core.media import make_image, make_png
from tests.cms.organisations.helpers import client_for
from tests.content_factories import (
    announcement_index,
    make_announcement,
    make_benefit,
    make_congress,
    make_contest,
    make_home,
    make_job,
    make_legal_scenario,
    make_news,
    make_official_document,
    make_wagtail_document,
    news_index,
)
from tests.factories import make_user

FRONTEND = "https://congdoan.example.vn"
PREVIEW_SCREEN = "https://congdoan.example.vn/xem-truoc"
PREVIEW_QUERY = "query($t: String!) { preview(token: $t) { title path } }"


def _editor(tree, username: str, organisation: str):
    """An editor made as the admin makes one (Wagtail permissions and all), signed in to the admin."""
    user = make_user(username)
    assign_officer_role(user, tree[organisation], "editor")
    user.refresh_from_db()
    return client_for(user)


@pytest.fixture
def federation(tree):
    return _editor(tree, "bientap.ldld", "root")


@pytest.fixture
def kcn(tree):
    return _editor(tree, "bientap.kcn", "kcn")


@pytest.fixture
def gd(tree):
    return _editor(tree, "bientap.gd", "gd")


def edit_form(client, page, **changes) -> dict:
    """The page's edit form as the editor's browser sends it, with ``changes`` typed in."""
    return browser_form(client, f"/admin/pages/{page.pk}/edit/", **changes)


def browser_form(client, url: str, **changes) -> dict:
    """The page form at ``url`` as the editor's browser sends it, with ``changes`` typed in.

    The form must open (200). Fields the browser's scripts build (the body, the comments) come
    from ``changes``.
    """
    response = client.get(url)
    assert response.status_code == 200
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # A browser drops the line break that opens a <textarea>; the parser keeps it.
    data = {key: [value.removeprefix("\n") for value in values] for key, values in form.lists()}
    data.update(nested_form_data({"comments": inline_formset([])}))
    data.update(nested_form_data(changes))
    return data


def preview_panel(client, page, data: dict, mode: str = ""):
    """What the preview panel does: post the form, then load the preview in its iframe."""
    url = f"/admin/pages/{page.pk}/edit/preview/"
    posted = client.post(url, data)
    assert posted.status_code == 200
    assert posted.json() == {"is_valid": True, "is_available": True}
    return client.get(url, {"in_preview_panel": "true", "mode": mode})


def text_of(response) -> str:
    """The visible text of an HTML response, whitespace collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def api_path(gql, page) -> str:
    node = to_base64(type(page.specific).__name__, page.pk)
    return gql.execute("query($id: ID!) { page(id: $id) { path } }", {"id": node})["data"]["page"]["path"]


def body(*paragraphs: str) -> dict:
    return streamfield([("paragraph", rich_text(f"<p>{text}</p>")) for text in paragraphs])


# --- The preview panel: the form as typed, as the API would give it ----------------------------


def test_the_preview_panel_shows_a_news_article_as_typed_before_it_is_saved(tree, kcn, local_storage):
    # given a union's news article, and an image for its cover
    news = make_news(tree["vsip"], "Hội nghị người lao động", audience=[tree["kcn"]], summary="Tóm tắt cũ")
    cover = make_image(make_png(1600, 900), "hoi-nghi.png", title="Ảnh hội nghị")
    data = edit_form(
        kcn,
        news,
        title="Hội nghị người lao động năm 2027",
        summary="Hơn 300 công nhân dự hội nghị.",
        cover_image=cover.pk,
        body=body("Công ty cam kết tăng lương 7% từ tháng 1."),
    )

    # when the editor looks at the preview panel
    response = preview_panel(kcn, news, data)

    # then it shows what they typed, as the app will receive it
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    shown = text_of(response)
    assert "Hội nghị người lao động năm 2027" in shown
    assert "Hơn 300 công nhân dự hội nghị." in shown
    assert "Công ty cam kết tăng lương 7% từ tháng 1." in shown
    assert "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An" in shown  # the publisher
    assert "Công đoàn các Khu công nghiệp Nghệ An" in shown  # the audience
    assert f"Path in the app {news.url_path.removeprefix('/trang-chu')}" in shown
    assert re.search(r'<img src="[^"]*hoi-nghi[^"]*width-1280[^"]*"', response.content.decode())
    # and nothing is saved by previewing
    news.refresh_from_db()
    assert (news.title, news.get_latest_revision_as_object().title) == ("Hội nghị người lao động",) * 2


def test_the_preview_panel_shows_an_official_document_with_its_attached_file(tree, federation, local_storage):
    # given an official document with an attached file
    plan = make_wagtail_document("Kế hoạch tổ chức Tháng Công nhân")
    document = make_official_document(
        tree["root"], "Kế hoạch số 12", files=[plan], number_symbol="12/KH-LĐLĐ"
    )
    data = edit_form(
        federation, document, title="Kế hoạch số 12 (sửa)", body=body("Các cấp công đoàn triển khai.")
    )

    # when
    response = preview_panel(federation, document, data)

    # then
    assert response.status_code == 200
    shown = text_of(response)
    assert "Kế hoạch số 12 (sửa)" in shown
    assert "Các cấp công đoàn triển khai." in shown
    assert "12/KH-LĐLĐ" in shown
    assert "Kế hoạch tổ chức Tháng Công nhân" in shown
    # and the file has the link the API gives this editor, which opens it
    link = re.search(r'<a class="cds-file" href="(/documents/[^"]+)"', response.content.decode())
    assert link
    assert federation.get(link.group(1)).status_code == 200


def test_the_preview_panel_shows_a_section_page(tree, federation):
    # given the news section
    section = news_index()
    data = edit_form(
        federation, section, title="Tin tức công đoàn", intro="Tin hoạt động của các cấp công đoàn."
    )

    # when
    response = preview_panel(federation, section, data)

    # then
    assert response.status_code == 200
    shown = text_of(response)
    assert "Tin tức công đoàn" in shown
    assert "Tin hoạt động của các cấp công đoàn." in shown


def test_the_preview_panel_shows_a_page_being_created_and_asks_to_save_it_for_the_app(tree, kcn, settings):
    # given the preview screen configured, and a new article typed but never saved
    settings.FRONTEND_PREVIEW_URL = PREVIEW_SCREEN
    url = f"/admin/pages/add/news/newspage/{news_index().pk}/"
    data = browser_form(
        kcn,
        url,
        title="Tin mới chưa lưu",
        slug="tin-moi-chua-luu",
        date="2026-11-20",
        audience=tree["kcn"].pk,
        body=body("Nội dung tin mới."),
    )
    url += "preview/"
    assert kcn.post(url, data).json() == {"is_valid": True, "is_available": True}

    # when the editor looks at the panel in each mode
    content = kcn.get(url, {"in_preview_panel": "true"})
    app = kcn.get(url, {"in_preview_panel": "true", "mode": "app"})

    # then the content is what they typed, at the path it will have; the app needs a saved version
    assert content.status_code == 200
    assert "Tin mới chưa lưu" in text_of(content) and "Nội dung tin mới." in text_of(content)
    assert "Path in the app /tin-tuc/tin-moi-chua-luu/" in text_of(content)
    assert app.status_code == 200
    assert "Save a draft first: the app can only preview a saved version." in text_of(app)
    assert "token=" not in app.content.decode()


def test_a_link_to_a_page_in_the_body_is_rendered_as_the_api_renders_it(tree, kcn, settings):
    # given a body linking to a live article, and one linking to a draft
    live = make_news(tree["root"], "Bài đã đăng")
    draft = make_news(tree["root"], "Bài nháp", live=False)
    news = make_news(tree["vsip"], "Tin có liên kết", audience=[tree["kcn"]])
    links = (
        f'Xem <a linktype="page" id="{live.pk}">bài đã đăng</a> '
        f'và <a linktype="page" id="{draft.pk}">bài nháp</a>.'
    )
    data = edit_form(kcn, news, body=body(links))

    # when there is no frontend to open pages in
    shown = preview_panel(kcn, news, data).content.decode()

    # then the live page is a link carrying its API path and type, leading nowhere from the
    # admin, and the draft is its text alone, as the API gives it
    live_path = live.url_path.removeprefix("/trang-chu")
    assert f'<a data-page-type="NewsPage" title="{live_path}">bài đã đăng</a>' in shown
    assert "và bài nháp." in shown

    # and with a frontend, the link opens the page there
    settings.FRONTEND_URL = FRONTEND
    shown = preview_panel(kcn, news, data).content.decode()
    assert f'<a href="{FRONTEND}{live_path}" data-page-type="NewsPage">bài đã đăng</a>' in shown


# --- "View draft" and every page type -------------------------------------------------------------


def every_page_type(tree) -> list[Page]:
    """A page of each type the API has: content of each domain, their sections, the home page."""
    pages = [
        make_news(tree["root"], "Tin tức mẫu"),
        make_announcement(tree["root"], "Thông báo mẫu"),
        make_official_document(tree["root"], "Văn bản mẫu", files=[make_wagtail_document()]),
        make_legal_scenario(tree["root"], "Tình huống mẫu"),
        make_benefit(tree["root"], "Phúc lợi mẫu"),
        make_contest(
            tree["root"],
            "Cuộc thi mẫu",
            rounds=[(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))],
        ),
        make_job(tree["root"], "Việc làm mẫu"),
        make_congress(tree["root"], "Đại hội mẫu"),
    ]
    sections = [page.get_parent().specific for page in pages]
    return [*pages, *sections, make_home()]


def test_view_draft_shows_every_page_type_as_the_api_gives_it(tree, federation, local_storage):
    for page in every_page_type(tree):
        # when the editor chooses "View draft"
        response = federation.get(f"/admin/pages/{page.pk}/view_draft/")

        # then they read the page, not an error
        assert response.status_code == 200, type(page).__name__
        assert page.title in text_of(response), type(page).__name__


def test_a_job_preview_groups_the_salary_figures(tree, kcn):
    job = make_job(tree["vsip"], "Tuyển công nhân", audience=[tree["kcn"]], salary_min=8000000)

    shown = text_of(kcn.get(f"/admin/pages/{job.pk}/view_draft/"))

    assert "8,000,000" in shown  # 8.000.000 for an editor working in Vietnamese


def test_the_legal_scenario_preview_shows_its_answer_and_legal_basis(tree, federation):
    scenario = make_legal_scenario(
        tree["root"], "Nghỉ thai sản", answer="<p>Lao động nữ được nghỉ 6 tháng.</p>"
    )

    shown = text_of(federation.get(f"/admin/pages/{scenario.pk}/view_draft/"))

    assert "Lao động nữ được nghỉ 6 tháng." in shown
    assert "Bộ luật Lao động 2019" in shown  # a row of its legal basis


# --- With the frontend's preview screen ---------------------------------------------------------


def test_with_a_preview_screen_the_panel_shows_the_app_for_the_last_saved_version(tree, kcn, gql, settings):
    # given the frontend's preview screen, and a draft with a change typed but not saved
    settings.FRONTEND_PREVIEW_URL = PREVIEW_SCREEN
    news = make_news(tree["vsip"], "Bản đã lưu", live=False, audience=[tree["kcn"]])
    data = edit_form(kcn, news, title="Bản đang gõ", body=body("Nội dung đang gõ."))

    # then the panel offers the app as a preview mode
    edit_page = kcn.get(f"/admin/pages/{news.pk}/edit/").content.decode()
    assert re.search(r'<option value="app"\s*>In the app \(last saved version\)</option>', edit_page)

    # when the editor picks it
    response = preview_panel(kcn, news, data, mode="app")

    # then the panel embeds the preview screen with a token for the saved version
    assert response.status_code == 200
    frame = re.search(r'<iframe class="cds-preview__frame" src="([^"]+)"', response.content.decode())
    assert frame
    location = urlsplit(frame.group(1).replace("&amp;", "&"))
    assert f"{location.scheme}://{location.netloc}{location.path}" == PREVIEW_SCREEN
    token = parse_qs(location.query)["token"][0]
    shown = gql.execute(PREVIEW_QUERY, {"t": token})["data"]["preview"]
    assert shown == {"title": "Bản đã lưu", "path": news.url_path.removeprefix("/trang-chu")}
    assert "Changes not saved yet appear here once they are saved" in text_of(response)

    # and the default mode still shows what is being typed, with a link to the app preview
    content = preview_panel(kcn, news, data)
    assert "Bản đang gõ" in text_of(content)
    assert f'href="/admin/app-preview/{news.pk}/"' in content.content.decode()
    opened = kcn.get(f"/admin/app-preview/{news.pk}/")
    assert opened.status_code == 302 and opened["Location"].startswith(PREVIEW_SCREEN + "?token=")


def test_without_a_preview_screen_preview_in_the_app_shows_the_draft_in_the_admin(tree, kcn):
    # given no preview screen (the default)
    news = make_news(tree["vsip"], "Bản nháp", live=False, audience=[tree["kcn"]])

    # when the editor clicks "Preview in the app"
    response = kcn.get(f"/admin/app-preview/{news.pk}/", follow=True)

    # then they read the draft in the admin, with no offer of the app
    assert response.redirect_chain == [(f"/admin/pages/{news.pk}/view_draft/", 302)]
    assert response.status_code == 200
    assert "Bản nháp" in text_of(response)
    assert "app-preview" not in response.content.decode()


# --- "View live" --------------------------------------------------------------------------------


def test_view_live_opens_the_page_in_the_frontend_at_its_api_path(tree, federation, gql, settings):
    # given the frontend's address and a live article
    settings.FRONTEND_URL = FRONTEND + "/"
    news = make_news(tree["root"], "Tin đã đăng")
    live_url = FRONTEND + api_path(gql, news)

    # then the editor's status link and the listing's "View live" lead there
    edit_page = federation.get(f"/admin/pages/{news.pk}/edit/").content.decode()
    assert f'href="{live_url}"' in edit_page
    listing = federation.get(f"/admin/pages/{news_index().pk}/").content.decode()
    assert re.search(rf'<a href="{re.escape(live_url)}"[^>]*>.*?View live', listing, re.DOTALL)
    # and the API's paths are unchanged by it
    assert api_path(gql, news) == news.url_path.removeprefix("/trang-chu")


def test_without_a_frontend_no_view_live_is_offered(tree, federation, gql):
    news = make_news(tree["root"], "Tin đã đăng")
    path = api_path(gql, news)

    edit_page = federation.get(f"/admin/pages/{news.pk}/edit/").content.decode()
    listing = federation.get(f"/admin/pages/{news_index().pk}/").content.decode()

    assert f'href="{path}"' not in edit_page and f'href="{path}"' not in listing
    assert "View live" not in listing


def test_renaming_a_page_makes_no_redirect_on_this_server(
    tree, client, settings, django_capture_on_commit_callbacks
):
    # given the frontend's address and a live article for one union only
    settings.FRONTEND_URL = FRONTEND
    news = make_news(tree["root"], "Tin cho KCN", audience=[tree["kcn"]])
    old_path = news.url_path.removeprefix("/trang-chu")

    # when its slug changes (Wagtail reacts once the change is committed)
    with django_capture_on_commit_callbacks(execute=True):
        news.slug = "tin-cho-kcn-moi"
        news.save_revision().publish()

    # then the old path answers the same 404 as any other: nothing leads a guest to the page
    old, missing = client.get(old_path), client.get("/tin-tuc/khong-co-trang-nay/")
    assert (old.status_code, old.content) == (404, missing.content)


@pytest.mark.parametrize("frontend", ["", FRONTEND], ids=["no frontend", "frontend"])
def test_no_link_on_the_editor_or_the_listing_answers_an_error(tree, federation, settings, frontend):
    # given a live announcement with unpublished changes (so "View draft" is offered too)
    settings.FRONTEND_URL = settings.FRONTEND_PREVIEW_URL = frontend
    page = make_announcement(tree["root"], "Thông báo đã đăng")
    page.title = "Thông báo đã sửa"
    page.save_revision()
    pages = [
        federation.get(f"/admin/pages/{page.pk}/edit/"),
        federation.get(f"/admin/pages/{announcement_index().pk}/"),
    ]
    assert [response.status_code for response in pages] == [200, 200]
    hrefs = {
        href.replace("&amp;", "&")
        for response in pages
        for href in re.findall(r'<a\b[^>]*\bhref="(/admin/[^"#]*)"', response.content.decode())
        if "logout" not in href
    }
    assert f"/admin/pages/{page.pk}/view_draft/" in hrefs

    # when the editor follows each of them
    answers = {href: federation.get(href).status_code for href in sorted(hrefs)}

    # then none is a server error
    assert {href: status for href, status in answers.items() if status >= 500} == {}


# --- Who may preview ----------------------------------------------------------------------------


def test_an_editor_of_another_organisation_gets_no_preview(tree, kcn, gd, settings):
    # given a KCN draft, the preview screen configured, and the form as its own editor sends it
    settings.FRONTEND_PREVIEW_URL = PREVIEW_SCREEN
    news = make_news(tree["vsip"], "Bản nháp KCN", live=False, audience=[tree["kcn"]], summary="Chỉ cho KCN")
    data = edit_form(kcn, news)
    url = f"/admin/pages/{news.pk}/edit/preview/"

    # when the education union's editor tries every way to preview it
    gd.post(url, data)
    answers = [
        gd.get(url, {"in_preview_panel": "true"}),
        gd.get(url, {"in_preview_panel": "true", "mode": "app"}),
        gd.get(f"/admin/pages/{news.pk}/view_draft/"),
        gd.get(f"/admin/app-preview/{news.pk}/"),
    ]

    # then they are refused and see nothing of it
    for response in answers:
        assert response.status_code in (302, 403)
        assert "Chỉ cho KCN" not in response.content.decode()
        assert PREVIEW_SCREEN not in response.get("Location", "")
