"""Cached readers of the DX推進状況 page: hearing scores, 手順書 steps and the step gap, and their figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import readiness
from liaison.frozen_figure import freeze


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


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=64)
def visits_by_purpose(
    fiscal_year: int, region_id: str | None, codes: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Visits of the 年度 per purpose, and how many have a topic (and so count in the step gap)."""
    return query("visits_by_purpose", fiscal_year=fiscal_year, region_id=region_id, codes=_codes(codes))


# Figures are cached as objects (cache_resource), as in dashboard.readers.profile: unpickling a Figure re-validates it;
# frozen, so st.plotly_chart does not deep-copy them on every rerun.
@reads("readiness_assessments", "consultations", "visits")
@st.cache_resource(ttl=TTL, max_entries=64)
def step_gap_figure(fiscal_year: int, region_id: str | None, lang: str):
    return freeze(readiness.step_gap_chart(step_gap(fiscal_year, region_id, None), lang))


@reads("readiness_assessments", "consultations", "visits")
@st.cache_data(ttl=TTL, max_entries=64)
def readiness_headline(fiscal_year: int, region_id: str | None) -> readiness.Headline:
    return readiness.headline(
        readiness_heatmap(fiscal_year, region_id, None),
        step_gap(fiscal_year, region_id, None),
        visits_by_purpose(fiscal_year, region_id, None),
    )


@reads("readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=64)
def distribution_figure(fiscal_year: int, region_id: str | None, lang: str):
    distribution = readiness.score_distribution(readiness_heatmap(fiscal_year, region_id, None))
    return freeze(readiness.item_distribution_chart(distribution, lang))


@reads("readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=128)
def heatmap_figure(fiscal_year: int, region_id: str | None, sort_by: str, group_by_region: bool, lang: str):
    ordered = readiness.order_heatmap(
        readiness_heatmap(fiscal_year, region_id, None), sort_by, group_by_region
    )
    return freeze(readiness.heatmap_chart(ordered, lang, group_by_region))


@reads("readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=64)
def steps_by_region_figure(fiscal_year: int, region_id: str | None, lang: str):
    distribution = step_distribution_by_region(fiscal_year)
    if region_id is not None:
        distribution = distribution[distribution["region_id"] == region_id]
    return freeze(readiness.steps_by_region_chart(distribution, lang))


@reads("readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=64)
def readiness_changes(fiscal_year: int, region_id: str | None) -> tuple[readiness.StepChanges, pd.DataFrame]:
    """Step moves and per-item mean changes against the previous 年度 (municipalities heard in both)."""
    current = readiness_heatmap(fiscal_year, region_id, None)
    previous = readiness_heatmap(fiscal_year - 1, region_id, None)
    return readiness.step_changes(current), readiness.item_changes(current, previous)


@reads("readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=64)
def item_change_figure(fiscal_year: int, region_id: str | None, lang: str):
    return freeze(readiness.item_change_chart(readiness_changes(fiscal_year, region_id)[1], lang))
