"""Remembered header mappings (table import_column_maps, migration 006): read by header row, saved on commit.

A mapping is saved inside the import's own transaction (liaison.records.commit) with one audit_log
row, so a file's rows and the mapping that read them are written together or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import duckdb

from liaison import access, store
from liaison.queries import run_query, run_query_in
from liaison.records import header_map, import_format
from liaison.records.header_map import HeaderMap
from liaison.records.transactions import audit, check_actor

TABLE = "import_column_maps"
UPSERT = """
insert into import_column_maps (kind, header_sha256, headers_json, mapping_json, saved_at, saved_by)
values ($kind, $key, $headers, $mapping, $saved_at, $actor)
on conflict (kind, header_sha256) do update set
    headers_json = excluded.headers_json,
    mapping_json = excluded.mapping_json,
    saved_at = excluded.saved_at,
    saved_by = excluded.saved_by
"""


@dataclass(frozen=True)
class Remembered:
    """A saved mapping and who saved it when."""

    mapping: HeaderMap
    saved_at: datetime
    saved_by: str


def remembered(con: duckdb.DuckDBPyConnection, kind: str, header: list[object]) -> Remembered | None:
    """The mapping saved for this kind and header row, or None (none saved, or it no longer fits)."""
    key = header_map.header_key(header_map.file_headers(header))
    found = run_query("import_column_map_by_header", con=con, kind=kind, header_sha256=key)
    if found.empty:
        return None
    row = found.iloc[0]
    mapping = header_map.from_json(kind, header, row["mapping_json"])
    if mapping is None:
        return None
    return Remembered(mapping, row["saved_at"].to_pydatetime(), str(row["saved_by"]))


def save(transaction: duckdb.DuckDBPyConnection, mapping: HeaderMap, actor: access.Principal | str) -> None:
    """Insert or replace the mapping of its kind and header row, with one audit_log row (caller's transaction).

    Part of an import: 管理者 only."""
    principal = access.as_principal(actor)
    access.require(principal, "import")
    actor = check_actor(principal)
    if mapping.kind not in import_format.HEADERS:  # the table has no CHECK on kind (migration 006)
        raise ValueError(f"not an import kind: {mapping.kind!r}")
    before = run_query_in(
        transaction, "import_column_map_by_header", kind=mapping.kind, header_sha256=mapping.key
    )
    after = {
        "kind": mapping.kind,
        "headers": list(mapping.headers),
        "mapping": list(mapping.targets),
    }
    previous = None
    if not before.empty:
        previous = {
            "kind": mapping.kind,
            "headers": json.loads(before.iloc[0]["headers_json"]),
            "mapping": json.loads(before.iloc[0]["mapping_json"]),
        }
        if previous == after:
            return  # the same mapping again: nothing to record
    transaction.execute(
        UPSERT,
        {
            "kind": mapping.kind,
            "key": mapping.key,
            "headers": json.dumps(list(mapping.headers), ensure_ascii=False),
            "mapping": mapping.to_json(),
            "actor": actor,
            "saved_at": store.utc_now(),
        },
    )
    record_key = f"{mapping.kind}:{mapping.key[:16]}"
    audit(transaction, actor, TABLE, record_key, "insert" if previous is None else "update", previous, after)
