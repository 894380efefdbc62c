"""Cached readers of the 事例紹介 panel: a municipality's consultation fields and the ranked similar cases.

The panel-facing views are cached whole with st.cache_resource (no copy per rerun): the panel only reads them.
The similar cases name consultations by their titles (restricted text): `similar_cases` and `matcher_view`
check read_text before their cached functions answer. The field choices are counts, open to everyone.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import access, matcher


@reads("consultations")
@st.cache_data(ttl=TTL, max_entries=64)
def consultation_fields(code: str) -> pd.DataFrame:
    return query("consultation_fields_by_municipality", code=code)


@reads("consultations")
@st.cache_resource(ttl=TTL, max_entries=64)
def field_choices(code: str, lang: str) -> matcher.FieldChoices:
    return matcher.field_choices(consultation_fields(code), lang)


def similar_cases(code: str, field_id: str, fiscal_year: int, limit: int = 5) -> pd.DataFrame:
    """The ranked similar cases with their titles: read_text."""
    access.require(auth.principal(), "read_text")
    return _similar_cases(code, field_id, fiscal_year, limit)


@reads("consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=128)
def _similar_cases(code: str, field_id: str, fiscal_year: int, limit: int = 5) -> pd.DataFrame:
    candidates = query("similar_case_candidates", code=code, field_id=field_id, fiscal_year=fiscal_year)
    return matcher.rank_candidates(candidates, field_id=field_id, limit=limit)


def matcher_view(code: str, field_id: str, fiscal_year: int, lang: str) -> matcher.MatcherView:
    """The 事例紹介 panel's table and caption, display-ready: read_text."""
    access.require(auth.principal(), "read_text")
    return _matcher_view(code, field_id, fiscal_year, lang)


@reads("consultations", "readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=128)
def _matcher_view(code: str, field_id: str, fiscal_year: int, lang: str) -> matcher.MatcherView:
    return matcher.matcher_view(_similar_cases(code, field_id, fiscal_year), field_id, lang)
