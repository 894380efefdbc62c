"""Cached wrappers for the readiness (DX推進状況) and top-management (トップ層・情報提供) pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import mapdeck, readiness_charts, relations_charts
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
    return freeze(readiness_charts.step_gap_chart(step_gap(fiscal_year, region_id, None), lang))


@reads("readiness_assessments", "consultations", "visits")
@st.cache_data(ttl=TTL, max_entries=64)
def readiness_headline(fiscal_year: int, region_id: str | None) -> readiness_charts.Headline:
    return readiness_charts.headline(
        readiness_heatmap(fiscal_year, region_id, None),
        step_gap(fiscal_year, region_id, None),
        visits_by_purpose(fiscal_year, region_id, None),
    )


@reads("readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=64)
def distribution_figure(fiscal_year: int, region_id: str | None, lang: str):
    distribution = readiness_charts.score_distribution(readiness_heatmap(fiscal_year, region_id, None))
    return freeze(readiness_charts.item_distribution_chart(distribution, lang))


@reads("readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=128)
def heatmap_figure(fiscal_year: int, region_id: str | None, sort_by: str, group_by_region: bool, lang: str):
    ordered = readiness_charts.order_heatmap(
        readiness_heatmap(fiscal_year, region_id, None), sort_by, group_by_region
    )
    return freeze(readiness_charts.heatmap_chart(ordered, lang, group_by_region))


@reads("readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=64)
def steps_by_region_figure(fiscal_year: int, region_id: str | None, lang: str):
    distribution = step_distribution_by_region(fiscal_year)
    if region_id is not None:
        distribution = distribution[distribution["region_id"] == region_id]
    return freeze(readiness_charts.steps_by_region_chart(distribution, lang))


@reads("readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=64)
def readiness_changes(
    fiscal_year: int, region_id: str | None
) -> tuple[readiness_charts.StepChanges, pd.DataFrame]:
    """Step moves and per-item mean changes against the previous 年度 (municipalities heard in both)."""
    current = readiness_heatmap(fiscal_year, region_id, None)
    previous = readiness_heatmap(fiscal_year - 1, region_id, None)
    return readiness_charts.step_changes(current), readiness_charts.item_changes(current, previous)


@reads("readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=64)
def item_change_figure(fiscal_year: int, region_id: str | None, lang: str):
    return freeze(readiness_charts.item_change_chart(readiness_changes(fiscal_year, region_id)[1], lang))


# --------------------------------------------------------------------------- トップ層・情報提供


@reads("engagements", "engagement_participants")
@st.cache_data(ttl=TTL, max_entries=64)
def engagements_timeline(fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """The 年度's engagements with their participants in scope."""
    return query("engagements_timeline", fiscal_year=fiscal_year, region_id=region_id)


@reads("engagements", "engagement_participants")
@st.cache_resource(ttl=TTL, max_entries=128)
def timeline_figure(fiscal_year: int, region_id: str | None, kinds: tuple[str, ...], lang: str):
    frame = engagements_timeline(fiscal_year, region_id)
    return freeze(relations_charts.timeline_chart(frame[frame["kind"].isin(kinds)], lang))


@reads("engagements", "engagement_participants", "visits")
@st.cache_data(ttl=TTL, max_entries=16)
def relationship_levels(fiscal_year: int) -> pd.DataFrame:
    """Every municipality's relationship level with its top for the 年度 (0 none, 1 executives, 2 mayor)."""
    return query("relationship_levels", fiscal_year=fiscal_year)


@reads("engagements", "engagement_participants", "visits", "chat_pushes", "chat_push_recipients")
@st.cache_data(ttl=TTL, max_entries=64)
def relations_headline(fiscal_year: int, region_id: str | None) -> relations_charts.Headline:
    return relations_charts.headline(
        relationship_levels(fiscal_year),
        engagements_timeline(fiscal_year, region_id),
        chat_pushes_log(fiscal_year, region_id, None),
        region_id,
    )


# A prebuilt deck is immutable: kept as an object (cache_resource) so reruns do not unpickle 100 KB.
@reads("engagements", "engagement_participants", "visits")
@st.cache_resource(ttl=TTL, max_entries=64)
def relationship_deck(
    fiscal_year: int, lang: str, region_id: str | None
) -> tuple[mapdeck.PrebuiltDeck, list[mapdeck.LegendEntry]]:
    """The relationship map, serialised once per (year, language, region)."""
    deck, legend = relations_charts.relationship_map(relationship_levels(fiscal_year), lang, region_id)
    return mapdeck.prebuild(deck), legend


@reads("chat_pushes", "chat_push_recipients")
@st.cache_data(ttl=TTL, max_entries=64)
def chat_pushes_by_field(fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """Per DX field: the 年度's pushes and how many municipalities in scope they reached."""
    return query("chat_pushes_by_field", fiscal_year=fiscal_year, region_id=region_id)


@reads("chat_pushes", "chat_push_recipients")
@st.cache_data(ttl=TTL, max_entries=128)
def chat_pushes_log(fiscal_year: int, region_id: str | None, field_id: str | None) -> pd.DataFrame:
    """The 年度's pushes (optionally one field), newest first, with their reach in scope."""
    return query("chat_pushes_log", fiscal_year=fiscal_year, region_id=region_id, field_id=field_id)


@reads("chat_pushes", "chat_push_recipients")
@st.cache_resource(ttl=TTL, max_entries=128)
def pushes_figure(fiscal_year: int, region_id: str | None, field_id: str | None, lang: str):
    return freeze(
        relations_charts.pushes_by_field_chart(chat_pushes_by_field(fiscal_year, region_id), lang, field_id)
    )
