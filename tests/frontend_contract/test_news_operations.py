"""The news screens' operations run against the demo data."""

from __future__ import annotations

from tests.frontend_contract.conftest import run_operation


def test_news_screens_on_demo_data(gql, demo):
    # when a guest opens the news list, a category and an article
    listed = run_operation(gql, "news.graphql", "NewsList", {"first": 50})
    categories = run_operation(gql, "news.graphql", "NewsCategories")["newsCategories"]
    in_category = run_operation(gql, "news.graphql", "NewsList", {"category": categories[0]["slug"]})
    first = listed["news"]["edges"][0]["node"]
    detail = run_operation(gql, "news.graphql", "NewsDetail", {"path": first["path"]})["page"]

    # then the guest sees the news addressed to everyone, newest first, with images
    dates = [e["node"]["date"] for e in listed["news"]["edges"]]
    assert dates == sorted(dates, reverse=True)
    assert 0 < listed["news"]["totalCount"] < 30 + 2  # some demo news is for one union's members only
    assert first["coverImage"]["rendition"]["width"] == 640
    assert all(
        c["slug"] in [x["slug"] for x in e["node"]["categories"]]
        for c in categories[:1]
        for e in in_category["news"]["edges"]
    )
    assert detail["__typename"] == "NewsPage"
    assert detail["title"] == first["title"]
    assert detail["body"] and detail["body"][0]["__typename"] == "ParagraphBlock"
