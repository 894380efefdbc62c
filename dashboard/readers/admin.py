"""The データ管理 page's way into the store: cached exports, the import's preview and commit, templates, backups.

The page never holds a cursor: each function here takes its own from the app's connection. Exports,
previews and backups hold record text: each checks the logged-in person's permission first (the export's
before its cached frame is returned).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth, db
from dashboard.cache import reads
from dashboard.db import TTL
from liaison import access, backup
from liaison.records import column_maps, exporting, import_format, reading, template
from liaison.records import preview as previewing
from liaison.records.commit import commit
from liaison.records.header_map import HeaderMap


@reads(
    "visits",
    "consultations",
    "readiness_assessments",
    "liaisons",
    "liaison_assignments",
    "engagements",
    "engagement_participants",
    "engagement_liaisons",
    "engagement_followups",
    "chat_pushes",
    "chat_push_recipients",
    "departments",
    "referrals",
)
@st.cache_data(ttl=TTL, max_entries=16)
def _export_records(kind: str, fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    cursor = db.connection().cursor()
    try:
        return exporting.records_frame(cursor, kind, fiscal_year=fiscal_year, region_id=region_id)
    finally:
        cursor.close()


def export_records(kind: str, fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """One 年度 of records of `kind` in the import format (so the file can be imported again): export_records."""
    who = auth.principal()
    access.require(who, "export_records")
    access.require(who, "read_text")
    return _export_records(kind, fiscal_year, region_id)


def template_xlsx(kind: str, principal: access.Principal | None = None) -> bytes:
    """The import template of `kind` for this store (its municipalities, liaisons and fields).

    Built when the download is clicked, outside the session's run: the page passes its principal."""
    access.require(principal or auth.principal(), "import")
    cursor = db.connection().cursor()
    try:
        return template.template_xlsx(kind, cursor)
    finally:
        cursor.close()


def file_header(kind: str, file_name: str, payload: bytes) -> list[object] | None:
    """The uploaded file's header row (None when the file cannot be read: the preview says why)."""
    return reading.read_header(kind, file_name, payload)


@reads("import_column_maps")
@st.cache_data(ttl=TTL, max_entries=16)
def remembered_map(kind: str, header: tuple[str, ...]) -> column_maps.Remembered | None:
    """The header mapping saved for this kind and header row, if any."""
    cursor = db.connection().cursor()
    try:
        return column_maps.remembered(cursor, kind, list(header))
    finally:
        cursor.close()


def import_preview(
    kind: str, file_name: str, payload: bytes, today: date, column_map: HeaderMap | None = None
) -> previewing.Preview:
    """What importing the uploaded file would do, read through `column_map` if given (never writes)."""
    access.require(auth.principal(), "import")
    cursor = db.connection().cursor()
    try:
        return previewing.preview(cursor, kind, file_name, payload, today=today, column_map=column_map)
    finally:
        cursor.close()


def preview_rows(preview: previewing.Preview) -> pd.DataFrame:
    """The preview's new rows as the user wrote them (Japanese headers, names not codes)."""
    access.require(auth.principal(), "import")
    cursor = db.connection().cursor()
    try:
        return previewing.rows_frame(cursor, preview)
    finally:
        cursor.close()


def commit_import(preview: previewing.Preview, actor: access.Principal) -> int:
    """Add the preview's rows (all or nothing), then clear exactly the caches that read what it wrote."""
    inserted = commit(db.connection(), preview, actor)
    mapped = (column_maps.TABLE,) if preview.column_map is not None else ()
    db.after_write(*import_format.TABLES_TOUCHED[preview.kind], *mapped)
    return inserted


def restore_archive(payload: bytes, principal: access.Principal) -> backup.RestoreReport:
    """Replace the store by a backup .zip (backup: administrators only, checked before the app's
    connection is closed); a refused archive leaves the store as it was and raises."""
    access.require(principal, "backup")
    return backup.restore_backup(payload, db.release_store())


def backup_archive(principal: access.Principal | None = None) -> bytes:
    """A backup .zip of the store, taken on the app's connection (backup; built when the download is
    clicked, outside the session's run: the page passes its principal)."""
    access.require(principal or auth.principal(), "backup")
    cursor = db.connection().cursor()
    try:
        return backup.create_backup(cursor)
    finally:
        cursor.close()
