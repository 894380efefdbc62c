"""Shared fixtures: one seeded demo store per test session, built in a temporary folder."""

from __future__ import annotations

from datetime import date

import pytest

from liaison import demo, store


@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    """A complete demo store built by the seeded generator; tests never touch the user's store."""
    path = tmp_path_factory.mktemp("store") / "test.duckdb"
    store.build(path, seed=demo.DEFAULT_SEED)
    return path


@pytest.fixture(scope="session")
def con(store_path):
    connection = store.connect(store_path, read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def as_of() -> date:
    return demo.AS_OF


@pytest.fixture
def app_env(store_path, monkeypatch):
    """Point the app at the test store and start every AppTest with empty caches."""
    import streamlit as st

    monkeypatch.setenv("LIAISON_DB", str(store_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    return store_path
