"""Accounts: who may log in, with which role, tied to which roster entry or department.

Written only here, each change in one transaction with an audit_log row (the password hash is never
written into the log). Logging in and the sessions are liaison.accounts.login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from liaison import access, records, store
from liaison.access.rules import ADMIN, DEPARTMENT, LIAISON_ROLES, ROLES
from liaison.accounts import passwords
from liaison.i18n import say
from liaison.queries import run_query
from liaison.records import Problem, ValidationError
from liaison.records.transactions import audit, check_actor, run_in_transaction

LOGIN_NAME_MAX = 100
DISPLAY_NAME_MAX = 100
TABLES_TOUCHED = ("accounts", "login_sessions", "audit_log")
AUDITED_COLUMNS = (  # what the audit log keeps of an account: everything but the hash
    "account_id",
    "login_name",
    "display_name",
    "role",
    "liaison_id",
    "department_id",
    "is_active",
    "failed_logins",
    "locked_until",
)
SELECT_ACCOUNT = (
    "select account_id, login_name, display_name, role, liaison_id, department_id, password_hash,"
    " is_active, failed_logins, locked_until from accounts where {column} = $value"
)
BY_ID = SELECT_ACCOUNT.replace("{column}", "account_id")
BY_LOGIN = SELECT_ACCOUNT.replace("{column}", "lower(login_name)").replace("$value", "lower($value)")


@dataclass(frozen=True)
class Account:
    account_id: int
    login_name: str
    display_name: str
    role: str
    liaison_id: str | None
    department_id: int | None
    password_hash: str | None
    is_active: bool
    failed_logins: int
    locked_until: datetime | None

    def audited(self) -> dict:
        """The account as the audit log keeps it (no password hash)."""
        return {column: getattr(self, column) for column in AUDITED_COLUMNS} | {
            "has_password": self.password_hash is not None
        }


utc_now = store.utc_now  # how the account tables keep times, whatever the machine's zone


def _fetch(cursor, statement: str, value) -> Account | None:
    row = cursor.execute(statement, {"value": value}).fetchone()
    return Account(*row) if row else None


def find(con: duckdb.DuckDBPyConnection, login_name: str) -> Account | None:
    """The account with this login name (case-insensitive), or None."""
    cursor = con.cursor()
    try:
        return _fetch(cursor, BY_LOGIN, str(login_name).strip())
    finally:
        cursor.close()


def get(con: duckdb.DuckDBPyConnection, account_id: int) -> Account | None:
    """The account with this id, or None."""
    cursor = con.cursor()
    try:
        return _fetch(cursor, BY_ID, int(account_id))
    finally:
        cursor.close()


def listing(con: duckdb.DuckDBPyConnection, principal: access.Principal) -> pd.DataFrame:
    """Every account (administrators only): the named query accounts_list."""
    access.require(principal, "accounts")
    return run_query("accounts_list", con=con)


def principal_of(con: duckdb.DuckDBPyConnection, account: Account, method: str) -> access.Principal:
    """The principal of an account, with what its roster entry covers today."""
    region_ids: frozenset[str] = frozenset()
    field_ids: frozenset[str] = frozenset()
    if account.liaison_id is not None and account.role in LIAISON_ROLES:
        coverage = run_query("account_coverage", con=con, liaison_id=account.liaison_id)
        region_ids = frozenset(coverage.loc[coverage["kind"] == "地域", "region_id"].dropna().astype(str))
        field_ids = frozenset(coverage.loc[coverage["kind"] == "分野", "field_id"].dropna().astype(str))
    return access.Principal(
        login_name=account.login_name,
        display_name=account.display_name,
        role=account.role,
        method=method,
        account_id=account.account_id,
        liaison_id=account.liaison_id,
        region_ids=region_ids,
        field_ids=field_ids,
        department_id=account.department_id,
    )


# --------------------------------------------------------------------------- checks


def _problem(message_ja: str, message_en: str, label: str, value=None) -> Problem:
    return Problem(say(message_ja, message_en), label, value=value)


def _checked_fields(cursor, fields: dict) -> list[Problem]:
    """Problems of an account's fields (login name, name, role, roster entry, department)."""
    problems = []
    login_name = fields["login_name"]
    if not login_name or len(login_name) > LOGIN_NAME_MAX or records.CONTROL_CHARACTERS.search(login_name):
        problems.append(
            _problem("ログイン名として使えません", "cannot be a login name", "ログイン名", login_name)
        )
    elif any(character.isspace() for character in login_name):
        problems.append(_problem("ログイン名に空白は使えません", "has a space", "ログイン名", login_name))
    name = fields["display_name"]
    if not name or len(name) > DISPLAY_NAME_MAX or records.CONTROL_CHARACTERS.search(name):
        problems.append(_problem("氏名として使えません", "cannot be a name", "氏名", name))
    role = fields["role"]
    if role not in ROLES:
        problems.append(_problem(f"役割は {'、'.join(ROLES)} のどれかです", "is not a role", "役割", role))
    liaison_id, department_id = fields["liaison_id"], fields["department_id"]
    if role in LIAISON_ROLES:
        if liaison_id is None:
            problems.append(
                _problem("リエゾンのアカウントには名簿の人を選んでください", "needs a roster entry", "名簿")
            )
        elif (
            cursor.execute("select 1 from liaisons where liaison_id = $id", {"id": liaison_id}).fetchone()
            is None
        ):
            problems.append(_problem("名簿にない人です", "is not on the roster", "名簿", liaison_id))
    elif liaison_id is not None:
        problems.append(
            _problem(
                "名簿の人と結び付くのはリエゾンのアカウントだけです", "only liaisons", "名簿", liaison_id
            )
        )
    if role == DEPARTMENT:
        if department_id is None:
            problems.append(
                _problem("関係部署のアカウントには部署を選んでください", "needs a department", "部署")
            )
        elif (
            cursor.execute(
                "select 1 from departments where department_id = $id", {"id": department_id}
            ).fetchone()
            is None
        ):
            problems.append(
                _problem("関係部署の一覧にない部署です", "is not a department", "部署", department_id)
            )
    elif department_id is not None:
        problems.append(
            _problem("部署と結び付くのは関係部署のアカウントだけです", "only 関係部署", "部署", department_id)
        )
    return problems


def _password_problems(password: str | None, login_name: str) -> list[Problem]:
    if password is None:
        return []
    reason = passwords.problem(password, login_name)
    return [_problem(reason, "is not an acceptable password", "パスワード")] if reason else []


def _clean(value) -> str:
    return records.clean_text(value if value is not None else "")


def _optional(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value.strip() if isinstance(value, str) else value


def _account_fields(login_name: str, display_name, role, liaison_id, department_id) -> dict:
    """The columns an account form sets, cleaned as the checks and the store expect them."""
    department = _optional(department_id)
    return {
        "login_name": login_name,
        "display_name": _clean(display_name),
        "role": _clean(role),
        "liaison_id": _optional(liaison_id),
        "department_id": int(department) if department is not None else None,
    }


# --------------------------------------------------------------------------- writes


def create_account(
    con: duckdb.DuckDBPyConnection,
    actor: access.Principal | str,
    *,
    login_name: str,
    display_name: str,
    role: str,
    liaison_id: str | None = None,
    department_id: int | None = None,
    password: str | None = None,
) -> int:
    """Add an account (administrators only); returns its id. `password` None: directory login only."""
    principal = access.as_principal(actor)
    access.require(principal, "accounts")
    actor_name = check_actor(principal)
    fields = _account_fields(_clean(login_name), display_name, role, liaison_id, department_id)

    def body(cursor) -> int:
        problems = _checked_fields(cursor, fields) + _password_problems(password, fields["login_name"])
        if not problems and _fetch(cursor, BY_LOGIN, fields["login_name"]) is not None:
            problems.append(
                _problem("このログイン名はもう使われています", "is taken", "ログイン名", fields["login_name"])
            )
        if problems:
            raise ValidationError(problems)
        account_id = cursor.execute(
            "insert into accounts (login_name, display_name, role, liaison_id, department_id,"
            " password_hash, created_by, created_at) values ($login_name, $display_name, $role,"
            " $liaison_id, $department_id, $password_hash, $created_by, $created_at) returning account_id",
            fields
            | {
                "password_hash": passwords.hash_password(password) if password is not None else None,
                "created_by": actor_name,
                "created_at": utc_now(),
            },
        ).fetchone()[0]
        audit(
            cursor,
            actor_name,
            "accounts",
            account_id,
            "insert",
            None,
            _fetch(cursor, BY_ID, account_id).audited(),
        )
        return int(account_id)

    return run_in_transaction(con, body)


def _update(con, actor, account_id: int, change) -> None:
    """Run `change(cursor, account) -> dict of columns to set` and audit before/after."""
    principal = access.as_principal(actor)
    access.require(principal, "accounts")
    actor_name = check_actor(principal)

    def body(cursor) -> None:
        account = _fetch(cursor, BY_ID, int(account_id))
        if account is None:
            raise ValidationError(
                [_problem("そのアカウントはありません", "no such account", "アカウント", account_id)]
            )
        values = change(cursor, account)
        for column, value in values.items():
            cursor.execute(UPDATES[column], {"value": value, "id": account.account_id})
        if "is_active" in values and not values["is_active"]:
            end_sessions(cursor, account.account_id, "disabled")
        after = _fetch(cursor, BY_ID, account.account_id)
        audit(
            cursor, actor_name, "accounts", account.account_id, "update", account.audited(), after.audited()
        )

    run_in_transaction(con, body)


UPDATES = {  # one constant statement per column an edit may set
    "display_name": "update accounts set display_name = $value where account_id = $id",
    "role": "update accounts set role = $value where account_id = $id",
    "liaison_id": "update accounts set liaison_id = $value where account_id = $id",
    "department_id": "update accounts set department_id = $value where account_id = $id",
    "password_hash": "update accounts set password_hash = $value where account_id = $id",
    "is_active": "update accounts set is_active = $value where account_id = $id",
    "failed_logins": "update accounts set failed_logins = $value where account_id = $id",
    "locked_until": "update accounts set locked_until = $value where account_id = $id",
}


def edit_account(
    con: duckdb.DuckDBPyConnection,
    actor: access.Principal | str,
    account_id: int,
    *,
    display_name: str,
    role: str,
    liaison_id: str | None = None,
    department_id: int | None = None,
) -> None:
    """Change an account's name, role and roster entry or department (administrators only)."""

    def change(cursor, account: Account) -> dict:
        fields = _account_fields(account.login_name, display_name, role, liaison_id, department_id)
        problems = _checked_fields(cursor, fields)
        if not problems and account.role == ADMIN and fields["role"] != ADMIN:
            problems += _last_admin_problems(cursor, account)
        if problems:
            raise ValidationError(problems)
        return {key: value for key, value in fields.items() if key != "login_name"}

    _update(con, actor, account_id, change)


def _last_admin_problems(cursor, account: Account) -> list[Problem]:
    others = cursor.execute(
        "select count(*) from accounts where role = '管理者' and is_active and account_id <> $id",
        {"id": account.account_id},
    ).fetchone()[0]
    if others:
        return []
    return [
        _problem("最後の管理者です（先に別の管理者を作ってください）", "is the last administrator", "役割")
    ]


def set_password(
    con: duckdb.DuckDBPyConnection, actor: access.Principal | str, account_id: int, password: str
) -> None:
    """Set a local password (administrators only); ends the account's open sessions."""

    def change(cursor, account: Account) -> dict:
        problems = _password_problems(password, account.login_name)
        if problems:
            raise ValidationError(problems)
        end_sessions(cursor, account.account_id, "disabled")
        return {"password_hash": passwords.hash_password(password), "failed_logins": 0, "locked_until": None}

    _update(con, actor, account_id, change)


def set_active(
    con: duckdb.DuckDBPyConnection, actor: access.Principal | str, account_id: int, active: bool
) -> None:
    """Enable or disable an account (administrators only); disabling ends its sessions."""

    def change(cursor, account: Account) -> dict:
        if not active and account.role == ADMIN:
            problems = _last_admin_problems(cursor, account)
            if problems:
                raise ValidationError(problems)
        return {"is_active": bool(active)}

    _update(con, actor, account_id, change)


def unlock(con: duckdb.DuckDBPyConnection, actor: access.Principal | str, account_id: int) -> None:
    """Lift a lockout after failed logins (administrators only)."""
    _update(con, actor, account_id, lambda cursor, account: {"failed_logins": 0, "locked_until": None})


def end_sessions(cursor, account_id: int, reason: str) -> None:
    """End every open session of an account (inside the caller's transaction)."""
    cursor.execute(
        "update login_sessions set ended_at = $now, end_reason = $reason"
        " where account_id = $id and ended_at is null",
        {"reason": reason, "id": account_id, "now": utc_now()},
    )


def has_admin(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store has an active administrator account (the app refuses to serve a real store otherwise)."""
    cursor = con.cursor()
    try:
        return bool(
            cursor.execute("select count(*) from accounts where role = '管理者' and is_active").fetchone()[0]
        )
    finally:
        cursor.close()
