"""Cached readers of the 関係部署への共有 page: the digest of a period, whole or one department's part.

Titles and details (consultation titles, visit summaries, requests and answers) are restricted text:
`digest` decides before the cached frames are used. A 関係部署 contact always gets their own department's part,
whatever department is asked for, with text only on the referrals addressed to it; 閲覧 gets the counts.
The page lists some of the overdue referrals; its Excel (`digest_xlsx`) reads every one, only when downloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, connection
from liaison import access
from liaison import digest as digest_builders
from liaison import digest_pdf as digest_pdf_builder
from liaison.access import PermissionDenied
from liaison.access.rules import DEPARTMENT, PERMISSION_LABELS
from liaison.i18n import t
from liaison.records import exporting

TABLES = ("consultations", "support_actions", "audit_log", "visits", "referrals", "departments")


@reads(*TABLES)
@st.cache_data(ttl=TTL, max_entries=32)
def _frames(date_from: date, date_to: date) -> digest_builders.Frames:
    return digest_builders.load_frames(connection(), date_from, date_to)


def _reach(who: access.Principal, department_id: int | None) -> tuple[int | None, str]:
    """(the department whose part is read, what text may be read: "all", "own" (its referrals) or "none")."""
    access.require(who, "read_aggregates")
    if who.role == DEPARTMENT:
        if who.department_id is None:
            raise PermissionDenied(who, PERMISSION_LABELS["read_referrals"])
        return who.department_id, "own"
    return department_id, "all" if access.can(who, "read_text") else "none"


def _part(frames: digest_builders.Frames, department_id: int | None) -> digest_builders.Frames:
    return frames if department_id is None else digest_builders.department_part(frames, department_id)


def _with_text(events: pd.DataFrame, department_id: int | None, text: str) -> bool | pd.Series:
    """What text `text` ("all", "own", "none") lets through, per row of `events`."""
    if text == "own":
        return events["department_id"] == department_id
    return text == "all"


@reads(*TABLES)
@st.cache_resource(ttl=TTL, max_entries=32)
def _view(date_from: date, date_to: date, department_id: int | None, text: str, lang: str):
    """The digest for a reach decided by `_reach` (never called without it); pages only read it."""
    frames = _part(_frames(date_from, date_to), department_id)
    return digest_builders.view(frames, lang, _with_text(frames.events, department_id, text))


def digest(
    date_from: date, date_to: date, department_id: int | None, lang: str
) -> digest_builders.DigestView:
    """The period's digest as the logged-in person may read it (one department's part when asked, or always
    for a 関係部署 contact)."""
    department_id, text = _reach(auth.principal(), department_id)
    return _view(date_from, date_to, department_id, text, lang)


def digest_xlsx(date_from: date, date_to: date, department_id: int | None, lang: str) -> Callable[[], bytes]:
    """The digest's events as an .xlsx, every overdue referral included, made when the download is asked for
    (a deferred download_button's data): the reach is decided now, the store read then, nothing cached."""
    department_id, text = _reach(auth.principal(), department_id)
    con = connection()

    def make() -> bytes:
        frames = _part(
            digest_builders.load_frames(con, date_from, date_to, every_overdue=True), department_id
        )
        events = digest_builders.event_table(
            frames.events, lang, _with_text(frames.events, department_id, text)
        )
        return exporting.to_xlsx(events, t("digest_events", lang))

    return make


def digest_pdf(date_from: date, date_to: date, department_id: int | None, part: str, lang: str) -> bytes:
    """The same digest as a PDF (cached per what the person may read)."""
    department_id, text = _reach(auth.principal(), department_id)
    return _pdf(date_from, date_to, department_id, text, part, lang)


@reads(*TABLES)
@st.cache_data(ttl=TTL, max_entries=16)
def _pdf(date_from: date, date_to: date, department_id: int | None, text: str, part: str, lang: str) -> bytes:
    made = _view(date_from, date_to, department_id, text, lang)
    return digest_pdf_builder.digest_pdf(made, date_from, date_to, part, lang)
