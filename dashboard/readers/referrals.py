"""Cached readers of 関係部署 and 橋渡し (the 橋渡し page, the consultation dialog, データ管理); each names its tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import figures

REFERRAL_TABLES = ("referrals", "departments", "consultations", "municipalities")


@reads(*REFERRAL_TABLES)
@st.cache_data(ttl=TTL, max_entries=32)
def open_referrals(as_of_day: date, region_id: str | None, department_id: int | None) -> pd.DataFrame:
    """Referrals awaiting their department at the reference day, oldest first."""
    return query(
        "referrals_open",
        as_of=as_of_day,
        overdue_days=figures.REFERRAL_OVERDUE_DAYS,
        region_id=region_id,
        department_id=department_id,
    )


@reads(*REFERRAL_TABLES)
@st.cache_data(ttl=TTL, max_entries=16)
def by_department(as_of_day: date, region_id: str | None) -> pd.DataFrame:
    """Per department: referrals made, awaiting, overdue, each outcome, median days to an answer."""
    return query(
        "referrals_by_department",
        as_of=as_of_day,
        overdue_days=figures.REFERRAL_OVERDUE_DAYS,
        region_id=region_id,
    )


@reads("referrals", "departments")
@st.cache_data(ttl=TTL, max_entries=64)
def for_consultation(consultation_id: int, as_of_day: date) -> pd.DataFrame:
    """One consultation's referrals, with their department and whether each is overdue."""
    return query(
        "referrals_by_consultation",
        consultation_id=consultation_id,
        as_of=as_of_day,
        overdue_days=figures.REFERRAL_OVERDUE_DAYS,
    )


@reads("departments", "referrals")
@st.cache_data(ttl=TTL, max_entries=4)
def departments() -> pd.DataFrame:
    """Every department, in use first, with its referral counts."""
    return query("departments_list")
