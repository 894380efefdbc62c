"""Cached readers of the 県内マップ page: the metrics per municipality, the headline tiles, the deck."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import map as map_builders
from liaison import mapdeck, mapsvg


@reads("visits", "consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=32)
def municipality_metrics(fiscal_year: int, as_of_day: date) -> pd.DataFrame:
    return query("municipality_metrics", fiscal_year=fiscal_year, as_of=as_of_day)


@reads("visits", "consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=256)
def municipality_figures(fiscal_year: int, as_of_day: date, code: str) -> dict:
    """One municipality's row of municipality_metrics as a dict (the profile's figure tiles)."""
    frame = municipality_metrics(fiscal_year, as_of_day)
    return frame.loc[frame["code"] == code].iloc[0].to_dict()


@reads("visits", "consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=64)
def headline(fiscal_year: int, as_of_day: date, region_id: str | None) -> map_builders.Kpis:
    return map_builders.summarize(municipality_metrics(fiscal_year, as_of_day), region_id)


@reads("visits", "consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=64)
def map_picture(
    fiscal_year: int,
    as_of_day: date,
    metric_key: str,
    lang: str,
    region_id: str | None,
    by: str = mapdeck.BY_MUNICIPALITY,
) -> tuple[mapsvg.MapPicture, list[mapdeck.LegendEntry]]:
    """The map (coloured per municipality or per 圏域), drawn once per (year, metric, language, region, by)."""
    frame = municipality_metrics(fiscal_year, as_of_day)
    metric = map_builders.get(metric_key)
    deck, legend = mapdeck.build_map(frame, metric, lang, region_id, by=by)
    return mapsvg.picture(deck, metric.label(lang)), legend
