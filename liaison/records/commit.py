"""Committing a previewed import: all its new rows and one audit_log 'import' row in one transaction, or nothing.

A preview read through a header mapping saves that mapping in the same transaction (column_maps).
"""

from __future__ import annotations

import duckdb
import numpy as np

from liaison import access
from liaison.records import (
    ValidationError,
    column_maps,
    referral_import,
    relation_import,
    roster_import,
    transactions,
)
from liaison.records.import_format import TABLES
from liaison.records.preview import Preview
from liaison.records.stored import records_of

INSERTS = {
    "visits": "insert into visits by name select * from import_frame returning visit_id",
    "consultations": "insert into consultations by name select * from import_frame returning consultation_id",
    "readiness": (
        "insert into readiness_assessments by name select * from import_frame returning assessment_id"
    ),
}


def commit(con: duckdb.DuckDBPyConnection, preview: Preview, actor: access.Principal | str) -> int:
    """Insert the preview's new rows in one transaction with one audit_log 'import' row.

    Only 管理者 imports (PermissionDenied otherwise). Refuses (ValidationError) a preview with problems.
    Rows another import added since the preview are skipped, not doubled. Returns how many rows were
    inserted (0 writes nothing, no audit row).
    """
    principal = access.as_principal(actor)
    access.require(principal, "import")
    if preview.problems:
        raise ValidationError(preview.problems)
    actor = transactions.check_actor(principal)
    if preview.rows.empty:
        return 0
    kind, table = preview.kind, TABLES[preview.kind]
    if kind == "liaisons":  # issue 11: people and their assignments (liaison.records.roster_import)
        return roster_import.commit(con, preview, principal)
    if kind in relation_import.KINDS:  # issue 11: records with their child rows
        return relation_import.commit(con, preview, principal)
    if kind in referral_import.KINDS:  # issue 11: 関係部署 and 橋渡し (liaison.records.referral_import)
        return referral_import.commit(con, preview, principal)

    def write(cursor) -> int:
        frame = preview.rows
        stored = records_of(cursor, kind)
        if kind == "readiness":
            stored_keys = set(
                zip(stored["municipality_code"], stored["fiscal_year"].astype(int), strict=True)
            )
            meanwhile = np.array(
                [
                    (c, int(y)) in stored_keys
                    for c, y in zip(frame["municipality_code"], frame["fiscal_year"], strict=True)
                ],
                dtype=bool,
            )
        else:
            meanwhile = frame["source_key"].isin(stored["record_key"]).to_numpy(dtype=bool)
        fresh = frame[~meanwhile]
        if fresh.empty:
            return 0
        cursor.register("import_frame", fresh)
        try:
            ids = cursor.execute(INSERTS[kind]).fetchnumpy()
        finally:
            cursor.unregister("import_frame")
        inserted = next(iter(ids.values()))
        summary = {
            "file": preview.file_name,
            "kind": kind,
            "inserted": int(len(inserted)),
            "already_present": int(preview.already_present + meanwhile.sum()),
            "first_id": int(inserted.min()),
            "last_id": int(inserted.max()),
        }
        if preview.column_map is not None:
            summary["column_map"] = dict(preview.column_map.pairs())
        transactions.audit(cursor, actor, table, preview.sha256, "import", None, summary)
        if preview.column_map is not None:
            column_maps.save(cursor, preview.column_map, principal)
        return int(len(inserted))

    return transactions.run_in_transaction(con, write)
