"""Cached readers of the 市町カルテ page: the profile view and its two charts.

The profile is aggregates (open to every role) plus the latest consultations' titles (restricted text):
`profile` hands the cached view on without those titles to anyone who may not read_text.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
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


@reads(
    "visits",
    "consultations",
    "readiness_assessments",
    "engagements",
    "engagement_participants",
    "liaisons",
    "liaison_assignments",
)
@st.cache_data(ttl=TTL, max_entries=64)
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
