"""Cached readers for the データ管理 page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, connection
from liaison import exporting


@reads("visits", "consultations", "readiness_assessments", "liaisons")
@st.cache_data(ttl=TTL, max_entries=16)
def export_records(kind: str, fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """One 年度 of records of `kind` in the import format (so the file can be imported again)."""
    cursor = connection().cursor()
    try:
        return exporting.records_frame(cursor, kind, fiscal_year=fiscal_year, region_id=region_id)
    finally:
        cursor.close()
