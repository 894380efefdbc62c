"""Login sessions in the store: 30 minutes idle or 8 hours from login end a session (whatever the
cookie says), a run within the limits moves last_seen_at on, and five wrong passwords lock for 15 minutes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from liaison import accounts, store
from liaison.accounts import login

PASSWORD = "a long enough pass 2026"
START = datetime(2026, 12, 1, 9, 0)


@pytest.fixture
def con(tmp_path):
    connection = store.open_for_command(store.init(tmp_path / "real.duckdb"))
    accounts.create_account(
        connection, "テスト", login_name="sato", display_name="佐藤 花子", role="閲覧", password=PASSWORD
    )
    yield connection
    connection.close()


def start(con) -> str:
    return login.key_of(login.login_local(con, "sato", PASSWORD, now=START))


def ended(con, key: str) -> tuple:
    return con.execute(
        "select ended_at, end_reason from login_sessions where session_key = $key", {"key": key}
    ).fetchone()


def outcomes(con) -> list[str]:
    return [row[0] for row in con.execute("select outcome from login_events order by event_id").fetchall()]


def test_a_run_within_the_limits_resumes_and_moves_last_seen_on(con):
    key = start(con)
    later = START + timedelta(minutes=29)
    session = login.resume(con, key, now=later)
    assert session is not None and session.principal.display_name == "佐藤 花子"
    seen = con.execute("select last_seen_at from login_sessions where session_key = $key", {"key": key})
    assert seen.fetchone()[0] == later
    # still active 29 minutes after that run: idle counts from the last run, not from the login
    assert login.resume(con, key, now=later + timedelta(minutes=29)) is not None


def test_thirty_minutes_idle_ends_the_session_for_good(con):
    key = start(con)
    assert login.resume(con, key, now=START + timedelta(minutes=30)) is None
    assert ended(con, key) == (START + timedelta(minutes=30), "idle")
    assert login.resume(con, key, now=START + timedelta(minutes=31)) is None  # no coming back
    assert outcomes(con) == ["success", "idle"]


def test_eight_hours_end_even_a_busy_session(con):
    key = start(con)
    for minutes in range(20, 8 * 60, 20):  # a run every 20 minutes, never idle, up to 7 h 40 min
        assert login.resume(con, key, now=START + timedelta(minutes=minutes)) is not None, minutes
    assert login.resume(con, key, now=START + timedelta(hours=8)) is None
    assert ended(con, key)[1] == "expired"


def test_logout_ends_the_session(con):
    key = start(con)
    login.logout(con, key, now=START + timedelta(minutes=1))
    assert login.resume(con, key, now=START + timedelta(minutes=2)) is None
    assert ended(con, key)[1] == "logout"


def test_five_failures_lock_for_fifteen_minutes_then_the_password_works(con):
    for attempt in range(4):
        with pytest.raises(login.LoginRefused) as refused:
            login.login_local(con, "sato", "wrong", now=START + timedelta(seconds=attempt))
        assert refused.value.reason == "failure"
    with pytest.raises(login.LoginRefused) as refused:
        login.login_local(con, "sato", "wrong", now=START + timedelta(seconds=5))
    assert refused.value.reason == "locked"
    with pytest.raises(login.LoginRefused) as refused:  # the right password, during the lock
        login.login_local(con, "sato", PASSWORD, now=START + timedelta(minutes=14))
    assert refused.value.reason == "locked"
    assert login.login_local(con, "sato", PASSWORD, now=START + timedelta(minutes=16))
    assert con.execute("select count(*) from login_sessions").fetchone()[0] == 1
