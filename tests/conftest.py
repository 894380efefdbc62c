"""Shared fixtures: one seeded demo store per test session, built in a temporary folder.

Every connection in the test process opens the store read-write, because the app does and DuckDB
refuses two configurations for one file in one process. Tests that write use `writable_store`
(a fresh copy), so the session store keeps the figures other tests pin.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from liaison import access, demo, store


@pytest.fixture(scope="session")
def store_template(tmp_path_factory):
    """The seeded demo store as built, never opened by a test: copied by the fixtures below."""
    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    store.build(path, seed=demo.DEFAULT_SEED)
    return path


@pytest.fixture(scope="session")
def store_path(store_template, tmp_path_factory):
    """A complete demo store built by the seeded generator; tests never touch the user's store."""
    path = tmp_path_factory.mktemp("store") / "test.duckdb"
    shutil.copyfile(store_template, path)
    return path


@pytest.fixture(scope="session")
def con(store_path):
    connection = store.connect(store_path)
    yield connection
    connection.close()


@pytest.fixture
def writable_store(store_template, tmp_path):
    """A private copy of the demo store for a test that writes."""
    path = tmp_path / "writable.duckdb"
    shutil.copyfile(store_template, path)
    return path


@pytest.fixture(scope="session")
def as_of() -> date:
    return demo.AS_OF


def _point_app_at(path, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("LIAISON_DB", str(path))
    # On the demo store (open without login) everyone acts as the demo visitor; tests name them.
    monkeypatch.setattr(
        access, "demo_visitor", lambda: access.Principal("テスト担当", "テスト担当", "管理者", "demo")
    )
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


@pytest.fixture
def app_env(store_path, monkeypatch):
    """Point the app at the test store and start every AppTest with empty caches."""
    return _point_app_at(store_path, monkeypatch)


@pytest.fixture
def point_app(monkeypatch):
    """Point the app at any store path (it need not exist), with empty caches: a factory."""
    return lambda path: _point_app_at(path, monkeypatch)


@pytest.fixture
def app_env_writable(writable_store, monkeypatch):
    """Like app_env, on a private copy: for AppTests that submit forms or import files."""
    return _point_app_at(writable_store, monkeypatch)


@pytest.fixture
def migrations_folder(tmp_path, monkeypatch):
    """Point the store at a copy of the committed migrations plus `extra` files {name: sql}."""
    from liaison import paths

    def make(extra: dict[str, str]):
        folder = tmp_path / "migrations"
        folder.mkdir(exist_ok=True)
        for file in sorted(paths.MIGRATIONS.glob("*.sql")):
            shutil.copyfile(file, folder / file.name)
        for name, sql in extra.items():
            (folder / name).write_text(sql, encoding="utf-8")
        monkeypatch.setattr(paths, "MIGRATIONS", folder)
        return folder

    return make
