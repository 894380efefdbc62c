"""Cached readers of corrections (修正と取り消し): a record's history, the records to pick, the voided ones.

The record an edit form starts from is read uncached by the write API (corrections.stored): one row by
its id, and always as stored right now.

History (before/after JSON), the visit summaries and hearing notes in the lists and the voided records
are restricted: each public function checks the logged-in person's permission before its cached one runs.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, connection, query
from liaison import access
from liaison.records import transactions


def history(table: str, record_id: int) -> pd.DataFrame:
    """The audit rows of one record, oldest first (transactions.history): read_history."""
    access.require(auth.principal(), "read_history")
    return _history(table, record_id)


@reads("audit_log")
@st.cache_data(ttl=TTL, max_entries=64)
def _history(table: str, record_id: int) -> pd.DataFrame:
    return transactions.history(connection(), table, str(record_id))


def visits_of_year(fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """The 年度's visits (in the 圏域 chosen) with their summaries, for the visits page's list: read_text."""
    access.require(auth.principal(), "read_text")
    return _visits_of_year(fiscal_year, region_id)


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=16)
def _visits_of_year(fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    return query(
        "visits_records",
        region_id=region_id,
        codes=None,
        fiscal_year=fiscal_year,
        date_from=None,
        date_to=None,
    )


def hearings_of_year(fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """The 年度's hearings (in the 圏域 chosen) with their notes, to pick one to correct: read_text."""
    access.require(auth.principal(), "read_text")
    return _hearings_of_year(fiscal_year, region_id)


@reads("readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=16)
def _hearings_of_year(fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    return query(
        "readiness_records",
        region_id=region_id,
        codes=None,
        fiscal_year=fiscal_year,
        date_from=None,
        date_to=None,
    )


def voided() -> pd.DataFrame:
    """The voided records, newest first (データ管理's list, to restore one): restore."""
    access.require(auth.principal(), "restore")
    return _voided()


@reads("voided_records")
@st.cache_data(ttl=TTL, max_entries=4)
def _voided() -> pd.DataFrame:
    return query("voided_records_list")
