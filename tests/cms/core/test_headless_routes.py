"""This server is headless: no page is served as HTML, and no route tells which slugs exist."""

from __future__ import annotations

import pytest

from tests.content_factories import hide, make_home, make_news, news_index


@pytest.fixture
def pages(tree):
    make_home().save_revision().publish()
    live = make_news(tree["root"], "Đang đăng")
    hidden = {"draft": make_news(tree["root"], "Bản nháp", live=False)}
    for state in ("scheduled", "expired", "private"):
        hidden[state] = make_news(tree["root"], state)
        hide(hidden[state], state)
    hidden["out_of_audience"] = make_news(tree["root"], "Cho KCN", audience=[tree["kcn"]])
    return {"live": live, **hidden, "section": news_index()}


def test_no_page_route_answers_and_all_answer_alike(client, pages):
    # given: the paths of a live article, of one in each hidden state, the section, the home, nonsense
    names = ("live", "draft", "scheduled", "expired", "private", "out_of_audience")
    paths = ["/", "/tin-tuc/", "/khong-co-trang-nay/"] + [
        pages[name].url_path.removeprefix("/trang-chu") for name in names
    ]

    # when
    responses = [client.get(path) for path in paths]

    # then: the same 404 for all, so a live page cannot be told from a draft or a missing slug
    assert [r.status_code for r in responses] == [404] * len(paths)
    assert len({r.content for r in responses}) == 1


def test_pages_have_no_html_url(pages):
    # given / when / then: without page routes, Wagtail gives pages no URL to link to
    assert pages["live"].url is None
    assert pages["section"].url is None
