"""Cached readers of the 対話の組み立て page: the ranked group suggestions of a 年度 (aggregates only)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, connection
from liaison import access, dialogue, geography

TABLES = ("consultations", "readiness_assessments", "engagements", "engagement_participants", "visits")


@reads(*TABLES)
@st.cache_resource(ttl=TTL, max_entries=32)
def _suggestions(
    fiscal_year: int, as_of_day: date, region_id: str | None, sizes: tuple[int, ...], lang: str
) -> list[dialogue.Suggestion]:
    frames = dialogue.load_frames(connection(), fiscal_year, as_of_day)
    people = dialogue.members(frames, lang)
    within = None if region_id is None else {c for c, m in people.items() if m.region_id == region_id}
    ranked = dialogue.score_groups(people, geography.neighbours(), sizes=sizes, within=within)
    return dialogue.suggestions(ranked, people, dialogue.field_names(frames.open_fields, lang), lang)


def suggestions(
    fiscal_year: int, as_of_day: date, region_id: str | None, sizes: tuple[int, ...], lang: str
) -> list[dialogue.Suggestion]:
    """The top groups for a dialogue (the page's permission: seminar_deck)."""
    access.require(auth.principal(), "seminar_deck")
    return _suggestions(fiscal_year, as_of_day, region_id, sizes, lang)
