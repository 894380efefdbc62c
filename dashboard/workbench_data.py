"""Cached wrappers for the 圏域 (region) and 巡回記録 (visits) pages."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import visit_coverage


@st.cache_data(ttl=TTL, max_entries=4)
def liaison_regions() -> dict[str, tuple[str, str, str]]:
    """{region_id: (name_ja, name_en, office_ja)} of the regions in the programme, in the usual order."""
    frame = query("regions_list")
    frame = frame[frame["is_liaison_region"]]
    return {row.region_id: (row.name_ja, row.name_en, row.office_ja) for row in frame.itertuples(index=False)}


@reads("visits", "consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=32)
def region_municipalities(fiscal_year: int, as_of_day: date, region_id: str | None) -> pd.DataFrame:
    return query("region_municipalities", fiscal_year=fiscal_year, as_of=as_of_day, region_id=region_id)


@reads("visits", "consultations", "support_actions", "liaisons")
@st.cache_data(ttl=TTL, max_entries=32)
def region_liaisons(fiscal_year: int, as_of_day: date, region_id: str) -> pd.DataFrame:
    return query("region_liaisons", fiscal_year=fiscal_year, as_of=as_of_day, region_id=region_id)


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=32)
def visit_coverage_by_municipality(fiscal_year: int, as_of_day: date, region_id: str | None) -> pd.DataFrame:
    return query(
        "visit_coverage_by_municipality", fiscal_year=fiscal_year, as_of=as_of_day, region_id=region_id
    )


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=32)
def visits_by_fiscal_month(fiscal_year: int, as_of_day: date, region_id: str | None) -> pd.DataFrame:
    return query("visits_by_fiscal_month", fiscal_year=fiscal_year, as_of=as_of_day, region_id=region_id)


# Display-ready views, cached per overdue N and language so a rerun only lays them out. Their tables
# are Arrow tables: st.dataframe sends those as they are instead of converting a DataFrame every rerun.
def _arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def _arrow_table(table: visit_coverage.Table) -> visit_coverage.Table:
    return dataclasses.replace(table, frame=_arrow(table.frame))


@reads("visits", "consultations", "readiness_assessments", "support_actions", "liaisons")
@st.cache_data(ttl=TTL, max_entries=64)
def region_view(
    fiscal_year: int, as_of_day: date, region_id: str, overdue_days: int, lang: str
) -> tuple[visit_coverage.RegionView, pa.Table]:
    """The region page's table and headline, and its liaisons (one cache look-up per rerun)."""
    frame = region_municipalities(fiscal_year, as_of_day, region_id)
    view = visit_coverage.region_view(frame, overdue_days, lang)
    liaisons = visit_coverage.liaison_table(region_liaisons(fiscal_year, as_of_day, region_id), lang)
    return dataclasses.replace(view, table=_arrow_table(view.table)), _arrow(liaisons)


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=64)
def coverage_view(
    fiscal_year: int, as_of_day: date, region_id: str | None, overdue_days: int, lang: str
) -> visit_coverage.CoverageView:
    coverage = visit_coverage_by_municipality(fiscal_year, as_of_day, region_id)
    view = visit_coverage.coverage_view(coverage, overdue_days, lang)
    return dataclasses.replace(view, matrix=_arrow_table(view.matrix), overdue=_arrow_table(view.overdue))


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=64)
def month_table(fiscal_year: int, as_of_day: date, region_id: str | None, lang: str) -> pa.Table:
    return _arrow(visit_coverage.month_table(visits_by_fiscal_month(fiscal_year, as_of_day, region_id), lang))


# Figures are cached as objects (cache_resource), as in dashboard/readers/profile.py: unpickling re-validates them.
@reads("visits")
@st.cache_resource(ttl=TTL, max_entries=64)
def month_chart(fiscal_year: int, as_of_day: date, region_id: str | None, lang: str):
    return visit_coverage.month_chart(visits_by_fiscal_month(fiscal_year, as_of_day, region_id), lang)
