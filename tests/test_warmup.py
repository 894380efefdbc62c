"""The start-up warm-up fills the caches the first visitor's map reads, with the keys that run asks for."""

from __future__ import annotations

import gc
import sys

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import warmup
from liaison import mapdeck, paths

APP = str(paths.ROOT / "app.py")


@pytest.fixture(autouse=True)
def unfrozen():
    """The warm-up freezes the objects alive (a server's modules and caches); the suite's are let go after."""
    yield
    gc.unfreeze()


def test_after_the_warm_up_the_first_map_run_builds_no_deck(app_env, monkeypatch):
    built = []
    original = mapdeck.build_map
    monkeypatch.setattr(mapdeck, "build_map", lambda *a, **k: built.append(1) or original(*a, **k))
    assert warmup.warm() >= 0
    assert built == [1]  # the warm-up built the default map once
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert built == [1], "the first visitor's run missed the warmed cache and built the map again"


def test_a_failing_warm_up_is_logged_and_changes_nothing(monkeypatch, caplog):
    monkeypatch.setattr(warmup, "warm", lambda: 1 / 0)
    warmup._run()  # does not raise
    assert "warm-up failed" in caplog.text


def test_the_warm_up_loads_the_pages_modules_and_freezes_them(app_env):
    """After the warm-up Streamlit's full collection after each run walks only what runs create."""
    gc.unfreeze()
    warmup.warm()
    warmup.import_pages()
    assert "dashboard.readers.profile" in sys.modules and "dashboard.panels.mapview" in sys.modules
    assert gc.get_freeze_count() > 100_000  # the imports alone hold about 130,000 objects
