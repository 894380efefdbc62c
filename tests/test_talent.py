"""人材支援の希望: the list and the map on the brief store (tests/brief_fixtures.py) with two wishes recorded:
小野市 希望する（外部人材の派遣、研修）, 多可町 希望しない; the other 2025 hearings 未確認 (7), the rest not heard."""

from __future__ import annotations

import json

import pytest
from app_pages import open_page
from brief_fixtures import AS_OF
from brief_fixtures import fill as brief_fill
from planner_fixtures import ONO, TAKA

from liaison import store, talent
from liaison.queries import run_query


def fill(con) -> None:
    brief_fill(con)
    con.execute(
        "update readiness_assessments set talent_support_wanted = true, talent_support_kinds = '外部人材の派遣、研修',"
        " answer_issue_awareness = '人材の確保が課題' where municipality_code = $c and fiscal_year = 2025",
        {"c": ONO},
    )
    con.execute(
        "update readiness_assessments set talent_support_wanted = false"
        " where municipality_code = $c and fiscal_year = 2025",
        {"c": TAKA},
    )


@pytest.fixture(scope="module")
def wishes(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("talent") / "small.duckdb", fill)
    con = store.connect(path)
    yield run_query("talent_wishes", con=con, fiscal_year=2025, as_of=AS_OF)
    con.close()


def test_the_list_by_hand(wishes):
    made = talent.talent_view(wishes, None)
    assert (made.wanted, made.heard) == (1, 9)
    assert made.codes == (ONO,)
    row = made.table.iloc[0].to_dict()
    assert row == {
        "市町": "小野市",
        "圏域": "北播磨",
        "人材支援の希望（年度のヒアリング）": "希望する",
        "希望する支援の種類": "外部人材の派遣、研修",
        "手順書のステップ（最新）": "ステップ1",
        "未完了（全期間）": 2,
        "未完了の相談の分野": "フロントヤード改革、生成AI",
        "課題認識（回答）": "人材の確保が課題",
    }


def test_show_all_and_region(wishes):
    every = talent.talent_view(wishes, None, only_wanted=False)
    assert every.codes[:2] == (ONO, TAKA) and len(every.codes) == 40
    assert talent.talent_view(wishes, "nishi_harima").wanted == 0


def test_the_map_colours_the_wish(wishes):
    deck, legend = talent.wish_map(wishes)
    labels = [entry.label for entry in legend]
    assert {"希望する", "希望しない", "未確認"} <= set(labels)
    layer = json.loads(deck.to_json())["layers"][0]
    assert layer  # the municipalities' polygons


def test_open_counts_equal_the_map(wishes, tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("talent2") / "small.duckdb", fill)
    con = store.connect(path)
    metrics = run_query("municipality_metrics", con=con, fiscal_year=2025, as_of=AS_OF).set_index("code")
    con.close()
    assert (wishes.set_index("code")["open_consultations"] == metrics["open_consultations"]).all()


def test_talent_page(app_env):
    at = open_page("views/talent.py", fy="2025")
    assert not at.exception
    assert at.metric[0].label == "人材支援を希望する市町（年度）"
    assert at.get("bidi_component")  # the map
