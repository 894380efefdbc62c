"""Cached readers of corrections (修正と取り消し): a record's history, the records to pick, the voided ones.

The record an edit form starts from is read uncached by the write API (corrections.stored): one row by
its id, and always as stored right now.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, connection, query
from liaison.records import transactions


@reads("audit_log")
@st.cache_data(ttl=TTL, max_entries=64)
def history(table: str, record_id: int) -> pd.DataFrame:
    """The audit rows of one record, oldest first (transactions.history)."""
    return transactions.history(connection(), table, str(record_id))


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=16)
def visits_of_year(fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """The 年度's visits (in the 圏域 chosen), for the visits page's list."""
    return query(
        "visits_records",
        region_id=region_id,
        codes=None,
        fiscal_year=fiscal_year,
        date_from=None,
        date_to=None,
    )


@reads("readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=16)
def hearings_of_year(fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """The 年度's hearings (in the 圏域 chosen), to pick one to correct."""
    return query(
        "readiness_records",
        region_id=region_id,
        codes=None,
        fiscal_year=fiscal_year,
        date_from=None,
        date_to=None,
    )


@reads("voided_records")
@st.cache_data(ttl=TTL, max_entries=4)
def voided() -> pd.DataFrame:
    """The voided records, newest first (データ管理's list)."""
    return query("voided_records_list")
