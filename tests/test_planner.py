"""次回訪問プランナー: hand-checked rankings on a small store (tests/planner_fixtures.py), sanity on the demo."""

from __future__ import annotations

from datetime import date

import pytest
from planner_fixtures import (
    AKO,
    AS_OF,
    KASAI,
    KATO,
    KOBE,
    MIKI,
    NISHIWAKI,
    ONO,
    PLANNER_ORDER,
    SHISO,
    TAKA,
    fill,
    rank_next_visits,
)

from liaison import store


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("planner") / "small.duckdb", fill)
    connection = store.connect(path)
    yield connection
    connection.close()


def rank(con, **kwargs):
    return rank_next_visits(con, fiscal_year=2025, as_of=AS_OF, **kwargs)


def test_region_ranking_matches_the_hand_count(small):
    ranked = rank(small, region_id="kita_harima")
    assert list(ranked["code"]) == PLANNER_ORDER
    assert list(ranked["rank"]) == [1, 2, 3, 4, 5, 6]
    assert list(ranked["score"]) == [8.5, 8.5, 6.5, 5.67, 3.0, 0.0]
    reasons = dict(zip(ranked["code"], ranked["reasons_ja"], strict=True))
    assert reasons[ONO] == (
        "地域社会DX担当は訪問記録なし、DX推進度が低い（ステップ1・平均2.00）、"
        "DX推進度が低下（平均2.50→2.00）、今年度トップ層との接点なし"
    )
    assert reasons[KATO] == (
        "自治体DX担当は120日未訪問、地域社会DX担当は120日未訪問、今年度トップ層との接点なし、"
        "DX推進度のヒアリング記録なし"
    )
    assert reasons[MIKI] == "自治体DX担当は150日未訪問、今年度トップ層との接点なし"
    assert reasons[KASAI] == "90日超の未完了相談2件（最長210日）、地域社会DX担当は160日未訪問"
    assert reasons[TAKA] == "DX推進度が低下（ステップ3→2）、90日超の未完了相談1件（最長97日）"
    assert reasons[NISHIWAKI] == ""


def test_english_reasons(small):
    ranked = rank(small, region_id="kita_harima").set_index("code")
    assert ranked.loc[ONO, "reasons_en"] == (
        "Community DX dept. never visited; Low readiness (step 1, mean 2.00); "
        "Readiness falling (mean 2.50→2.00); No top-layer contact this FY"
    )
    assert ranked.loc[ONO, "name_en"] == "Ono City"


def test_points_are_the_documented_weights(small):
    ranked = rank(small, region_id="kita_harima").set_index("code")
    assert ranked.loc[MIKI, "points_municipal_dx_overdue"] == pytest.approx(3.0 * 150 / 90)
    assert ranked.loc[MIKI, "points_community_dx_overdue"] == 0  # exactly 90 days is not overdue
    assert ranked.loc[ONO, "points_community_dx_overdue"] == 1.5 * 2  # never visited counts as twice
    assert ranked.loc[KASAI, "points_open_ageing"] == 2 * 1.0 + 1.0
    assert ranked.loc[TAKA, "points_no_top_contact"] == 0  # a 首長・幹部 visit is a top-layer contact
    assert ranked.loc[KATO, "points_no_top_contact"] == 1.5  # a 職員 at an engagement is not
    points = ranked[[c for c in ranked.columns if c.startswith("points_")]]
    assert list(points.sum(axis=1).round(2)) == list(ranked["score"])
    # a reason for every factor that contributes, and none for the others
    assert list((points > 0).sum(axis=1)) == [len(r.split("、")) if r else 0 for r in ranked["reasons_ja"]]


def test_overdue_days_changes_the_ranking(small):
    ranked = rank(small, region_id="kita_harima", overdue_days=30)
    assert list(ranked["code"]) == [KASAI, KATO, MIKI, ONO, NISHIWAKI, TAKA]
    assert list(ranked["score"]) == [12.0, 11.5, 10.5, 8.5, 3.0, 3.0]  # 西脇/多可 tie → by code
    assert ranked.loc[ranked["code"] == NISHIWAKI, "reasons_ja"].item() == "地域社会DX担当は60日未訪問"


def test_a_past_fiscal_year_is_planned_as_at_its_end(small):
    ranked = rank_next_visits(small, fiscal_year=2024, as_of=AS_OF, codes=[MIKI, KASAI])
    miki = ranked.set_index("code").loc[MIKI]
    # No visit before 2025-03-31; the 2025-03-20 seminar with the mayor was in 令和6年度.
    assert miki["score"] == 9.0
    assert miki["reasons_ja"] == "自治体DX担当は訪問記録なし、地域社会DX担当は訪問記録なし"
    assert ranked.set_index("code").loc[KASAI, "open_consultations"] == 0  # closed 2025-02-01


def test_regional_liaison_covers_their_region(small):
    assert list(rank(small, liaison_id="R-kita_harima-1")["code"]) == PLANNER_ORDER
    nishi = rank(small, liaison_id="R-nishi_harima-1")
    assert set(nishi["code"]) == {"282081", "282120", "282278", "282294", "284645", "284815", "285013"}


def test_field_liaison_covers_cases_of_their_field_this_year_or_still_open(small):
    ranked = rank(small, liaison_id="F-talent")
    # 三木・多可・姫路・相生: talent cases all closed before this 年度; 神戸市 is never a target.
    assert list(ranked["code"]) == [AKO, SHISO, ONO, KATO, KASAI, NISHIWAKI]
    assert list(ranked["score"]) == [12.5, 10.5, 8.5, 8.5, 5.67, 0.0]
    assert ranked["reasons_ja"].iloc[0] == (
        "自治体DX担当は訪問記録なし、地域社会DX担当は訪問記録なし、DX推進度が低い（ステップ1・平均2.88）、"
        "今年度トップ層との接点なし"
    )
    assert list(rank(small, liaison_id="F-talent", region_id="kita_harima")["code"]) == [
        ONO,
        KATO,
        KASAI,
        NISHIWAKI,
    ]


def test_codes_limit_and_unknown_liaison(small):
    assert list(rank(small, codes=[TAKA, MIKI])["code"]) == [MIKI, TAKA]
    assert list(rank(small, region_id="kita_harima", limit=2)["code"]) == [ONO, KATO]
    assert rank(small, liaison_id="nobody").empty
    assert rank(small, codes=[KOBE]).empty
    with pytest.raises(ValueError):
        rank(small, overdue_days=0)


def test_contract_columns(small):
    ranked = rank(small, region_id="kita_harima")
    assert list(ranked.columns[:8]) == [
        "rank",
        "code",
        "name_ja",
        "name_en",
        "region_id",
        "score",
        "reasons_ja",
        "reasons_en",
    ]
    assert ranked["score"].dtype == float
    for raw in ("days_since_municipal_dx", "days_since_community_dx", "open_over_ageing", "oldest_open_days"):
        assert raw in ranked.columns


# --------------------------------------------------------------------------- the demo store


def test_demo_ranking_is_deterministic_and_complete(con, as_of):
    first = rank_next_visits(con, fiscal_year=2025, as_of=as_of)
    second = rank_next_visits(con, fiscal_year=2025, as_of=as_of)
    assert first.equals(second)
    assert len(first) == 40 and KOBE not in set(first["code"])
    assert list(first["rank"]) == list(range(1, 41))
    assert first["score"].is_monotonic_decreasing
    assert list(first["name_ja"].head(3)) == ["加東市", "たつの市", "香美町"]
    assert list(first["score"].head(3)) == [13.0, 13.0, 12.0]


def test_demo_scope_by_liaison(con, as_of):
    regional = rank_next_visits(con, fiscal_year=2025, as_of=as_of, liaison_id="R-tajima-1")
    by_region = rank_next_visits(con, fiscal_year=2025, as_of=as_of, region_id="tajima")
    assert regional.equals(by_region)
    assert len(regional) == 5
    field = rank_next_visits(con, fiscal_year=2025, as_of=as_of, liaison_id="F-talent")
    received = con.execute(
        """
        select distinct consultations.municipality_code
        from consultations
        inner join municipalities on consultations.municipality_code = municipalities.code
        where consultations.field_id = 'talent' and municipalities.is_liaison_target
            and (consultations.received_on >= date '2025-04-01' or consultations.closed_on is null)
        """
    ).fetchall()
    assert set(field["code"]) == {code for (code,) in received}
    assert 0 < len(field) < 40


def test_rank_of_a_past_year_on_the_demo(con, as_of):
    ranked = rank_next_visits(con, fiscal_year=2024, as_of=as_of, limit=5)
    assert len(ranked) == 5 and ranked["score"].is_monotonic_decreasing
    assert (ranked["rank"] == [1, 2, 3, 4, 5]).all()
    assert date(2025, 3, 31) >= max(d.date() for d in ranked["last_visited_on"].dropna())
