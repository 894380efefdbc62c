"""The map by 圏域 (liaison.map.by_region) and the value table, checked by hand on a small frame."""

import math

import pandas as pd
import pytest

from liaison import map as map_builders


def hand_made() -> pd.DataFrame:
    """3 regions × 2 municipalities, one missing readiness / step, and 神戸市 outside the programme."""
    rows = [
        # code, region, target, population, consultations, open, readiness, step, days, coverage
        ("a1", "r_a", True, 10_000, 4, 1, 2.0, 1, 10, 0.5),
        ("a2", "r_a", True, 30_000, 8, 3, 3.0, 2, 40, 1.0),
        ("b1", "r_b", True, 30_000, 10, 0, None, None, 100, 0.0),
        ("b2", "r_b", True, 20_000, 2, 2, 4.0, 3, 20, 0.5),
        ("c1", "r_c", True, 5_000, 1, 4, 1.0, 0, 5, 1.0),
        ("c2", "r_c", True, 15_000, 3, 0, 2.0, 1, 7, 1.0),
        ("kobe", "kobe", False, 1_500_000, 50, 9, 5.0, 3, 1, 1.0),
    ]
    names = {"r_a": ("甲", "Ko"), "r_b": ("乙", "Otsu"), "r_c": ("丙", "Hei"), "kobe": ("神戸", "Kobe")}
    frame = pd.DataFrame(
        rows,
        columns=[
            "code",
            "region_id",
            "is_liaison_target",
            "population_2020",
            "consultations_fy",
            "open_consultations",
            "readiness_index",
            "step",
            "days_since_last_visit",
            "department_coverage",
        ],
    )
    frame["readiness_index"] = frame["readiness_index"].astype("Float64")
    frame["step"] = frame["step"].astype("Int64")
    frame["days_since_last_visit"] = frame["days_since_last_visit"].astype("Int64")
    frame["consultations_per_10k"] = (10_000 * frame["consultations_fy"] / frame["population_2020"]).round(2)
    frame["name_ja"] = frame["code"] + "町"
    frame["name_en"] = frame["code"] + " Town"
    frame["region_name_ja"] = frame["region_id"].map(lambda r: names[r][0])
    frame["region_name_en"] = frame["region_id"].map(lambda r: names[r][1])
    return frame


# (metric, regions best first, their values, their ranks) — worked out by hand from hand_made()
HAND_RANKINGS = [
    ("consultations_fy", ["r_a", "r_b", "r_c"], [12, 12, 4], [1, 1, 3]),  # totals; a tie shares rank 1
    # Σ consultations / Σ population × 10,000: r_a 12 / 40,000, r_b 12 / 50,000, r_c 4 / 20,000
    # (the mean of r_a's members' rates would be 3.33, not 3.0)
    ("consultations_per_10k", ["r_a", "r_b", "r_c"], [3.0, 2.4, 2.0], [1, 2, 3]),
    ("open_consultations", ["r_b", "r_a", "r_c"], [2, 4, 4], [1, 2, 2]),  # fewer is better
    ("readiness_index", ["r_b", "r_a", "r_c"], [4.0, 2.5, 1.5], [1, 2, 3]),  # b1 has no hearing: mean of b2
    ("step", ["r_b", "r_a", "r_c"], [3, 1, 0], [1, 2, 3]),  # lower median: [1, 2] → 1, [3] → 3, [0, 1] → 0
    ("days_since_last_visit", ["r_c", "r_a", "r_b"], [6, 25, 60], [1, 2, 3]),  # fewer days is better
    ("department_coverage", ["r_c", "r_a", "r_b"], [1.0, 0.75, 0.25], [1, 2, 3]),
]


@pytest.mark.parametrize(("key", "order", "values", "ranks"), HAND_RANKINGS)
def test_region_ranking_equals_the_hand_computed_one(key, order, values, ranks):
    ranking = map_builders.by_region(hand_made(), map_builders.get(key))
    assert list(ranking["region_id"]) == order  # 神戸 is not a row
    assert list(ranking["value"]) == pytest.approx(values)
    assert list(ranking["rank"]) == ranks
    assert list(ranking["members"]) == [2, 2, 2]


def test_every_metric_says_how_a_region_is_aggregated():
    assert {m.key: m.aggregate for m in map_builders.METRICS.values()} == {
        "readiness_index": "mean",
        "step": "median",
        "consultations_fy": "sum",
        "consultations_per_10k": "rate_per_10k",
        "open_consultations": "sum",
        "days_since_last_visit": "mean",
        "department_coverage": "mean",
    }


def test_missing_values_are_left_out_and_counted():
    ranking = map_builders.by_region(hand_made(), map_builders.get("readiness_index")).set_index("region_id")
    assert ranking.loc["r_b", "counted"] == 1
    assert ranking.loc["r_a", "counted"] == 2


def test_a_member_without_population_is_left_out_of_the_rate():
    frame = hand_made()
    frame["population_2020"] = frame["population_2020"].astype("Int64")
    frame.loc[frame["code"] == "b1", "population_2020"] = pd.NA  # and its 10 consultations with it
    frame.loc[frame["code"] == "b1", "consultations_per_10k"] = math.nan
    ranking = map_builders.by_region(frame, map_builders.get("consultations_per_10k")).set_index("region_id")
    assert ranking.loc["r_b", "value"] == pytest.approx(1.0)  # 2 / 20,000 × 10,000, not 12 / 20,000
    assert ranking.loc["r_b", "counted"] == 1


def test_a_region_without_any_value_ranks_last_without_a_rank():
    frame = hand_made()
    frame.loc[frame["region_id"] == "r_a", "readiness_index"] = pd.NA
    ranking = map_builders.by_region(frame, map_builders.get("readiness_index"))
    assert list(ranking["region_id"]) == ["r_b", "r_c", "r_a"]
    assert math.isnan(ranking["value"].iloc[-1]) and pd.isna(ranking["rank"].iloc[-1])
    assert list(ranking["rank"].iloc[:2]) == [1, 2]


def test_region_table_is_numbers_in_the_chosen_language():
    ranking = map_builders.by_region(hand_made(), map_builders.get("department_coverage"))
    table = map_builders.region_table(ranking, map_builders.get("department_coverage"), "en")
    assert list(table.columns) == ["rank", "region", "value", "members", "counted"]
    assert list(table["region"]) == ["Hei", "Ko", "Otsu"]
    assert list(table["value"]) == [100.0, 75.0, 25.0]  # shown with "%.0f%%"


def test_value_table_sorts_as_numbers_with_kobe_empty():
    metric = map_builders.get("consultations_fy")
    table = map_builders.value_table(hand_made(), metric, "ja")
    assert list(table.columns) == ["municipality", "region", "value", "note"]
    assert table["value"].dtype == "float64"
    kobe = table[table["municipality"] == "kobe町"].iloc[0]
    assert math.isnan(kobe["value"]) and kobe["note"] == "対象外"
    ordered = table.sort_values("value", na_position="last")["value"].tolist()
    assert ordered[:6] == [1.0, 2.0, 3.0, 4.0, 8.0, 10.0]  # 10 after 8, as numbers
    english = map_builders.value_table(hand_made(), metric, "en", region_id="kobe")
    assert list(english["note"]) == ["outside the programme"] and list(english["region"]) == ["Kobe"]


@pytest.mark.parametrize(
    ("key", "lang", "expected"),
    [
        ("readiness_index", "ja", "%.2f"),
        ("consultations_fy", "ja", "%.0f件"),
        ("days_since_last_visit", "en", "%.0f days"),
        ("department_coverage", "en", "%.0f%%"),
        ("step", "ja", "ステップ%d"),
    ],
)
def test_number_formats(key, lang, expected):
    assert map_builders.get(key).number_format(lang) == expected
