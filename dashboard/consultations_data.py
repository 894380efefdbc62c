"""Cached readers for the 相談案件 page; every one names the tables it depends on."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.data import TTL, query

CONSULTATION_TABLES = ("consultations", "support_actions", "liaisons")


@reads(*CONSULTATION_TABLES)
@st.cache_data(ttl=TTL, max_entries=32)
def filtered(
    date_from: date,
    date_to: date,
    as_of_day: date,
    region_id: str | None = None,
    codes: tuple[str, ...] = (),
    field_ids: tuple[str, ...] = (),
    statuses: tuple[str, ...] = (),
    support_types: tuple[str, ...] = (),
    owner_id: str | None = None,
    text: str | None = None,
) -> pd.DataFrame:
    """Consultations matching the filters; an empty tuple or None means "no filter"."""
    return query(
        "consultations_filtered",
        date_from=date_from,
        date_to=date_to,
        as_of=as_of_day,
        region_id=region_id,
        codes=list(codes) or None,
        field_ids=list(field_ids) or None,
        statuses=list(statuses) or None,
        support_types=list(support_types) or None,
        owner_id=owner_id,
        text=text or None,
    )


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
