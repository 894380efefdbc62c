"""Cached wrappers for the visit planner and the 事例紹介 matcher.

The page-facing views are cached whole with st.cache_resource (no copy per rerun, as the profile's
figures): pages only read them.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, connection, query
from liaison import matcher, planner, planner_view

PLANNER_TABLES = (
    "visits",
    "consultations",
    "readiness_assessments",
    "engagements",
    "engagement_participants",
    "liaisons",
)


@reads("liaisons")
@st.cache_data(ttl=TTL, max_entries=4)
def active_liaisons() -> pd.DataFrame:
    people = query("liaisons_list")
    return people[people["is_active"]].reset_index(drop=True)


@reads("liaisons")
@st.cache_resource(ttl=TTL, max_entries=4)
def liaison_choices(lang: str) -> planner_view.LiaisonChoices:
    return planner_view.liaison_choices(active_liaisons(), lang)


@reads(*PLANNER_TABLES)
@st.cache_data(ttl=TTL, max_entries=64)
def visit_factors(
    fiscal_year: int, as_of_day: date, region_id: str | None, liaison_id: str | None
) -> pd.DataFrame:
    return planner.visit_priority_factors(
        connection(), fiscal_year=fiscal_year, as_of=as_of_day, region_id=region_id, liaison_id=liaison_id
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
) -> planner_view.PlannerView:
    """The planner page's table and tiles, display-ready."""
    ranked = next_visits(fiscal_year, as_of_day, region_id, liaison_id, overdue_days)
    return planner_view.planner_view(ranked, lang)


@reads("consultations")
@st.cache_data(ttl=TTL, max_entries=64)
def consultation_fields(code: str) -> pd.DataFrame:
    return query("consultation_fields_by_municipality", code=code)


@reads("consultations")
@st.cache_resource(ttl=TTL, max_entries=64)
def field_choices(code: str, lang: str) -> planner_view.FieldChoices:
    return planner_view.field_choices(consultation_fields(code), lang)


@reads("consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=128)
def similar_cases(code: str, field_id: str, fiscal_year: int, limit: int = 5) -> pd.DataFrame:
    candidates = query("similar_case_candidates", code=code, field_id=field_id, fiscal_year=fiscal_year)
    return matcher.rank_candidates(candidates, field_id=field_id, limit=limit)


@reads("consultations", "readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=128)
def matcher_view(code: str, field_id: str, fiscal_year: int, lang: str) -> planner_view.MatcherView:
    """The 事例紹介 panel's table and caption, display-ready."""
    return planner_view.matcher_view(similar_cases(code, field_id, fiscal_year), field_id, lang)
