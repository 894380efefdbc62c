"""What an import learns from corrections: records voided since, and the earlier versions of edited ones.

A file exported before a record was voided still holds it: its 管理番号 is kept in voided_records,
so re-importing the file counts the row as already present (voided) instead of bringing it back.
A file exported before an edit holds the record as it was: a row equal to an earlier version (an
audit 'update' row's before) counts as already present too, instead of a conflict.
"""

from __future__ import annotations

import json

from liaison.i18n import say
from liaison.records.problems import Problem

TABLES = {"visits": "visits", "consultations": "consultations", "readiness": "readiness_assessments"}
ID_COLUMNS = {"visits": "visit_id", "consultations": "consultation_id", "readiness": "assessment_id"}

VOIDED_NOTE = say(
    "取り消された記録です（管理番号が同じ）。取り込みません（復元はデータ管理の「取り消した記録」から）",
    "is a voided record (same record number) and is not imported (restore it under Voided records)",
)
VOIDED_HEARING_NOTE = say(
    "取り消されたヒアリングと同じ内容です。取り込みません（復元はデータ管理の「取り消した記録」から）",
    "repeats a voided hearing and is not imported (restore it under Voided records)",
)
EDITED_NOTE = say(
    "その後修正された記録の以前の内容です。取り込みません（登録内容はそのままです）",
    "holds an earlier version of a record edited since; not imported (the stored record stays as it is)",
)


def _load(value) -> dict:
    if value is None:
        return {}
    loaded = json.loads(value) if isinstance(value, str) else value
    return loaded if isinstance(loaded, dict) else {}


def voided_rows(cursor, kind: str) -> dict[str, dict]:
    """The voided records of an import kind by their key (管理番号; a hearing's 'code|年度'): their rows."""
    found = cursor.execute(
        "select source_key, record_json from voided_records where table_name = $table",
        {"table": TABLES[kind]},
    ).fetchall()
    rows: dict[str, dict] = {}
    for source_key, record_json in found:
        row = _load(record_json).get("row", {})
        if kind == "readiness":
            key = f"{row.get('municipality_code')}|{row.get('fiscal_year')}"
        else:
            key = source_key or row.get("source_key")
        if key:
            rows[key] = row
    return rows


def earlier_versions(cursor, kind: str, record_id) -> list[dict]:
    """The stored record's versions before each edit (audit 'update' rows' before), oldest first."""
    found = cursor.execute(
        "select before_json from audit_log"
        " where table_name = $table and record_key = $key and action = 'update' order by audit_id",
        {"table": TABLES[kind], "key": str(record_id)},
    ).fetchall()
    return [_load(before) for (before,) in found]


def note(reason, row: int | None, file: str | None) -> Problem:
    """A warning (it does not stop the import) about one row of the file."""
    return Problem(reason, None, row, None, file)
