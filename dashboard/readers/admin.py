"""The データ管理 page's way into the store: cached exports, the import's preview and commit, templates, backups.

The page never holds a cursor: each function here takes its own from the app's connection.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.cache import reads
from dashboard.db import TTL
from liaison import backup
from liaison.records import exporting, import_format, template
from liaison.records import preview as previewing
from liaison.records.commit import commit


@reads("visits", "consultations", "readiness_assessments", "liaisons")
@st.cache_data(ttl=TTL, max_entries=16)
def export_records(kind: str, fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """One 年度 of records of `kind` in the import format (so the file can be imported again)."""
    cursor = db.connection().cursor()
    try:
        return exporting.records_frame(cursor, kind, fiscal_year=fiscal_year, region_id=region_id)
    finally:
        cursor.close()


def template_xlsx(kind: str) -> bytes:
    """The import template of `kind` for this store (its municipalities, liaisons and fields)."""
    cursor = db.connection().cursor()
    try:
        return template.template_xlsx(kind, cursor)
    finally:
        cursor.close()


def import_preview(kind: str, file_name: str, payload: bytes, today: date) -> previewing.Preview:
    """What importing the uploaded file would do (never writes)."""
    cursor = db.connection().cursor()
    try:
        return previewing.preview(cursor, kind, file_name, payload, today=today)
    finally:
        cursor.close()


def preview_rows(preview: previewing.Preview) -> pd.DataFrame:
    """The preview's new rows as the user wrote them (Japanese headers, names not codes)."""
    cursor = db.connection().cursor()
    try:
        return previewing.rows_frame(cursor, preview)
    finally:
        cursor.close()


def commit_import(preview: previewing.Preview, actor: str) -> int:
    """Add the preview's rows (all or nothing), then clear exactly the caches that read what it wrote."""
    inserted = commit(db.connection(), preview, actor)
    db.after_write(*import_format.TABLES_TOUCHED[preview.kind])
    return inserted


def backup_archive() -> bytes:
    """A backup .zip of the store, taken on the app's connection."""
    cursor = db.connection().cursor()
    try:
        return backup.create_backup(cursor)
    finally:
        cursor.close()
