"""Cached readers of the 巡回記録 page: visit coverage per municipality × department, visits month by month.

Display-ready views are cached per overdue N and language so a rerun only lays them out. Their tables are
Arrow tables: st.dataframe sends those as they are instead of converting a DataFrame every rerun (the 圏域
readers use the same `arrow` helpers).
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import visits


def arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def arrow_table(table: visits.Table) -> visits.Table:
    return dataclasses.replace(table, frame=arrow(table.frame))


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


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=64)
def coverage_view(
    fiscal_year: int, as_of_day: date, region_id: str | None, overdue_days: int, lang: str
) -> visits.CoverageView:
    coverage = visit_coverage_by_municipality(fiscal_year, as_of_day, region_id)
    view = visits.coverage_view(coverage, overdue_days, lang)
    return dataclasses.replace(view, matrix=arrow_table(view.matrix), overdue=arrow_table(view.overdue))


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=64)
def month_table(fiscal_year: int, as_of_day: date, region_id: str | None, lang: str) -> pa.Table:
    return arrow(visits.month_table(visits_by_fiscal_month(fiscal_year, as_of_day, region_id), lang))


# Figures are cached as objects (cache_resource), as in dashboard/readers/profile.py: unpickling re-validates them.
@reads("visits")
@st.cache_resource(ttl=TTL, max_entries=64)
def month_chart(fiscal_year: int, as_of_day: date, region_id: str | None, lang: str):
    return visits.month_chart(visits_by_fiscal_month(fiscal_year, as_of_day, region_id), lang)
