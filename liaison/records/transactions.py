"""Transactions of the record writes: one lock per database, retried transactions, the audit log.

Writes to one database are serialised by a module-level lock (DuckDB allows one writer per file per
process; the lock keeps threads from conflicting) and a transaction that still meets a conflict
(another connection) is retried. Each write appends one audit_log row inside its transaction.
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
import pandas as pd

from liaison import records, store
from liaison.access.principal import Principal
from liaison.i18n import say
from liaison.queries import run_query
from liaison.records import Problem, ValidationError
from liaison.records.problems import ACTOR_LABEL

T = TypeVar("T")
ACTOR_MAX = 100

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


def to_json(record: dict | None) -> str | None:
    """A record as the audit log stores it: JSON with ISO dates and Decimals as floats."""
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
        "insert into audit_log (actor, table_name, record_key, action, before_json, after_json, acted_at)"
        " values ($actor, $table, $key, $action, $before, $after, $acted_at)",
        {
            "acted_at": store.utc_now(),
            "actor": actor,
            "table": table,
            "key": str(record_key),
            "action": action,
            "before": to_json(before),
            "after": to_json(after),
        },
    )


def check_actor(actor: object) -> str:
    """The acting user's name, stripped; an empty or over-long one is a ValidationError.

    A Principal (liaison.access) gives its audit name 「表示名（ログイン名）」; a plain name is the operator's.
    """
    if isinstance(actor, Principal):
        actor = actor.actor
    text = records.clean_text(actor if actor is not None else "")
    if not text:
        raise ValidationError(
            [
                Problem(
                    say(
                        "操作者が空です（ログイン中の利用者名が必要です）",
                        "is empty (the signed-in user's name is needed)",
                    ),
                    ACTOR_LABEL,
                )
            ]
        )
    if len(text) > ACTOR_MAX or records.CONTROL_CHARACTERS.search(text):
        raise ValidationError(
            [
                Problem(
                    say("操作者の名前として使えません", "cannot be used as a name"), ACTOR_LABEL, value=text
                )
            ]
        )
    return text


# --------------------------------------------------------------------------- history

HISTORY_TABLES = (
    "visits",
    "consultations",
    "support_actions",
    "readiness_assessments",
    "engagements",
    "chat_pushes",
    "engagement_followups",
)


def history(con: duckdb.DuckDBPyConnection, table_name: str, record_key: str) -> pd.DataFrame:
    """Audit rows for one record, oldest first: acted_at, actor, action, before_json, after_json.

    Besides the rows keyed by the record's id, an import that inserted the record (its id lies in
    the import's first_id..last_id) is included.
    """
    if table_name not in HISTORY_TABLES:
        raise ValueError(f"履歴のない表です: {table_name!r}")
    found = run_query("record_history", con=con, table_name=table_name, record_key=str(record_key))
    return found.drop(columns="audit_id")
