"""The start-up warm-up fills the caches the first visitor's map reads, with the keys that run asks for."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard import warmup
from liaison import mapdeck, paths

APP = str(paths.ROOT / "app.py")


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
