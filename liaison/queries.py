"""Named SQL queries: one file per query in queries/, values always bound as $parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import duckdb
import pandas as pd

from liaison import paths, store

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_DECLARED = re.compile(r"^--\s*\$(\w+)\s*:", re.MULTILINE)
_USED = re.compile(r"\$([A-Za-z_]\w*)")
_COMMENT = re.compile(r"--[^\n]*")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    sql: str
    declared: frozenset[str]
    used: frozenset[str]


@cache
def load(name: str) -> NamedQuery:
    """Read queries/<name>.sql and note which $parameters it declares and uses."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a query name: {name!r}")
    path = paths.QUERIES / f"{name}.sql"
    if not path.exists():
        raise LookupError(f"no query file {path.name}")
    sql = path.read_text(encoding="utf-8")
    declared = frozenset(_DECLARED.findall(sql))
    used = frozenset(_USED.findall(_COMMENT.sub("", sql)))
    return NamedQuery(name, sql, declared, used)


@cache
def default_connection() -> duckdb.DuckDBPyConnection:
    """A read-only connection to the default store, for scripts and the benchmark."""
    return store.connect(paths.default_db_path(), read_only=True)


def _checked(name: str, params: dict) -> NamedQuery:
    query = load(name)
    missing = query.used - params.keys()
    unknown = params.keys() - query.used
    if missing or unknown:
        raise TypeError(f"{name}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    return query


def run_query(name: str, con: duckdb.DuckDBPyConnection | None = None, **params) -> pd.DataFrame:
    """Run a named query with exactly the parameters it uses, on its own cursor; returns a DataFrame."""
    query = _checked(name, params)
    cursor = (con or default_connection()).cursor()
    try:
        return cursor.execute(query.sql, params).df()
    finally:
        cursor.close()


def run_query_in(transaction: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a named query on `transaction` itself, so it sees that transaction's uncommitted writes
    (a new cursor is a separate connection in DuckDB and would not)."""
    query = _checked(name, params)
    return transaction.execute(query.sql, params).df()
