"""Cached readers of the 圏域 page: the programme's regions, one region's municipalities and liaisons."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, query
from dashboard.readers import reference
from dashboard.readers.visits import arrow, arrow_table
from liaison import region


@st.cache_data(ttl=TTL, max_entries=4)
def liaison_regions() -> dict[str, tuple[str, str, str]]:
    """{region_id: (name_ja, name_en, office_ja)} of the regions in the programme, in the usual order."""
    frame = reference.regions()
    frame = frame[frame["is_liaison_region"]]
    return {row.region_id: (row.name_ja, row.name_en, row.office_ja) for row in frame.itertuples(index=False)}


@reads("visits", "consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=32)
def region_municipalities(fiscal_year: int, as_of_day: date, region_id: str | None) -> pd.DataFrame:
    return query("region_municipalities", fiscal_year=fiscal_year, as_of=as_of_day, region_id=region_id)


@reads("visits", "consultations", "support_actions", "liaisons", "liaison_assignments")
@st.cache_data(ttl=TTL, max_entries=32)
def region_liaisons(fiscal_year: int, as_of_day: date, region_id: str) -> pd.DataFrame:
    return query("region_liaisons", fiscal_year=fiscal_year, as_of=as_of_day, region_id=region_id)


@reads(
    "visits", "consultations", "readiness_assessments", "support_actions", "liaisons", "liaison_assignments"
)
@st.cache_data(ttl=TTL, max_entries=64)
def region_view(
    fiscal_year: int, as_of_day: date, region_id: str, overdue_days: int, lang: str
) -> tuple[region.RegionView, pa.Table]:
    """The region page's table and headline, and its liaisons (one cache look-up per rerun)."""
    frame = region_municipalities(fiscal_year, as_of_day, region_id)
    view = region.region_view(frame, overdue_days, lang)
    liaisons = region.liaison_table(region_liaisons(fiscal_year, as_of_day, region_id), lang)
    return dataclasses.replace(view, table=arrow_table(view.table)), arrow(liaisons)
