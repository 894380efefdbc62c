"""AppTests: the 対話の組み立て page (brief store, logged in) and the seminar's 町村会 scope (demo store)."""

from __future__ import annotations

from app_pages import open_page
from planner_fixtures import AIOI, AKO
from test_brief_page import brief_app, brief_store, login  # noqa: F401 - fixtures

from liaison import seminar

FY = "2025"


def test_dialogue_page_ranks_groups_and_links_the_seminar(brief_app, monkeypatch):  # noqa: F811
    login(monkeypatch, brief_app, "地域リエゾン")
    at = open_page("views/dialogue.py", fy=FY)
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert texts[0] == "**1. 相生市、赤穂市**"
    assert at.metric[0].value == "0.60"
    links = [link.proto for link in at.get("page_link")]
    towns = [link for link in links if "scope=towns" in link.query_string]
    assert towns, "the 町村会 link"
    first = [link for link in links if f"codes={AIOI}%2C{AKO}" in link.query_string]
    assert first and first[0].page.endswith("seminar")


def test_viewer_has_no_dialogue_page(brief_app, monkeypatch):  # noqa: F811
    login(monkeypatch, brief_app, "閲覧")
    at = open_page(None, fy=FY)
    assert "dialogue" not in {page.url_path for page in at.session_state["shell_pages"]}


def test_seminar_towns_scope(app_env):
    at = open_page("views/seminar.py", scope="towns", fy=FY)
    assert not at.exception
    assert at.session_state["seminar_scope"] == "towns"
    assert "codes" not in at.query_params
    assert "towns" in seminar.KINDS
    subtitles = [block.value for block in at.markdown] + [block.value for block in at.subheader]
    assert any("兵庫県町村会（12町）" in text for text in subtitles), subtitles  # not 「12市町」
