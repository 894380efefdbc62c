"""Cached readers of 発表モード: the deck of a scope, built once per (scope, 年度, language, metric).

The deck quotes consultations and is exported as a file: restricted (seminar_deck), checked before the
cached slides are handed out.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, connection, store_meta
from liaison import access, mapsvg, seminar, store
from liaison import map as map_builders

TABLES = (
    "visits",
    "consultations",
    "readiness_assessments",
    "engagements",
    "engagement_participants",
    "liaisons",
    "liaison_assignments",
)


def slides(
    kind: str,
    region_id: str | None,
    codes: tuple[str, ...],
    fiscal_year: int,
    as_of_day: date,
    lang: str,
    metric: str = map_builders.DEFAULT_METRIC,
) -> list[seminar.Slide]:
    """Every slide of the deck for a scope (seminar_deck)."""
    access.require(auth.principal(), "seminar_deck")
    return _slides(kind, region_id, codes, fiscal_year, as_of_day, lang, metric)


def map_picture(
    kind: str,
    region_id: str | None,
    codes: tuple[str, ...],
    fiscal_year: int,
    as_of_day: date,
    lang: str,
    metric: str = map_builders.DEFAULT_METRIC,
) -> mapsvg.MapPicture:
    """The map slide's map, drawn once (seminar_deck)."""
    access.require(auth.principal(), "seminar_deck")
    return _map_picture(kind, region_id, codes, fiscal_year, as_of_day, lang, metric)


# Slides hold plotly figures and a pydeck deck: cached as objects (cache_resource), as
# dashboard.readers.profile.readiness_radar does, because unpickling a figure re-validates it. Pages and
# exports only read them.
@reads(*TABLES)
@st.cache_resource(ttl=TTL, max_entries=16)
def _slides(
    kind: str,
    region_id: str | None,
    codes: tuple[str, ...],
    fiscal_year: int,
    as_of_day: date,
    lang: str,
    metric: str = map_builders.DEFAULT_METRIC,
) -> list[seminar.Slide]:
    """Every slide of the deck for a scope: the deck's named queries (liaison.seminar.load_frames, one list
    for this reader and the benchmark) run on the app's connection, their frames handed to the builder."""
    scope = seminar.Scope(
        kind=kind,
        region_id=region_id,
        codes=codes,
        fiscal_year=fiscal_year,
        as_of=as_of_day,
        lang=lang,
        metric=metric,
    )
    frames = seminar.load_frames(connection(), scope, is_demo=store.is_demo(store_meta()))
    return seminar.build_slides(frames, scope)


@reads(*TABLES)
@st.cache_resource(ttl=TTL, max_entries=16)
def _map_picture(
    kind: str,
    region_id: str | None,
    codes: tuple[str, ...],
    fiscal_year: int,
    as_of_day: date,
    lang: str,
    metric: str = map_builders.DEFAULT_METRIC,
) -> mapsvg.MapPicture:
    built = _slides(kind, region_id, codes, fiscal_year, as_of_day, lang, metric)
    slide = next(slide for slide in built if slide.key == "map")
    return mapsvg.picture(slide.deck, map_builders.get(metric).label(lang))
