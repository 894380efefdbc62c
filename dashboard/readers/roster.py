"""Cached readers of the リエゾン名簿 page: the people, one person's assignments and open consultations."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import access


@reads("liaisons", "liaison_assignments", "consultations")
@st.cache_data(ttl=TTL, max_entries=4)
def people() -> pd.DataFrame:
    return query("roster_people")


@reads("liaison_assignments")
@st.cache_data(ttl=TTL, max_entries=64)
def assignments(liaison_id: str) -> pd.DataFrame:
    return query("roster_assignments", liaison_id=liaison_id)


def open_consultations(liaison_id: str) -> pd.DataFrame:
    """The person's open consultations by title (restricted text: read_text)."""
    access.require(auth.principal(), "read_text")
    return _open_consultations(liaison_id)


@reads("consultations")
@st.cache_data(ttl=TTL, max_entries=64)
def _open_consultations(liaison_id: str) -> pd.DataFrame:
    return query("roster_open_consultations", liaison_id=liaison_id)
