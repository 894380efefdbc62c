"""AppTest on a real store (made by `init`) and on stores the app must refuse to serve.

A real store is served only with login: without an administrator account it refuses to serve, with one
but nobody logged in it shows the login screen and no data, and logged in it shows no demo notice and
dates itself today in Japan; the demo says it is the demo. A missing configured path, a real store off
loopback, a schema newer than the code and a pending migration each stop the page with a Japanese message
that says what to do, and show no data.
`server.address` is a process-wide Streamlit option: each test sets it and puts it back.
"""

from __future__ import annotations

import re

import pytest
from roles import ensure_account, login_as
from streamlit import config
from streamlit.testing.v1 import AppTest

from liaison import demo, figures, paths, store
from liaison.fiscal import date_label
from liaison.i18n import t

APP = str(paths.ROOT / "app.py")
ADDRESS = "server.address"
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # safe_text.markdown backslash-escapes punctuation


def shown(text: str) -> str:
    """A message as the reader sees it: without the markdown escapes the shell adds."""
    return _ESCAPED.sub(r"\1", text)


@pytest.fixture
def server_address():
    """Set Streamlit's server.address for one test (None = unset); restored afterwards."""
    before = (config.get_option(ADDRESS), config.get_where_defined(ADDRESS))
    yield lambda value: config.set_option(ADDRESS, value)
    config.set_option(ADDRESS, before[0], where_defined=before[1])


@pytest.fixture
def real_store(tmp_path, monkeypatch):
    """A store made by `init` (reference data, no records); released if the app served it."""
    path = store.init(tmp_path / "real.duckdb")
    yield path
    if store.held_here(path):
        from dashboard import db

        # The app's daily-backup thread uses the connection: let it finish before closing it.
        for thread in list(db._daily_backups):
            thread.stop()
            thread.join(timeout=60)
        db.release_store()


def run_map() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    return at


def texts(at) -> list[str]:
    """Every notice, caption and markdown text on the page (main area and sidebar)."""
    kinds = (at.warning, at.info, at.error, at.success, at.caption, at.markdown)
    return [element.value for kind in kinds for element in kind]


def assert_refused(at, *words: str) -> str:
    """One error, naming `words`, and nothing from the store: no KPI, no map, no demo notice."""
    assert len(at.error) == 1, [e.value for e in at.error]
    message = shown(at.error[0].value)
    for word in words:
        assert word in message, message
    assert not at.metric
    assert not at.get("bidi_component")
    assert not at.title
    assert t("demo_notice", "ja") not in texts(at)
    return message


def test_real_store_without_an_administrator_refuses_to_serve(real_store, point_app, server_address):
    server_address("127.0.0.1")
    point_app(real_store)
    at = run_map()
    assert_refused(at, "create-admin")
    assert t("auth_title", "ja") not in [title.value for title in at.title]


def test_real_store_with_an_administrator_shows_the_login_and_no_data(real_store, point_app, server_address):
    con = store.connect(real_store)
    try:
        ensure_account(con, "管理者")
    finally:
        con.close()
    server_address("127.0.0.1")
    point_app(real_store)
    at = run_map()
    assert [title.value for title in at.title] == [t("auth_title", "ja")]
    assert not at.metric
    assert not at.get("bidi_component")
    assert not at.error
    assert t("demo_notice", "ja") not in texts(at)


def test_real_store_logged_in_has_no_demo_notice_and_dates_itself_today_in_japan(
    real_store, point_app, server_address, monkeypatch
):
    con = store.connect(real_store)
    try:
        login_as(monkeypatch, con, "管理者")
    finally:
        con.close()
    server_address("127.0.0.1")
    point_app(real_store)
    before = store.today()
    at = run_map()
    days = {before, store.today()}  # the run may cross midnight in Japan
    assert not at.error
    notice = t("demo_notice", "ja")
    assert all(notice not in text for text in texts(at))
    captions = [c.value for c in at.sidebar.caption]
    dated_today = [
        c for c in captions if "今日・日本時間" in c and any(date_label(d, "ja") in c for d in days)
    ]
    assert dated_today, captions
    assert all("デモの基準日" not in c for c in captions)
    tiles = {m.label: m.value for m in at.metric}

    def label(key: str, **params) -> str:
        return figures.get(key).label("ja", **params)

    assert tiles[label("consultations_fy")] == "0"
    assert tiles[label("open_all")] == "0"
    assert tiles[label("visits_fy")] == "0"
    assert tiles[label("municipalities_due", days=90)] == "40 / 40"  # never visited counts as due
    assert tiles[label("readiness_latest_mean")] == "—"
    assert len(at.get("bidi_component")) == 1


def test_demo_store_shows_the_notice_and_its_reference_date(app_env):
    at = run_map()
    assert t("demo_notice", "ja") in [w.value for w in at.warning]
    captions = [c.value for c in at.sidebar.caption]
    assert any("デモの基準日" in c and date_label(demo.AS_OF, "ja") in c for c in captions), captions
    assert all("今日・日本時間" not in c for c in captions)


def test_missing_configured_path_is_refused_and_not_created(tmp_path, point_app, server_address):
    server_address("127.0.0.1")
    missing = tmp_path / "missing.duckdb"
    point_app(missing)
    at = run_map()
    assert_refused(at, str(missing), "init")
    assert not missing.exists()
    assert not (tmp_path / "missing.duckdb.wal").exists()


@pytest.mark.parametrize(
    "address", [None, "0.0.0.0", "127.0.0.1"], ids=["unset", "all-interfaces", "loopback"]
)
def test_real_store_without_login_set_up_is_refused_on_any_address(
    address, real_store, point_app, server_address
):
    """Login, not the address, guards a real store now: without an administrator it is never served."""
    server_address(address)
    point_app(real_store)
    at = run_map()
    assert_refused(at, "create-admin")


def test_store_newer_than_the_code_is_refused(real_store, point_app, server_address):
    con = store.connect(real_store)
    try:
        columns = {row[0] for row in con.execute("describe schema_migrations").fetchall()}
        assert {"version", "name", "sha256"} <= columns
        con.execute("insert into schema_migrations (version, name, sha256) values (999, '999_future', 'x')")
    finally:
        con.close()
    server_address("127.0.0.1")
    point_app(real_store)
    at = run_map()
    assert_refused(at, "新しい", "999")


def test_store_with_a_pending_migration_is_refused(real_store, point_app, server_address, migrations_folder):
    following = max(m.version for m in store.migrations()) + 1
    name = f"{following:03d}_going_live_probe"
    migrations_folder({f"{name}.sql": "create table going_live_probe (probe_id integer);\n"})
    server_address("127.0.0.1")
    point_app(real_store)
    at = run_map()
    assert_refused(at, "migrate", name, str(real_store))
