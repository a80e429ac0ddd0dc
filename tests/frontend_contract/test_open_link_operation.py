"""Opening a menu link or a shared path with open_link.graphql, against the demo data."""

from __future__ import annotations

from tests.frontend_contract.conftest import run_operation


def test_every_menu_link_opens_as_the_type_the_menu_announced(gql, demo):
    # given the main menu of the demo site
    menu = gql.execute("{ menu { items { label path pageType } } }")["data"]["menu"]["items"]
    links = [item for item in menu if item["path"]]

    # when the app opens each link's path
    opened = [
        run_operation(gql, "open_link.graphql", "OpenLink", {"path": link["path"]})["page"] for link in links
    ]

    # then each is the section the menu announced, with its introduction
    assert len(links) >= 7
    assert [page["pageType"] for page in opened] == [link["pageType"] for link in links]
    assert all(page["pageType"].endswith(("IndexPage", "LibraryPage")) for page in opened)
    assert all(page["intro"] for page in opened)


def test_a_shared_article_path_opens_as_a_content_page_and_an_unknown_one_is_null(gql, demo):
    # given the newest article's path, as someone would share it
    article = gql.execute("{ news(first: 1) { edges { node { path title } } } }")["data"]["news"]["edges"][0][
        "node"
    ]

    # when the app opens it, and a path that does not exist
    page = run_operation(gql, "open_link.graphql", "OpenLink", {"path": article["path"]})["page"]
    missing = run_operation(gql, "open_link.graphql", "OpenLink", {"path": "/khong-co-trang-nay/"})["page"]

    # then
    assert (page["pageType"], page["title"]) == ("NewsPage", article["title"])
    assert page["organisation"]["name"]
    assert missing is None
