"""The shared seams pages are built on: cache invalidation by table, area texts, the acting user."""

from pathlib import Path

import pytest

from dashboard import auth, cache
from dashboard.readers import map as map_readers
from dashboard.readers import profile as profile_readers
from dashboard.readers import reference
from liaison import i18n


def test_visits_write_clears_map_and_profile_caches_but_not_reference():
    cleared = cache.readers(["visits"])
    assert (
        map_readers.map_picture in cleared
        and profile_readers._profile in cleared
        and profile_readers.visits_chart in cleared
    )
    assert reference.regions not in cleared and profile_readers.readiness_radar not in cleared


def test_readers_are_listed_once():
    cleared = cache.readers(["visits", "consultations", "readiness_assessments"])
    assert len(cleared) == len({id(c) for c in cleared})


def test_area_texts_cannot_redefine_a_key(monkeypatch):
    import types

    clash = types.ModuleType("liaison.texts.clash")
    clash.TEXT = {"page_map": ("x", "x")}
    monkeypatch.setattr(i18n.pkgutil, "iter_modules", lambda path: [types.SimpleNamespace(name="clash")])
    monkeypatch.setattr(i18n.importlib, "import_module", lambda name: clash)
    with pytest.raises(KeyError, match="page_map"):
        i18n._merge_area_texts()


def test_the_actor_is_no_longer_taken_from_the_environment(monkeypatch):
    """Since login (issue 12) the audit log names the person logged in; $LIAISON_ACTOR names nobody."""
    monkeypatch.setenv("LIAISON_ACTOR", "山田 太郎")
    assert "LIAISON_ACTOR" not in Path(auth.__file__).read_text(encoding="utf-8")
