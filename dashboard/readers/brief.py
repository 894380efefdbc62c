"""Cached readers of the 訪問前ブリーフィング page: the brief of one municipality and its PDF.

A brief holds restricted text (consultation titles, visit summaries, referral requests, peer cases): `brief`
and `brief_pdf` decide what the logged-in person may read before a cached value is handed out; the PDF's
cache is keyed by that decision, so a PDF made for one role is never served to another.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, connection
from liaison import access, brief_pdf
from liaison import brief as brief_builders
from liaison.access.rules import DEPARTMENT

TABLES = (
    "visits",
    "consultations",
    "support_actions",
    "readiness_assessments",
    "engagements",
    "engagement_participants",
    "referrals",
    "departments",
    "liaisons",
    "liaison_assignments",
)


def _reach(who: access.Principal) -> tuple[bool, bool, int | None]:
    """(may read text, may read referrals, the department a 関係部署 contact is confined to)."""
    access.require(who, "read_aggregates")
    department = who.department_id if who.role == DEPARTMENT else None
    if who.role == DEPARTMENT and department is None:
        return access.can(who, "read_text"), False, None
    return access.can(who, "read_text"), access.can(who, "read_referrals"), department


@reads(*TABLES)
@st.cache_resource(ttl=TTL, max_entries=64)
def _brief(
    code: str, fiscal_year: int, as_of_day: date, overdue_days: int, lang: str
) -> brief_builders.Brief:
    """The whole brief (restricted parts included): never handed out without the check in `brief`."""
    frames = brief_builders.load_frames(connection(), code, fiscal_year, as_of_day)
    return brief_builders.build(frames, code, fiscal_year, as_of_day, overdue_days, lang)


def _for(
    code: str,
    fiscal_year: int,
    as_of_day: date,
    overdue_days: int,
    lang: str,
    reach: tuple[bool, bool, int | None],
) -> brief_builders.Brief:
    full = _brief(code, fiscal_year, as_of_day, overdue_days, lang)
    may_text, may_referrals, department = reach
    if may_text:
        return full
    return brief_builders.redact(full, lang, department_id=department, may_read_referrals=may_referrals)


def brief(code: str, fiscal_year: int, as_of_day: date, overdue_days: int, lang: str) -> brief_builders.Brief:
    """The brief as the logged-in person may read it."""
    return _for(code, fiscal_year, as_of_day, overdue_days, lang, _reach(auth.principal()))


def brief_pdf_bytes(code: str, fiscal_year: int, as_of_day: date, overdue_days: int, lang: str) -> bytes:
    """The brief's one-page A4 PDF, as the logged-in person may read it."""
    return _pdf(code, fiscal_year, as_of_day, overdue_days, lang, _reach(auth.principal()))


@reads(*TABLES)
@st.cache_data(ttl=TTL, max_entries=32)
def _pdf(
    code: str,
    fiscal_year: int,
    as_of_day: date,
    overdue_days: int,
    lang: str,
    reach: tuple[bool, bool, int | None],
) -> bytes:
    made = _for(code, fiscal_year, as_of_day, overdue_days, lang, reach)
    return brief_pdf.to_pdf(brief_pdf.to_html(made, lang))
