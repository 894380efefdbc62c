"""Reference data (regions, municipalities, DX fields): loading a new store, updating one in place.

The store records the SHA-256 of each reference CSV it loaded (`reference_files`). When a
committed CSV's content changes — a corrected population, a new name — `migrate`/`ensure` apply
the difference to the store by key without touching records; the caller refuses the change when
it would leave records pointing at a key that disappeared (queries/orphaned_references.sql).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import duckdb

from liaison import paths

# file -> (table, key column). Order matters: regions before the municipalities that name them.
FILES = {
    "regions.csv": ("regions", "region_id"),
    "municipalities.csv": ("municipalities", "code"),
    "dx_fields.csv": ("dx_fields", "field_id"),
}
# One constant statement per table and job: `by name` matches the CSV header to columns.
LOADS = {
    "regions.csv": "insert into regions by name select * from read_csv($path, all_varchar = true)",
    "municipalities.csv": (
        "insert into municipalities by name select * from read_csv($path, all_varchar = true)"
    ),
    "dx_fields.csv": "insert into dx_fields by name select * from read_csv($path, all_varchar = true)",
}
DELETES = {
    "regions.csv": "delete from regions where list_contains($keys, region_id)",
    "municipalities.csv": "delete from municipalities where list_contains($keys, code)",
    "dx_fields.csv": "delete from dx_fields where list_contains($keys, field_id)",
}
INSERTS = {
    "regions.csv": (
        "insert into regions by name select * from read_csv($path, all_varchar = true)"
        " where list_contains($keys, region_id)"
    ),
    "municipalities.csv": (
        "insert into municipalities by name select * from read_csv($path, all_varchar = true)"
        " where list_contains($keys, code)"
    ),
    "dx_fields.csv": (
        "insert into dx_fields by name select * from read_csv($path, all_varchar = true)"
        " where list_contains($keys, field_id)"
    ),
}
RECORD = (
    "insert or replace into reference_files (file_name, sha256, loaded_at)"
    " values ($file, $sha256, current_timestamp)"
)


@dataclass(frozen=True)
class Change:
    """How one reference file differs from what the store holds, by key."""

    file: str
    table: str
    sha256: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rows: int = 0  # rows in the file

    @property
    def touches_rows(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def describe(self) -> str:
        if not self.touches_rows:
            return f"{self.file}: 内容は同じ（ハッシュを記録するだけ）"
        parts = []
        for label, keys in (("変更", self.changed), ("追加", self.added), ("削除", self.removed)):
            if keys:
                shown = "、".join(keys[:8]) + ("…" if len(keys) > 8 else "")
                parts.append(f"{label} {len(keys)} 件（{shown}）")
        return f"{self.file}: " + "、".join(parts)


def digest(file: str) -> str:
    return hashlib.sha256((paths.REFERENCE / file).read_bytes()).hexdigest()


def load_all(con: duckdb.DuckDBPyConnection) -> None:
    """Load every reference file into a new store and record what was loaded."""
    for file, statement in LOADS.items():
        con.execute(statement, {"path": str(paths.REFERENCE / file)})
        con.execute(RECORD, {"file": file, "sha256": digest(file)})


def _recorded(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    exists = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database()"
        " and schema_name = 'main' and table_name = 'reference_files'"
    ).fetchall()[0][0]
    if not exists:
        return {}
    return dict(con.execute("select file_name, sha256 from reference_files").fetchall())


def _keys(relation: duckdb.DuckDBPyRelation, key: str) -> set[str]:
    return {str(row[0]) for row in relation.select(duckdb.ColumnExpression(key)).fetchall()}


def _diff(con: duckdb.DuckDBPyConnection, file: str, sha256: str) -> Change:
    """Compare the CSV with the table by key, with the CSV's values cast to the table's types."""
    table, key = FILES[file]
    current = con.table(table)
    incoming_text = con.read_csv(str(paths.REFERENCE / file), all_varchar=True)
    unknown = [column for column in incoming_text.columns if column not in current.columns]
    if unknown:
        raise ValueError(
            f"参照データ {file} に、ストアの {table} にない列があります: {', '.join(unknown)}"
            "（先にその列を加えるマイグレーションが必要です）"
        )
    types = dict(zip(current.columns, current.types, strict=True))
    columns = list(incoming_text.columns)
    incoming = incoming_text.select(
        *(duckdb.ColumnExpression(name).cast(types[name]).alias(name) for name in columns)
    )
    stored = current.select(*(duckdb.ColumnExpression(name) for name in columns))
    new_keys, old_keys = _keys(incoming, key), _keys(stored, key)
    differing = _keys(incoming.except_(stored), key)
    return Change(
        file=file,
        table=table,
        sha256=sha256,
        added=sorted(new_keys - old_keys),
        changed=sorted(differing & old_keys),
        removed=sorted(old_keys - new_keys),
        rows=len(new_keys),
    )


def pending_changes(con: duckdb.DuckDBPyConnection) -> list[Change]:
    """Reference files whose content differs from what the store recorded loading (reads only)."""
    recorded = _recorded(con)
    changes = []
    for file in FILES:
        sha256 = digest(file)
        if recorded.get(file) != sha256:
            changes.append(_diff(con, file, sha256))
    return changes


def apply(con: duckdb.DuckDBPyConnection, changes: list[Change]) -> None:
    """Apply `changes` in the caller's transaction: replace changed rows, add new, drop removed."""
    for change in changes:
        replaced = change.changed + change.removed
        if replaced:
            con.execute(DELETES[change.file], {"keys": replaced})
        inserted = change.changed + change.added
        if inserted:
            con.execute(INSERTS[change.file], {"path": str(paths.REFERENCE / change.file), "keys": inserted})
        con.execute(RECORD, {"file": change.file, "sha256": change.sha256})
