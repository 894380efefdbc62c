"""Readers of the 監査ログ page (administrators only): the changes, the logins, the pickers' values.

Each public reader checks the principal first (`access.require(..., "audit")`) and only then returns a
value, cached or not: Streamlit's caches are shared by every session. The changes are cached (every
write of the app clears audit_log's readers); the login events are not, because the login route and
the session limits write them outside the app's write path, and an audit page must not lag behind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard.cache import reads
from dashboard.db import TTL, query
from liaison import access, audit
from liaison.audit import SHOWN_ROWS, Filters


def _allowed() -> None:
    access.require(auth.principal(), "audit")


def changes(filters: Filters, limit: int | None = SHOWN_ROWS) -> pd.DataFrame:
    """The newest `limit` audit-log rows matching the filters (None: every one, for an export)."""
    _allowed()
    from_at, to_at = filters.utc_window()
    return _changes(filters.person, filters.table_name, filters.action, from_at, to_at, limit)


@reads("audit_log")
@st.cache_data(ttl=TTL, max_entries=16)
def _changes(
    actor: str | None,
    table_name: str | None,
    action: str | None,
    from_at: datetime | None,
    to_at: datetime | None,
    limit: int | None,
) -> pd.DataFrame:
    return _change_rows(actor, table_name, action, from_at, to_at, limit)


def _change_rows(actor, table_name, action, from_at, to_at, limit) -> pd.DataFrame:
    return query(
        "audit_log_by_filter",
        actor=actor,
        table_name=table_name,
        action=action,
        from_at=from_at,
        to_at=to_at,
        limit=limit,
    )


def logins(filters: Filters, limit: int | None = SHOWN_ROWS) -> pd.DataFrame:
    """The newest `limit` login events matching the filters (person = login name, action = outcome)."""
    _allowed()
    from_at, to_at = filters.utc_window()
    return _logins(filters.person, filters.action, from_at, to_at, limit)


def _logins(
    login_name: str | None,
    outcome: str | None,
    from_at: datetime | None,
    to_at: datetime | None,
    limit: int | None,
) -> pd.DataFrame:
    return query(
        "login_events_by_filter",
        login_name=login_name,
        outcome=outcome,
        from_at=from_at,
        to_at=to_at,
        limit=limit,
    )


def facets() -> dict[str, list[str]]:
    """facet (actor, table_name, action, login_name) -> the values present, for the pickers."""
    _allowed()
    frame = query("audit_facets")
    return {facet: list(group["value"]) for facet, group in frame.groupby("facet", sort=False)}


def changes_export(filters: Filters, lang: str, names) -> Callable[[], pd.DataFrame]:
    """The export of every matching change: checked now (in this run), queried (uncached) when clicked."""
    _allowed()
    from_at, to_at = filters.utc_window()
    person, table_name, action = filters.person, filters.table_name, filters.action
    return lambda: audit.changes_table(
        _change_rows(person, table_name, action, from_at, to_at, None), lang, names, with_json=True
    )


def logins_export(filters: Filters, lang: str) -> Callable[[], pd.DataFrame]:
    """The export of every matching login event: checked now, built when the button is clicked."""
    _allowed()
    from_at, to_at = filters.utc_window()
    person, outcome = filters.person, filters.action
    return lambda: audit.logins_table(_logins(person, outcome, from_at, to_at, None), lang)
