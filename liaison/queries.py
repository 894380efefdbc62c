"""Named SQL queries: one file per query in queries/, values always bound as $parameters.

queries/macros.sql holds the helpers several queries share (the 年度's window, the readiness mean). They
are TEMPORARY macros, created on the very cursor a query runs on, because DuckDB keeps temp macros per
connection and a cursor is a new connection; only the macros a query calls are created (about 0.5 ms each).
"""

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
_MACRO = re.compile(r"^create or replace temp macro (\w+)\(", re.MULTILINE)
MACROS_FILE = "macros.sql"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    sql: str
    declared: frozenset[str]
    used: frozenset[str]
    setup: str = ""  # the create statements of the macros (queries/macros.sql) the query calls, or ""


@cache
def macros() -> dict[str, str]:
    """queries/macros.sql by macro name: each macro's `create or replace temp macro …` statement."""
    text = _COMMENT.sub("", (paths.QUERIES / MACROS_FILE).read_text(encoding="utf-8"))
    statements = [statement.strip() for statement in text.split(";") if statement.strip()]
    found = {}
    for statement in statements:
        named = _MACRO.match(statement)
        if named is None:
            raise ValueError(f"{MACROS_FILE}: not a temp macro: {statement[:60]!r}")
        found[named.group(1)] = statement + ";"
    return found


def _calls(sql: str) -> list[str]:
    """The macros `sql` calls, with the macros they call in turn, in macros.sql's order."""
    defined = macros()
    wanted = {name for name in defined if re.search(rf"\b{name}\s*\(", sql)}
    while True:
        more = {
            name
            for name in defined
            if name not in wanted and any(re.search(rf"\b{name}\s*\(", defined[w]) for w in wanted)
        }
        if not more:
            return [name for name in defined if name in wanted]
        wanted |= more


@cache
def load(name: str) -> NamedQuery:
    """Read queries/<name>.sql and note which $parameters it declares and uses."""
    if not _NAME.fullmatch(name) or f"{name}.sql" == MACROS_FILE:
        raise ValueError(f"not a query name: {name!r}")
    path = paths.QUERIES / f"{name}.sql"
    if not path.exists():
        raise LookupError(f"no query file {path.name}")
    sql = path.read_text(encoding="utf-8")
    declared = frozenset(_DECLARED.findall(sql))
    code = _COMMENT.sub("", sql)
    used = frozenset(_USED.findall(code))
    setup = "\n".join(macros()[macro] for macro in _calls(code))
    return NamedQuery(name, sql, declared, used, setup)


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
        if query.setup:
            cursor.execute(query.setup)
        return cursor.execute(query.sql, params).df()
    finally:
        cursor.close()


def run_query_in(transaction: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a named query on `transaction` itself, so it sees that transaction's uncommitted writes
    (a new cursor is a separate connection in DuckDB and would not)."""
    query = _checked(name, params)
    if query.setup:
        transaction.execute(query.setup)
    return transaction.execute(query.sql, params).df()
