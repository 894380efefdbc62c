"""Cached readers of the 人材支援の希望 page: the 年度's wishes, the map and the list (aggregates and the
hearing's words, which every role reads on the profile too)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import mapsvg, talent

TABLES = ("readiness_assessments", "consultations")


@reads(*TABLES)
@st.cache_data(ttl=TTL, max_entries=16)
def wishes(fiscal_year: int, as_of_day: date) -> pd.DataFrame:
    return query("talent_wishes", fiscal_year=fiscal_year, as_of=as_of_day)


@reads(*TABLES)
@st.cache_resource(ttl=TTL, max_entries=32)
def wish_picture(fiscal_year: int, as_of_day: date, lang: str, region_id: str | None):
    deck, legend = talent.wish_map(wishes(fiscal_year, as_of_day), lang, region_id)
    return mapsvg.picture(deck, talent.wish_metric().label(lang)), legend


@reads(*TABLES)
@st.cache_resource(ttl=TTL, max_entries=64)
def view(
    fiscal_year: int, as_of_day: date, region_id: str | None, lang: str, only_wanted: bool
) -> talent.TalentView:
    return talent.talent_view(wishes(fiscal_year, as_of_day), region_id, lang, only_wanted)
