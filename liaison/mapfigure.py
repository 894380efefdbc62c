"""The shared map drawing for exports: a liaison.mapdeck map redrawn as a plotly figure (PNG, PPTX; no network).

It reads the polygons, fill colours and labels straight from the deck (the region outlines from the same
reference file the deck's border layer is built from) that
liaison.mapdeck.build_map returned, so an exported map has the map page's colours and legend classes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import plotly.graph_objects as go
import pydeck as pdk

from liaison.charts import FONT
from liaison.geography import regions_geojson
from liaison.mapdeck import MUNICIPALITY_LAYER, LegendEntry, layer

BACKGROUND = "#eef2f5"  # the map page's offline background (mapdeck.OFFLINE_STYLE)
ANCHORS = {"start": "middle right", "middle": "middle center", "end": "middle left"}


def mercator_y(lat: float) -> float:
    """Web Mercator northing in degrees, so x (longitude) and y share one unit as on the map page."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _rgba(fill: list[int]) -> str:
    red, green, blue, *alpha = fill
    return f"rgba({red},{green},{blue},{(alpha[0] if alpha else 255) / 255:.3f})"


def _rings(geometry: dict) -> Iterable[list]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        yield from polygon


def _path(geometries: Iterable[dict]) -> tuple[list, list]:
    """x/y lists of every ring, rings separated by None (plotly draws each as its own shape)."""
    xs, ys = [], []
    for geometry in geometries:
        for ring in _rings(geometry):
            xs += [lon for lon, _ in ring] + [None]
            ys += [mercator_y(lat) for _, lat in ring] + [None]
    return xs, ys


def map_figure(
    deck: pdk.Deck,
    legend: list[LegendEntry],
    focus_codes: Iterable[str] | None = None,
    *,
    legend_title: str = "",
    label_size: int = 13,
) -> go.Figure:
    """The deck's municipalities (same fills), region outlines and labels, framed on `focus_codes` (all if None)."""
    features = layer(deck, MUNICIPALITY_LAYER).data["features"]
    focus = set(focus_codes) if focus_codes is not None else None
    fig = go.Figure()

    by_fill: dict[tuple, list[dict]] = {}
    for feature in features:
        by_fill.setdefault(tuple(feature["properties"]["fill"]), []).append(feature["geometry"])
    for fill, geometries in by_fill.items():
        xs, ys = _path(geometries)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=_rgba(list(fill)),
                line={"color": "rgba(255,255,255,0.86)", "width": 0.8},
                hoverinfo="skip",
                showlegend=False,
            )
        )

    xs, ys = _path(
        feature["geometry"] for feature in regions_geojson()["features"]
    )  # the deck's 圏域 outlines
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": "rgb(45,45,60)", "width": 2.2},
            hoverinfo="skip",
            showlegend=False,
        )
    )

    for anchor, position in ANCHORS.items():
        labels = [label for label in layer(deck, "labels").data if label["anchor"] == anchor]
        if not labels:
            continue
        fig.add_trace(
            go.Scatter(
                x=[label["position"][0] for label in labels],
                y=[mercator_y(label["position"][1]) for label in labels],
                mode="text",
                text=[label["name"] for label in labels],
                textposition=position,
                textfont={
                    "family": FONT,
                    "size": label_size,
                    "color": [f"rgba(25,25,35,{label['alpha'] / 255:.2f})" for label in labels],
                    "weight": 600,
                    "shadow": "1px 1px 2px white, -1px -1px 2px white, 1px -1px 2px white, -1px 1px 2px white",
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )

    for entry in legend:  # the map page's legend classes, in its order
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={
                    "symbol": "square",
                    "size": 18,
                    "color": entry.color,
                    "line": {"color": "#888", "width": 1},
                },
                name=entry.label,
                showlegend=True,
            )
        )

    framed = [f["geometry"] for f in features if focus is None or f["properties"]["code"] in focus]
    xs, ys = _path(framed or [f["geometry"] for f in features])
    xs, ys = [x for x in xs if x is not None], [y for y in ys if y is not None]
    pad_x, pad_y = (max(xs) - min(xs)) * 0.04, (max(ys) - min(ys)) * 0.04
    fig.update_layout(
        font={"family": FONT, "size": 16},
        plot_bgcolor=BACKGROUND,
        paper_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        # constrain="range": the axes widen to fill the plot area, so the map keeps its shape and
        # the surroundings show, as on the map page.
        xaxis={
            "visible": False,
            "range": [min(xs) - pad_x, max(xs) + pad_x],
            "constrain": "range",
            "domain": [0, 0.78],
        },
        yaxis={
            "visible": False,
            "range": [min(ys) - pad_y, max(ys) + pad_y],
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "range",
        },
        legend={
            "title": {"text": legend_title},
            "x": 0.80,
            "xanchor": "left",
            "y": 0.0,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
            "bordercolor": "#bbb",
            "borderwidth": 1,
            "font": {"size": 16},
        },
        showlegend=True,
    )
    return fig
