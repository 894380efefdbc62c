"""The map as the pages draw it (liaison.mapsvg): the deck's fills, borders, labels and view, as SVG."""

import re
import xml.etree.ElementTree as ET

import pytest
from map_shown import fills

from liaison import map as map_builders
from liaison import mapdeck, mapsvg
from liaison.queries import run_query

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def frame(con, as_of):
    return run_query("municipality_metrics", con=con, fiscal_year=2025, as_of=as_of)


def deck_features(deck) -> dict:
    layer = next(layer for layer in deck.layers if layer.id == mapdeck.MUNICIPALITY_LAYER)
    return {f["properties"]["code"]: f["properties"] for f in layer.data["features"]}


@pytest.mark.parametrize("key", ["step", "days_since_last_visit", "department_coverage"])
def test_the_picture_has_the_decks_fills(frame, key):
    deck, _ = mapdeck.build_map(frame, map_builders.get(key), region_id="awaji")
    shown = mapsvg.picture(deck, "x").data()
    expected = {code: props["fill"] for code, props in deck_features(deck).items()}
    assert fills(shown) == expected  # colour and alpha (faded outside 淡路) of all 41
    assert [f["code"] for f in shown["features"]] == list(expected)


def test_borders_labels_and_halo(frame):
    deck, _ = mapdeck.build_map(frame, map_builders.get("step"))
    svg = ET.fromstring(mapsvg.picture(deck, "DX").svg)
    borders = [p for p in svg.iter(f"{SVG}path") if p.get("stroke")]
    assert [(p.get("stroke"), p.get("stroke-width")) for p in borders] == [
        ("rgb(255,255,255)", "0.8"),  # municipal borders
        ("rgb(45,45,60)", "2.2"),  # 圏域 outlines, over them
    ]
    segments = {layer.id: len(layer.data) for layer in deck.layers if layer.id in ("borders", "regions")}
    assert [p.get("d").count("L") for p in borders] == [segments["borders"], segments["regions"]]
    labels = svg.find(f".//{SVG}g[@class='labels']")
    assert labels.get("paint-order") == "stroke" and labels.get("stroke") == "rgb(255,255,255)"
    assert labels.get("font-size") == "13" and labels.get("font-weight") == "600"
    names = [text.text for text in labels]
    assert "姫路市" in names and "芦屋市" not in names  # small ones labelled when their region is chosen
    assert svg.get("aria-label") == "DX"


def test_the_prefecture_fits_the_decks_view(frame):
    """Pixels at the deck's zoom around its centre: the prefecture fills the height of a 900 × 640 box
    (it is taller than wide), as deck.gl framed it."""
    deck, _ = mapdeck.build_map(frame, map_builders.get("step"))
    svg = mapsvg.picture(deck).svg
    numbers = [float(n) for n in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", svg) for n in n]
    xs, ys = numbers[0::2], numbers[1::2]
    assert -450 < min(xs) and max(xs) < 450
    assert -320 < min(ys) < -280 and 280 < max(ys) < 320


def test_every_text_is_escaped(frame):
    hostile = frame.copy()
    hostile.loc[hostile["code"] == "282014", "name_ja"] = '<img src=x onerror="alert(1)">&'
    deck, _ = mapdeck.build_map(hostile, map_builders.get("step"))
    picture = mapsvg.picture(deck, '<b onclick="x">')
    assert "<img" not in picture.svg and "<b " not in picture.svg
    ET.fromstring(picture.svg)  # still well-formed
    himeji = next(f for f in picture.features if f["code"] == "282014")
    assert himeji["tip"][0] == '<img src=x onerror="alert(1)">&'  # plain text: set as text in the browser


def test_by_region_tooltips_name_the_region_first(frame):
    deck, _ = mapdeck.build_map(frame, map_builders.get("consultations_fy"), by=mapdeck.BY_REGION)
    himeji = next(f for f in mapsvg.picture(deck).features if f["code"] == "282014")
    assert himeji["tip"][:2] == ["中播磨", "（姫路市）"] and himeji["region_id"] == "naka_harima"
    assert mapsvg.picture(deck).label_px == 15
