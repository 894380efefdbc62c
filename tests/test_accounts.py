"""Accounts and logins (migration 010): argon2 passwords, lockout, session limits, the CLI, the audit rows.

Starts from `init` (a real store with no records), as a prefecture would.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from liaison import access, accounts, store
from liaison.accounts import login, passwords
from liaison.accounts.__main__ import main as accounts_main
from liaison.records import ValidationError

PASSWORD = "correct horse battery 2026"


@pytest.fixture
def real(tmp_path):
    path = store.init(tmp_path / "prefecture" / "liaison.duckdb")
    con = store.connect(path)
    yield con
    con.close()


def _admin(con, name="admin"):
    accounts.create_account(
        con, "CLI:test", login_name=name, display_name="管理 花子", role="管理者", password=PASSWORD
    )
    return accounts.find(con, name)


def _events(con):
    return [row[0] for row in con.execute("select outcome from login_events order by event_id").fetchall()]


def test_passwords_are_argon2id_and_never_stored_or_audited_in_clear(real):
    account = _admin(real)
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
    logged = real.execute("select after_json from audit_log where table_name = 'accounts'").fetchone()[0]
    assert "argon2" not in logged and PASSWORD not in logged
    assert json.loads(logged)["has_password"] is True


@pytest.mark.parametrize(
    "password, reason",
    [("short", "12 文字以上"), ("admin-admin-admin", "ログイン名"), ("aaaaaaaaaaaaaaaa", "繰り返し")],
)
def test_weak_passwords_are_refused_and_nothing_is_written(real, password, reason):
    with pytest.raises(ValidationError, match=reason):
        accounts.create_account(
            real, "CLI:test", login_name="admin", display_name="管理", role="管理者", password=password
        )
    assert real.execute("select count(*) from accounts").fetchone()[0] == 0
    assert real.execute("select count(*) from audit_log").fetchone()[0] == 0


def test_a_liaison_account_needs_a_roster_entry_and_a_department_account_a_department(real):
    with pytest.raises(ValidationError, match="名簿の人"):
        accounts.create_account(
            real, "CLI:test", login_name="r", display_name="地域 太郎", role="地域リエゾン"
        )
    with pytest.raises(ValidationError, match="名簿にない"):
        accounts.create_account(
            real,
            "CLI:test",
            login_name="r",
            display_name="地域 太郎",
            role="地域リエゾン",
            liaison_id="L-9999",
        )
    with pytest.raises(ValidationError, match="部署を選んで"):
        accounts.create_account(real, "CLI:test", login_name="d", display_name="部署 次郎", role="関係部署")
    with pytest.raises(ValidationError, match="リエゾンのアカウントだけ"):
        accounts.create_account(
            real, "CLI:test", login_name="v", display_name="閲覧 三郎", role="閲覧", liaison_id="L-0001"
        )
    assert real.execute("select count(*) from accounts").fetchone()[0] == 0


def test_login_names_are_unique_whatever_their_case(real):
    _admin(real)
    with pytest.raises(ValidationError, match="もう使われています"):
        accounts.create_account(real, "CLI:test", login_name="ADMIN", display_name="別人", role="閲覧")


def test_five_failures_lock_for_fifteen_minutes_and_an_administrator_unlocks(real):
    account = _admin(real)
    start = accounts.utc_now()
    for attempt in range(4):
        with pytest.raises(login.LoginRefused) as refused:
            login.login_local(real, "admin", "wrong password!", now=start + timedelta(seconds=attempt))
        assert refused.value.reason == "failure"
    with pytest.raises(login.LoginRefused) as refused:
        login.login_local(real, "admin", "wrong password!", now=start + timedelta(seconds=5))
    assert refused.value.reason == "locked"
    # the right password is refused while locked, and still 14 minutes later
    for later in (timedelta(seconds=6), timedelta(minutes=14)):
        with pytest.raises(login.LoginRefused, match="ロック"):
            login.login_local(real, "admin", PASSWORD, now=start + later)
    # after 15 minutes it works again
    assert login.login_local(real, "admin", PASSWORD, now=start + timedelta(minutes=15, seconds=6))
    assert _events(real) == ["failure"] * 5 + ["locked", "locked", "locked", "success"]
    # an administrator's unlock lifts a lock at once (and is audited)
    for _attempt in range(5):
        with pytest.raises(login.LoginRefused):
            login.login_local(real, "admin", "wrong password!")
    accounts.unlock(real, "CLI:test", account.account_id)
    assert login.login_local(real, "admin", PASSWORD)
    assert real.execute("select count(*) from audit_log where action = 'update'").fetchone()[0] == 1


def test_unknown_names_and_wrong_passwords_get_the_same_words(real):
    _admin(real)
    with pytest.raises(login.LoginRefused) as unknown:
        login.login_local(real, "nobody", PASSWORD)
    with pytest.raises(login.LoginRefused) as wrong:
        login.login_local(real, "admin", "not the password")
    assert str(unknown.value) == str(wrong.value)
    assert real.execute("select login_name, outcome from login_events order by event_id").fetchall() == [
        ("nobody", "unknown"),
        ("admin", "failure"),
    ]


def test_a_session_lasts_eight_hours_at_most_and_thirty_minutes_idle(real):
    _admin(real)
    start = accounts.utc_now()
    secret = login.login_local(real, "admin", PASSWORD, now=start)
    key = login.key_of(secret)
    assert (
        real.execute("select count(*) from login_sessions where session_key = $k", {"k": secret}).fetchone()[
            0
        ]
        == 0
    )
    # used every 20 minutes it lives on ...
    at = start
    while at + timedelta(minutes=20) < start + login.SESSION_LIMIT:
        at += timedelta(minutes=20)
        session = login.resume(real, key, now=at)
        assert session is not None and session.principal.role == "管理者"
    # ... until 8 hours after the login, whatever the cookie says
    assert login.resume(real, key, now=start + login.SESSION_LIMIT) is None
    assert login.resume(real, key, now=start + login.SESSION_LIMIT + timedelta(seconds=1)) is None
    assert _events(real)[-1] == "expired"

    secret = login.login_local(real, "admin", PASSWORD, now=start)
    key = login.key_of(secret)
    assert login.resume(real, key, now=start + timedelta(minutes=29)) is not None
    assert login.resume(real, key, now=start + timedelta(minutes=59, seconds=1)) is None  # 30 idle after 29
    assert _events(real)[-1] == "idle"


def test_logout_and_disabling_end_the_session(real):
    account = _admin(real)
    _admin(real, "second")
    key = login.key_of(login.login_local(real, "admin", PASSWORD))
    login.logout(real, key)
    assert login.resume(real, key) is None
    key = login.key_of(login.login_local(real, "admin", PASSWORD))
    accounts.set_active(real, "CLI:test", account.account_id, False)
    assert login.resume(real, key) is None
    with pytest.raises(login.LoginRefused) as refused:
        login.login_local(real, "admin", PASSWORD)
    assert refused.value.reason == "disabled"


def test_the_last_administrator_cannot_be_disabled_or_demoted(real):
    account = _admin(real)
    with pytest.raises(ValidationError, match="最後の管理者"):
        accounts.set_active(real, "CLI:test", account.account_id, False)
    with pytest.raises(ValidationError, match="最後の管理者"):
        accounts.edit_account(real, "CLI:test", account.account_id, display_name="管理 花子", role="閲覧")


def test_only_administrators_manage_accounts(real):
    _admin(real)
    viewer_id = accounts.create_account(
        real, "CLI:test", login_name="viewer", display_name="閲覧 一郎", role="閲覧", password=PASSWORD
    )
    viewer = accounts.principal_of(real, accounts.get(real, viewer_id), "local")
    before = real.execute("select count(*) from audit_log").fetchone()[0]
    for attempt in (
        lambda: accounts.create_account(real, viewer, login_name="x", display_name="x", role="管理者"),
        lambda: accounts.unlock(real, viewer, viewer_id),
        lambda: accounts.set_password(real, viewer, viewer_id, "another long password"),
        lambda: accounts.listing(real, viewer),
    ):
        with pytest.raises(access.PermissionDenied, match="アカウントを管理"):
            attempt()
    assert real.execute("select count(*) from audit_log").fetchone()[0] == before
    assert real.execute("select count(*) from accounts").fetchone()[0] == 2


def test_a_directory_identity_needs_an_account(real):
    _admin(real)
    accounts.create_account(
        real, "CLI:test", login_name="hanako@pref.example.jp", display_name="兵庫 花子", role="閲覧"
    )
    with pytest.raises(login.LoginRefused) as refused:
        login.login_identity(real, "stranger@example.jp", "oidc", "oidc:abc")
    assert refused.value.reason == "no_account"
    first = login.login_identity(real, "Hanako@pref.example.jp", "oidc", "oidc:def")
    again = login.login_identity(real, "hanako@pref.example.jp", "oidc", "oidc:def")  # a reload: same session
    assert (
        first.principal.actor == "兵庫 花子（hanako@pref.example.jp）"
        and again.started_at == first.started_at
    )
    assert _events(real) == ["unknown", "success"]


def test_the_principal_covers_the_roster_entrys_current_assignments(writable_store):
    con = store.connect(writable_store)
    try:
        liaison_id, region_id = con.execute(
            "select liaison_id, region_id from liaison_roles where kind = '地域' order by liaison_id limit 1"
        ).fetchone()
        accounts.create_account(
            con,
            "CLI:test",
            login_name="r1",
            display_name="地域 一",
            role="地域リエゾン",
            liaison_id=liaison_id,
        )
        principal = accounts.principal_of(con, accounts.find(con, "r1"), "local")
        assert principal.region_ids == {region_id} and principal.field_ids == frozenset()
    finally:
        con.close()


def test_the_cli_creates_the_first_administrator_from_standard_input(real, tmp_path, monkeypatch, capsys):
    path = real.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    real.close()
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    code = accounts_main(["create-admin", "admin", "--name", "管理 花子", "--db", path, "--password-stdin"])
    assert code == 0, capsys.readouterr()
    assert "作成しました" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("short\n"))
    assert (
        accounts_main(["create", "x", "--name", "x", "--role", "閲覧", "--db", path, "--password-stdin"]) == 1
    )
    assert "12 文字以上" in capsys.readouterr().err
    con = store.connect(path)
    try:
        assert accounts.has_admin(con)
        assert login.login_local(con, "admin", PASSWORD)
        assert con.execute("select actor from audit_log").fetchone()[0].startswith("CLI:")
    finally:
        con.close()


def test_argon2_verification(real):
    stored = passwords.hash_password(PASSWORD)
    assert passwords.verify(stored, PASSWORD) and not passwords.verify(stored, PASSWORD + "x")
    assert not passwords.verify(None, PASSWORD) and not passwords.verify("not a hash", PASSWORD)
