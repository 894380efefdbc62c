"""The アカウント page: create an account (a 地域リエゾン tied to their roster entry), unlock one locked by five
wrong passwords, reset a password; every write names the administrator in the audit log and never a
password. A 地域リエゾン sees neither administrators' page, and their readers refuse them."""

from __future__ import annotations

import pytest
from admin_pages import nav_paths, open_page, real_kind_store
from roles import PASSWORD, first_liaisons, login_as

from dashboard.readers import accounts as accounts_readers
from dashboard.readers import audit as audit_readers
from liaison import access, accounts, audit
from liaison.accounts import login

NEW_PASSWORD = "a much longer new passphrase 77"


@pytest.fixture
def real_kind(store_template, tmp_path, point_app):
    with real_kind_store(store_template, tmp_path, point_app) as found:
        yield found


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def listed(at):
    return at.dataframe[0].value.set_index("ログイン名")


def test_create_an_account_tied_to_the_roster(real_kind, monkeypatch):
    path, con = real_kind
    admin = login_as(monkeypatch, con, "管理者")
    liaison_id = first_liaisons(con)["地域"]
    at = open_page("accounts")
    assert at.title[0].value == "アカウント"
    at.selectbox(key="accounts_add_role").select("地域リエゾン").run()
    at.text_input(key="accounts_add_login").input("tanaka")
    at.text_input(key="accounts_add_name").input("田中 <i>一郎</i>")
    at.selectbox(key="accounts_add_liaison").select(liaison_id)
    at.text_input(key="accounts_add_password").input(PASSWORD)
    at.text_input(key="accounts_add_again").input(PASSWORD + "x")
    button(at, "アカウントを作成する").click().run()
    assert [e.value for e in at.error] == ["確認のパスワードが一致しません。"]
    assert accounts.find(con, "tanaka") is None
    at.text_input(key="accounts_add_again").input(PASSWORD)
    button(at, "アカウントを作成する").click().run()
    assert not at.exception, at.exception
    assert "tanaka" in at.success[0].value and "<i>" not in at.success[0].value  # escaped
    made = accounts.find(con, "tanaka")
    assert (made.role, made.liaison_id, made.display_name) == ("地域リエゾン", liaison_id, "田中 <i>一郎</i>")
    row = listed(at).loc["tanaka"]
    assert row["役割"] == "地域リエゾン" and row["状態"] == "有効" and row["ログイン方法"] == "パスワード"
    assert at.text_input(key="accounts_add_login").value == ""  # emptied: a second click submits nothing
    assert at.text_input(key="accounts_add_password").value == ""
    logged = con.execute(
        "select actor, cast(after_json as varchar) from audit_log where table_name = 'accounts' and record_key = $k",
        {"k": str(made.account_id)},
    ).fetchall()
    assert len(logged) == 1 and logged[0][0] == admin.actor
    assert PASSWORD not in logged[0][1] and "argon2" not in logged[0][1]
    login.login_local(con, "tanaka", PASSWORD)  # the new account logs in
    # the same login name again is refused by the write API
    at.selectbox(key="accounts_add_role").select("閲覧").run()
    at.text_input(key="accounts_add_login").input("TANAKA")
    at.text_input(key="accounts_add_name").input("別人")
    at.checkbox(key="accounts_add_directory").check()
    button(at, "アカウントを作成する").click().run()
    assert any("もう使われています" in e.value for e in at.error)


def test_unlock_an_account_locked_by_five_failures(real_kind, monkeypatch):
    path, con = real_kind
    login_as(monkeypatch, con, "管理者")
    login_as(monkeypatch, con, "地域リエゾン")  # makes the account; the app is admin's again below
    login_as(monkeypatch, con, "管理者")
    for _ in range(5):
        with pytest.raises(login.LoginRefused):
            login.login_local(con, "regional", "wrong")
    with pytest.raises(login.LoginRefused) as refused:
        login.login_local(con, "regional", PASSWORD)
    assert refused.value.reason == "locked"
    at = open_page("accounts")
    assert "ロック中" in listed(at).loc["regional", "状態"]
    assert "ロック中 1 件" in at.caption[0].value
    waiting = at.dataframe[1].value
    assert list(waiting["ログイン名"]) == ["regional"]
    regional = accounts.find(con, "regional")
    at.selectbox(key="accounts_unlock_who").select(regional.account_id)
    button(at, "ロックを解除する").click().run()
    assert not at.exception, at.exception
    assert listed(at).loc["regional", "状態"] == "有効"
    assert any("ロックを解除しました" in s.value for s in at.success)
    login.login_local(con, "regional", PASSWORD)  # logs in again


def test_reset_a_password_and_disable(real_kind, monkeypatch):
    path, con = real_kind
    login_as(monkeypatch, con, "地域リエゾン")
    login_as(monkeypatch, con, "管理者")
    regional = accounts.find(con, "regional")
    at = open_page("accounts")
    at.selectbox(key="accounts_password_who").select(regional.account_id).run()
    at.text_input(key="accounts_password_password").input(NEW_PASSWORD)
    at.text_input(key="accounts_password_again").input(NEW_PASSWORD)
    button(at, "パスワードを再設定する").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="accounts_password_password").value == ""
    with pytest.raises(login.LoginRefused):
        login.login_local(con, "regional", PASSWORD)
    login.login_local(con, "regional", NEW_PASSWORD)
    rows = con.execute(
        "select coalesce(cast(before_json as varchar), '') || coalesce(cast(after_json as varchar), '') from audit_log"
    ).fetchall()
    assert not any(NEW_PASSWORD in text or "argon2" in text for (text,) in rows)
    # disable: the account's sessions end and it can no longer log in
    at.selectbox(key="accounts_activity_who").select(regional.account_id).run()
    button(at, "利用停止にする").click().run()
    assert listed(at).loc["regional", "状態"] == "無効"
    with pytest.raises(login.LoginRefused) as refused:
        login.login_local(con, "regional", NEW_PASSWORD)
    assert refused.value.reason == "disabled"


def test_a_regional_liaison_sees_neither_page_and_the_readers_refuse(real_kind, monkeypatch):
    path, con = real_kind
    login_as(monkeypatch, con, "管理者")  # a real store needs an administrator to be served
    login_as(monkeypatch, con, "地域リエゾン")
    at = open_page("map")
    pages = nav_paths(at)
    assert "audit" not in pages and "accounts" not in pages and "roster" not in pages
    assert "region" in pages
    for read in (
        lambda: audit_readers.changes(audit.Filters()),
        lambda: audit_readers.logins(audit.Filters()),
        audit_readers.facets,
        lambda: audit_readers.changes_export(audit.Filters(), "ja", None),
        accounts_readers.listing,
    ):
        with pytest.raises(access.PermissionDenied):
            read()


def test_an_administrator_sees_both_pages(real_kind, monkeypatch):
    path, con = real_kind
    login_as(monkeypatch, con, "管理者")
    pages = nav_paths(open_page("map"))
    assert {"audit", "accounts", "roster", "admin"} <= pages


def test_both_pages_on_the_demo(app_env_writable):
    at = open_page("audit")
    assert at.title[0].value == "監査ログ"
    assert at.info[0].value == "該当する記録はありません。"  # the demo's log starts empty
    at = open_page("accounts")
    at.text_input(key="accounts_add_login").input("demo-viewer")
    at.text_input(key="accounts_add_name").input("デモ 閲覧者")
    at.checkbox(key="accounts_add_directory").check()
    button(at, "アカウントを作成する").click().run()
    assert not at.exception, at.exception
    assert listed(at).loc["demo-viewer", "ログイン方法"] == "ディレクトリのみ"
    at = open_page("audit")
    frame = at.dataframe[0].value
    assert list(frame["操作者"]) == ["テスト担当"] and list(frame["表"]) == ["アカウント"]
    assert "ログイン名: demo-viewer" in frame["変更内容"].iloc[0]


def test_pages_in_english(real_kind, monkeypatch):
    path, con = real_kind
    login_as(monkeypatch, con, "管理者")
    assert open_page("audit", "en").title[0].value == "Audit log"
    assert open_page("accounts", "en").title[0].value == "Accounts"
