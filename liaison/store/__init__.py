"""The DuckDB store: its two kinds, connecting, opening with checks, building new stores.

Two kinds of store, never confused. The **demo store** holds fictional data, is the default
(data/liaison.duckdb) and may be rebuilt at will from committed sources. A **real store** is made
once by `init` and is never rebuilt, replaced or overwritten by any command: it is only upgraded
in place (liaison.store.operations). `store_meta.is_demo = 'true'` marks the demo; any other
value, a missing flag included, counts as real, so a doubt always protects the records.

Foreign-key policy (README 「外部キーの方針」): the schema keeps primary keys, UNIQUE and CHECK
constraints but, from migration 005 on, no FOREIGN KEY clauses. DuckDB refuses to update any
indexed column of a row that another table references, which would make every correction
(a consultation moved to another municipality, an owner reassigned, a renamed municipality)
impossible. References are checked by the write API and the import (liaison.records.Reference),
and `status` runs the integrity check (queries/orphaned_references.sql); keys (ids, codes) never
change once written.

Commands: `python -m liaison.store init|demo|status|migrate|ensure|clean --db PATH`.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import duckdb

from liaison import paths
from liaison.store import reference
from liaison.store.schema import (
    Migration,
    MigrationError,
    SchemaState,
    check_openable,
    migrate,
    migrations,
    schema_state,
)

__all__ = [
    "JST",
    "Migration",
    "MigrationError",
    "SchemaState",
    "StoreError",
    "as_of",
    "build",
    "build_with",
    "check_openable",
    "connect",
    "held_by",
    "init",
    "is_demo",
    "migrate",
    "migrations",
    "open_for_command",
    "read_meta",
    "schema_state",
    "set_meta",
    "sources_digest",
    "swap_in",
    "today",
]

JST = timezone(timedelta(hours=9), "JST")  # Asia/Tokyo: no daylight saving time since 1951
DEMO_DIGEST_KEY = "demo_sources_sha256"
_LOCK_PID = re.compile(r"\(PID (\d+)\)")


class StoreError(Exception):
    """A store that cannot be used as asked; the message says why, in Japanese, for the person."""


# --------------------------------------------------------------------------- connecting


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a store; the caller owns the connection (use one cursor per thread)."""
    return duckdb.connect(str(path), read_only=read_only)


def held_here(path: Path | str) -> bool:
    """True when this process has `path` open (e.g. the app's own connection)."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return False
    wanted = os.path.realpath(path)
    for fd in fds.iterdir():
        try:
            if os.readlink(fd) == wanted:
                return True
        except OSError:
            continue
    return False


def _describe_process(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        command = " ".join(word.decode("utf-8", "replace") for word in words if word)
    except OSError:
        command = ""
    command = command if len(command) <= 120 else command[:119] + "…"
    return f"PID {pid}" + (f"：{command}" if command else "")


def holder_message(path: Path | str, error: Exception) -> str | None:
    """The Japanese message for DuckDB's lock error on `path`, naming the holder; None if not one."""
    text = str(error)
    if "lock" not in text.lower():
        return None
    match = _LOCK_PID.search(text)
    holder = _describe_process(int(match.group(1))) if match else "不明なプロセス"
    return (
        f"ストア {path} は別のプロセス（{holder}）が開いています。"
        "DuckDB は1つのファイルを1つのプロセスにしか開かせません。"
        "起動中のダッシュボードなどを停止してから、もう一度実行してください。"
    )


def held_by(path: Path | str) -> str | None:
    """A message naming the process holding `path` open, or None when nobody else does.

    Probes by opening the file, which DuckDB refuses while another process holds its lock.
    """
    path = Path(path)
    if not path.exists() or held_here(path):
        return None
    try:
        probe = connect(path)
    except duckdb.Error as error:
        return holder_message(path, error)
    probe.close()
    return None


def connect_or_explain(path: Path) -> duckdb.DuckDBPyConnection:
    """connect(path), or StoreError naming the process that holds it (or DuckDB's reason)."""
    try:
        return connect(path)
    except duckdb.Error as error:
        raise StoreError(holder_message(path, error) or f"ストア {path} を開けません: {error}") from error


def open_for_command(path: Path | str, *, allow_pending: bool = False) -> duckdb.DuckDBPyConnection:
    """Open an existing store for a command, or raise StoreError saying why not.

    Refuses a missing file, a store another process holds (naming it), a store whose schema is
    newer than this code (a downgrade) or whose applied migrations were edited, and — unless
    `allow_pending` — a store with migrations not yet applied (`migrate` applies them).
    """
    path = Path(path)
    if not path.exists():
        raise StoreError(
            f"ストアがありません: {path}。本番用のストアは `python -m liaison.store init --db {path}` "
            "で作成します（デモ用は既定の場所 data/liaison.duckdb にだけ自動で作られます）。"
        )
    con = connect_or_explain(path)
    try:
        state = schema_state(con)
        check_openable(state)
        if state.pending and not allow_pending:
            names = "、".join(m.label for m in state.pending)
            raise StoreError(
                f"ストア {path} には未適用のマイグレーションがあります（{names}）。"
                f"`python -m liaison.store migrate --db {path}` で適用してください（適用前に自動でバックアップします）。"
            )
    except MigrationError as error:
        con.close()
        raise StoreError(str(error)) from error
    except StoreError:
        con.close()
        raise
    return con


# --------------------------------------------------------------------------- swap


def swap_in(staged: Path, target: Path) -> None:
    """Rename `staged` over `target` while holding target's file lock, refusing if anyone holds it.

    DuckDB locks a store with a POSIX record lock; taking the same lock here means no other process
    has the store open at the moment of the rename, and none can open the old file in between.
    """
    if held_here(target):
        raise StoreError(f"ストア {target} はこのプロセス内で開かれているため置き換えません。")
    if Path(f"{staged}.wal").exists():
        raise StoreError(f"{staged} に未反映のログ（.wal）が残っているため置き換えません。")
    fd = os.open(target, os.O_RDWR)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            raise StoreError(
                held_by(target) or f"ストア {target} を別のプロセスが開いているため置き換えません。"
            ) from error
        if Path(f"{target}.wal").exists():
            raise StoreError(f"ストア {target} に未反映のログ（.wal）があるため置き換えません。")
        os.replace(staged, target)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- store_meta


def set_meta(con: duckdb.DuckDBPyConnection, **values: str) -> None:
    for key, value in values.items():
        con.execute(
            "insert or replace into store_meta (key, value) values ($key, $value)",
            {"key": key, "value": str(value)},
        )


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select key, value from store_meta").fetchall())


def is_demo(meta: dict[str, str]) -> bool:
    """Only a store that says it is the demo is one; anything else is treated as real."""
    return meta.get("is_demo") == "true"


def utc_now() -> datetime:
    """Now in UTC, without zone: how the store keeps every time. Never `current_timestamp` in SQL:
    DuckDB without its ICU extension (not loaded offline) reads it in the machine's own zone, which a
    prefecture's server may set to Asia/Tokyo."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today in Asia/Tokyo, whatever the server's own time zone."""
    return datetime.now(JST).date()


def as_of(meta: dict[str, str]) -> date:
    """The day the data stands for: the demo's fixed reference date, else today in Japan."""
    if "as_of" in meta:
        return date.fromisoformat(meta["as_of"])
    return today()


# --------------------------------------------------------------------------- new stores


def sources_digest() -> str:
    """SHA-256 over the committed sources a demo store is built from (names and contents)."""
    sha = hashlib.sha256()
    for file in paths.source_files():
        sha.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return sha.hexdigest()


def build(path: Path | str, *, seed: int | None = None) -> Path:
    """Build (or rebuild) a demo store at `path` from committed sources; refuses a real store."""
    from liaison import demo as demo_data  # the generator is only needed here

    digest = sources_digest()

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        demo_data.generate(con, seed=demo_data.DEFAULT_SEED if seed is None else seed)
        set_meta(con, **{DEMO_DIGEST_KEY: digest})

    return build_with(path, fill)


def init(path: Path | str) -> Path:
    """Create a real store at `path`: the schema and reference data, no records, is_demo=false.

    Refuses a path where a file already exists (a real store is created once).
    """
    path = Path(path)
    for existing in (path, Path(f"{path}.wal")):
        if existing.exists():
            raise StoreError(
                f"{existing} はすでに存在します。本番用のストアは一度だけ作成します（既存のファイルは上書きしません）。"
                f"状態は `python -m liaison.store status --db {path}` で確認できます。"
            )
    return build_with(path, lambda con: set_meta(con, is_demo="false"))


def build_with(path: Path | str, fill: Callable[[duckdb.DuckDBPyConnection], None]) -> Path:
    """Migrate, load reference data and `fill` a new store at `path`, atomically.

    The store is written to a temporary file in the same folder and renamed over `path` only when
    everything succeeded, so a failure never leaves a half-built store. An existing `path` is
    replaced only when it is a demo store that no process holds open (never a real store).
    """
    from liaison.store import operations  # operations needs backup, which needs this module

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        operations.refuse_unless_replaceable_demo(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".building", dir=path.parent)
    os.close(fd)
    os.unlink(tmp_name)  # DuckDB wants to create the file itself
    tmp = Path(tmp_name)
    try:
        con = connect(tmp)
        try:
            migrate(con)
            con.execute("begin transaction")
            reference.load_all(con)
            fill(con)
            con.execute("commit")
            con.execute("checkpoint")
        finally:
            con.close()
        if path.exists():
            swap_in(tmp, path)
        else:
            os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}.wal")):
            leftover.unlink(missing_ok=True)
    return path
