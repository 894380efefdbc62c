"""Reference data: the 41 municipalities, their codes, regions and sourced figures."""

import csv

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


def test_every_missing_figure_is_listed_in_sources_md(municipalities):
    text = (paths.DATA / "SOURCES.md").read_text(encoding="utf-8")
    for row in municipalities:
        if not row["population_2020"] or not row["area_km2"]:
            assert row["name_ja"] in text, f"{row['name_ja']} has a missing figure not listed in SOURCES.md"
