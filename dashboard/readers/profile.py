"""Cached readers of the 市町カルテ page: the profile view and its two charts.

The profile is aggregates (open to every role) plus the latest consultations' titles (restricted text):
`profile` hands the cached view on without those titles to anyone who may not read_text.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import access
from liaison import profile as profile_builders
from liaison.frozen_figure import freeze


# Only profile() reads these four; it caches the whole view, so they are not cached again.
def municipality_profile(code: str) -> pd.DataFrame:
    return query("municipality_profile", code=code)


def liaisons_by_region(region_id: str) -> pd.DataFrame:
    return query("liaisons_by_region", region_id=region_id)


@reads("readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=64)
def readiness_by_item(code: str, fiscal_year: int) -> pd.DataFrame:
    return query("readiness_by_item", code=code, fiscal_year=fiscal_year)


def consultations_latest(code: str, limit: int = 10) -> pd.DataFrame:
    return query("consultations_latest", code=code, limit=limit)


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=64)
def visits_by_month(code: str) -> pd.DataFrame:
    return query("visits_by_month", code=code)


def engagements_by_municipality(code: str) -> pd.DataFrame:
    return query("engagements_by_municipality", code=code)


# Figures are cached as objects (cache_resource): unpickling a plotly Figure re-validates it,
# which costs more than building it. st.plotly_chart only reads them.
@reads("readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=64)
def readiness_radar(code: str, fiscal_year: int, lang: str):
    return freeze(profile_builders.readiness_radar(readiness_by_item(code, fiscal_year), fiscal_year, lang))


@reads("visits")
@st.cache_resource(ttl=TTL, max_entries=64)
def visits_chart(code: str, lang: str):
    return freeze(profile_builders.visits_by_month(visits_by_month(code), lang))


PROFILE_TABLES = (
    "visits",
    "consultations",
    "readiness_assessments",
    "engagements",
    "engagement_participants",
    "liaisons",
    "liaison_assignments",
)


# The view is cached as an object (cache_resource), not pickled: unpickling its three frames on every
# rerun was a fifth of the page's rerun cost. Nothing changes a view after it is built (the page only
# reads it; profile() replaces a field on a copy).
@reads(*PROFILE_TABLES)
@st.cache_resource(ttl=TTL, max_entries=64)
def _profile(code: str, fiscal_year: int, lang: str) -> profile_builders.ProfileView:
    frame = municipality_profile(code)
    return profile_builders.build(
        frame,
        readiness_by_item(code, fiscal_year),
        liaisons_by_region(frame.loc[0, "region_id"]),
        consultations_latest(code, 10),
        visits_by_month(code),
        engagements_by_municipality(code),
        fiscal_year,
        lang,
    )


def profile(code: str, fiscal_year: int, lang: str) -> profile_builders.ProfileView:
    """Everything the profile page shows except its charts; the consultation titles only with read_text."""
    view = _profile(code, fiscal_year, lang)
    if access.can(auth.principal(), "read_text"):
        return view
    return dataclasses.replace(view, latest=view.latest.iloc[0:0])


# st.dataframe converts a pandas frame to Arrow on every rerun (pyarrow's pandas conversion is the
# larger part of a small table's cost); the profile's two tables are converted once per cached view.
@reads(*PROFILE_TABLES)
@st.cache_resource(ttl=TTL, max_entries=64)
def _tables(code: str, fiscal_year: int, lang: str) -> dict[str, pa.Table]:
    view = _profile(code, fiscal_year, lang)
    return {
        "latest": pa.Table.from_pandas(view.latest, preserve_index=False),
        "engagements": pa.Table.from_pandas(view.engagements, preserve_index=False),
    }


def table(code: str, fiscal_year: int, lang: str, name: str) -> pa.Table:
    """The profile's table `name` ("latest", "engagements") as Arrow; "latest" (titles) only with read_text."""
    if name == "latest" and not access.can(auth.principal(), "read_text"):
        raise access.PermissionDenied(auth.principal(), "相談の件名を表示")
    return _tables(code, fiscal_year, lang)[name]
