"""The DuckDB store: connecting, migrating, loading reference data and (re)building."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from liaison import paths

SCHEMA_TABLE = """
create table if not exists schema_migrations (
    version integer primary key,
    name varchar not null,
    applied_at timestamp not null default current_timestamp
)
"""


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a store; the caller owns the connection (use one cursor per thread)."""
    return duckdb.connect(str(path), read_only=read_only)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every file liaison/migrations/NNN_name.sql, in order."""
    found = []
    for file in sorted(paths.MIGRATIONS.glob("*.sql")):
        version = int(file.name.split("_", 1)[0])
        found.append((version, file.stem, file.read_text(encoding="utf-8")))
    return found


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations not yet recorded, each in its own transaction; returns versions."""
    con.execute(SCHEMA_TABLE)
    done = {row[0] for row in con.execute("select version from schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql)
            con.execute(
                "insert into schema_migrations (version, name) values ($version, $name)",
                {"version": version, "name": name},
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(version)
    return applied


# One constant statement per reference table: `by name` matches the CSV header to columns.
REFERENCE_LOADS = {
    "regions.csv": "insert into regions by name select * from read_csv($path, all_varchar = true)",
    "municipalities.csv": (
        "insert into municipalities by name select * from read_csv($path, all_varchar = true)"
    ),
    "dx_fields.csv": "insert into dx_fields by name select * from read_csv($path, all_varchar = true)",
}


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Load regions, municipalities and DX fields from data/reference/*.csv."""
    for file, statement in REFERENCE_LOADS.items():
        con.execute(statement, {"path": str(paths.REFERENCE / file)})


def set_meta(con: duckdb.DuckDBPyConnection, **values: str) -> None:
    for key, value in values.items():
        con.execute(
            "insert or replace into store_meta (key, value) values ($key, $value)",
            {"key": key, "value": str(value)},
        )


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select key, value from store_meta").fetchall())


def build(path: Path | str, *, demo: bool = True, seed: int | None = None) -> Path:
    """Build the store from committed sources: reference data, plus the seeded demo data."""
    from liaison import demo as demo_data  # the generator is only needed here

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        if demo:
            demo_data.generate(con, seed=demo_data.DEFAULT_SEED if seed is None else seed)
        else:
            set_meta(con, is_demo="false")

    return build_with(path, fill)


def build_with(path: Path | str, fill: Callable[[duckdb.DuckDBPyConnection], None]) -> Path:
    """Migrate, load reference data and `fill` a new store at `path`, atomically.

    The store is written to a temporary file in the same folder and renamed over `path`
    only when everything succeeded, so a failure never leaves a half-built store.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.unlink(tmp_name)  # DuckDB wants to create the file itself
    tmp = Path(tmp_name)
    try:
        con = connect(tmp)
        try:
            migrate(con)
            con.execute("begin transaction")
            load_reference(con)
            fill(con)
            con.execute("commit")
            con.execute("checkpoint")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)
    return path


def is_stale(path: Path) -> bool:
    """True when the store is missing or older than any committed source it is built from."""
    if not path.exists():
        return True
    built = path.stat().st_mtime
    return any(src.stat().st_mtime > built for src in paths.source_files())


def as_of(meta: dict[str, str]) -> date:
    """The day the data stands for: the demo's fixed reference date, else today."""
    if "as_of" in meta:
        return date.fromisoformat(meta["as_of"])
    return date.today()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the liaison store from committed sources.")
    parser.add_argument("command", choices=["build", "ensure"])
    parser.add_argument("--db", type=Path, default=paths.default_db_path())
    args = parser.parse_args(argv)
    if args.command == "ensure" and not is_stale(args.db):
        print(f"{args.db} is up to date")
        return 0
    build(args.db)
    print(f"built {args.db} (demo data)")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# --- BEGIN temporary open_for_command (records-cli) ---
class StoreError(Exception):
    """A store a command cannot use; str() is a Japanese message for the user."""


def open_for_command(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the store at `path` for a command-line tool, or raise StoreError saying why not."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"データベースのファイルがありません: {path}")
    try:
        return connect(path)
    except duckdb.Error as error:
        if "lock" not in str(error).lower():
            raise
        raise StoreError(
            f"データベース {path} は他のプロセスが使用中です（ダッシュボードなどを停止してから"
            f"実行してください）。DuckDB の報告: {error}"
        ) from error


# --- END temporary open_for_command ---
