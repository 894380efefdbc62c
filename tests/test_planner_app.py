"""AppTests: the 次回訪問プランナー page and the 事例紹介 section of the profile page (demo store)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import cache
from dashboard.readers import matcher as matcher_readers
from dashboard.readers import planner as planner_readers
from dashboard.readers import reference
from liaison import paths

APP = str(paths.ROOT / "app.py")
NAME = "市町"


def open_planner(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("views/planner.py")
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at):
    (frame,) = [df.value for df in at.dataframe]
    return frame


@pytest.fixture
def planner_page(app_env):
    at = open_planner()
    assert not at.exception
    return at


def test_planner_headline_and_table(planner_page):
    at = planner_page
    assert at.title[0].value == "次回訪問プランナー"
    assert tiles(at) == {"対象市町数": "40", "訪問の理由がある市町": "39", "最優先": "加東市"}
    frame = table(at)
    assert list(frame[NAME].head(3)) == ["加東市", "たつの市", "香美町"]
    assert list(frame["順位"].head(3)) == [1, 2, 3]
    assert frame["理由"].iloc[0].startswith("自治体DX担当は194日未訪問、")
    assert frame["自治体DX訪問"].iloc[0] == "194日前"
    assert "神戸市" not in set(frame[NAME])
    assert "デモデータ（架空）" in at.warning[0].value


def test_region_change_changes_the_ranking(planner_page):
    at = planner_page
    at.selectbox(key="planner_region").select("tajima").run()
    assert not at.exception
    assert tiles(at)["対象市町数"] == "5"
    assert list(table(at)[NAME]) == ["香美町", "豊岡市", "養父市", "朝来市", "新温泉町"]


def test_region_follows_the_sidebar(planner_page):
    at = planner_page
    at.selectbox(key="sidebar_region").select("awaji").run()
    assert at.selectbox(key="planner_region").value == "awaji"
    assert tiles(at)["対象市町数"] == "3"


def test_overdue_days_change_reranks(planner_page):
    at = planner_page
    before = list(table(at)[NAME])
    at.number_input(key="planner_overdue_days").set_value(30).run()
    assert not at.exception
    after = list(table(at)[NAME])
    assert after != before and sorted(after) == sorted(before)


def test_scope_by_liaison(planner_page):
    at = planner_page
    at.radio(key="planner_scope").set_value("liaison").run()
    at.selectbox(key="planner_liaison").select("R-tajima-1").run()
    assert not at.exception
    assert list(table(at)[NAME]) == ["香美町", "豊岡市", "養父市", "朝来市", "新温泉町"]
    at.selectbox(key="planner_liaison").select("F-talent").run()
    assert 0 < int(tiles(at)["対象市町数"]) < 40
    labels = at.selectbox(key="planner_liaison").options
    assert any("（分野・デジタル人材育成）" in label for label in labels)


def test_row_click_opens_the_profile(planner_page):
    at = planner_page
    at.session_state["planner_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith("加東市")
    assert at.query_params["code"] == "282286"


def test_english(app_env):
    at = open_planner(lang="en")
    assert at.title[0].value == "Visit planner"
    assert tiles(at)["First to visit"] == "Kato City"
    assert table(at)["Reasons"].iloc[0].startswith("Municipal DX dept. not visited for 194 days")


def test_planner_caches_are_cleared_by_writes():
    for table_name in ("visits", "consultations", "readiness_assessments", "engagement_participants"):
        assert planner_readers.next_visits in cache.readers([table_name])
        assert planner_readers.plan in cache.readers([table_name])
    for table_name in ("consultations", "readiness_assessments"):
        assert matcher_readers._similar_cases in cache.readers([table_name])
        assert matcher_readers._matcher_view in cache.readers([table_name])
    assert matcher_readers.field_choices in cache.readers(["consultations"])
    assert planner_readers.liaison_choices in cache.readers(["liaisons"])
    assert reference.regions not in cache.readers(["visits"])


# --------------------------------------------------------------------------- the profile's matcher section


def open_profile(code: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()  # navigation first: the page's url_path differs
    at.switch_page("views/profile.py")
    at.query_params["code"] = code
    at.run()
    return at.toggle(key="municipality_matcher_open").set_value(True).run()


def test_profile_shows_who_has_solved_this(app_env):
    at = open_profile("282189")  # 小野市
    assert not at.exception
    assert "事例紹介の候補（同じ分野で解決した市町）" in [h.value for h in at.subheader]
    field = at.selectbox(key="municipality_matcher_field_282189")
    assert field.value == "smartcity"  # its most frequent open-consultation field (2 open)
    frame = at.dataframe[-1].value
    assert list(frame[NAME]) == ["西脇市", "南あわじ市", "三田市", "姫路市", "加古川市"]
    assert frame["類似度"].iloc[0] == 1.0
    assert (
        frame["この順位の理由"]
        .iloc[0]
        .startswith("人口規模が同じ（1万〜5万人）、同じ区分（市）、同じ圏域（北播磨）")
    )
    assert list(frame["解決した相談（新しい順）"].iloc[0]) == ["デジタル田園都市交付金の申請"]

    field.select("genai").run()
    assert not at.exception
    assert list(at.dataframe[-1].value[NAME])[:2] == ["相生市", "神河町"]


def test_profile_matcher_says_when_nobody_qualifies(app_env):
    at = open_profile("282014")  # 姫路市: nobody at least as strong in 機運醸成 has completed such a case
    at.selectbox(key="municipality_matcher_field_282014").select("awareness").run()
    assert not at.exception
    assert any("まだありません" in i.value for i in at.info)
    assert any("職員のマインド／課題認識" in c.value for c in at.caption)
