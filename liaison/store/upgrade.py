"""Upgrade steps on a private store file: pending migrations, verified rebuilds, reference updates.

`plan` says what an upgrade would do and only reads. `apply_on` does it to a file that nothing else
has open — the staged copy that liaison.store.operations makes beside a real store, or a restore's
freshly imported store — and verifies the result: every table keeps its rows (reference tables
hold what their files hold), no record is left pointing at a key that disappeared, every id
sequence is past the largest id. Any failure raises UpgradeError naming the step; the caller then
throws the file away, so the store itself is never half upgraded.

A rebuild migration (`-- mode: rebuild`) changes what DuckDB cannot ALTER. Its SQL runs on a new
database holding only the exported schema; the rows are then loaded back table by table by column
name and counted against the export, and the new file replaces the private one.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from liaison.queries import run_query_in
from liaison.store import connect, is_demo, read_meta, reference, schema

_LOAD_LINE = re.compile(r"""COPY ("?)([a-z_][a-z0-9_]*)\1 FROM '([^']*)' \(FORMAT 'parquet'\);""")
_NEXTVAL = re.compile(r"nextval\('([A-Za-z0-9_]+)'\)")


class UpgradeError(Exception):
    """An upgrade step that failed or was refused; the store it was meant for is unchanged."""


@dataclass(frozen=True)
class Plan:
    """What upgrading a store would do."""

    schema: schema.SchemaState
    reference: list[reference.Change]
    is_demo: bool

    @property
    def needs_change(self) -> bool:
        state = self.schema
        return bool(state.pending or state.unrecorded or not state.has_bookkeeping or self.reference)

    def describe(self) -> list[str]:
        lines = [
            f"マイグレーション {m.name} を適用" + ("（検証付きの再構築）" if m.rebuild else "")
            for m in self.schema.pending
        ]
        if self.schema.unrecorded or not self.schema.has_bookkeeping:
            lines.append("適用済みマイグレーションと参照データのハッシュを記録")
        lines += [f"参照データの更新 {change.describe()}" for change in self.reference if change.touches_rows]
        return lines


@dataclass
class Applied:
    migrations: list[str] = field(default_factory=list)
    reference: list[reference.Change] = field(default_factory=list)
    counts_before: dict[str, int] = field(default_factory=dict)
    counts_after: dict[str, int] = field(default_factory=dict)
    sequences_advanced: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- reading a store


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from duckdb_tables()"
        " where database_name = current_database() and schema_name = 'main' and not temporary"
        " order by table_name"
    ).fetchall()
    return [row[0] for row in rows]


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows in `table` (a name read from the catalog) through the relational API, not SQL text."""
    return int(con.table(table).aggregate([duckdb.FunctionExpression("count_star")]).fetchall()[0][0])


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {table: row_count(con, table) for table in tables(con)}


def orphans(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    """(table, record key, column, missing value) of every reference that does not resolve,
    as `con` sees it (inside its transaction, if one is open)."""
    frame = run_query_in(con, "orphaned_references")
    return list(
        frame[["table_name", "record_key", "column_name", "missing_value"]].itertuples(index=False, name=None)
    )


def describe_orphans(found: list[tuple[str, str, str, str]], limit: int = 20) -> str:
    lines = [f"{table} {key}: {column} = {value!r} が見つかりません" for table, key, column, value in found]
    more = f"\n…ほか {len(lines) - limit} 件" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def plan(con: duckdb.DuckDBPyConnection) -> Plan:
    """What an upgrade of `con`'s store would do; reads only. Raises MigrationError for a store
    this code must not touch (newer schema, edited migration)."""
    state = schema.schema_state(con)
    schema.check_openable(state)
    changes = reference.pending_changes(con) if not state.pending else _reference_after_migrations(con)
    return Plan(state, changes, is_demo(read_meta(con)))


def _reference_after_migrations(con: duckdb.DuckDBPyConnection) -> list[reference.Change]:
    """With migrations pending, the reference tables may not have their final columns yet: report
    the files that differ by hash, with the row-level difference when it can already be computed."""
    try:
        return reference.pending_changes(con)
    except (ValueError, duckdb.Error):
        recorded = dict(reference._recorded(con))
        return [
            reference.Change(file, table, reference.digest(file))
            for file, (table, _) in reference.FILES.items()
            if recorded.get(file) != reference.digest(file)
        ]


# --------------------------------------------------------------------------- applying


def _in_transaction(con: duckdb.DuckDBPyConnection, step: str, body) -> None:
    con.execute("begin transaction")
    try:
        body(con)
        con.execute("commit")
    except UpgradeError:
        con.execute("rollback")
        raise
    except Exception as error:
        con.execute("rollback")
        raise UpgradeError(f"{step} に失敗しました（変更は取り消されました）: {error}") from error


def apply_on(path: Path | str) -> Applied:
    """Bring the private store file at `path` up to date and verify it (see the module docstring)."""
    path = Path(path)
    done = Applied()
    con = connect(path)
    try:
        state = schema.schema_state(con)
        schema.check_openable(state)
        done.counts_before = table_counts(con)
        try:
            orphans_before = set(orphans(con))
        except duckdb.Error:  # a store older than the tables the check reads
            orphans_before = set()

        def bookkeeping(con: duckdb.DuckDBPyConnection) -> None:
            schema.ensure_bookkeeping(con)
            schema.record_unrecorded(con, state)

        _in_transaction(con, "管理表（schema_migrations / reference_files）の更新", bookkeeping)
        for migration in state.pending:
            if migration.rebuild:
                con.close()
                rebuild(path, migration)
                con = connect(path)
            else:

                def run(con: duckdb.DuckDBPyConnection, migration=migration) -> None:
                    con.execute(migration.sql)
                    schema.record(con, migration)

                _in_transaction(con, f"マイグレーション {migration.name}", run)
            done.migrations.append(migration.name)

        changes = reference.pending_changes(con)

        def update_reference(con: duckdb.DuckDBPyConnection) -> None:
            reference.apply(con, changes)
            appeared = sorted(set(orphans(con)) - orphans_before)
            if appeared:
                raise UpgradeError(
                    "参照データの更新を中止しました: 更新後の参照データにない市町・圏域・分野を使っている記録があります。\n"
                    + describe_orphans(appeared)
                )

        _in_transaction(con, "参照データの更新", update_reference)
        done.reference = [change for change in changes if change.touches_rows]
        done.sequences_advanced = advance_sequences(con)
        done.counts_after = table_counts(con)
        _verify_counts(done, changes, len(state.pending))
        con.execute("checkpoint")
    finally:
        con.close()
    return done


def _verify_counts(done: Applied, changes: list[reference.Change], migrated: int) -> None:
    """Every table that existed keeps its rows; reference tables hold exactly their files' rows."""
    expected = dict(done.counts_before)
    expected["schema_migrations"] = expected.get("schema_migrations", 0) + migrated
    for change in changes:
        expected[change.table] = change.rows
    expected.pop("reference_files", None)  # bookkeeping: gains a row per file recorded
    wrong = {
        table: (count, done.counts_after.get(table))
        for table, count in expected.items()
        if done.counts_after.get(table) != count
    }
    if wrong:
        detail = "、".join(
            f"{table}: 期待 {exp} 行 / 実際 {act} 行" for table, (exp, act) in sorted(wrong.items())
        )
        raise UpgradeError(f"更新後の行数が一致しません（{detail}）。更新を中止しました。")


def advance_sequences(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Move every id sequence (a column default `nextval('…')`) past the largest id present.

    A store rebuilt from exported files, or whose ids were written explicitly, may have sequences
    behind its ids; a new row must never reuse an id. Returns {sequence: values skipped}.
    """
    advanced = {}
    defaults = con.execute(
        "select table_name, column_name, column_default from duckdb_columns()"
        " where database_name = current_database() and column_default like 'nextval(%'"
    ).fetchall()
    for table, column, default in defaults:
        match = _NEXTVAL.fullmatch(default)
        if not match:
            continue
        sequence = match.group(1)
        top = (
            con.table(table)
            .aggregate([duckdb.FunctionExpression("max", duckdb.ColumnExpression(column))])
            .fetchall()[0][0]
        )
        state = con.execute(
            "select start_value, last_value, increment_by from duckdb_sequences() where sequence_name = $name",
            {"name": sequence},
        ).fetchall()
        if top is None or not state:
            continue
        start, last, step = state[0]
        upcoming = start if last is None else last + step
        if upcoming <= top:
            skip = (top - upcoming) // step + 1
            con.execute("select max(nextval($name)) from range($n)", {"name": sequence, "n": skip}).fetchall()
            advanced[sequence] = advanced.get(sequence, 0) + skip
    return advanced


# --------------------------------------------------------------------------- verified rebuild


def _load_order(load_sql: str) -> list[tuple[str, str]]:
    """(table, parquet file name) in the order DuckDB's export wrote them (dependencies first)."""
    order = []
    for line in load_sql.splitlines():
        match = _LOAD_LINE.fullmatch(line.strip())
        if match:
            order.append((match.group(2), Path(match.group(3)).name))
    return order


def _load_by_name(con: duckdb.DuckDBPyConnection, table: str, parquet: Path, migration: str) -> None:
    """Insert a table's exported rows into its new definition, matching columns by name.

    A column the new definition adds gets its default; a column it no longer has would lose data
    and is refused.
    """
    rows = con.read_parquet(str(parquet))
    columns = con.execute(
        "select column_name, column_default from duckdb_columns()"
        " where database_name = current_database() and schema_name = 'main' and table_name = $table"
        " order by column_index",
        {"table": table},
    ).fetchall()
    kept = {name for name, _ in columns}
    lost = [name for name in rows.columns if name not in kept]
    if lost and rows.limit(1).fetchall():
        raise UpgradeError(
            f"マイグレーション {migration} は {table} の列 {', '.join(lost)} をなくしますが、"
            "その列にはデータがあります。列の移し替えを書いたマイグレーションにしてください。"
        )
    values = [
        duckdb.ColumnExpression(name)
        if name in rows.columns
        else (duckdb.SQLExpression(default) if default else duckdb.ConstantExpression(None))
        for name, default in columns
    ]
    rows.select(*values).insert_into(table)


def rebuild(path: Path, migration: schema.Migration) -> None:
    """Apply a rebuild migration to the private file at `path` (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix=f".{path.name}.rebuild-", dir=path.parent) as work_name:
        work = Path(work_name)
        con = connect(path)
        try:
            counts = table_counts(con)
            cursor = con.cursor()
            try:
                # EXPORT takes no bound parameters: the path is a constant under this cursor's home.
                cursor.execute("set home_directory = $path", {"path": str(work)})
                cursor.execute("export database '~/export' (format parquet)")
            finally:
                cursor.close()
        except duckdb.Error as error:
            raise UpgradeError(
                f"マイグレーション {migration.name} の準備（書き出し）に失敗しました: {error}"
            ) from error
        finally:
            con.close()

        export = work / "export"
        order = _load_order((export / "load.sql").read_text(encoding="utf-8"))
        staged = work / "rebuilt.duckdb"
        new = connect(staged)
        try:
            new.execute((export / "schema.sql").read_text(encoding="utf-8"))
            new.execute("begin transaction")
            try:
                new.execute(migration.sql)
                for table, file in order:
                    _load_by_name(new, table, export / file, migration.name)
                schema.record(new, migration)
                new.execute("commit")
            except Exception:
                new.execute("rollback")
                raise
            after = table_counts(new)
            expected = dict(counts)
            expected["schema_migrations"] = counts.get("schema_migrations", 0) + 1
            wrong = {t: (n, after.get(t)) for t, n in expected.items() if after.get(t) != n}
            if wrong:
                detail = "、".join(f"{t}: 元 {n} 行 / 再構築後 {m} 行" for t, (n, m) in sorted(wrong.items()))
                raise UpgradeError(
                    f"マイグレーション {migration.name} の再構築で行数が一致しません（{detail}）"
                )
            advance_sequences(new)
            new.execute("checkpoint")
        except UpgradeError:
            raise
        except Exception as error:
            raise UpgradeError(
                f"マイグレーション {migration.name}（再構築）に失敗しました: {error}"
            ) from error
        finally:
            new.close()
        os.replace(staged, path)
        Path(f"{path}.wal").unlink(missing_ok=True)
