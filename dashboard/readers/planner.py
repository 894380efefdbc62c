"""Cached readers of the 次回訪問プランナー page: the active liaisons, the raw factors, the ranked plan.

The page-facing views are cached whole with st.cache_resource (no copy per rerun, as the profile's
figures): pages only read them.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import planner

PLANNER_TABLES = (
    "visits",
    "consultations",
    "readiness_assessments",
    "engagements",
    "engagement_participants",
    "liaisons",
    "liaison_assignments",
)


@reads("liaisons", "liaison_assignments")
@st.cache_data(ttl=TTL, max_entries=4)
def active_liaisons() -> pd.DataFrame:
    people = query("liaisons_list")
    return people[people["is_active"]].reset_index(drop=True)


@reads("liaisons", "liaison_assignments")
@st.cache_resource(ttl=TTL, max_entries=4)
def liaison_choices(lang: str) -> planner.LiaisonChoices:
    return planner.liaison_choices(active_liaisons(), lang)


@reads(*PLANNER_TABLES)
@st.cache_data(ttl=TTL, max_entries=64)
def visit_factors(
    fiscal_year: int, as_of_day: date, region_id: str | None, liaison_id: str | None
) -> pd.DataFrame:
    return query(
        "visit_priority_factors",
        fiscal_year=fiscal_year,
        as_of=as_of_day,
        region_id=region_id,
        liaison_id=liaison_id,
        codes=None,
        ageing_days=planner.AGEING_DAYS,
    )


@reads(*PLANNER_TABLES)
@st.cache_data(ttl=TTL, max_entries=128)
def next_visits(
    fiscal_year: int, as_of_day: date, region_id: str | None, liaison_id: str | None, overdue_days: int
) -> pd.DataFrame:
    """The ranked plan; changing only the overdue threshold re-scores without re-querying."""
    factors = visit_factors(fiscal_year, as_of_day, region_id, liaison_id)
    return planner.score_factors(factors, overdue_days=overdue_days)


@reads(*PLANNER_TABLES)
@st.cache_resource(ttl=TTL, max_entries=128)
def plan(
    fiscal_year: int,
    as_of_day: date,
    region_id: str | None,
    liaison_id: str | None,
    overdue_days: int,
    lang: str,
) -> planner.PlannerView:
    """The planner page's table and tiles, display-ready."""
    ranked = next_visits(fiscal_year, as_of_day, region_id, liaison_id, overdue_days)
    return planner.planner_view(ranked, lang)
