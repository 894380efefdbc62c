"""Logging in to a real store in a browser: a deep link asks for the login, the local form lets a
地域リエゾン in, the page asked for comes back, a visit written there is audited under their name, a
reload keeps the login (streamlit#10229), logout ends it; five wrong passwords lock an account.

The store is built as a prefecture would: `init`, the first administrator by `create-admin`, a roster
person by the write API, their account by `create --role 地域リエゾン --liaison`. Screenshots:
tests/artifacts/login_*.png. Idle and 8-hour limits are unit-tested (tests/test_login_sessions.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from liaison import store
from liaison.accounts.login import LoginRefused
from liaison.localserver import AppServer

from .conftest import SERVER_START_TIMEOUT, Recorder
from .logins import (
    LIAISON_LOGIN,
    LIAISON_NAME,
    LIAISON_PASSWORD,
    LOCKED_LOGIN,
    LOCKED_PASSWORD,
    build_real_store,
    fill_login_form,
    write_visit,
)
from .test_browser import heading_with, wait_for_run
from .test_readiness import assert_clean
from .test_real_store_walk import Walk

pytestmark = pytest.mark.browser

DEEP_LINK = "/visits?overdue=60"  # 巡回記録 with N = 60: the query string must survive the login too
VISIT_SUMMARY = "ログイン後の初回訪問：情報政策担当と顔合わせ"
LOGIN_LINK = "ログイン名とパスワードでログイン"
LOGIN_TITLE = "ログイン"


@pytest.fixture(scope="module")
def real_server(browser_available, tmp_path_factory):
    """(server, store path) of serve.py on a freshly built real store."""
    if not browser_available:
        yield None, None
        return
    folder = tmp_path_factory.mktemp("login")
    db = folder / "real.duckdb"
    build_real_store(db)
    with AppServer(db, folder / "streamlit.log", timeout=SERVER_START_TIMEOUT) as server:
        yield server, db


@pytest.fixture
def fresh_cookies(browser_context):
    """No cookie from another test (cookies do not tell ports apart) before or after this one."""
    browser_context.clear_cookies()
    yield browser_context
    browser_context.clear_cookies()


def session_cookie(context) -> dict | None:
    return next((cookie for cookie in context.cookies() if cookie["name"] == "liaison_session"), None)


def test_five_wrong_passwords_lock_the_account(real_server, new_page, fresh_cookies, artifacts):
    server, _ = real_server
    page = new_page()
    page.goto(f"{server.url}/liaison/login?next=/")
    for attempt in range(1, 6):
        fill_login_form(page, LOCKED_LOGIN, f"wrong {attempt}")
        expected = LoginRefused("locked" if attempt == 5 else "failure").args[0]
        page.get_by_role("alert").filter(has_text=expected[:12]).wait_for()
    fill_login_form(page, LOCKED_LOGIN, LOCKED_PASSWORD)  # the right one, too late
    page.get_by_role("alert").filter(has_text="一時的にロックされています").wait_for()
    assert "/liaison/login" in page.url and session_cookie(fresh_cookies) is None
    page.screenshot(path=str(artifacts / "login_locked.png"))


def test_a_liaison_logs_in_through_a_deep_link_writes_a_visit_and_logs_out(
    real_server, new_page, fresh_cookies, artifacts
):
    server, db = real_server
    recorder = Recorder()
    page = new_page(recorder)
    walk = Walk(page, server.url, artifacts)

    page.goto(server.url + DEEP_LINK)
    wait_for_run(page)
    heading_with(page, LOGIN_TITLE)
    assert "巡回記録" not in page.locator("h1").all_inner_texts()
    assert "訪問件数" not in page.locator("body").inner_text()  # nothing of the store is shown
    page.screenshot(path=str(artifacts / "login_screen.png"))

    page.get_by_role("link", name=LOGIN_LINK).click()  # the same tab: the login must come back here
    page.locator("#login_name").wait_for()
    assert "/liaison/login?next=" in page.url
    page.screenshot(path=str(artifacts / "login_form.png"))
    fill_login_form(page, LIAISON_LOGIN, "not the password")
    page.get_by_role("alert").filter(has_text="ログイン名またはパスワードが違います").wait_for()
    fill_login_form(page, LIAISON_LOGIN, LIAISON_PASSWORD)

    page.wait_for_url(f"{server.url}/visits?**")
    wait_for_run(page)
    heading_with(page, "巡回記録")
    assert "overdue=60" in page.url
    expect(page.get_by_role("spinbutton", name="要訪問とする日数（N）")).to_have_value(
        "60"
    )  # the query came through
    cookie = session_cookie(fresh_cookies)
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert cookie["value"] not in page.url
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(f"ログイン中: {LIAISON_NAME}（地域リエゾン）").wait_for()
    page.screenshot(path=str(artifacts / "login_landed.png"))

    # a visit written through the page's form is recorded under the person logged in
    write_visit(walk, VISIT_SUMMARY)
    page.screenshot(path=str(artifacts / "login_visit_written.png"))

    # a reload starts a new Streamlit session: the cookie, not session state, keeps the login
    page.reload()
    wait_for_run(page)
    heading_with(page, "巡回記録")
    sidebar.get_by_text(f"ログイン中: {LIAISON_NAME}（地域リエゾン）").wait_for()

    sidebar.get_by_role("link", name="ログアウト").click()
    page.wait_for_url(server.url + "/")
    wait_for_run(page)
    heading_with(page, LOGIN_TITLE)
    assert session_cookie(fresh_cookies) is None
    # the old secret is ended in the store too: putting the cookie back does not log in again
    fresh_cookies.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path")}])
    page.goto(server.url + DEEP_LINK)
    wait_for_run(page)
    heading_with(page, LOGIN_TITLE)
    assert_clean(recorder)

    server.__exit__(None, None, None)  # the store is the server's until it stops (this test runs last)
    con = store.open_for_command(db)
    try:
        actors = con.execute(
            "select actor from audit_log where table_name = 'visits' and action = 'insert'"
        ).fetchall()
        events = con.execute(
            "select outcome from login_events where login_name = $name order by occurred_at",
            {"name": LIAISON_LOGIN},
        ).fetchall()
    finally:
        con.close()
    assert actors == [(f"{LIAISON_NAME}（{LIAISON_LOGIN}）",)]
    assert [outcome for (outcome,) in events] == ["failure", "success", "logout"]
