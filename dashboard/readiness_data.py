"""Cached wrappers for the readiness (DX推進状況) and top-management (トップ層・情報提供) pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.data import TTL, query


def _codes(codes: tuple[str, ...] | None) -> list[str] | None:
    """A hashable tuple from the caller becomes the `varchar[]` list the query binds; None = all."""
    return None if codes is None else list(codes)


@reads("readiness_assessments", "consultations", "visits")
@st.cache_data(ttl=TTL, max_entries=64)
def step_gap(fiscal_year: int, region_id: str | None, codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Four rows (steps 0–3): municipalities at the step against consultations and visits on its topics."""
    return query("step_gap", fiscal_year=fiscal_year, region_id=region_id, codes=_codes(codes))


@reads("readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=64)
def readiness_heatmap(
    fiscal_year: int, region_id: str | None, codes: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """One row per liaison-target municipality: the 年度's eight scores, step and mean, and last year's."""
    return query("readiness_heatmap", fiscal_year=fiscal_year, region_id=region_id, codes=_codes(codes))


@reads("readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=16)
def step_distribution_by_region(fiscal_year: int) -> pd.DataFrame:
    """Municipalities per (region, step or not yet heard) for the 年度."""
    return query("step_distribution_by_region", fiscal_year=fiscal_year)
