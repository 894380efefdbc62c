"""Cached readers of the トップ層・情報提供 page: engagements, relationship levels, LoGoチャット pushes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import access, mapdeck, mapsvg, relations
from liaison.frozen_figure import freeze


@reads("engagements", "engagement_participants")
@st.cache_data(ttl=TTL, max_entries=64)
def engagements_timeline(fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """The 年度's engagements with their participants in scope."""
    return query("engagements_timeline", fiscal_year=fiscal_year, region_id=region_id)


# Figures and the prebuilt deck are cached as objects (cache_resource), as in dashboard.readers.readiness.
@reads("engagements", "engagement_participants")
@st.cache_resource(ttl=TTL, max_entries=128)
def timeline_figure(fiscal_year: int, region_id: str | None, kinds: tuple[str, ...], lang: str):
    frame = engagements_timeline(fiscal_year, region_id)
    return freeze(relations.timeline_chart(frame[frame["kind"].isin(kinds)], lang))


@reads("engagements", "engagement_participants", "visits")
@st.cache_data(ttl=TTL, max_entries=16)
def relationship_levels(fiscal_year: int) -> pd.DataFrame:
    """Every municipality's relationship level with its top for the 年度 (0 none, 1 executives, 2 mayor)."""
    return query("relationship_levels", fiscal_year=fiscal_year)


@reads("engagements", "engagement_participants", "visits", "chat_pushes", "chat_push_recipients")
@st.cache_data(ttl=TTL, max_entries=64)
def relations_headline(fiscal_year: int, region_id: str | None) -> relations.Headline:
    return relations.headline(
        relationship_levels(fiscal_year),
        engagements_timeline(fiscal_year, region_id),
        chat_pushes_log(fiscal_year, region_id, None),
        region_id,
    )


# A picture is immutable: kept as an object (cache_resource) so reruns do not unpickle 60 KB.
@reads("engagements", "engagement_participants", "visits")
@st.cache_resource(ttl=TTL, max_entries=64)
def relationship_picture(
    fiscal_year: int, lang: str, region_id: str | None
) -> tuple[mapsvg.MapPicture, list[mapdeck.LegendEntry]]:
    """The relationship map, drawn once per (year, language, region)."""
    deck, legend = relations.relationship_map(relationship_levels(fiscal_year), lang, region_id)
    return mapsvg.picture(deck, relations.relationship_metric().label(lang)), legend


@reads("chat_pushes", "chat_push_recipients")
@st.cache_data(ttl=TTL, max_entries=64)
def chat_pushes_by_field(fiscal_year: int, region_id: str | None) -> pd.DataFrame:
    """Per DX field: the 年度's pushes and how many municipalities in scope they reached."""
    return query("chat_pushes_by_field", fiscal_year=fiscal_year, region_id=region_id)


@reads("chat_pushes", "chat_push_recipients")
@st.cache_data(ttl=TTL, max_entries=128)
def chat_pushes_log(fiscal_year: int, region_id: str | None, field_id: str | None) -> pd.DataFrame:
    """The 年度's pushes (optionally one field), newest first, with their reach in scope."""
    return query("chat_pushes_log", fiscal_year=fiscal_year, region_id=region_id, field_id=field_id)


@reads("chat_pushes", "chat_push_recipients")
@st.cache_resource(ttl=TTL, max_entries=128)
def pushes_figure(fiscal_year: int, region_id: str | None, field_id: str | None, lang: str):
    return freeze(
        relations.pushes_by_field_chart(chat_pushes_by_field(fiscal_year, region_id), lang, field_id)
    )


def followups(region_id: str | None, as_of) -> pd.DataFrame:
    """Every follow-up of the engagements in scope (of any 年度), open ones first, overdue on `as_of` flagged.

    What was promised is restricted text (read_text)."""
    access.require(auth.principal(), "read_text")
    return _followups(region_id, as_of)


@reads("engagement_followups", "engagements", "engagement_participants")
@st.cache_data(ttl=TTL, max_entries=64)
def _followups(region_id: str | None, as_of) -> pd.DataFrame:
    return query("relations_followups", region_id=region_id, as_of=as_of)
