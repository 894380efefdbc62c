"""The login routes beside Streamlit (dashboard/login_routes.py), over HTTP with Starlette's TestClient:
the CSRF check, where `next` may lead, the cookies' flags, the security headers, escaping in the form."""

from __future__ import annotations

import re

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.testclient import TestClient

from dashboard import db, login_routes
from liaison import accounts, store
from liaison.accounts import login

PASSWORD = "a long enough pass 2026"
XSS = '<img src=x onerror="window.pwned=1">'


@pytest.fixture
def con(tmp_path):
    connection = store.open_for_command(store.init(tmp_path / "real.duckdb"))
    accounts.create_account(
        connection, "テスト", login_name="sato", display_name="佐藤 花子", role="管理者", password=PASSWORD
    )
    yield connection
    connection.close()


@pytest.fixture
def client(con, monkeypatch):
    monkeypatch.setattr(db, "connection", lambda: con)  # the module the handlers import
    app = Starlette(routes=login_routes.routes(), middleware=[Middleware(login_routes.SecurityHeaders)])
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def form_token(client, next_path: str = "/visits") -> str:
    page = client.get("/liaison/login", params={"next": next_path})
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def post(client, token: str, login_name: str = "sato", password: str = PASSWORD, next_path="/visits"):
    return client.post(
        "/liaison/login",
        data={"csrf": token, "login_name": login_name, "password": password, "next": next_path},
    )


def cookie_header(response, name: str) -> str:
    found = [value for value in response.headers.get_list("set-cookie") if value.startswith(f"{name}=")]
    assert len(found) == 1, response.headers.get_list("set-cookie")
    return found[0]


def events(con) -> list[str]:
    return [row[0] for row in con.execute("select outcome from login_events order by event_id").fetchall()]


@pytest.mark.parametrize(
    "value",
    [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\tevil",
        "javascript:alert(1)",
        "evil.example",
        "/liaison/logout",
        "",
        None,
        "/" + "a" * 2001,
    ],
)
def test_next_refuses_anything_but_a_path_on_this_server(value):
    assert login_routes.safe_next(value) == "/"


@pytest.mark.parametrize("value", ["/", "/visits?overdue=60", "/municipality?code=282090&fy=2026"])
def test_next_keeps_a_path_of_the_app(value):
    assert login_routes.safe_next(value) == value


def test_the_form_sets_a_strict_httponly_csrf_cookie_and_the_security_headers(client):
    page = client.get("/liaison/login", params={"next": "/visits"})
    csrf = cookie_header(page, login_routes.CSRF_COOKIE).lower()
    assert "httponly" in csrf and "samesite=strict" in csrf and "path=/liaison" in csrf
    assert "secure" not in csrf  # plain http on loopback; behind TLS see the next test
    assert page.headers["cache-control"] == "no-store"
    for name, value in login_routes.SECURITY_HEADERS.items():
        assert page.headers[name] == value
    assert 'name="next" value="/visits"' in page.text


def test_a_success_sets_the_session_cookie_and_goes_to_next(client, con):
    response = post(client, form_token(client), next_path="/visits?overdue=60")
    assert response.status_code == 303 and response.headers["location"] == "/visits?overdue=60"
    session = cookie_header(response, "liaison_session")
    flags = [part.strip().lower() for part in session.split(";")[1:]]
    assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags
    assert f"max-age={8 * 3600}" in flags
    secret = session.split(";")[0].split("=", 1)[1]
    assert secret not in response.headers["location"]  # never in a URL
    assert login.resume(con, login.key_of(secret)) is not None
    assert events(con) == ["success"]


def test_behind_tls_the_cookie_is_secure(client):
    token = form_token(client)
    response = client.post(
        "/liaison/login",
        data={"csrf": token, "login_name": "sato", "password": PASSWORD, "next": "/"},
        headers={"x-forwarded-proto": "https"},
    )
    assert "secure" in [
        part.strip().lower() for part in cookie_header(response, "liaison_session").split(";")
    ]


@pytest.mark.parametrize("token", ["", "forged-token"])
def test_a_csrf_mismatch_is_refused_before_the_password_is_checked(client, con, token):
    form_token(client)  # the browser holds a real token cookie; the post carries another
    response = post(client, token)
    assert response.status_code == 400 and "有効期限が切れました" in response.text
    assert "liaison_session=" not in " ".join(response.headers.get_list("set-cookie"))
    assert events(con) == []


def test_a_post_without_the_cookie_is_refused(client, con):
    token = form_token(client)
    client.cookies.clear()
    assert post(client, token).status_code == 400
    assert events(con) == []


def test_a_foreign_next_is_replaced_by_the_home_page(client):
    response = post(client, form_token(client), next_path="//evil.example/phish")
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_the_form_escapes_the_login_name_and_next(client, con):
    token = form_token(client)
    response = post(client, token, login_name=XSS, password="wrong", next_path='/visits?"><script>x</script>')
    assert response.status_code == 200
    assert "ログイン名またはパスワードが違います" in response.text
    assert XSS not in response.text and "<script>x" not in response.text
    assert "&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;" in response.text
    assert events(con) == ["unknown"]


def test_logout_ends_the_session_and_deletes_the_cookie(client, con):
    response = post(client, form_token(client))
    secret = cookie_header(response, "liaison_session").split(";")[0].split("=", 1)[1]
    out = client.get("/liaison/logout")
    assert out.status_code == 303 and out.headers["location"] == "/"
    assert 'liaison_session=""' in cookie_header(out, "liaison_session")
    assert login.resume(con, login.key_of(secret)) is None
    assert events(con) == ["success", "logout"]


def test_the_demo_store_has_no_login_form(client, monkeypatch):
    monkeypatch.setattr(store, "is_demo", lambda meta: True)
    response = client.get("/liaison/login", params={"next": "/visits"})
    assert response.status_code == 303 and response.headers["location"] == "/visits"


def test_a_directory_login_without_an_auth_section_goes_home(client):
    response = client.get("/liaison/oidc", params={"next": "/visits"})
    assert response.status_code == 303 and response.headers["location"] == "/"
