"""Reference data: the 41 municipalities, their codes, regions and sourced figures."""

import csv
import re

import pytest

from liaison import codes, paths

MEMBERS = {
    "kobe": ["神戸市"],
    "hanshin_minami": ["尼崎市", "西宮市", "芦屋市"],
    "hanshin_kita": ["伊丹市", "宝塚市", "川西市", "三田市", "猪名川町"],
    "higashi_harima": ["明石市", "加古川市", "高砂市", "稲美町", "播磨町"],
    "kita_harima": ["西脇市", "三木市", "小野市", "加西市", "加東市", "多可町"],
    "naka_harima": ["姫路市", "市川町", "福崎町", "神河町"],
    "nishi_harima": ["相生市", "赤穂市", "宍粟市", "たつの市", "太子町", "上郡町", "佐用町"],
    "tajima": ["豊岡市", "養父市", "朝来市", "香美町", "新温泉町"],
    "tamba": ["丹波篠山市", "丹波市"],
    "awaji": ["洲本市", "南あわじ市", "淡路市"],
}
PREFECTURE_POPULATION_2020 = 5_465_002  # 兵庫県, 令和2年国勢調査 (確定値)
PREFECTURE_AREA_KM2 = 8400.94  # 兵庫県, 国土地理院 面積調 令和6年10月1日


def read(name):
    with (paths.REFERENCE / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def municipalities():
    return read("municipalities.csv")


def test_counts(municipalities):
    assert len(municipalities) == 41
    assert len(read("regions.csv")) == 10
    assert sum(r["is_liaison_target"] == "true" for r in municipalities) == 40
    assert [r["name_ja"] for r in municipalities if r["is_liaison_target"] == "false"] == ["神戸市"]
    assert sum(r["kind"] == "市" for r in municipalities) == 29
    assert sum(r["kind"] == "町" for r in municipalities) == 12


def test_codes_have_check_digits(municipalities):
    for row in municipalities:
        assert codes.is_valid(row["code"]), row
        assert row["code"].startswith("28")
    assert {r["name_ja"]: r["code"] for r in municipalities}["姫路市"] == "282014"


def test_region_membership(municipalities):
    actual = {}
    for row in municipalities:
        actual.setdefault(row["region_id"], []).append(row["name_ja"])
    assert {k: sorted(v) for k, v in actual.items()} == {k: sorted(v) for k, v in MEMBERS.items()}


def test_sourced_figures_only(municipalities):
    """Figures are copied from the transcribed sources; a missing one stays empty."""
    census = {r["code5"]: r for r in read("sources/census_2020.csv")}
    areas = {r["code5"]: r for r in read("sources/gsi_area.csv")}
    for row in municipalities:
        code5 = row["code"][:5]
        assert row["population_2020"] == census.get(code5, {}).get("population_2020", "")
        assert row["area_km2"] == areas.get(code5, {}).get("area_km2", "")
    for source in list(census.values()) + list(areas.values()):
        assert source["source"].strip(), source
    by_name = {r["name_ja"]: r for r in municipalities}
    assert by_name["神戸市"]["population_2020"] == "1525152"
    assert by_name["姫路市"]["population_2020"] == "530495"
    assert by_name["豊岡市"]["area_km2"] == "697.55"
    # corrected from leads that were estimates, not the census (see data/SOURCES.md)
    assert by_name["相生市"]["population_2020"] == "28355"
    assert by_name["たつの市"]["population_2020"] == "74316"


def test_census_figures_fit_the_prefecture_total(municipalities):
    """The sourced populations never exceed the prefecture's total and add up to it once all 41 are in."""
    entered = [int(r["population_2020"]) for r in municipalities if r["population_2020"]]
    assert sum(entered) <= PREFECTURE_POPULATION_2020
    if len(entered) == len(municipalities):
        assert sum(entered) == PREFECTURE_POPULATION_2020


def test_areas_fit_the_prefecture_total(municipalities):
    entered = [float(r["area_km2"]) for r in municipalities if r["area_km2"]]
    assert sum(entered) <= PREFECTURE_AREA_KM2 + 0.005
    if len(entered) == len(municipalities):
        assert abs(sum(entered) - PREFECTURE_AREA_KM2) < 0.005


def test_sources_md_lists_the_missing_figures_and_their_sum(municipalities):
    """SOURCES.md names exactly the empty figures and states what the missing populations must sum to."""
    text = (paths.DATA / "SOURCES.md").read_text(encoding="utf-8")
    for column in ("population_2020", "area_km2"):
        empty = {r["name_ja"] for r in municipalities if not r[column]}
        match = re.search(rf"`{column}` missing \((\d+)\):\s*([^.\n]*)", text)
        assert match, column
        listed = {n for n in re.split(r"[、,]\s*", match.group(2).strip()) if n and n != "none"}
        assert int(match.group(1)) == len(empty) and listed == empty, (column, listed, empty)
    entered = [int(r["population_2020"]) for r in municipalities if r["population_2020"]]
    missing = len(municipalities) - len(entered)
    if missing:
        stated = re.search(r"The (\d+) sourced figures sum to ([\d,]+);", text)
        assert stated and int(stated.group(1)) == len(entered)
        assert int(stated.group(2).replace(",", "")) == sum(entered)
        stated = re.search(r"so the (\d+) missing\s+figures must sum to ([\d,]+)", text)
        assert stated and int(stated.group(1)) == missing
        assert int(stated.group(2).replace(",", "")) == PREFECTURE_POPULATION_2020 - sum(entered)


def test_every_missing_figure_is_listed_in_sources_md(municipalities):
    text = (paths.DATA / "SOURCES.md").read_text(encoding="utf-8")
    for row in municipalities:
        if not row["population_2020"] or not row["area_km2"]:
            assert row["name_ja"] in text, f"{row['name_ja']} has a missing figure not listed in SOURCES.md"
