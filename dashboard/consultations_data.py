"""Cached readers for the 相談案件 page; every one names the tables it depends on."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.data import TTL, query
from liaison import consultations_view
from liaison.consultations_view import Filters

CONSULTATION_TABLES = ("consultations", "support_actions", "liaisons")


def filtered(filters: Filters, as_of_day: date, date_from: date | None = None) -> pd.DataFrame:
    """Consultations matching the filters (uncached: the view below caches what the page needs)."""
    return query(
        "consultations_filtered",
        date_from=date_from or filters.date_from,
        date_to=filters.date_to,
        as_of=as_of_day,
        region_id=filters.region_id,
        codes=list(filters.codes) or None,
        field_ids=list(filters.field_ids) or None,
        statuses=list(filters.statuses) or None,
        support_types=list(filters.support_types) or None,
        owner_id=filters.owner_id,
        text=filters.text or None,
    )


# A cache_resource: the view holds frozen figures and is only read, so it is not copied per rerun.
@reads(*CONSULTATION_TABLES)
@st.cache_resource(ttl=TTL, max_entries=16)
def view(filters: Filters, as_of_day: date, lang: str) -> consultations_view.ConsultationsView:
    return consultations_view.build(
        filtered(filters, as_of_day, filters.trend_from), filters, as_of_day, lang
    )


def export(filters: Filters, as_of_day: date) -> pd.DataFrame:
    """Every matching row in the export layout; called only when a download is clicked."""
    return consultations_view.export_frame(filtered(filters, as_of_day))


@reads(*CONSULTATION_TABLES)
@st.cache_data(ttl=TTL, max_entries=64)
def detail(consultation_id: int) -> pd.DataFrame:
    return query("consultation_detail", consultation_id=consultation_id)


@reads("support_actions", "liaisons")
@st.cache_data(ttl=TTL, max_entries=64)
def support_actions(consultation_id: int) -> pd.DataFrame:
    return query("support_actions_by_consultation", consultation_id=consultation_id)


@reads("liaisons")
@st.cache_data(ttl=TTL, max_entries=4)
def liaisons() -> pd.DataFrame:
    return query("liaisons_list")


@st.cache_data(ttl=TTL, max_entries=4)
def fields() -> pd.DataFrame:
    return query("dx_fields_list")


@reads("audit_log", "support_actions", "consultations")
@st.cache_data(ttl=TTL, max_entries=64)
def history(consultation_id: int) -> pd.DataFrame:
    """The audit trail of one consultation and of the support actions recorded on it, oldest first."""
    return query("consultation_history", consultation_id=consultation_id)
