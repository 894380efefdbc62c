"""The map on a page: liaison.mapsvg's picture in a component of our own (mapview.js), clicked or not.

One component for the five pages that show the map (map, region, relations, seminar, talent). The
browser gets the SVG, each municipality's tooltip text and whether a click selects; it draws the picture,
shows the tooltip and the hover highlight, zooms with the wheel or a double-click and pans by dragging.
A click on a municipality sets the component's `selection` state to {"code", "region_id"}, which
`show` returns (None before any click), so the page decides where it leads.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from liaison.mapsvg import MapPicture

CSS = """
:host { display: block; }
.liaison-map { position: relative; width: 100%; overflow: hidden; background: #eef2f5;
  border-radius: 0.5rem; touch-action: none; user-select: none; -webkit-user-select: none; }
.liaison-map .picture, .liaison-map svg { display: block; width: 100%; height: 100%; }
.liaison-map.clickable .fills path { cursor: pointer; }
.liaison-map.dragging, .liaison-map.dragging .fills path { cursor: grabbing; }
.liaison-map .labels, .liaison-map .highlight, .liaison-map svg > g > path { pointer-events: none; }
.liaison-map .tip { position: absolute; z-index: 1; pointer-events: none; max-width: 320px;
  padding: 10px; background: #1f2937; color: #ffffff; font-size: 13px; line-height: 1.45;
  white-space: nowrap; }
.liaison-map .zoom { position: absolute; top: 10px; right: 10px; display: flex; flex-direction: column;
  background: #ffffff; border-radius: 4px; box-shadow: 0 0 0 2px rgba(0, 0, 0, 0.1); }
.liaison-map .zoom button { width: 29px; height: 29px; padding: 0; border: 0; background: transparent;
  font: 600 20px/29px sans-serif; color: #333333; cursor: pointer; }
.liaison-map .zoom button + button { border-top: 1px solid #dddddd; }
.liaison-map .zoom button:hover { background: #f2f2f2; }
.liaison-map .zoom button:focus-visible { outline: 2px solid #2c7fb8; }
"""
HTML = (
    '<div class="liaison-map"><div class="picture"></div><div class="tip" hidden></div>'
    '<div class="zoom"><button type="button" class="in">+</button><button type="button" class="out">−</button>'
    "</div></div>"
)
ZOOM_LABELS = {"ja": ("拡大", "縮小"), "en": ("Zoom in", "Zoom out")}

_component = st.components.v2.component(
    "liaison_map",
    html=HTML,
    css=CSS,
    js=(Path(__file__).with_name("mapview.js")).read_text(encoding="utf-8"),
)


def show(
    picture: MapPicture, *, key: str, height: int, lang: str = "ja", clickable: bool = False
) -> dict | None:
    """Mount the map; with `clickable`, the municipality last clicked ({"code", "region_id"}) or None."""
    data = {**picture.data(), "height": height, "clickable": clickable, "zoomLabels": ZOOM_LABELS[lang]}
    if not clickable:
        _component(key=key, data=data, height=height)
        return None
    result = _component(key=key, data=data, height=height, on_selection_change=lambda: None)
    selection = result.get("selection") if result is not None else None
    return selection if isinstance(selection, dict) and selection.get("code") else None
