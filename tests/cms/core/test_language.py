"""Vietnamese first: the admin and the API's labels default to Vietnamese; English on request."""

from __future__ import annotations


def test_admin_login_page_is_in_vietnamese(client, db):
    response = client.get("/admin/login/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="vi"' in content
    assert "Đăng nhập Công đoàn số" in content
    assert 'placeholder="Nhập mật khẩu"' in content


def test_admin_speaks_english_to_a_browser_that_asks(client, db):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert "Sign in to Wagtail" in response.content.decode()


def test_api_labels_default_to_vietnamese(gql, tree):
    query = '{ organisation(code: "cdcs-luxshare") { levelLabel kindLabel } }'

    vietnamese = gql.execute(query)["data"]["organisation"]
    english = gql.execute(query, HTTP_ACCEPT_LANGUAGE="en")["data"]["organisation"]

    assert vietnamese == {"levelLabel": "Công đoàn cơ sở", "kindLabel": "Doanh nghiệp"}
    assert english == {"levelLabel": "Grassroots union", "kindLabel": "Enterprise"}
