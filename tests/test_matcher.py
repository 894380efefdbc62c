"""事例紹介 matcher: hand-checked rankings on a small store (tests/planner_fixtures.py), sanity on the demo."""

from __future__ import annotations

import pytest
from planner_fixtures import (
    AIOI,
    AKO,
    HIMEJI,
    KASAI,
    KATO,
    KOBE,
    MIKI,
    NISHIWAKI,
    ONO,
    SHISO,
    TAKA,
    fill,
    similar_cases,
)

from liaison import matcher, store
from liaison.queries import run_query

TALENT_ITEMS_JA = "求めるデジタル人材像／人材育成方針・目標"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("matcher") / "small.duckdb", fill)
    connection = store.connect(path)
    yield connection
    connection.close()


def similar(con, code=ONO, field_id="talent", fiscal_year=2025, limit=None):
    return similar_cases(con, code=code, field_id=field_id, fiscal_year=fiscal_year, limit=limit)


def test_ranking_matches_the_hand_count(small):
    ranked = similar(small)
    assert list(ranked["code"]) == [NISHIWAKI, KASAI, TAKA, MIKI, AKO, HIMEJI]
    assert list(ranked["similarity"]) == [1.0, 0.85, 0.85, 0.65, 0.45, 0.3]  # 加西/多可: larger margin first
    assert list(ranked["rank"]) == [1, 2, 3, 4, 5, 6]
    assert list(ranked["related_margin"]) == [1.0, 2.0, 1.0, 1.0, 0.5, 2.0]
    # left out: 加東市 (no hearing), 相生市 (weaker), 宍粟市 (only 橋渡し済), 神戸市, the asker itself
    assert not {KATO, AIOI, SHISO, KOBE, ONO} & set(ranked["code"])


def test_default_limit_is_five(small):
    assert len(similar_cases(small, code=ONO, field_id="talent", fiscal_year=2025)) == 5


def test_every_component_is_explained(small):
    reasons = similar(small).set_index("code")["reasons_ja"]
    assert reasons[NISHIWAKI] == (
        "人口規模が同じ（1万〜5万人）、同じ区分（市）、同じ圏域（北播磨）、1つ先のステップ（1→2）、"
        f"関連項目（{TALENT_ITEMS_JA}）が+1.00高い"
    )
    assert reasons[KASAI] == (
        "人口規模が同じ（1万〜5万人）、同じ区分（市）、同じ圏域（北播磨）、ステップが近い（1→3）、"
        f"関連項目（{TALENT_ITEMS_JA}）が+2.00高い"
    )
    assert reasons[TAKA].startswith("人口規模が同じ（1万〜5万人）、区分が異なる（町）、")
    assert reasons[MIKI].startswith("人口規模が異なる（5万〜20万人）、")
    assert reasons[AKO] == (
        "人口が不明のため人口規模は比較せず、同じ区分（市）、別の圏域（西播磨）、同じステップ（1）、"
        f"関連項目（{TALENT_ITEMS_JA}）が+0.50高い"
    )
    assert reasons[HIMEJI].startswith("人口規模が異なる（20万人以上）、同じ区分（市）、別の圏域（中播磨）、")


def test_english_reasons(small):
    ranked = similar(small).set_index("code")
    assert ranked.loc[AKO, "reasons_en"] == (
        "population unknown: band not compared; same kind (city); other region (Nishi-Harima); "
        "same step (1); related items (Talent profile, Talent policy) +0.50 higher"
    )
    assert ranked.loc[AKO, "name_en"] == "Ako City"


def test_components_add_up_to_the_similarity(small):
    ranked = similar(small)
    components = ranked[[f"sim_{c}" for c in matcher.MATCH_WEIGHTS]]
    weights = list(matcher.MATCH_WEIGHTS.values())
    assert list((components * weights).sum(axis=1).round(3)) == list(ranked["similarity"])
    assert sum(weights) == pytest.approx(1.0)


def test_case_titles_newest_first_and_only_completed_in_the_field(small):
    ranked = similar(small).set_index("code")
    assert ranked.loc[NISHIWAKI, "case_titles"] == ["デジタル人材育成方針の策定", "DX推進リーダー研修の設計"]
    assert ranked.loc[NISHIWAKI, "case_ids"] == [1, 2]
    assert ranked.loc[KASAI, "case_titles"] == ["<b>資格取得支援</b>の制度化"]  # raw text; pages escape it
    assert ranked.loc[HIMEJI, "case_titles"] == ["姫路市のDX人材研修"]  # not its 生成AI case


def test_equal_strength_counts(small):
    ranked = similar(small, code=NISHIWAKI)
    assert list(ranked["code"]) == [KASAI, TAKA, MIKI, HIMEJI]
    assert list(ranked["similarity"]) == [1.0, 0.85, 0.65, 0.45]
    assert ranked.set_index("code").loc[TAKA, "reasons_ja"].endswith(f"関連項目（{TALENT_ITEMS_JA}）は同等")


def test_asker_without_a_hearing_compares_no_strength(small):
    ranked = similar(small, code=KATO)
    assert list(ranked["code"]) == [NISHIWAKI, ONO, KASAI, TAKA, AIOI, MIKI, HIMEJI, AKO]
    assert list(ranked["similarity"]) == [0.7, 0.7, 0.7, 0.55, 0.5, 0.35, 0.15, 0.15]
    for reasons in ranked["reasons_ja"]:
        assert "ステップ不明のため比較せず" in reasons
        assert reasons.endswith("この市町のヒアリング記録がないため関連項目は比較せず")
    assert ranked["related_margin"].isna().all()


def test_a_past_year_uses_that_years_cases_and_hearings(small):
    ranked = similar(small, fiscal_year=2024)
    # 姫路市・相生市 had no hearing by 令和6年度; 小野市's talent items were 3/3 then, so equals count.
    assert list(ranked["code"]) == [NISHIWAKI, KASAI, TAKA, MIKI]
    assert list(ranked["similarity"]) == [1.0, 0.85, 0.7, 0.65]
    assert ranked.set_index("code").loc[NISHIWAKI, "case_titles"] == ["DX推進リーダー研修の設計"]


def test_other_field_and_unknowns(small):
    genai = similar(small, field_id="genai")
    assert list(genai["code"]) == [HIMEJI]  # 加西市's 生成AI case is still open
    assert genai["case_titles"].item() == ["姫路市の生成AI活用"]
    assert similar(small, code="999999").empty
    assert list(similar(small, field_id="nosuch").columns[:9]) == matcher.COLUMNS


def test_default_field(small):
    def default(code):
        return matcher.default_field(run_query("consultation_fields_by_municipality", con=small, code=code))

    assert default(KASAI) == "talent"  # open: talent 2, genai 1
    assert default(TAKA) == "security"  # its one open case
    assert default(HIMEJI) == "talent"  # none open; talent 1 = genai 1 → the earlier field
    assert default("283827") == "awareness"  # no consultations at all: the first field


def test_field_items_cover_every_field(con):
    fields = {row[0] for row in con.execute("select field_id from dx_fields").fetchall()}
    assert set(matcher.FIELD_ITEMS) == fields
    assert all(set(items) <= set(matcher.ITEMS) for items in matcher.FIELD_ITEMS.values())


@pytest.mark.parametrize(
    "band", [(9_999, 0), (10_000, 1), (49_999, 1), (50_000, 2), (200_000, 3), (None, None)]
)
def test_population_bands(band):
    population, expected = band
    assert matcher.population_band(population) == expected


# --------------------------------------------------------------------------- the demo store


def test_demo_matches_are_sane_and_deterministic(con):
    first = similar_cases(con, code="282189", field_id="standardization", fiscal_year=2025, limit=None)
    second = similar_cases(con, code="282189", field_id="standardization", fiscal_year=2025, limit=None)
    assert first.equals(second)
    assert len(first) > 5
    assert KOBE not in set(first["code"]) and "282189" not in set(first["code"])
    assert first["similarity"].between(0, 1).all() and first["similarity"].is_monotonic_decreasing
    assert (first["related_margin"] >= 0).all()
    assert list(first["name_ja"].head(3)) == ["西脇市", "加東市", "洲本市"]
    ids = [case_id for ids in first["case_ids"] for case_id in ids]
    rows = con.execute(
        "select distinct status, field_id from consultations where list_contains($ids, consultation_id)",
        {"ids": ids},
    ).fetchall()
    assert rows == [("完了", "standardization")]


def test_demo_kobe_never_appears_in_any_field(con):
    fields = [row[0] for row in con.execute("select field_id from dx_fields").fetchall()]
    for field_id in fields:
        ranked = similar_cases(con, code="282014", field_id=field_id, fiscal_year=2025, limit=None)
        assert KOBE not in set(ranked["code"]) and "282014" not in set(ranked["code"])
