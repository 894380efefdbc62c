"""The shared map drawing for the pages: a liaison.mapdeck map drawn as one SVG picture; no Streamlit.

The pages used to hand the deck to deck.gl, whose first frame in a browser without a GPU (SwiftShader)
took 2–3 s of a first visitor's wait. The same deck drawn as SVG — the same fills and alphas, the same
white municipal borders and dark 圏域 outlines, the same labels with their white halo, the same view —
is drawn by the browser's 2D painter in a few tens of milliseconds. `picture` reads everything from the
deck liaison.mapdeck.build_map returned (as liaison.mapfigure does for the exports), so the two can't
drift apart; dashboard.panels.mapview mounts the picture with its tooltip, hover, click, zoom and pan.

Coordinates are Web Mercator pixels at the deck's zoom, relative to its centre: the picture shows the
area deck.gl showed for the same view state in a box of the same size, at the same scale.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pydeck as pdk

from liaison.mapdeck import BORDER_LAYER, MUNICIPALITY_LAYER, REGION_BORDER_LAYER, TILE_PX, layer, mercator_y

HALO_PX = 1.2  # the white halo's reach around each glyph


@dataclass(frozen=True)
class MapPicture:
    """What a page's map component is given: the SVG and, per municipality, its tooltip and click."""

    svg: str
    # one per municipality path (its data-i): code, region_id and the tooltip's three parts
    # (bold head, the rest of the first line, the second line), as plain text
    features: tuple[dict, ...]
    label_px: int
    zoom: float  # the deck's (Web Mercator zoom: 8.5 shows the prefecture, 10 a 圏域)

    def data(self) -> dict:
        return {"svg": self.svg, "features": list(self.features), "labelPx": self.label_px, "zoom": self.zoom}


def _project(zoom: float):
    scale = TILE_PX * 2**zoom / (2 * math.pi)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return scale * (math.radians(lon) + math.pi), scale * (
            math.pi - mercator_y(max(min(lat, 85.0), -85.0))
        )

    return xy


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.removesuffix(".0")


def _rgb(colour: list[int]) -> tuple[str, str]:
    """(rgb(…), opacity) of a deck colour [r, g, b] or [r, g, b, a]."""
    red, green, blue, *alpha = colour
    return f"rgb({red},{green},{blue})", f"{(alpha[0] if alpha else 255) / 255:.3f}".rstrip("0").rstrip(".")


def picture(deck: pdk.Deck, label: str = "") -> MapPicture:
    """The deck as an SVG: fills, borders, 圏域 outlines and halo'd labels, centred on its view state.

    `label` names the picture for screen readers (the metric shown). Every text is escaped.
    """
    view = deck.initial_view_state
    xy = _project(view.zoom)
    centre_x, centre_y = xy(view.longitude, view.latitude)

    def point(lon: float, lat: float) -> str:
        x, y = xy(lon, lat)
        return f"{_number(x - centre_x)} {_number(y - centre_y)}"

    def ring_path(ring: list) -> str:
        return "M" + "L".join(point(lon, lat) for lon, lat in ring) + "Z"

    fills, features = [], []
    for i, feature in enumerate(layer(deck, MUNICIPALITY_LAYER).data["features"]):
        geometry, props = feature["geometry"], feature["properties"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        d = "".join(ring_path(ring) for polygon in polygons for ring in polygon)
        colour, opacity = _rgb(props["fill"])
        fills.append(f'<path data-i="{i}" d="{d}" fill="{colour}" fill-opacity="{opacity}"/>')
        features.append({"code": props["code"], "region_id": props["region_id"], "tip": props["tooltip"]})

    borders = [
        _segments_path(layer(deck, layer_id), point) for layer_id in (BORDER_LAYER, REGION_BORDER_LAYER)
    ]

    labels_layer = layer(deck, "labels")
    size = int(labels_layer.get_size)
    texts = []
    for item in labels_layer.data:
        x, y = point(*item["position"]).split(" ")
        alpha = item["alpha"] / 255
        texts.append(
            f'<text x="{x}" y="{y}" text-anchor="{html.escape(item["anchor"])}" '
            f'fill-opacity="{alpha:.3f}" stroke-opacity="{0.9 * alpha:.3f}">{html.escape(item["name"])}</text>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html.escape(label)}">'
        '<g class="view">'
        f'<g class="fills">{"".join(fills)}</g>'
        '<path class="highlight" d="" fill="rgb(255,255,255)" fill-opacity="0.353"/>'
        f"{borders[0]}{borders[1]}"
        f'<g class="labels" font-family="{html.escape(labels_layer.font_family)}" font-weight="600" '
        f'font-size="{size}" fill="rgb(25,25,35)" stroke="rgb(255,255,255)" '
        f'stroke-width="{2 * HALO_PX}" stroke-linejoin="round" paint-order="stroke" '
        f'dominant-baseline="central">{"".join(texts)}</g>'
        "</g></svg>"
    )
    return MapPicture(svg, tuple(features), size, view.zoom)


def _segments_path(layer, point) -> str:
    """A LineLayer's segments as one path, consecutive segments joined into one polyline."""
    parts, last = [], None
    for segment in layer.data:
        start, end = point(*segment["s"]), point(*segment["t"])
        if start != last:
            parts.append(f"M{start}")
        parts.append(f"L{end}")
        last = end
    colour, opacity = _rgb(layer.get_color)
    return (
        f'<path d="{"".join(parts)}" fill="none" stroke="{colour}" stroke-opacity="{opacity}" '
        f'stroke-width="{layer.get_width}" vector-effect="non-scaling-stroke" stroke-linejoin="round"/>'
    )
