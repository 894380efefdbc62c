"""Cached readers of the 相談案件 page; every one names the tables it depends on.

Titles, details, support-action notes and history are restricted text: their public functions check the
logged-in person's permission (liaison.access) before the private cached function runs or answers, since
Streamlit's caches are shared by every session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, query
from dashboard.readers import reference
from liaison import access
from liaison import consultations as consultations_builders
from liaison.consultations import Filters
from liaison.i18n import localized

# referrals and departments: consultations_in_scope lists the departments referred to (migration 009)
CONSULTATION_TABLES = (
    "consultations", "support_actions", "liaisons", "liaison_assignments", "referrals", "departments",
)  # fmt: skip


def _filtered(filters: Filters, as_of_day: date, limit: int | None) -> pd.DataFrame:
    """The newest `limit` consultations matching the filters (None: all, for an export)."""
    return query(
        "consultations_filtered",
        date_from=filters.date_from,
        date_to=filters.date_to,
        as_of=as_of_day,
        region_id=filters.region_id,
        codes=list(filters.codes) or None,
        field_ids=list(filters.field_ids) or None,
        statuses=list(filters.statuses) or None,
        support_types=list(filters.support_types) or None,
        owner_id=filters.owner_id,
        text=filters.text or None,
        min_age_days=filters.min_age_days,
        limit=limit,
    )


def facets(filters: Filters, as_of_day: date) -> pd.DataFrame:
    """Counts per chart over every matching consultation, aggregated in the store."""
    return query(
        "consultation_facets",
        date_from=filters.date_from,
        date_to=filters.date_to,
        trend_from=filters.trend_from,
        as_of=as_of_day,
        region_id=filters.region_id,
        codes=list(filters.codes) or None,
        field_ids=list(filters.field_ids) or None,
        statuses=list(filters.statuses) or None,
        support_types=list(filters.support_types) or None,
        owner_id=filters.owner_id,
        text=filters.text or None,
        min_age_days=filters.min_age_days,
    )


# A cache_resource: the view holds frozen figures and is only read, so it is not copied per rerun.
# Streamlit hashes an unknown object by walking its reduction (about 10 ms for Filters); its repr is a
# complete, deterministic key for a frozen dataclass of plain values.
@reads(*CONSULTATION_TABLES)
@st.cache_resource(ttl=TTL, max_entries=16, hash_funcs={Filters: repr})
def _view(filters: Filters, as_of_day: date, lang: str) -> consultations_builders.ConsultationsView:
    return consultations_builders.build(
        facets(filters, as_of_day),
        _filtered(filters, as_of_day, consultations_builders.TABLE_ROWS),
        field_labels(lang),
        min(as_of_day, filters.date_to),
        lang,
        filters.trend_from,
    )


def view(filters: Filters, as_of_day: date, lang: str) -> consultations_builders.ConsultationsView:
    """The page's charts and its table of titles (restricted text: read_text)."""
    access.require(auth.principal(), "read_text")
    return _view(filters, as_of_day, lang)


def export(filters: Filters, as_of_day: date, principal: access.Principal | None = None) -> pd.DataFrame:
    """Every matching row in the export layout; called only when a download is clicked.

    A download's data is built outside the session's run (no session state): the page passes the
    principal it resolved when it drew the button."""
    who = principal or auth.principal()
    access.require(who, "read_text")
    access.require(who, "export_records")
    return consultations_builders.export_frame(_filtered(filters, as_of_day, None))


def detail(consultation_id: int) -> pd.DataFrame:
    """One consultation with its title and detail (read_text)."""
    access.require(auth.principal(), "read_text")
    return _detail(consultation_id)


@reads(*CONSULTATION_TABLES)
@st.cache_data(ttl=TTL, max_entries=64)
def _detail(consultation_id: int) -> pd.DataFrame:
    return query("consultation_detail", consultation_id=consultation_id)


def support_actions(consultation_id: int) -> pd.DataFrame:
    """The support actions of one consultation with their notes (read_text)."""
    access.require(auth.principal(), "read_text")
    return _support_actions(consultation_id)


@reads("support_actions", "liaisons", "liaison_assignments")
@st.cache_data(ttl=TTL, max_entries=64)
def _support_actions(consultation_id: int) -> pd.DataFrame:
    return query("support_actions_by_consultation", consultation_id=consultation_id)


@reads("liaisons", "liaison_assignments")
@st.cache_data(ttl=TTL, max_entries=4)
def liaisons() -> pd.DataFrame:
    return query("liaisons_list")


@st.cache_data(ttl=TTL, max_entries=4)
def fields() -> pd.DataFrame:
    return query("dx_fields_list")


def history(consultation_id: int) -> pd.DataFrame:
    """The audit trail of one consultation and of the support actions recorded on it, oldest first
    (before/after of every change: read_history)."""
    access.require(auth.principal(), "read_history")
    return _history(consultation_id)


@reads("audit_log", "support_actions", "consultations")
@st.cache_data(ttl=TTL, max_entries=64)
def _history(consultation_id: int) -> pd.DataFrame:
    return query("consultation_history", consultation_id=consultation_id)


@st.cache_data(ttl=TTL, max_entries=4)
def field_labels(lang: str = "ja") -> dict[str, str]:
    frame = fields()
    return dict(zip(frame["field_id"], frame[localized("name", lang)], strict=True))


def history_names(lang: str = "ja") -> dict[str, dict[str, str]]:
    """What the history names instead of ids (audit_view.readable's `names`): liaisons, municipalities, fields."""
    munis = reference.municipalities()
    return {
        "liaisons": liaison_names(),
        "municipalities": dict(zip(munis["code"], munis[localized("name", lang)], strict=True)),
        "fields": field_labels(lang),
    }


@reads("liaisons", "liaison_assignments")
@st.cache_data(ttl=TTL, max_entries=4)
def liaison_names() -> dict[str, str]:
    """Every liaison, active or not (old records name them too): id → name."""
    people = liaisons()
    return dict(zip(people["liaison_id"], people["name_ja"], strict=True))


@dataclass(frozen=True)
class FilterOptions:
    municipalities: dict[str, str]
    fields: dict[str, str]
    liaisons: dict[str, str]
    years: tuple[int, ...]
    region_name: str | None  # the sidebar's 圏域, for the line that names the active filters


# One cached object for the page's choices: several small cache_data hits each unpickle a copy per rerun.
@reads("liaisons", "liaison_assignments", "visits", "consultations", "readiness_assessments", "engagements")
@st.cache_resource(ttl=TTL, max_entries=32)
def filter_options(region_id: str | None, lang: str, current_year: int) -> FilterOptions:
    return FilterOptions(
        municipalities=reference.target_labels(region_id, lang),
        fields=field_labels(lang),
        liaisons=liaison_names(),
        years=tuple(sorted(set(reference.fiscal_years()) | {current_year}, reverse=True)),
        region_name=reference.region_labels(lang).get(region_id) if region_id else None,
    )
