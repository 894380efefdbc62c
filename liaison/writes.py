"""The store's write API: validate, then write the record and one audit_log row in one transaction.

Every call checks its values with the shared rules (liaison.records) and raises ValidationError,
writing nothing, when any is wrong. Writes to one database are serialised by a module-level lock
(DuckDB allows one writer per file per process; the lock keeps threads from conflicting) and a
transaction that still meets a conflict (another connection) is retried. `con` may be shared by
threads: each call works on its own cursor.
"""

from __future__ import annotations

import json
import os
import threading
import time
import weakref
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

import duckdb
import numpy as np
import pandas as pd

from liaison import fiscal, records
from liaison.records import Problem, Reference, Rows, ValidationError

T = TypeVar("T")

# Which tables each write changes, so the app clears exactly the caches that read them.
TABLES_TOUCHED: dict[str, tuple[str, ...]] = {
    "add_visit": ("visits", "audit_log"),
    "add_consultation": ("consultations", "audit_log"),
    "change_status": ("consultations", "audit_log"),
    "add_support_action": ("support_actions", "audit_log"),
}

# Japanese labels of the fields, as the forms and import files call them.
LABELS: dict[str, dict[str, str]] = {
    "visits": {
        "source_key": "管理番号",
        "visited_on": "訪問日",
        "municipality_code": "市町",
        "department": "訪問先部署",
        "purpose": "目的",
        "topic_field_id": "分野",
        "liaison_id": "リエゾン",
        "summary": "概要",
    },
    "consultations": {
        "source_key": "管理番号",
        "received_on": "受付日",
        "municipality_code": "市町",
        "field_id": "分野",
        "channel": "受付方法",
        "title": "件名",
        "detail": "内容",
        "status": "状況",
        "owner_liaison_id": "担当リエゾン",
        "referred_department": "橋渡し先",
        "closed_on": "完了日",
    },
    "support_actions": {
        "consultation_id": "相談番号",
        "acted_on": "対応日",
        "support_type": "支援の種類",
        "liaison_id": "リエゾン",
        "note": "メモ",
    },
    "readiness_assessments": {
        "municipality_code": "市町",
        "fiscal_year": "年度",
        "assessed_on": "実施日",
        "step": "ステップ",
        **{column: ja for column, (ja, _en) in records.READINESS_ITEMS.items()},
        "note": "備考",
    },
}
DATE_COLUMNS = {"visited_on", "received_on", "closed_on", "acted_on", "assessed_on"}
ACTOR_LABEL = "操作者"
ACTOR_MAX = 100

# --------------------------------------------------------------------------- transactions

_LOCKS: dict[str, threading.RLock] = {}
_KEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # connection -> database key
_GUARD = threading.Lock()
RETRIES = 8


def _database_key(con: duckdb.DuckDBPyConnection) -> str:
    cursor = con.cursor()
    try:
        row = cursor.execute(
            "select path from duckdb_databases() where database_name = current_database()"
        ).fetchone()
    finally:
        cursor.close()
    path = row[0] if row else None
    return os.path.realpath(path) if path else f"memory:{id(con)}"


def lock_for(con: duckdb.DuckDBPyConnection) -> threading.RLock:
    """The one lock of the database `con` is connected to (shared by every connection to it)."""
    with _GUARD:
        key = _KEYS.get(con)
        if key is None:
            key = _KEYS[con] = _database_key(con)
        return _LOCKS.setdefault(key, threading.RLock())


def run_in_transaction(con: duckdb.DuckDBPyConnection, body: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run `body(cursor)` inside one transaction under the database's lock; commit or roll back.

    A DuckDB TransactionException (a write-write conflict with another connection) rolls back and
    runs `body` again, up to RETRIES times with a short back-off; any other exception rolls back and
    propagates (a ValidationError raised by `body` therefore writes nothing).
    """
    lock = lock_for(con)
    with lock:
        for attempt in range(RETRIES):
            with _GUARD:
                cursor = con.cursor()
            try:
                cursor.execute("begin transaction")
                result = body(cursor)
                cursor.execute("commit")
                return result
            except duckdb.TransactionException:
                _rollback(cursor)
                if attempt == RETRIES - 1:
                    raise
                time.sleep(0.005 * 2**attempt)
            except BaseException:
                _rollback(cursor)
                raise
            finally:
                cursor.close()
    raise AssertionError("unreachable")  # pragma: no cover


def _rollback(cursor: duckdb.DuckDBPyConnection) -> None:
    try:
        cursor.execute("rollback")
    except duckdb.Error:
        pass  # the transaction was already gone (a failed commit ends it)


# --------------------------------------------------------------------------- audit


def _json(record: dict | None) -> str | None:
    if record is None:
        return None

    def default(value):
        if isinstance(value, (date, datetime, pd.Timestamp)):
            return value.isoformat()
        if isinstance(value, Decimal):
            return float(value)
        return str(value)

    return json.dumps(record, ensure_ascii=False, default=default, sort_keys=False)


def audit(
    cursor, actor: str, table: str, record_key: str, action: str, before: dict | None, after: dict | None
):
    """Append one audit_log row (inside the caller's transaction)."""
    cursor.execute(
        "insert into audit_log (actor, table_name, record_key, action, before_json, after_json)"
        " values ($actor, $table, $key, $action, $before, $after)",
        {
            "actor": actor,
            "table": table,
            "key": str(record_key),
            "action": action,
            "before": _json(before),
            "after": _json(after),
        },
    )


_SELECT_ROW = {
    "visits": "select * from visits where visit_id = $id",
    "consultations": "select * from consultations where consultation_id = $id",
    "support_actions": "select * from support_actions where action_id = $id",
}


def _row(cursor, table: str, record_id: int) -> dict | None:
    result = cursor.execute(_SELECT_ROW[table], {"id": record_id})
    names = [column[0] for column in result.description]
    row = result.fetchone()
    return None if row is None else dict(zip(names, row, strict=True))


def check_actor(actor: object) -> str:
    """The acting user's name, stripped; an empty or over-long one is a ValidationError."""
    text = records.clean_text(actor if actor is not None else "")
    if not text:
        raise ValidationError([Problem("操作者が空です（ログイン中の利用者名が必要です）", ACTOR_LABEL)])
    if len(text) > ACTOR_MAX or records.CONTROL_CHARACTERS.search(text):
        raise ValidationError([Problem("操作者の名前として使えません", ACTOR_LABEL, value=text)])
    return text


# --------------------------------------------------------------------------- building checked rows


def _form_rows(table: str, values: dict[str, object], ref: Reference) -> Rows:
    """One row of form values, normalised as an import normalises a cell, ready for the checks."""
    typed: dict[str, object] = {}
    parse_problems: list[tuple[str, str]] = []
    for column, value in values.items():
        if records.is_blank(value):
            typed[column] = None
        elif column in DATE_COLUMNS:
            try:
                typed[column] = fiscal.parse_date(value)
            except ValueError as error:
                typed[column] = None
                parse_problems.append((column, str(error)))
        elif column == "municipality_code":
            typed[column], reason = ref.resolve_municipality(value)
            if reason:
                parse_problems.append((column, reason))
        elif column in ("liaison_id", "owner_liaison_id"):
            typed[column], reason = ref.resolve_liaison(value)
            if reason:
                parse_problems.append((column, reason))
        elif column in ("field_id", "topic_field_id"):
            typed[column], _ = ref.resolve_field(value)
        elif column in ("department", "purpose", "channel", "status", "support_type"):
            typed[column] = records.normalize_key(value)
        elif column == "consultation_id":
            typed[column] = value
        else:
            typed[column] = records.clean_text(value) or None
    rows = Rows(
        {column: [value] for column, value in typed.items()},
        LABELS[table],
        raw={column: np.array([value], dtype=object) for column, value in values.items()},
    )
    for column, reason in parse_problems:
        rows.report([0], column, reason)
    return rows


def _validated(rows: Rows) -> dict[str, object]:
    """The row's values for SQL, or ValidationError listing every problem."""
    if rows.problems:
        raise ValidationError(rows.problems)
    record = {column: records.to_python(array[0]) for column, array in rows.values.items()}
    return {column: (None if records.is_blank(value) else value) for column, value in record.items()}


def _text_default(value: str | None) -> str:
    return "" if value is None else value


# --------------------------------------------------------------------------- the write API


def add_visit(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    *,
    today: date,
    visited_on: date,
    municipality_code: str,
    liaison_id: str,
    department: str,
    purpose: str,
    summary: str = "",
    topic_field_id: str | None = None,
) -> int:
    """Record a visit; returns its visit_id.

    The municipality may be a 5/6-digit code or a name, the liaison an id or a name; topic_field_id
    (migration 002, optional) is the DX field a 個別支援 visit was about, by id or name.
    """
    actor, today = check_actor(actor), fiscal.parse_date(today)
    ref = Reference.load(con)
    rows = _form_rows(
        "visits",
        {
            "visited_on": visited_on,
            "municipality_code": municipality_code,
            "liaison_id": liaison_id,
            "department": department,
            "purpose": purpose,
            "summary": summary,
            "topic_field_id": topic_field_id,
        },
        ref,
    )
    records.check_visits(rows, ref, today)
    record = _validated(rows)
    record["summary"] = _text_default(record["summary"])

    statement = (
        "insert into visits (visited_on, municipality_code, liaison_id, department, purpose, summary,"
        " topic_field_id) values ($visited_on, $municipality_code, $liaison_id, $department, $purpose,"
        " $summary, $topic_field_id)"
        " returning visit_id"
    )
    return _insert_audited(con, actor, "visits", statement, record)


def add_consultation(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    *,
    today: date,
    received_on: date,
    municipality_code: str,
    field_id: str,
    channel: str,
    title: str,
    detail: str = "",
    status: str = "受付",
    owner_liaison_id: str | None = None,
    referred_department: str | None = None,
    closed_on: date | None = None,
) -> int:
    """Record a consultation; returns its consultation_id.

    closed_on is given exactly when status is 完了 or 橋渡し済 (the schema's rule), and not before
    received_on. field_id may be the field's id or its Japanese name; owner_liaison_id an id or a name.
    """
    actor, today = check_actor(actor), fiscal.parse_date(today)
    ref = Reference.load(con)
    rows = _form_rows(
        "consultations",
        {
            "received_on": received_on,
            "municipality_code": municipality_code,
            "field_id": field_id,
            "channel": channel,
            "title": title,
            "detail": detail,
            "status": status,
            "owner_liaison_id": owner_liaison_id,
            "referred_department": referred_department,
            "closed_on": closed_on,
        },
        ref,
    )
    records.check_consultations(rows, ref, today)
    record = _validated(rows)
    record["detail"] = _text_default(record["detail"])

    statement = (
        "insert into consultations (received_on, municipality_code, field_id, channel, title, detail,"
        " status, owner_liaison_id, referred_department, closed_on)"
        " values ($received_on, $municipality_code, $field_id, $channel, $title, $detail,"
        " $status, $owner_liaison_id, $referred_department, $closed_on)"
        " returning consultation_id"
    )
    return _insert_audited(con, actor, "consultations", statement, record)


def _insert_audited(
    con: duckdb.DuckDBPyConnection, actor: str, table: str, statement: str, record: dict
) -> int:
    """Run one constant `insert … returning <id>` with bound values and its audit row, in one transaction."""

    def write(cursor) -> int:
        new_id = cursor.execute(statement, record).fetchone()[0]
        audit(cursor, actor, table, new_id, "insert", None, _row(cursor, table, new_id))
        return int(new_id)

    return run_in_transaction(con, write)


def _consultation_or_fail(cursor, consultation_id: int) -> dict:
    found = _row(cursor, "consultations", int(consultation_id)) if _is_id(consultation_id) else None
    if found is None:
        raise ValidationError(
            [
                Problem(
                    "該当する相談がありません",
                    LABELS["support_actions"]["consultation_id"],
                    value=str(consultation_id),
                )
            ]
        )
    return found


def _is_id(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, (int, np.integer)) or (isinstance(value, str) and value.isdigit())


def change_status(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    *,
    today: date,
    consultation_id: int,
    status: str,
    closed_on: date | None = None,
    referred_department: str | None = None,
) -> None:
    """Move a consultation to `status`.

    A closed status (完了, 橋渡し済) needs closed_on; an open one (受付, 対応中, 保留) takes none and
    clears the stored closed_on. referred_department replaces the stored one when given, else it is
    kept. A call that changes nothing is refused. The audit row holds the whole row before and after.
    """
    actor, today = check_actor(actor), fiscal.parse_date(today)
    ref = Reference.load(con)

    def write(cursor) -> None:
        before = _consultation_or_fail(cursor, consultation_id)
        referral = before["referred_department"] if referred_department is None else referred_department
        rows = _form_rows(
            "consultations",
            {
                "received_on": before["received_on"],
                "status": status,
                "closed_on": closed_on,
                "referred_department": referral,
            },
            ref,
        )
        rows.require(["status"])
        rows.check("closed_on", records.not_future(today))
        rows.check("status", records.one_of(records.STATUSES))
        rows.check("referred_department", records.text_within(records.SHORT_TEXT_MAX))
        records.check_closing(rows)
        record = _validated(rows)
        unchanged = (
            record["status"] == before["status"]
            and record["closed_on"] == before["closed_on"]
            and record["referred_department"] == before["referred_department"]
        )
        if unchanged:
            raise ValidationError([Problem("変更がありません（状況・完了日・橋渡し先が登録内容と同じです）")])
        cursor.execute(
            "update consultations set status = $status, closed_on = $closed_on,"
            " referred_department = $referred_department where consultation_id = $consultation_id",
            {
                "status": record["status"],
                "closed_on": record["closed_on"],
                "referred_department": record["referred_department"],
                "consultation_id": before["consultation_id"],
            },
        )
        after = _row(cursor, "consultations", before["consultation_id"])
        audit(cursor, actor, "consultations", before["consultation_id"], "update", before, after)

    run_in_transaction(con, write)


def add_support_action(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    *,
    today: date,
    consultation_id: int,
    acted_on: date,
    support_type: str,
    liaison_id: str | None = None,
    note: str = "",
) -> int:
    """Record a support action on a consultation; returns its action_id.

    acted_on may not be before the consultation was received (nor after today).
    """
    actor, today = check_actor(actor), fiscal.parse_date(today)
    ref = Reference.load(con)
    rows = _form_rows(
        "support_actions",
        {
            "consultation_id": consultation_id,
            "acted_on": acted_on,
            "support_type": support_type,
            "liaison_id": liaison_id,
            "note": note,
        },
        ref,
    )
    records.check_support_actions(rows, ref, today)
    record = _validated(rows)
    record["note"] = _text_default(record["note"])

    def write(cursor) -> int:
        consultation = _consultation_or_fail(cursor, consultation_id)
        record["consultation_id"] = consultation["consultation_id"]
        if record["acted_on"] < consultation["received_on"]:
            received = consultation["received_on"].isoformat()
            raise ValidationError(
                [
                    Problem(
                        f"相談の受付日（{received}）より前です",
                        LABELS["support_actions"]["acted_on"],
                        value=record["acted_on"].isoformat(),
                    )
                ]
            )
        action_id = cursor.execute(
            "insert into support_actions (consultation_id, acted_on, support_type, liaison_id, note)"
            " values ($consultation_id, $acted_on, $support_type, $liaison_id, $note)"
            " returning action_id",
            record,
        ).fetchone()[0]
        audit(
            cursor,
            actor,
            "support_actions",
            action_id,
            "insert",
            None,
            _row(cursor, "support_actions", action_id),
        )
        return int(action_id)

    return run_in_transaction(con, write)


# --------------------------------------------------------------------------- history

HISTORY_TABLES = ("visits", "consultations", "support_actions", "readiness_assessments")


def history(con: duckdb.DuckDBPyConnection, table_name: str, record_key: str) -> pd.DataFrame:
    """Audit rows for one record, oldest first: acted_at, actor, action, before_json, after_json.

    Besides the rows keyed by the record's id, an import that inserted the record (its id lies in
    the import's first_id..last_id) is included.
    """
    if table_name not in HISTORY_TABLES:
        raise ValueError(f"履歴のない表です: {table_name!r}")
    cursor = con.cursor()
    try:
        return cursor.execute(
            """
            select acted_at, actor, action, before_json, after_json
            from audit_log
            where table_name = $table
                and (
                    record_key = $key
                    or (
                        action = 'import'
                        and try_cast($key as bigint) between
                            try_cast(json_extract_string(after_json, '$.first_id') as bigint)
                            and try_cast(json_extract_string(after_json, '$.last_id') as bigint)
                    )
                )
            order by acted_at, audit_id
            """,
            {"table": table_name, "key": str(record_key)},
        ).df()
    finally:
        cursor.close()
