"""要訪問 controls shared by the 圏域 and 巡回記録 pages: the overdue-days input, their tables' column settings."""

from __future__ import annotations

import streamlit as st

from dashboard.panels import figures as figure_panel
from liaison import visits
from liaison.i18n import t

SHARED_OVERDUE = "workbench_overdue_days"  # N chosen on either page, kept across page switches


def overdue_days_input(key: str, lang: str) -> int:
    """The 要訪問 threshold N: from the URL (`overdue`), else the last N chosen on either page, else 90.

    Widget `key` is the page's own (`region_overdue_days`, `visits_overdue_days`); the value is
    mirrored into one shared key so both pages agree, and into the URL so a link keeps it.
    """
    if key not in st.session_state:
        raw = st.query_params.get("overdue")
        fallback = st.session_state.get(SHARED_OVERDUE, visits.DEFAULT_OVERDUE_DAYS)
        st.session_state[key] = visits.clamp_overdue_days(raw) if raw else fallback
    days = st.number_input(
        t("region_overdue_days", lang),
        min_value=visits.MIN_OVERDUE_DAYS,
        max_value=visits.MAX_OVERDUE_DAYS,
        step=15,
        key=key,
        help=t("region_overdue_help", lang),
        width=320,
    )
    st.session_state[SHARED_OVERDUE] = int(days)
    st.query_params["overdue"] = str(int(days))
    return int(days)


def due_tile(container, due: int, slots: int, *, subject: str, lang: str, where: str, days: int) -> None:
    """The 要訪問の部署（N日超） tile both pages show: departments due a visit of those that can be."""
    figure_panel.tile(
        container, "departments_due", due, subject=subject, lang=lang, where=where, of=slots, days=days
    )


_FORMATS = {
    "date": lambda label, tip: st.column_config.DateColumn(label, format="YYYY-MM-DD", help=tip),
    "int": lambda label, tip: st.column_config.NumberColumn(label, format="%d", help=tip),
    "decimal": lambda label, tip: st.column_config.NumberColumn(label, format="%.2f", help=tip),
    "text": lambda label, tip: st.column_config.TextColumn(label, help=tip),
}


def column_config(table: visits.Table) -> dict:
    """st.dataframe column settings from a builder's table: dates and numbers stay sortable."""
    return {label: _FORMATS[kind](label, table.helps.get(label)) for label, kind in table.kinds.items()}
