"""Logging in through the prefecture's directory (OIDC, st.login) in a browser, against
oidc-provider-mock on loopback: a deep link asks for the login, 組織のアカウントでログイン goes to the
identity provider, its answer comes back to the page asked for, and a visit written there is audited
under the person whose e-mail is the account's login name.

The mock provider is the only other server: the app fetches its metadata, keys and tokens, the browser
visits its authorize form. (The mock's own form links a stylesheet on a CDN; the test blocks it.)
Screenshots: tests/artifacts/oidc_*.png.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from liaison import store
from liaison.localserver import AppServer

from .conftest import SERVER_START_TIMEOUT, Recorder
from .logins import accounts_cli, build_real_store, write_visit
from .test_browser import console_errors, heading_with, wait_for_run
from .test_login import DEEP_LINK
from .test_real_store_walk import Walk

pytestmark = pytest.mark.browser

SUBJECT, EMAIL, PERSON = "tanaka-0001", "tanaka.ichiro@pref.example.jp", "田中 一郎"
CLIENT_ID = "liaison-dashboard"
VISIT_SUMMARY = "組織のアカウントでログインしてからの訪問"
MOCK_STYLESHEET = "https://cdn.jsdelivr.net/"  # linked by the mock's own HTML templates


class MockProvider:
    """oidc-provider-mock on 127.0.0.1 in a thread, with the paths it was asked for (by anyone)."""

    def __init__(self) -> None:
        import oidc_provider_mock
        import werkzeug.serving

        self.paths: list[str] = []
        app = oidc_provider_mock.app(
            require_nonce=True,
            user_claims=[oidc_provider_mock.User(sub=SUBJECT, claims={"email": EMAIL, "name": PERSON})],
        )

        def recorded(environ, start_response):
            self.paths.append(environ.get("PATH_INFO", ""))
            return app(environ, start_response)

        self.server = werkzeug.serving.make_server("127.0.0.1", 0, recorded, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1})

    def __enter__(self) -> MockProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        self.server.server_close()


def write_secrets(path: Path, app_port: int, provider_url: str) -> None:
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{secrets.token_urlsafe(24)}"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def oidc_server(browser_available, tmp_path_factory):
    """(server, store path, provider) of serve.py on a real store, configured for the mock provider."""
    if not browser_available:
        yield None, None, None
        return
    folder = tmp_path_factory.mktemp("oidc")
    db = folder / "real.duckdb"
    liaison_id = build_real_store(db)
    accounts_cli(
        db,
        "create",
        EMAIL,
        "--name",
        PERSON,
        "--role",
        "地域リエゾン",
        "--liaison",
        liaison_id,
        "--no-password",
    )
    with MockProvider() as provider:
        secrets_file = folder / "secrets.toml"  # not the worktree's .streamlit/secrets.toml
        server = AppServer(
            db,
            folder / "streamlit.log",
            timeout=SERVER_START_TIMEOUT,
            options=("--secrets.files", str(secrets_file)),
        )
        write_secrets(secrets_file, server.port, provider.url)
        with server:
            yield server, db, provider


def test_a_directory_login_lands_on_the_deep_link_and_audits_the_person(
    oidc_server, new_page, browser_context, artifacts
):
    server, db, provider = oidc_server
    browser_context.clear_cookies()
    recorder = Recorder()
    page = new_page(recorder)
    page.route(f"{MOCK_STYLESHEET}**", lambda route: route.abort())
    walk = Walk(page, server.url, artifacts)

    page.goto(server.url + DEEP_LINK)
    wait_for_run(page)
    heading_with(page, "ログイン")
    page.get_by_role("link", name="ログイン名とパスワードでログイン").wait_for()  # both ways are offered
    page.screenshot(path=str(artifacts / "oidc_login_screen.png"))
    page.get_by_role("link", name="組織のアカウントでログイン").click()

    page.wait_for_url(f"{provider.url}/oauth2/authorize?**")
    authorize = urlparse(page.url)
    assert f"client_id={CLIENT_ID}" in authorize.query
    assert "next" not in authorize.query  # the deep link stays with the app (a nonce cookie), not in URLs
    page.screenshot(path=str(artifacts / "oidc_provider_form.png"))
    page.get_by_role("button", name=SUBJECT, exact=True).click()  # the mock's predefined user

    page.wait_for_url(f"{server.url}/visits?**")
    wait_for_run(page)
    heading_with(page, "巡回記録")
    expect(page.get_by_role("spinbutton", name="要訪問とする日数（N）")).to_have_value("60")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(f"ログイン中: {PERSON}（地域リエゾン）").wait_for()
    page.screenshot(path=str(artifacts / "oidc_landed.png"))

    write_visit(walk, VISIT_SUMMARY)

    page.reload()  # a new Streamlit session: Streamlit's identity cookie and the store's session hold
    wait_for_run(page)
    heading_with(page, "巡回記録")
    sidebar.get_by_text(f"ログイン中: {PERSON}（地域リエゾン）").wait_for()

    hosts = {urlparse(url).netloc for url in recorder.requests if urlparse(url).scheme in ("http", "ws")}
    assert hosts == {urlparse(server.url).netloc, urlparse(provider.url).netloc}, hosts
    outside = {url for url in recorder.requests if url.startswith("https://")}
    assert all(url.startswith(MOCK_STYLESHEET) for url in outside), outside
    errors = [error for error in console_errors(recorder) if "net::ERR_FAILED" not in error]
    assert not errors, errors  # (the blocked stylesheet is the one failed load)
    assert "/oauth2/token" in provider.paths  # the app redeemed the code with the provider itself

    server.__exit__(None, None, None)  # the store is the server's until it stops
    con = store.open_for_command(db)
    try:
        actors = con.execute(
            "select actor from audit_log where table_name = 'visits' and action = 'insert'"
        ).fetchall()
        events = con.execute(
            "select method, outcome from login_events where login_name = $name", {"name": EMAIL}
        ).fetchall()
    finally:
        con.close()
    assert actors == [(f"{PERSON}（{EMAIL}）",)]
    assert events == [("oidc", "success")]  # one login: the reload resumed the same session
