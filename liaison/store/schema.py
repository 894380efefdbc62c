"""Migrations: the files in liaison/migrations/, what a store has applied, and applying to a new store.

A migration is `NNN_name.sql`. Once applied to any store its file never changes: the store records
each applied file's SHA-256, and a store whose applied migration was edited afterwards refuses to
open (add a new migration instead). A file whose header has the line `-- mode: rebuild` changes
something DuckDB cannot ALTER (a CHECK, a constraint on a referenced table): on a store with
records it runs on an empty copy of the schema and the data is loaded back and verified
(liaison.store.upgrade). Existing stores are upgraded only through liaison.store.operations.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import duckdb

from liaison import paths

# The runner's own bookkeeping, not a migration: it must exist before a migration can be recorded.
# Stores made before hashes were recorded gain the sha256 column (their applied files are hashed
# once, as found, the first time they are upgraded).
BOOKKEEPING = (
    """
    create table if not exists schema_migrations (
        version integer primary key,
        name varchar not null,
        applied_at timestamp not null default current_timestamp
    )
    """,
    "alter table schema_migrations add column if not exists sha256 varchar",
    """
    create table if not exists reference_files (
        file_name varchar primary key,
        sha256 varchar not null,
        loaded_at timestamp not null default current_timestamp
    )
    """,
)
BOOKKEEPING_TABLES = ("schema_migrations", "reference_files", "store_meta")
RECORD = "insert into schema_migrations (version, name, sha256) values ($version, $name, $sha256)"
_REBUILD = re.compile(r"^--\s*mode:\s*rebuild\s*$", re.MULTILINE)
_FILE = re.compile(r"(\d+)_([a-z0-9_]+)\.sql")


class MigrationError(Exception):
    """A migration that cannot be applied, or a store whose schema this code must not touch."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str  # the file's stem, e.g. 002_visit_topic
    sql: str
    sha256: str
    rebuild: bool

    @property
    def label(self) -> str:
        return self.name


def migrations() -> list[Migration]:
    """Every liaison/migrations/NNN_name.sql, in version order."""
    found = []
    for file in sorted(paths.MIGRATIONS.glob("*.sql")):
        match = _FILE.fullmatch(file.name)
        if not match:
            raise MigrationError(f"マイグレーションのファイル名が NNN_name.sql ではありません: {file.name}")
        data = file.read_bytes()
        sql = data.decode("utf-8")
        header = "\n".join(line for line in sql.splitlines() if line.startswith("--"))
        found.append(
            Migration(
                int(match.group(1)),
                file.stem,
                sql,
                hashlib.sha256(data).hexdigest(),
                bool(_REBUILD.search(header)),
            )
        )
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"マイグレーションの番号が重複しています: {sorted(versions)}")
    return found


@dataclass(frozen=True)
class SchemaState:
    """What a store has applied, compared with the migration files of this code."""

    applied: dict[int, str | None]  # version -> recorded SHA-256 (None: recorded before hashes)
    pending: list[Migration]
    edited: list[Migration]  # applied, but the file no longer has the recorded content
    unrecorded: list[Migration]  # applied before hashes were kept: hashed on the next upgrade
    unknown: list[int]  # applied versions that have no file here: the store is newer than the code
    has_bookkeeping: bool  # schema_migrations.sha256 and reference_files exist
    code_version: int = 0
    names: dict[int, str] = field(default_factory=dict)

    @property
    def version(self) -> int:
        return max(self.applied, default=0)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from duckdb_columns() where database_name = current_database()"
        " and schema_name = 'main' and table_name = $table",
        {"table": table},
    ).fetchall()
    return {row[0] for row in rows}


def schema_state(con: duckdb.DuckDBPyConnection) -> SchemaState:
    """Read what `con`'s store has applied; reads only (a new, empty database works too)."""
    files = migrations()
    columns = _columns(con, "schema_migrations")
    applied: dict[int, str | None] = {}
    names: dict[int, str] = {}
    if columns:
        wanted = "sha256" in columns
        statement = (
            "select version, name, sha256 from schema_migrations"
            if wanted
            else "select version, name, null as sha256 from schema_migrations"
        )
        for version, name, sha in con.execute(statement).fetchall():
            applied[int(version)] = sha
            names[int(version)] = name
    has_bookkeeping = "sha256" in columns and bool(_columns(con, "reference_files"))
    by_version = {m.version: m for m in files}
    return SchemaState(
        applied=applied,
        pending=[m for m in files if m.version not in applied],
        edited=[m for m in files if applied.get(m.version) not in (None, m.sha256)],
        unrecorded=[m for m in files if m.version in applied and applied[m.version] is None],
        unknown=sorted(v for v in applied if v not in by_version),
        has_bookkeeping=has_bookkeeping,
        code_version=max(by_version, default=0),
        names=names,
    )


def check_openable(state: SchemaState) -> None:
    """Refuse a store this code must not use: newer than the code, or with an edited migration."""
    if state.unknown:
        raise MigrationError(
            f"このストアのスキーマ（版 {state.version}）はこのアプリ（版 {state.code_version}）より新しいため開けません。"
            "新しい版のアプリで開いてください（古い版に戻すこと＝ダウングレードはできません）。"
        )
    if state.edited:
        names = "、".join(m.name for m in state.edited)
        raise MigrationError(
            f"適用済みのマイグレーションが適用後に書き換えられています（{names}）。"
            "適用済みのファイルは変更せず、変更は新しいマイグレーションとして追加してください。"
        )


def ensure_bookkeeping(con: duckdb.DuckDBPyConnection) -> None:
    for statement in BOOKKEEPING:
        con.execute(statement)


def record(con: duckdb.DuckDBPyConnection, migration: Migration) -> None:
    con.execute(RECORD, {"version": migration.version, "name": migration.name, "sha256": migration.sha256})


def record_unrecorded(con: duckdb.DuckDBPyConnection, state: SchemaState) -> None:
    """Store the hash of migrations applied before hashes were kept (as their files read now)."""
    for migration in state.unrecorded:
        con.execute(
            "update schema_migrations set sha256 = $sha256 where version = $version",
            {"sha256": migration.sha256, "version": migration.version},
        )


def has_records(con: duckdb.DuckDBPyConnection) -> bool:
    """True when any table other than the bookkeeping ones holds a row."""
    tables = con.execute(
        "select table_name, estimated_size from duckdb_tables()"
        " where database_name = current_database() and schema_name = 'main' and not temporary"
    ).fetchall()
    for table, _ in tables:
        if table in BOOKKEEPING_TABLES:
            continue
        if con.table(table).limit(1).fetchall():
            return True
    return False


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every pending migration to a new store (no records yet), each in its own transaction.

    For stores that hold records use liaison.store.operations (backup, staged copy, verified
    rebuilds); this refuses a rebuild migration on a store with records rather than lose them.
    Returns the versions applied.
    """
    ensure_bookkeeping(con)
    state = schema_state(con)
    check_openable(state)
    record_unrecorded(con, state)
    applied = []
    for migration in state.pending:
        if migration.rebuild and has_records(con):
            raise MigrationError(
                f"マイグレーション {migration.name} はデータの入ったストアには直接適用できません"
                "（python -m liaison.store migrate を使ってください）。"
            )
        con.execute("begin transaction")
        try:
            con.execute(migration.sql)
            record(con, migration)
            con.execute("commit")
        except Exception as error:
            con.execute("rollback")
            raise MigrationError(f"マイグレーション {migration.name} に失敗しました: {error}") from error
        applied.append(migration.version)
    return applied
