"""A real-kind store for the administrators' pages (監査ログ, アカウント): the seeded demo's records,
marked real (so the app asks for a login), with the app served on loopback; and page openers."""

from __future__ import annotations

import shutil
from contextlib import contextmanager

from streamlit import config
from streamlit.testing.v1 import AppTest

from liaison import paths, store

APP = str(paths.ROOT / "app.py")
ADDRESS = "server.address"


@contextmanager
def real_kind_store(store_template, tmp_path, point_app):
    """A copy of the demo store that says it is real, served to the app; gives (path, connection).

    Use in a fixture: `with real_kind_store(store_template, tmp_path, point_app) as found: yield found`.
    """
    before = (config.get_option(ADDRESS), config.get_where_defined(ADDRESS))
    config.set_option(ADDRESS, "127.0.0.1")  # a real store is served on loopback only
    path = tmp_path / "real-kind.duckdb"
    shutil.copyfile(store_template, path)
    con = store.connect(path)
    store.set_meta(con, is_demo="false")
    point_app(path)
    forget_bare_principal()
    try:
        yield path, con
    finally:
        _release(path, con, before)


def _release(path, con, before) -> None:
    from dashboard import db

    forget_bare_principal()

    for thread in list(db._daily_backups):  # the app's daily backup uses its connection
        thread.stop()
        thread.join(timeout=60)
    if store.held_here(path):
        db.release_store()
    con.close()
    config.set_option(ADDRESS, before[0], where_defined=before[1])


def forget_bare_principal() -> None:
    """Readers called outside AppTest (bare mode) share one session state across tests: forget who it held."""
    import streamlit as st

    from dashboard import auth

    st.session_state.pop(auth.PRINCIPAL_KEY, None)


def open_page(page: str, lang: str | None = None) -> AppTest:
    """app.py switched to `page` (views/<page>.py), run; asserts no exception."""
    at = AppTest.from_file(APP, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    at.run()  # st.navigation registers the pages on the first run
    at.switch_page(f"views/{page}.py")
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def nav_paths(at: AppTest) -> set[str]:
    """The url paths of the pages this run's navigation lists."""
    return {page.url_path for page in at.session_state["shell_pages"]}
