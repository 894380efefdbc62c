"""The map builder: colours, legend, escaping and the offline style, without Streamlit."""

import json
from urllib.parse import unquote

import pandas as pd
import pytest

from liaison import map as map_builders
from liaison import mapdeck
from liaison.queries import run_query


@pytest.fixture(scope="module")
def frame(con, as_of):
    return run_query("municipality_metrics", con=con, fiscal_year=2025, as_of=as_of)


def layer(deck, layer_id):
    spec = json.loads(deck.to_json())
    return next(item for item in spec["layers"] if item["id"] == layer_id)


@pytest.mark.parametrize("key", list(map_builders.METRICS))
def test_every_metric_builds(frame, key):
    deck, legend = mapdeck.build_map(frame, map_builders.get(key))
    features = layer(deck, "municipalities")["data"]["features"]
    assert len(features) == 41
    assert legend[-1].label in ("リエゾン対象外", "データなし")
    assert len({tuple(f["properties"]["fill"]) for f in features}) >= 3


def test_offline_style_has_no_sources():
    style = json.loads(unquote(mapdeck.OFFLINE_STYLE.split(",", 1)[1]))
    assert style["sources"] == {}
    assert "http" not in mapdeck.OFFLINE_STYLE


def test_tooltip_texts_are_plain_and_the_legend_is_escaped(frame):
    """The deck holds plain text (the page's map sets it as text); the legend, which is HTML, escapes."""
    hostile = frame.copy()
    hostile.loc[hostile["code"] == "282014", "name_ja"] = '<img src=x onerror="alert(1)">'
    deck, _ = mapdeck.build_map(hostile, map_builders.get("step"))
    props = next(
        f["properties"]
        for f in layer(deck, "municipalities")["data"]["features"]
        if f["properties"]["code"] == "282014"
    )
    assert props["name"] == '<img src=x onerror="alert(1)">'
    assert props["tooltip"][0] == props["name"] and props["tooltip"][2].startswith(
        "手順書のステップ（最新）："
    )
    html_legend = mapdeck.legend_html([mapdeck.LegendEntry("#fff", "<b>x</b>")], "<t>")
    assert "<b>x</b>" not in html_legend and "&lt;t&gt;" in html_legend


def test_step_colours_follow_the_step(frame):
    deck, _ = mapdeck.build_map(frame, map_builders.get("step"))
    fills = {
        f["properties"]["code"]: f["properties"]["fill"][:3]
        for f in layer(deck, "municipalities")["data"]["features"]
    }
    steps = frame.set_index("code")["step"]
    for code, step in steps.items():
        if code != "281000":
            expected = mapdeck._rgba(mapdeck.STEPS[int(step)])[:3]
            assert fills[code] == expected


def test_region_focus_fades_the_rest_and_zooms(frame):
    whole, _ = mapdeck.build_map(frame, map_builders.get("step"))
    awaji, _ = mapdeck.build_map(frame, map_builders.get("step"), region_id="awaji")
    alphas = {
        f["properties"]["code"]: f["properties"]["fill"][3]
        for f in layer(awaji, "municipalities")["data"]["features"]
    }
    assert alphas["282057"] > alphas["282014"]
    assert (
        json.loads(awaji.to_json())["initialViewState"]["zoom"]
        > json.loads(whole.to_json())["initialViewState"]["zoom"]
    )


def test_japanese_labels(frame):
    deck, _ = mapdeck.build_map(frame, map_builders.get("step"))
    assert "姫路市" in {item["name"] for item in layer(deck, "labels")["data"]}


def test_small_municipalities_labelled_only_in_their_region(frame):
    whole, _ = mapdeck.build_map(frame, map_builders.get("step"))
    hanshin, _ = mapdeck.build_map(frame, map_builders.get("step"), region_id="hanshin_minami")
    assert "芦屋市" not in {item["name"] for item in layer(whole, "labels")["data"]}
    assert "芦屋市" in {item["name"] for item in layer(hanshin, "labels")["data"]}


@pytest.mark.parametrize("key", list(map_builders.METRICS))
def test_missing_values_show_no_data(frame, key):
    """A municipality never visited or never heard has <NA> in nullable columns; the map still builds."""
    gaps = frame.copy()
    gaps.loc[gaps["code"] == "282014", key] = pd.NA
    deck, legend = mapdeck.build_map(gaps, map_builders.get(key))
    props = next(
        f["properties"]
        for f in layer(deck, "municipalities")["data"]["features"]
        if f["properties"]["code"] == "282014"
    )
    assert props["value"] == "データなし"
    assert props["fill"][:3] == mapdeck._rgba(mapdeck.NO_DATA)[:3]
    assert legend[-1].label == "データなし"


@pytest.mark.parametrize("key", list(map_builders.METRICS))
def test_by_region_colours_every_member_by_its_region(frame, key):
    metric = map_builders.get(key)
    deck, legend = mapdeck.build_map(frame, metric, by=mapdeck.BY_REGION)
    ranking = map_builders.by_region(frame, metric).set_index("region_id")["value"]
    breaks, palette, _ = mapdeck.colour_scale(metric, ranking, "ja")
    region_of = frame.set_index("code")["region_id"]
    for feature in layer(deck, "municipalities")["data"]["features"]:
        props = feature["properties"]
        if props["code"] == "281000":
            assert props["fill"][:3] == mapdeck._rgba(mapdeck.OUTSIDE)[:3]
            continue
        value = ranking[region_of[props["code"]]]
        colour = mapdeck.colour_for(value, breaks, palette, metric.kind == "categorical")
        assert props["fill"][:3] == mapdeck._rgba(colour)[:3]
        assert props["value"] == metric.format(value)
    assert legend[-1].label in ("リエゾン対象外", "データなし")


def test_by_region_labels_name_the_regions(frame):
    deck, _ = mapdeck.build_map(frame, map_builders.get("consultations_fy"), "en", by=mapdeck.BY_REGION)
    names = {item["name"] for item in layer(deck, "labels")["data"]}
    assert {"Awaji", "Tajima", "Naka-Harima"} <= names
    assert "Himeji" not in names
    assert len(names) == 10  # the nine liaison regions and 神戸


def test_region_label_points_lie_in_their_regions():
    from liaison.geography import regions_geojson

    for feature in regions_geojson()["features"]:
        lon, lat = mapdeck.region_label_points()[feature["properties"]["region_id"]]
        rings = [polygon[0] for polygon in feature["geometry"]["coordinates"]]
        assert any(mapdeck._inside(lon, lat, ring) for ring in rings), feature["properties"]["region_id"]


def test_english_labels(frame):
    deck, _ = mapdeck.build_map(frame, map_builders.get("step"), "en")
    spec = json.loads(deck.to_json())
    assert [item["id"] for item in spec["layers"]][-1] == "labels"
    assert "Awaji" in {item["name"] for item in layer(deck, "labels")["data"]}


def test_borders_are_segments_drawn_once(frame):
    """The outlines are segments, each shared edge once (liaison.mapsvg joins them into paths)."""
    from liaison.geography import municipalities_geojson, regions_geojson

    deck, _ = mapdeck.build_map(frame, map_builders.get("step"))
    spec = json.loads(deck.to_json())
    assert [item["@@type"] for item in spec["layers"][:3]] == ["GeoJsonLayer", "LineLayer", "LineLayer"]
    assert layer(deck, "municipalities")["stroked"] is False
    for layer_id, collection in (("borders", municipalities_geojson()), ("regions", regions_geojson())):
        segments = layer(deck, layer_id)["data"]
        edges = [tuple(sorted((tuple(s["s"]), tuple(s["t"])))) for s in segments]
        assert len(edges) == len(set(edges))  # a shared edge once
        vertices = {
            tuple(point)
            for feature in collection["features"]
            for polygon in feature["geometry"]["coordinates"]
            for ring in polygon
            for point in ring
        }
        assert {
            point for edge in edges for point in edge
        } == vertices  # every ring's every vertex is on a border
