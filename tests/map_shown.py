"""What a page gave its map component (dashboard.panels.mapview), read from an AppTest run.

AppTest does not run components' JavaScript; the element keeps the data the page sent: the SVG that
liaison.mapsvg drew, each municipality's code and tooltip, the view's zoom.
"""

from __future__ import annotations

import json
import re

FILL = re.compile(r'<path data-i="(\d+)" d="[^"]*" fill="rgb\((\d+),(\d+),(\d+)\)" fill-opacity="([^"]*)"')


def maps(at) -> list[dict]:
    return [json.loads(element.proto.json) for element in at.get("bidi_component")]


def map_of(at) -> dict:
    (shown,) = maps(at)
    return shown


def fills(shown: dict) -> dict[str, list[int]]:
    """Each municipality's fill as [r, g, b, alpha 0–255], as the deck had it."""
    return {
        shown["features"][int(i)]["code"]: [int(r), int(g), int(b), round(float(opacity) * 255)]
        for i, r, g, b, opacity in FILL.findall(shown["svg"])
    }
