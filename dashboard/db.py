"""The app's way into the store: its one connection, named queries, cache TTL, invalidation after writes.

Readers (dashboard/readers/<feature>.py) run named queries through `query`; writes go through the
write API (liaison.records.writes) on `connection()` and then call `after_write` with the tables they changed.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard.cache import invalidate
from liaison import backup, paths, store
from liaison.queries import run_query
from liaison.store import operations

TTL = 600  # seconds; bounds memory and staleness. Writes clear what they affect at once (after_write).
# Arrow (pandas 3's strings, DuckDB's results, st.dataframe) allocates from mimalloc by default, which
# keeps what it freed for Arrow alone; with the system allocator DuckDB, numpy and Arrow reuse one
# another's freed memory, which took about 40 MB off the peak RSS at the large scale (bench/).
pa.set_memory_pool(pa.system_memory_pool())


def _limit_malloc_arenas(arenas: int = 2) -> None:
    """At most `arenas` glibc malloc arenas (M_ARENA_MAX): each script run is a new thread, and with one
    arena per thread (up to 8 per core) freed memory stays scattered over arenas nobody reuses, which
    raised the large-scale peak RSS by tens of MB. Nothing happens where glibc is not the C library."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # -8 = M_ARENA_MAX
    except (OSError, AttributeError):
        pass


_limit_malloc_arenas()


@st.cache_resource
def connection() -> duckdb.DuckDBPyConnection:
    """The app's one connection (read-write: the workbench writes); each query uses its own cursor.

    DuckDB lets only one process open a file for writing, so the server owns the store while it
    runs — and, on a real store, takes the daily backup itself. Raises store.StoreError when the
    store cannot be served (the shell shows the message and stops): a missing configured path (a
    demo store is built, or rebuilt when stale, only at the default demo path), a schema newer than the code or with
    pending migrations. A real store without login set up is refused by the login gate (dashboard.auth).
    """
    path = paths.default_db_path()
    operations.refresh_demo(path)  # the demo only: missing, or older than the committed sources
    con = store.open_for_command(path)
    is_real = not store.is_demo(store.read_meta(con))
    # DuckDB's buffer pool defaults to 80 % of RAM and keeps what it read; the dashboard shares a
    # small server with other work, so cap it (queries that need more spill to <store>.tmp). 100 MB
    # keeps the large-scale peak RSS well under 400 MB (bench/); the pages' warm reruns do not notice.
    con.execute("set memory_limit = '100MB'")
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
