"""Test people, one per role, on any store: principals for the write API and logins for AppTest.

`principals(con)` builds one Principal per role from the store's own roster (the first 地域 liaison
and the first 分野 liaison, the first department). `login_as(monkeypatch, con, role)` creates an
account for that role (idempotent), starts a local session and makes the app see its cookie, as a
browser that went through /liaison/login would. Nothing here imports Streamlit.
"""

from __future__ import annotations

import duckdb

from liaison import access, accounts
from liaison.accounts import login

PASSWORD = "correct horse battery 2026"
ROLES = ("閲覧", "地域リエゾン", "分野リエゾン", "関係部署", "管理者")
LOGIN_NAMES = {
    "閲覧": "viewer",
    "地域リエゾン": "regional",
    "分野リエゾン": "field",
    "関係部署": "department",
    "管理者": "admin",
}


def first_liaisons(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """kind (地域 / 分野) -> the first current liaison of that kind (by liaison_id)."""
    rows = con.execute("select kind, min(liaison_id) from liaison_roles group by kind").fetchall()
    return {kind: liaison_id for kind, liaison_id in rows}


def first_department(con: duckdb.DuckDBPyConnection) -> int | None:
    row = con.execute("select min(department_id) from departments where is_active").fetchone()
    return None if row is None or row[0] is None else int(row[0])


def ensure_account(con: duckdb.DuckDBPyConnection, role: str) -> accounts.Account:
    """The test account of `role` (created on first use, by the operator "テスト")."""
    name = LOGIN_NAMES[role]
    found = accounts.find(con, name)
    if found is not None:
        return found
    liaisons = first_liaisons(con)
    accounts.create_account(
        con,
        "テスト",
        login_name=name,
        display_name=f"{role} テスト",
        role=role,
        liaison_id={"地域リエゾン": liaisons.get("地域"), "分野リエゾン": liaisons.get("分野")}.get(role),
        department_id=first_department(con) if role == "関係部署" else None,
        password=PASSWORD,
    )
    return accounts.find(con, name)


def principals(con: duckdb.DuckDBPyConnection) -> dict[str, access.Principal]:
    """One principal per role, covering what the store's roster says (accounts created as needed)."""
    return {role: accounts.principal_of(con, ensure_account(con, role), "local") for role in ROLES}


def login_as(monkeypatch, con: duckdb.DuckDBPyConnection, role: str) -> access.Principal:
    """Log in as the test account of `role` and make dashboard.auth see the session cookie."""
    from dashboard import auth  # the app side; imported only by tests that run AppTest

    account = ensure_account(con, role)
    secret = login.login_local(con, account.login_name, PASSWORD)
    monkeypatch.setattr(auth, "_cookie", lambda name: secret if name == auth.SESSION_COOKIE else None)
    return accounts.principal_of(con, account, "local")
