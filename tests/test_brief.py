"""訪問前ブリーフィング: the sections and each talking-point rule, on a small hand-made store (tests/brief_fixtures.py)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from brief_fixtures import AS_OF, FY, build, fill, load
from planner_fixtures import KASAI, KATO, MIKI, NISHIWAKI, ONO, TAKA, rank_next_visits

from liaison import brief, store
from liaison.queries import run_query


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("brief") / "small.duckdb", fill)
    connection = store.connect(path)
    yield connection
    connection.close()


def rules(points):
    return [point.rule for point in points]


@pytest.mark.parametrize(
    ("code", "expected"),
    [(ONO, [1, 2, 3]), (TAKA, [1]), (KASAI, [2, 4]), (MIKI, [2]), (KATO, [2]), (NISHIWAKI, [])],
)
def test_talking_points_by_hand(small, code, expected):
    assert rules(build(small, code).points) == expected


def test_at_most_three_points_in_rule_order(small):
    frames = load(small, ONO)
    fired = [rule for rule in brief.RULES if brief.RULE_CHECKS[rule](frames, ONO, FY, 90, "ja")]
    assert fired == [1, 2, 3, 5]  # four rules fire; the fifth is dropped
    points = build(small, ONO).points
    assert [p.rule_name for p in points] == [
        "規則1 ステップに合った話題",
        "規則2 要訪問の部署",
        "規則3 橋渡しの回答待ち",
    ]


def test_rule_1_step_and_weakest_related_item(small):
    ono = build(small, ONO).points[0]
    assert "ステップ1" in ono.text and "全体方針" in ono.text and "相談3件のうち2件" in ono.text
    assert "「目指す姿」（2点: 将来像は未定）" in ono.text  # tie with トップのコミットメント: radar order
    taka = build(small, TAKA).points[0]
    assert "推進体制" in taka.text and "「トップのコミットメント」（3点" in taka.text


def test_rule_1_needs_two_thirds_and_an_early_step(small):
    frames = load(small, ONO)
    gap = frames.step_gap.copy()
    gap.loc[gap["step"] == 2, "consultations"] = 2  # 2 of 4 on step 3: under two thirds
    assert brief._rule_step(dataclasses.replace(frames, step_gap=gap), ONO, FY, 90, "ja") is None
    metrics = frames.metrics.copy()
    metrics.loc[metrics["code"] == ONO, "step"] = 3
    assert brief._rule_step(dataclasses.replace(frames, metrics=metrics), ONO, FY, 90, "ja") is None
    assert brief._rule_step(load(small, NISHIWAKI), NISHIWAKI, FY, 90, "ja") is None  # 0 of 1


def test_rule_2_follows_the_threshold(small):
    assert "自治体DX担当は150日未訪問" in build(small, MIKI).points[0].text
    assert rules(build(small, MIKI, overdue_days=150).points) == []  # 150 is not more than 150
    assert "地域社会DX担当は訪問記録なし" in build(small, ONO).points[1].text  # never visited


def test_rule_3_more_than_thirty_days(small):
    point = build(small, ONO).points[2]
    assert "最長46日" in point.text and "期限超過" in point.text
    assert point.detail == "情報政策課（2025-10-15 橋渡し）: 生成AIの議事録作成の試行"
    assert 3 not in rules(build(small, TAKA).points)  # 防災課 has waited exactly 30 days


def test_rule_4_needs_an_old_case_and_a_peer(small):
    point = build(small, KASAI).points[1]
    assert point.rule == 4 and "デジタル人材育成の相談が210日未完了" in point.text
    assert point.detail.startswith("姫路市（類似度 0.45）「姫路市のDX人材研修」")
    # 多可町's security case is 97 days old, but nobody solved a security case: no rule 4
    assert load(small, TAKA).peers["security"].empty
    assert 4 not in rules(build(small, TAKA).points)


def test_rule_5_needs_no_contact_and_a_fall(small):
    frames = load(small, ONO)
    point = brief._rule_dialogue(frames, ONO, FY, 90, "ja")
    assert "2.50→2.00" in point.text
    heat = frames.heatmap.copy()
    heat["previous_mean_score"] = 2.29  # a fall of 0.29
    assert brief._rule_dialogue(dataclasses.replace(frames, heatmap=heat), ONO, FY, 90, "ja") is None
    heat["previous_mean_score"] = 2.30  # exactly 0.3
    assert brief._rule_dialogue(dataclasses.replace(frames, heatmap=heat), ONO, FY, 90, "ja") is not None
    factors = frames.factors.copy()
    factors["top_engagements_fy"] = 1
    assert brief._rule_dialogue(dataclasses.replace(frames, factors=factors), ONO, FY, 90, "ja") is None
    assert brief._rule_dialogue(load(small, MIKI), MIKI, FY, 90, "ja") is None  # no contact, no fall


def test_sections(small):
    ono = build(small, ONO)
    assert ono.title == "小野市（おのし）"
    assert dict((k, v) for k, _, v in ono.tiles) == {
        "readiness_latest": "2.00",
        "step_latest": "ステップ1",
        "consultations_fy": "3",
        "open_all": "2",
        "days_since_last_visit": "29",
        "relationship_level": "接触なし",
    }
    assert ono.open_cases["件名"].tolist() == ["生成AIの議事録作成の試行", "書かない窓口の導入"]
    assert ono.open_cases["経過日数"].tolist() == [60, 20]
    assert ono.open_cases["最後の対応"].tolist() == ["2025-10-15 関係部署への橋渡し", "対応記録なし"]
    assert ono.visits["最終訪問"].tolist() == ["2025-11-01", "記録なし", "記録なし"]
    assert [v for _, v in ono.readiness] == ["2.00", "2.50", "ステップ1", "ステップ1"]
    assert ono.weakest["項目"].tolist() == ["目指す姿", "トップのコミットメント", "推進体制"]
    assert ono.top_contacts_count == 0 and ono.top_contacts.empty
    assert ono.referrals_count == 1 and ono.referrals["日数"].tolist() == [46]
    assert ono.peers["解決した市町"].tolist() == ["姫路市"]  # genai; the frontyard case has no peer
    assert ono.talent_support == "未確認"
    nishiwaki = build(small, NISHIWAKI)
    assert nishiwaki.visits["概要"].tolist()[0] == "<b>窓口</b>の課題を聞き取り"
    assert nishiwaki.top_contacts["種別"].tolist() == ["首長対話"]
    taka = build(small, TAKA)
    assert taka.top_contacts["種別"].tolist() == ["訪問"] and taka.top_contacts_count == 1


def test_numbers_equal_the_pages(small):
    """The open count, ages and top-layer contacts are the planner's; the tiles the map's metrics."""
    ranked = rank_next_visits(small, fiscal_year=FY, as_of=AS_OF, region_id="kita_harima").set_index("code")
    metrics = run_query("municipality_metrics", con=small, fiscal_year=FY, as_of=AS_OF).set_index("code")
    for code in (ONO, TAKA, KASAI, MIKI, KATO, NISHIWAKI):
        made = build(small, code)
        assert (
            len(made.open_cases)
            == ranked.loc[code, "open_consultations"]
            == metrics.loc[code, "open_consultations"]
        )
        assert (
            made.top_contacts_count
            == ranked.loc[code, "top_visits_fy"] + ranked.loc[code, "top_engagements_fy"]
        )
        assert len(made.top_contacts) == made.top_contacts_count
        if len(made.open_cases):
            assert made.open_cases["経過日数"].max() == ranked.loc[code, "oldest_open_days"]


def test_redact_removes_restricted_text(small):
    full = build(small, ONO)
    viewer = brief.redact(full, "ja")
    assert "件名" not in viewer.open_cases.columns and "概要" not in viewer.visits.columns
    assert viewer.referrals.empty and viewer.peers.empty
    assert [p.detail for p in viewer.points] == ["", "", ""]
    assert rules(viewer.points) == rules(full.points) and viewer.referrals_count == 1
    department = brief.redact(full, "ja", department_id=1, may_read_referrals=True)
    assert department.referrals["部署"].tolist() == ["情報政策課"] and "依頼内容" not in department.referrals
    other = brief.redact(full, "ja", department_id=2, may_read_referrals=True)
    assert other.referrals.empty


def test_english(small):
    points = build(small, KASAI, lang="en").points
    assert points[1].rule_name == "Rule 4: a peer case"
    assert "open for 210 days" in points[1].text
    assert isinstance(build(small, ONO, lang="en").open_cases, pd.DataFrame)


def test_brief_referrals_are_the_referrals_pages_rows(con, as_of):
    """brief_referrals (one municipality, read narrowly) gives referrals_open's rows of that municipality."""
    every = run_query(
        "referrals_open", con=con, as_of=as_of, overdue_days=30, region_id=None, department_id=None
    )
    shown = [
        c for c in run_query("brief_referrals", con=con, code="282014", as_of=as_of, overdue_days=30).columns
    ]
    compared = 0
    for code in every["municipality_code"].value_counts().index[:5]:
        mine = run_query("brief_referrals", con=con, code=code, as_of=as_of, overdue_days=30)
        theirs = every[every["municipality_code"] == code][shown].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, theirs, check_dtype=False)
        compared += len(mine)
    assert compared > 10
