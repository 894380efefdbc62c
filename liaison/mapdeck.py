"""The shared map drawing: the map of Hyogo's municipalities coloured by a metric, as a pydeck deck; no Streamlit.

Not one page's builder: the map, region, relations, seminar and talent pages all draw their maps with it
(the metrics come from liaison.map). The deck is the map's one description — fills, borders, labels,
view — and two drawings read it: liaison.mapsvg for the pages (an SVG in the browser), liaison.mapfigure
for the exports (plotly).
"""

from __future__ import annotations

import html
import json
import math
import urllib.parse
from dataclasses import dataclass
from functools import cache

import pandas as pd
import pydeck as pdk

from liaison.geography import area_km2, municipalities_geojson, regions_geojson
from liaison.i18n import localized
from liaison.map import Metric, by_region

# ColorBrewer schemes that stay distinct for the common colour-vision deficiencies.
GOOD_HIGH = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]  # YlGnBu
BAD_HIGH = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]  # YlOrRd
STEPS = ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"]  # YlGnBu, 4 ordered classes
OUTSIDE = "#9e9e9e"  # 神戸市: outside the liaison programme
NO_DATA = "#e3e3e3"
MUNICIPALITY_LAYER = "municipalities"
BY_MUNICIPALITY, BY_REGION = "municipality", "region"  # what one colour stands for

# A MapLibre style with only a background: no tiles, no glyphs, no request leaves the browser.
OFFLINE_STYLE = "data:application/json," + urllib.parse.quote(
    json.dumps(
        {
            "version": 8,
            "sources": {},
            "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#eef2f5"}}],
        },
        separators=(",", ":"),
    )
)
SMALL_KM2 = 40
LABEL_FONT = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"  # a CSS font list


@dataclass(frozen=True)
class LegendEntry:
    color: str
    label: str


def _rgba(hex_color: str, alpha: int = 235) -> list[int]:
    value = hex_color.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def class_breaks(metric: Metric, values: pd.Series) -> list[float]:
    """Upper bounds of the colour classes for a metric (fixed where the scale is fixed)."""
    if metric.key == "readiness_index":
        return [1.8, 2.6, 3.4, 4.2, 5.0]
    if metric.key == "department_coverage":
        return [0.0, 0.5, 1.0]
    if metric.key == "days_since_last_visit":
        return [30, 60, 90, 180, math.inf]
    top = _nice_ceiling(float(values.max()) if values.notna().any() else 1.0)
    return [top * (i + 1) / 5 for i in range(5)]


def colour_scale(
    metric: Metric, values: pd.Series, lang: str
) -> tuple[list[float], list[str], list[LegendEntry]]:
    """(breaks, colours, legend) for a metric over the values shown."""
    if metric.kind == "categorical":
        palette = [c[0] for c in metric.categories] or STEPS
        legend = [LegendEntry(c, metric.format(i, lang)) for i, c in enumerate(palette)]
        return list(range(len(palette))), palette, legend
    breaks = class_breaks(metric, values)
    palette = GOOD_HIGH if metric.higher_is_better else BAD_HIGH
    if len(breaks) == 3:
        palette = [palette[0], palette[2], palette[4]]
    legend = []
    lower = None
    for upper, color in zip(breaks, palette, strict=True):
        if metric.key == "department_coverage":
            text = metric.format(upper, lang)
        elif math.isinf(upper):
            text = (
                f"{metric.format(lower, lang)} 超" if lang == "ja" else f"over {metric.format(lower, lang)}"
            )
        elif lower is None:
            text = (
                f"〜{metric.format(upper, lang)}" if lang == "ja" else f"up to {metric.format(upper, lang)}"
            )
        else:
            dash = "〜" if lang == "ja" else " – "
            text = f"{metric.format(lower, lang)}{dash}{metric.format(upper, lang)}"
        legend.append(LegendEntry(color, text))
        lower = upper
    return breaks, palette, legend


def colour_for(value, breaks: list[float], palette: list[str], categorical: bool) -> str:
    if value is None or pd.isna(value):
        return NO_DATA
    if categorical:
        return palette[int(value)]
    for upper, color in zip(breaks, palette, strict=True):
        if value <= upper:
            return color
    return palette[-1]


TILE_PX = 512  # deck.gl's Web Mercator world is 512 px wide at zoom 0


def mercator_y(lat: float) -> float:
    """Web Mercator northing of a latitude, in radians (the unit of a longitude in radians)."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def layer(deck: pdk.Deck, layer_id: str) -> pdk.Layer:
    """The deck's layer `layer_id` (MUNICIPALITY_LAYER, BORDER_LAYER, REGION_BORDER_LAYER, "labels")."""
    return next(item for item in deck.layers if item.id == layer_id)


def fit_view(bounds: tuple[float, float, float, float], width: int = 900, height: int = 640) -> pdk.ViewState:
    """A view state that fits lon/lat bounds into a viewport of about width × height pixels."""
    west, south, east, north = bounds
    span_x = math.radians(east - west)
    span_y = mercator_y(north) - mercator_y(south)
    zoom = math.log2(min(width / TILE_PX * 2 * math.pi / span_x, height / TILE_PX * 2 * math.pi / span_y))
    center_y = (mercator_y(north) + mercator_y(south)) / 2
    lat = math.degrees(2 * math.atan(math.exp(center_y)) - math.pi / 2)
    return pdk.ViewState(longitude=(west + east) / 2, latitude=lat, zoom=round(zoom - 0.1, 2))


def _bounds(features: list[dict]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for feat in features:
        for polygon in feat["geometry"]["coordinates"]:
            for lon, lat in polygon[0]:
                xs.append(lon)
                ys.append(lat)
    return min(xs), min(ys), max(xs), max(ys)


def _inside(lon: float, lat: float, ring: list) -> bool:
    """Ray casting: is the point inside the ring?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _centroid(ring: list) -> tuple[float, float]:
    """The area centroid of a ring (shoelace formula, in lon/lat: close enough for a label)."""
    twice_area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        twice_area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (3 * twice_area), cy / (3 * twice_area)


@cache
def region_label_points() -> dict[str, tuple[float, float]]:
    """A label point per 圏域: the centroid of its largest polygon, else its largest member's label."""
    members: dict[str, dict] = {}
    for feat in municipalities_geojson()["features"]:
        props = feat["properties"]
        best = members.get(props["region_id"])
        if best is None or props["measured_area_km2"] > best["measured_area_km2"]:
            members[props["region_id"]] = props
    points = {}
    for feat in regions_geojson()["features"]:
        region_id = feat["properties"]["region_id"]
        ring = max(
            (polygon[0] for polygon in feat["geometry"]["coordinates"]),
            key=lambda outer: area_km2({"type": "Polygon", "coordinates": [outer]}),
        )
        lon, lat = _centroid(ring)
        if not _inside(lon, lat, ring):
            lon, lat = members[region_id]["label_lon"], members[region_id]["label_lat"]
        points[region_id] = (round(lon, 4), round(lat, 4))
    return points


def build_map(
    metrics: pd.DataFrame,
    metric: Metric,
    lang: str = "ja",
    region_id: str | None = None,
    *,
    selected_code: str | None = None,
    focus_codes: frozenset[str] | None = None,
    by: str = BY_MUNICIPALITY,
) -> tuple[pdk.Deck, list[LegendEntry]]:
    """The municipality map coloured by `metric`; returns the deck and its legend.

    `metrics` is the frame of municipality_metrics.sql. Municipalities outside the
    programme are grey; outside the chosen region (or `focus_codes`, when given) they are faded.
    With `by=BY_REGION` every member is coloured by its 圏域's value (liaison.map.by_region)
    and the labels name the 圏域.
    """
    rows = metrics.set_index("code")
    targets = rows[rows["is_liaison_target"]]
    if by == BY_REGION:
        scale_values = by_region(metrics, metric).set_index("region_id")["value"]
        values = rows["region_id"].map(scale_values)  # each municipality shows its 圏域's value
    else:
        scale_values = targets[metric.key]
        values = rows[metric.key]
    breaks, palette, legend = colour_scale(metric, scale_values, lang)
    outside_label = "リエゾン対象外" if lang == "ja" else "outside the programme"
    legend = legend + [LegendEntry(OUTSIDE, outside_label)]
    if scale_values.isna().any():
        legend.append(LegendEntry(NO_DATA, metric.format(None, lang)))

    region_col = localized("region_name", lang)
    name_col = localized("name", lang)
    features, labels, focus = [], [], []
    for feat in municipalities_geojson()["features"]:
        code = feat["properties"]["code"]
        row = rows.loc[code]
        value = values[code]
        if not row["is_liaison_target"]:
            color, shown = OUTSIDE, outside_label
        else:
            color = colour_for(value, breaks, palette, metric.kind == "categorical")
            shown = metric.format(value, lang)
        in_focus = (region_id is None or row["region_id"] == region_id) and (
            focus_codes is None or code in focus_codes
        )
        if in_focus:
            focus.append(feat)
        alpha = 235 if in_focus else 70
        if selected_code and code == selected_code:
            alpha = 255
        features.append(
            {
                "type": "Feature",
                "geometry": feat["geometry"],
                "properties": {
                    # plain text: the map's tooltip sets them as text (liaison.mapsvg, mapview.js)
                    "code": code,
                    "region_id": str(row["region_id"]),
                    "name": str(row[name_col]),
                    "region": str(row[region_col]),
                    "value": shown,
                    "fill": _rgba(color, alpha),
                    "tooltip": _tooltip(str(row[name_col]), str(row[region_col]), shown, metric, lang, by),
                },
            }
        )
        if by == BY_REGION:
            continue  # labelled per 圏域 below
        zoomed = region_id is not None or focus_codes is not None
        if not zoomed and feat["properties"]["measured_area_km2"] < SMALL_KM2:
            continue  # too small to label at the prefecture view; labelled when its region is chosen
        labels.append(
            {
                "name": str(
                    row["name_ja"]
                    if lang == "ja"
                    else row["name_en"].replace(" City", "").replace(" Town", "")
                ),
                "position": [feat["properties"]["label_lon"], feat["properties"]["label_lat"]],
                "anchor": feat["properties"]["label_anchor"],
                "alpha": 255 if in_focus else 90,
            }
        )
    if by == BY_REGION:
        names = rows.drop_duplicates("region_id").set_index("region_id")[region_col]
        for label_region, position in region_label_points().items():
            if label_region in names.index:
                labels.append(
                    {
                        "name": str(names[label_region]),
                        "position": list(position),
                        "anchor": "middle",
                        "alpha": 255 if region_id in (None, label_region) else 90,
                    }
                )

    municipality_layer = pdk.Layer(
        "GeoJsonLayer",
        id=MUNICIPALITY_LAYER,
        data={"type": "FeatureCollection", "features": features},
        get_fill_color="properties.fill",
        stroked=False,  # the borders are the line layers below
        pickable=True,
        auto_highlight=True,
        highlight_color=[255, 255, 255, 90],
    )
    label_layers = _label_layers(labels, 15 if by == BY_REGION else 13)
    deck = pdk.Deck(
        layers=[municipality_layer, *_border_layers(), *label_layers],
        # by 圏域 the page puts the ranking beside the map, so the map gets about 3/5 of the width
        initial_view_state=fit_view(_bounds(focus or features), width=620 if by == BY_REGION else 900),
        map_provider="carto",
        map_style=OFFLINE_STYLE,
    )
    return deck, legend


def _tooltip(name: str, region: str, shown: str, metric: Metric, lang: str, by: str) -> list[str]:
    """[bold head, rest of the first line, second line]: 「姫路市（中播磨）」「相談件数：12」, 圏域 first by 圏域."""
    head, rest = (region, name) if by == BY_REGION else (name, region)
    return [
        head,
        f"（{rest}）" if lang == "ja" else f" ({rest})",
        metric.label(lang) + ("：" if lang == "ja" else ": ") + shown,
    ]


# Borders are straight segments (a LineLayer each), every shared edge once: drawn once where
# GeoJsonLayer outlines drew it twice (once per neighbour), which is why the white is 250 and not 220.
MUNICIPALITY_BORDER = [255, 255, 255, 250]  # the look of two outlines at 220 drawn over each other
REGION_BORDER = [45, 45, 60, 255]
BORDER_LAYER, REGION_BORDER_LAYER = "borders", "regions"


def _segments(collection: dict) -> list[dict]:
    """Each edge of the rings of a FeatureCollection's (Multi)Polygons once, as {"s": [lon, lat], "t": …}.

    An edge two neighbours share is drawn once (their outlines drew it twice, one over the other).
    """
    seen, segments = set(), []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        for polygon in polygons:
            for ring in polygon:
                for a, b in zip(ring, ring[1:], strict=False):
                    edge = (tuple(a), tuple(b)) if tuple(a) <= tuple(b) else (tuple(b), tuple(a))
                    if edge not in seen:
                        seen.add(edge)
                        segments.append({"s": a, "t": b})
    return segments


@cache
def _border_layers() -> tuple[pdk.Layer, ...]:
    """The municipalities' white borders and the 圏域's dark outlines (the same on every map; widths in pixels)."""
    return tuple(
        pdk.Layer(
            "LineLayer",
            id=layer_id,
            data=_segments(collection),
            get_source_position="s",
            get_target_position="t",
            get_color=color,
            get_width=width,
            pickable=False,
        )
        for layer_id, collection, color, width in (
            (BORDER_LAYER, municipalities_geojson(), MUNICIPALITY_BORDER, 0.8),
            (REGION_BORDER_LAYER, regions_geojson(), REGION_BORDER, 2.2),
        )
    )


def _label_layers(labels: list[dict], size: int) -> list[pdk.Layer]:
    """The "labels" layer: name, position, anchor and alpha of each label (size in pixels).

    The pages draw them with a white halo (liaison.mapsvg), the exports with a white shadow
    (liaison.mapfigure); no browser draws this layer itself.
    """
    return [
        pdk.Layer(
            "TextLayer",
            id="labels",
            data=labels,
            get_position="position",
            get_text="name",
            get_text_anchor="anchor",
            get_size=size,
            get_color="[25, 25, 35, alpha]",
            font_family=LABEL_FONT,
            font_weight=600,
            pickable=False,
        )
    ]


def legend_html(legend: list[LegendEntry], title: str) -> str:
    """A small HTML legend; every label is escaped."""
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;margin:0 14px 4px 0">'
        f'<span style="width:18px;height:14px;background:{html.escape(e.color)};'
        f'border:1px solid #888;margin-right:6px;display:inline-block"></span>{html.escape(e.label)}</span>'
        for e in legend
    )
    return f'<div role="list" aria-label="凡例"><b>{html.escape(title)}</b><br/>{items}</div>'
