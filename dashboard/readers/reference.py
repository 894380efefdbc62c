"""Cached readers of the reference data every page shares: 年度 with records, regions, municipalities."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison.i18n import localized


@reads("visits", "consultations", "readiness_assessments", "engagements")
@st.cache_data(ttl=TTL, max_entries=4)
def fiscal_years() -> list[int]:
    return [int(y) for y in query("fiscal_years")["fiscal_year"]]


@st.cache_data(ttl=TTL, max_entries=4)
def regions() -> pd.DataFrame:
    return query("regions_list")


@st.cache_data(ttl=TTL, max_entries=4)
def municipalities() -> pd.DataFrame:
    return query("municipalities_by_region", region_id=None)


@st.cache_data(ttl=TTL, max_entries=16)
def target_labels(region_id: str | None, lang: str = "ja") -> dict[str, str]:
    """Municipalities in the programme (optionally one region's): code → name, for pickers."""
    munis = municipalities()
    munis = munis[munis["is_liaison_target"]]
    if region_id:
        munis = munis[munis["region_id"] == region_id]
    return dict(zip(munis["code"], munis[localized("name", lang)], strict=True))


@st.cache_data(ttl=TTL, max_entries=4)
def region_labels(lang: str = "ja") -> dict[str, str]:
    """The liaison regions (not 神戸): region_id → name, in the prefecture's order."""
    frame = regions()
    frame = frame[frame["is_liaison_region"]]
    return dict(zip(frame["region_id"], frame[localized("name", lang)], strict=True))


@st.cache_data(ttl=TTL, max_entries=4)
def municipality_codes() -> frozenset[str]:
    return frozenset(municipalities()["code"])
