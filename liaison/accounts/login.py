"""Logging in and the login sessions: local passwords with lockout, directory identities, time limits.

Every attempt leaves a login_events row. A session lives 8 hours from login at most and ends after 30
minutes without a page run; `resume` checks both on every run, whatever a browser cookie's own lifetime.
A local session's key is the SHA-256 of a random secret held only by the browser's cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from liaison import access
from liaison.accounts import BY_ID, BY_LOGIN, Account, _fetch, passwords, principal_of, utc_now
from liaison.records.transactions import run_in_transaction

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
SESSION_LIMIT = timedelta(hours=8)
IDLE_LIMIT = timedelta(minutes=30)
TOUCH_EVERY = timedelta(seconds=30)  # last_seen_at is rewritten at most this often
METHODS = ("local", "oidc", "header")


class LoginRefused(Exception):
    """A login that did not succeed; `reason` is one of failure, locked, unknown, disabled."""

    MESSAGES = {
        "failure": "ログイン名またはパスワードが違います",
        "unknown": "ログイン名またはパスワードが違います",  # the same words: an attacker learns nothing
        "locked": "続けて失敗したため、このアカウントは一時的にロックされています。しばらくしてから、または管理者に解除を依頼してください",
        "disabled": "このアカウントは使えません。管理者に連絡してください",
        "no_account": "この利用者のアカウントがありません。管理者にアカウントの作成を依頼してください",
    }

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(self.MESSAGES[reason])


@dataclass(frozen=True)
class Session:
    """A live session: its key and who it belongs to."""

    key: str
    principal: access.Principal
    started_at: datetime


def _event(cursor, now, login_name: str, account_id, method: str, outcome: str, detail: str | None = None):
    cursor.execute(
        "insert into login_events (occurred_at, login_name, account_id, method, outcome, detail)"
        " values ($now, $login_name, $account_id, $method, $outcome, $detail)",
        {
            "now": now,
            "login_name": str(login_name)[:200],
            "account_id": account_id,
            "method": method,
            "outcome": outcome,
            "detail": detail,
        },
    )


def record_event(con, login_name: str, method: str, outcome: str, detail: str | None = None, account_id=None):
    """Record one login event in its own transaction (e.g. a directory login with no account)."""
    now = utc_now()
    run_in_transaction(
        con, lambda cursor: _event(cursor, now, login_name, account_id, method, outcome, detail)
    )


def key_of(secret: str) -> str:
    """The stored key of a session secret (the store never holds the secret itself)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _start(cursor, account: Account, method: str, key: str, now: datetime) -> None:
    cursor.execute(
        "insert into login_sessions (session_key, account_id, method, started_at, last_seen_at)"
        " values ($key, $account_id, $method, $now, $now) on conflict do nothing",
        {"key": key, "account_id": account.account_id, "method": method, "now": now},
    )


def login_local(
    con: duckdb.DuckDBPyConnection, login_name: str, password: str, now: datetime | None = None
) -> str:
    """Check a local password; return the new session's secret (for the browser's cookie).

    Raises LoginRefused. Five failures in a row lock the account for 15 minutes (an administrator can
    unlock it); a success resets the count. The refusal and its event are committed either way.
    """
    now = now or utc_now()
    name = str(login_name or "").strip()

    def body(cursor) -> str | LoginRefused:
        account = _fetch(cursor, BY_LOGIN, name)
        if account is None:
            passwords.verify(None, password)
            _event(cursor, now, name, None, "local", "unknown")
            return LoginRefused("unknown")
        if not account.is_active:
            _event(cursor, now, name, account.account_id, "local", "disabled")
            return LoginRefused("disabled")
        if account.locked_until is not None and account.locked_until > now:
            _event(cursor, now, name, account.account_id, "local", "locked")
            return LoginRefused("locked")
        if not passwords.verify(account.password_hash, password):
            failures = account.failed_logins + 1
            locked_until = now + LOCK_FOR if failures >= MAX_FAILURES else None
            cursor.execute(
                "update accounts set failed_logins = $failures, locked_until = $locked where account_id = $id",
                {
                    "failures": 0 if locked_until else failures,
                    "locked": locked_until,
                    "id": account.account_id,
                },
            )
            _event(cursor, now, name, account.account_id, "local", "failure", f"{failures} 回目の失敗")
            if locked_until:
                _event(cursor, now, name, account.account_id, "local", "locked", "15 分間ロック")
                return LoginRefused("locked")
            return LoginRefused("failure")
        secret = secrets.token_urlsafe(32)
        updates = {"id": account.account_id}
        cursor.execute(
            "update accounts set failed_logins = 0, locked_until = null where account_id = $id", updates
        )
        if passwords.needs_rehash(account.password_hash):
            cursor.execute(
                "update accounts set password_hash = $hash where account_id = $id",
                updates | {"hash": passwords.hash_password(password)},
            )
        _start(cursor, account, "local", key_of(secret), now)
        _event(cursor, now, name, account.account_id, "local", "success")
        return secret

    outcome = run_in_transaction(con, body)
    if isinstance(outcome, LoginRefused):
        raise outcome
    return outcome


def login_identity(
    con: duckdb.DuckDBPyConnection,
    login_name: str,
    method: str,
    session_key: str,
    now: datetime | None = None,
) -> Session:
    """Start (or find) the session of a directory identity (OIDC e-mail, or the proxy's header).

    The account is the one whose login name is the identity's; an identity with no account, or a
    disabled one, is refused and recorded. `session_key` identifies this login (e.g. a hash of the
    identity token's subject and issue time), so a reload finds the same session.
    """
    now = now or utc_now()
    name = str(login_name or "").strip()

    def body(cursor) -> Session | LoginRefused:
        account = _fetch(cursor, BY_LOGIN, name)
        if account is None:
            _event(cursor, now, name or "（名前なし）", None, method, "unknown", "アカウントがありません")
            return LoginRefused("no_account")
        if not account.is_active:
            _event(cursor, now, name, account.account_id, method, "disabled")
            return LoginRefused("disabled")
        known = cursor.execute(
            "select started_at from login_sessions where session_key = $key", {"key": session_key}
        ).fetchone()
        if known is None:
            _start(cursor, account, method, session_key, now)
            _event(cursor, now, name, account.account_id, method, "success")
            return Session(session_key, principal_of(cursor, account, method), now)
        return Session(session_key, principal_of(cursor, account, method), known[0])

    outcome = run_in_transaction(con, body)
    if isinstance(outcome, LoginRefused):
        raise outcome
    return outcome


def resume(con: duckdb.DuckDBPyConnection, session_key: str, now: datetime | None = None) -> Session | None:
    """The live session with this key, its last-seen time moved on; None when there is none any more.

    A session past 8 hours or idle for 30 minutes is ended here (and recorded), as is one whose account
    was disabled; the caller then asks for a new login.
    """
    now = now or utc_now()

    def body(cursor) -> Session | None:
        row = cursor.execute(
            "select account_id, method, started_at, last_seen_at, ended_at from login_sessions"
            " where session_key = $key",
            {"key": session_key},
        ).fetchone()
        if row is None or row[4] is not None:
            return None
        account_id, method, started_at, last_seen_at, _ = row
        account = _fetch(cursor, BY_ID, account_id)
        reason = None
        if account is None or not account.is_active:
            reason = "disabled"
        elif now - started_at >= SESSION_LIMIT:
            reason = "expired"
        elif now - last_seen_at >= IDLE_LIMIT:
            reason = "idle"
        if reason:
            cursor.execute(
                "update login_sessions set ended_at = $now, end_reason = $reason where session_key = $key",
                {"now": now, "reason": reason, "key": session_key},
            )
            name = account.login_name if account else "（削除済み）"
            _event(cursor, now, name, account_id, method, reason)
            return None
        if now - last_seen_at >= TOUCH_EVERY:
            cursor.execute(
                "update login_sessions set last_seen_at = $now where session_key = $key",
                {"now": now, "key": session_key},
            )
        return Session(session_key, principal_of(cursor, account, method), started_at)

    return run_in_transaction(con, body)


def logout(con: duckdb.DuckDBPyConnection, session_key: str, now: datetime | None = None) -> None:
    """End a session (the logout button); recorded as a logout event."""
    now = now or utc_now()

    def body(cursor) -> None:
        row = cursor.execute(
            "select account_id, method from login_sessions where session_key = $key and ended_at is null",
            {"key": session_key},
        ).fetchone()
        if row is None:
            return
        cursor.execute(
            "update login_sessions set ended_at = $now, end_reason = 'logout' where session_key = $key",
            {"now": now, "key": session_key},
        )
        account = _fetch(cursor, BY_ID, row[0])
        _event(cursor, now, account.login_name if account else "（削除済み）", row[0], row[1], "logout")

    run_in_transaction(con, body)
