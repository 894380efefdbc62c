"""Cached readers of corrections (修正と取り消し): a record's history, the records to pick, the voided ones.

The record an edit form starts from is read uncached by the write API (corrections.stored): one row by
its id, and always as stored right now.

History (before/after JSON), the visit summaries and hearing notes in the lists and the voided records
are restricted: each public function checks the logged-in person's permission before its cached one runs.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, connection, query
from dashboard.readers import consultations as consultations_readers
from liaison import access
from liaison.forms import field_label
from liaison.i18n import t, term
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
    return query("visits_of_year", fiscal_year=fiscal_year, region_id=region_id)


def visits_list_table(fiscal_year: int, region_id: str | None, lang: str) -> pa.Table:
    """The visits page's list of the 年度's visits, newest first, as shown (Arrow): read_text."""
    access.require(auth.principal(), "read_text")
    return _visits_list_table(fiscal_year, region_id, lang)


# Built once per (年度, 圏域, language) and kept as an object: at the large scale the list has tens of
# thousands of rows, and rebuilding and converting it on every rerun was most of the page's rerun
# time and its largest share of the peak memory (bench/).
@reads("visits", "liaisons", "liaison_assignments")
@st.cache_resource(ttl=TTL, max_entries=16)
def _visits_list_table(fiscal_year: int, region_id: str | None, lang: str) -> pa.Table:
    visits = _visits_of_year(fiscal_year, region_id)
    names = consultations_readers.history_names(lang)
    shown = pd.DataFrame(
        {
            "visit_id": visits["visit_id"],
            t("corrections_col_id", lang): visits["visit_id"],
            field_label("visits", "visited_on", lang): visits["visited_on"],
            field_label("visits", "municipality_code", lang): visits["municipality_code"].map(
                names["municipalities"]
            ),
            field_label("visits", "department", lang): [
                term("visits", "department", d, lang) for d in visits["department"]
            ],
            field_label("visits", "purpose", lang): [
                term("visits", "purpose", p, lang) for p in visits["purpose"]
            ],
            field_label("visits", "liaison_id", lang): visits["liaison_id"].map(names["liaisons"]),
            field_label("visits", "summary", lang): visits["summary"],
        }
    ).sort_values(field_label("visits", "visited_on", lang), ascending=False)
    return pa.Table.from_pandas(shown, preserve_index=False)


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
