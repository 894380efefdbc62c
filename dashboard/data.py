"""Cached, page-facing wrappers around the named queries (the only Streamlit-aware data layer)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import streamlit as st

from dashboard.cache import invalidate, reads
from liaison import backup, charts, kpis, mapdeck, metrics, paths, profile_view, store
from liaison.frozen_figure import freeze
from liaison.queries import run_query
from liaison.store import operations

TTL = 600  # seconds; bounds memory and staleness. Writes clear what they affect at once (after_write).


@st.cache_resource
def connection() -> duckdb.DuckDBPyConnection:
    """The app's one connection (read-write: the workbench writes); each query uses its own cursor.

    DuckDB lets only one process open a file for writing, so the server owns the store while it
    runs — and, on a real store, takes the daily backup itself. Raises store.StoreError when the
    store cannot be served (the shell shows the message and stops): a missing configured path (a
    demo store is built only at the default demo path), a schema newer than the code or with
    pending migrations, or a real store on a non-loopback address before login exists.
    """
    path = paths.default_db_path()
    if not path.exists() and paths.is_default_demo(path):
        store.build(path)
    con = store.open_for_command(path)
    try:
        is_real = not store.is_demo(store.read_meta(con))
        if is_real:
            operations.refuse_real_store_off_loopback(path, st.get_option("server.address"))
    except Exception:
        con.close()
        raise
    # DuckDB's buffer pool defaults to 80 % of RAM and keeps what it read; the dashboard shares a
    # small server with other work, so cap it (queries that need more spill to <store>.tmp).
    con.execute("set memory_limit = '160MB'")
    if is_real:
        _daily_backups.append(backup.DailyBackups(con, path))
        _daily_backups[-1].start()
    return con


_daily_backups: list[backup.DailyBackups] = []  # the running one, stopped when the store is released


def release_store():
    """Close the app's connection so the store file can be replaced (restore); returns its path."""
    while _daily_backups:  # let a backup under way finish before its connection closes
        worker = _daily_backups.pop()
        worker.stop()
        worker.join(timeout=120)
    connection().close()
    connection.clear()
    return paths.default_db_path()


def after_write(*tables: str) -> int:
    """Clear exactly the caches that read `tables`; call after every committed write."""
    return invalidate(tables)


def query(name: str, **params) -> pd.DataFrame:
    return run_query(name, con=connection(), **params)


@st.cache_data(ttl=TTL, max_entries=4)
def store_meta() -> dict[str, str]:
    cursor = connection().cursor()
    try:
        return store.read_meta(cursor)
    finally:
        cursor.close()


def as_of() -> date:
    return store.as_of(store_meta())


@reads("visits", "consultations", "readiness_assessments", "engagements")
@st.cache_data(ttl=TTL, max_entries=4)
def fiscal_years() -> list[int]:
    return [int(y) for y in query("fiscal_years")["fiscal_year"]]


@st.cache_data(ttl=TTL, max_entries=4)
def regions() -> pd.DataFrame:
    return query("regions_list")


@st.cache_data(ttl=TTL, max_entries=4)
def municipalities() -> pd.DataFrame:
    return query("municipalities_by_region", region_id=None)


@st.cache_data(ttl=TTL, max_entries=16)
def target_labels(region_id: str | None, lang: str = "ja") -> dict[str, str]:
    """Municipalities in the programme (optionally one region's): code → name, for pickers."""
    munis = municipalities()
    munis = munis[munis["is_liaison_target"]]
    if region_id:
        munis = munis[munis["region_id"] == region_id]
    return dict(zip(munis["code"], munis["name_en" if lang == "en" else "name_ja"], strict=True))


@st.cache_data(ttl=TTL, max_entries=4)
def region_labels(lang: str = "ja") -> dict[str, str]:
    """The liaison regions (not 神戸): region_id → name, in the prefecture's order."""
    frame = regions()
    frame = frame[frame["is_liaison_region"]]
    return dict(zip(frame["region_id"], frame["name_en" if lang == "en" else "name_ja"], strict=True))


@st.cache_data(ttl=TTL, max_entries=4)
def municipality_codes() -> frozenset[str]:
    return frozenset(municipalities()["code"])


@reads("visits", "consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=32)
def municipality_metrics(fiscal_year: int, as_of_day: date) -> pd.DataFrame:
    return query("municipality_metrics", fiscal_year=fiscal_year, as_of=as_of_day)


@reads("visits", "consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=64)
def headline(fiscal_year: int, as_of_day: date, region_id: str | None) -> kpis.Kpis:
    return kpis.summarize(municipality_metrics(fiscal_year, as_of_day), region_id)


@reads("visits", "consultations", "readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=64)
def map_deck(
    fiscal_year: int, as_of_day: date, metric_key: str, lang: str, region_id: str | None
) -> tuple[mapdeck.PrebuiltDeck, list[mapdeck.LegendEntry]]:
    """The map, serialised once per (year, metric, language, region)."""
    frame = municipality_metrics(fiscal_year, as_of_day)
    deck, legend = mapdeck.build_map(frame, metrics.get(metric_key), lang, region_id)
    return mapdeck.prebuild(deck), legend


# Only profile() reads these four; it caches the whole view, so they are not cached again.
def municipality_profile(code: str) -> pd.DataFrame:
    return query("municipality_profile", code=code)


def liaisons_by_region(region_id: str) -> pd.DataFrame:
    return query("liaisons_by_region", region_id=region_id)


@reads("readiness_assessments")
@st.cache_data(ttl=TTL, max_entries=64)
def readiness_by_item(code: str, fiscal_year: int) -> pd.DataFrame:
    return query("readiness_by_item", code=code, fiscal_year=fiscal_year)


def consultations_latest(code: str, limit: int = 10) -> pd.DataFrame:
    return query("consultations_latest", code=code, limit=limit)


@reads("visits")
@st.cache_data(ttl=TTL, max_entries=64)
def visits_by_month(code: str) -> pd.DataFrame:
    return query("visits_by_month", code=code)


def engagements_by_municipality(code: str) -> pd.DataFrame:
    return query("engagements_by_municipality", code=code)


# Figures are cached as objects (cache_resource): unpickling a plotly Figure re-validates it,
# which costs more than building it. st.plotly_chart only reads them.
@reads("readiness_assessments")
@st.cache_resource(ttl=TTL, max_entries=64)
def readiness_radar(code: str, fiscal_year: int, lang: str):
    return freeze(charts.readiness_radar(readiness_by_item(code, fiscal_year), fiscal_year, lang))


@reads("visits")
@st.cache_resource(ttl=TTL, max_entries=64)
def visits_chart(code: str, lang: str):
    return freeze(charts.visits_by_month(visits_by_month(code), lang))


@reads(
    "visits", "consultations", "readiness_assessments", "engagements", "engagement_participants", "liaisons"
)
@st.cache_data(ttl=TTL, max_entries=64)
def profile(code: str, fiscal_year: int, lang: str) -> profile_view.ProfileView:
    """Everything the profile page shows except its charts, in one cached object."""
    frame = municipality_profile(code)
    return profile_view.build(
        frame,
        readiness_by_item(code, fiscal_year),
        liaisons_by_region(frame.loc[0, "region_id"]),
        consultations_latest(code, 10),
        visits_by_month(code),
        engagements_by_municipality(code),
        fiscal_year,
        lang,
    )
