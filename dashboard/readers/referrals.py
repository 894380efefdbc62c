"""Cached readers of 関係部署 and 橋渡し (the 橋渡し page, the consultation dialog, データ管理); each names its tables.

What is asked and answered, and the consultation's title, are restricted text. `open_referrals` and
`for_consultation` check the logged-in person before their cached functions answer: a 関係部署 contact
gets only the referrals addressed to their own department, whatever department the caller asks for.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, query
from dashboard.readers import consultations as consultations_readers
from liaison import access, figures
from liaison.access import PermissionDenied
from liaison.access.rules import DEPARTMENT, PERMISSION_LABELS

REFERRAL_TABLES = ("referrals", "departments", "consultations", "municipalities")


def own_department(principal: access.Principal) -> int | None:
    """The department a 関係部署 contact is confined to (None for every other role)."""
    return principal.department_id if principal.role == DEPARTMENT else None


def open_referrals(as_of_day: date, region_id: str | None, department_id: int | None) -> pd.DataFrame:
    """Referrals awaiting their department at the reference day, oldest first (read_referrals)."""
    who = auth.principal()
    access.require(who, "read_referrals")
    if who.role == DEPARTMENT:
        if who.department_id is None:
            raise PermissionDenied(who, PERMISSION_LABELS["read_referrals"])
        department_id = who.department_id
    return _open_referrals(as_of_day, region_id, department_id)


@reads(*REFERRAL_TABLES)
@st.cache_data(ttl=TTL, max_entries=32)
def _open_referrals(as_of_day: date, region_id: str | None, department_id: int | None) -> pd.DataFrame:
    return query(
        "referrals_open",
        as_of=as_of_day,
        overdue_days=figures.REFERRAL_OVERDUE_DAYS,
        region_id=region_id,
        department_id=department_id,
    )


@reads(*REFERRAL_TABLES)
@st.cache_data(ttl=TTL, max_entries=16)
def by_department(as_of_day: date, region_id: str | None) -> pd.DataFrame:
    """Per department: referrals made, awaiting, overdue, each outcome, median days to an answer."""
    return query(
        "referrals_by_department",
        as_of=as_of_day,
        overdue_days=figures.REFERRAL_OVERDUE_DAYS,
        region_id=region_id,
    )


def for_consultation(consultation_id: int, as_of_day: date) -> pd.DataFrame:
    """One consultation's referrals, with their department and whether each is overdue (read_text;
    a 関係部署 contact gets only those addressed to their department)."""
    who = auth.principal()
    if access.can(who, "read_text"):
        return _for_consultation(consultation_id, as_of_day)
    access.require(who, "read_referrals")
    found = _for_consultation(consultation_id, as_of_day)
    mine = found[found["department_id"] == who.department_id] if who.department_id is not None else found[:0]
    return mine.reset_index(drop=True)


@reads("referrals", "departments")
@st.cache_data(ttl=TTL, max_entries=64)
def _for_consultation(consultation_id: int, as_of_day: date) -> pd.DataFrame:
    return query(
        "referrals_by_consultation",
        consultation_id=consultation_id,
        as_of=as_of_day,
        overdue_days=figures.REFERRAL_OVERDUE_DAYS,
    )


@reads("departments", "referrals")
@st.cache_data(ttl=TTL, max_entries=4)
def departments() -> pd.DataFrame:
    """Every department, in use first, with its referral counts."""
    return query("departments_list")


def referred_consultation(consultation_id: int, as_of_day: date) -> pd.DataFrame:
    """A consultation's title and detail for whoever may read it: read_text, or a 関係部署 contact when the
    consultation is referred to their department (any other consultation refuses)."""
    who = auth.principal()
    if not access.can(who, "read_text"):
        access.require(who, "read_referrals")
        departments_asked = set(_for_consultation(consultation_id, as_of_day)["department_id"])
        if who.department_id is None or who.department_id not in departments_asked:
            raise PermissionDenied(who, PERMISSION_LABELS["read_text"])
    return consultations_readers._detail(consultation_id)  # the consultation's own cache, checked above
