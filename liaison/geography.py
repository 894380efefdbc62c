"""Hyogo's boundaries: loading the committed GeoJSON and measuring it on the ellipsoid."""

from __future__ import annotations

import json
import math
from functools import cache

from liaison.paths import BOUNDARIES

# GRS80 (JGD2011 / WGS84 differ by < 1 mm here).
_A = 6378.137  # km
_F = 1 / 298.257222101
_E2 = _F * (2 - _F)
_E = math.sqrt(_E2)


@cache
def municipalities_geojson() -> dict:
    """FeatureCollection of the 41 municipalities (properties: code, name_ja, region_id, label)."""
    return json.loads((BOUNDARIES / "municipalities.geojson").read_text(encoding="utf-8"))


@cache
def regions_geojson() -> dict:
    """FeatureCollection of the 10 regions dissolved from the municipalities."""
    return json.loads((BOUNDARIES / "regions.geojson").read_text(encoding="utf-8"))


def _q(lat_rad: float) -> float:
    s = math.sin(lat_rad)
    return (1 - _E2) * (s / (1 - _E2 * s * s) - (1 / (2 * _E)) * math.log((1 - _E * s) / (1 + _E * s)))


_QP = _q(math.pi / 2)
_RQ = _A * math.sqrt(_QP / 2)  # authalic radius


def _project(lon: float, lat: float) -> tuple[float, float]:
    """Lambert cylindrical equal-area on the authalic sphere (km); areas are exact."""
    beta = math.asin(_q(math.radians(lat)) / _QP)
    return _RQ * math.radians(lon), _RQ * math.sin(beta)


def _ring_area(ring: list) -> float:
    pts = [_project(lon, lat) for lon, lat in ring]
    total = 0.0
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def area_km2(geometry: dict) -> float:
    """Area of a GeoJSON Polygon or MultiPolygon in km² on the GRS80 ellipsoid."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    total = 0.0
    for polygon in polygons:
        outer, *holes = polygon
        total += _ring_area(outer) - sum(_ring_area(h) for h in holes)
    return total


NEIGHBOUR_DECIMALS = (
    3  # the committed boundaries are simplified: shared borders share vertices at this precision
)


@cache
def neighbours() -> dict[str, frozenset[str]]:
    """Municipality code → the codes whose boundary shares at least two vertices with it (a common border)."""
    vertices = {}
    for feature in municipalities_geojson()["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        vertices[feature["properties"]["code"]] = {
            (round(lon, NEIGHBOUR_DECIMALS), round(lat, NEIGHBOUR_DECIMALS))
            for polygon in polygons
            for ring in polygon
            for lon, lat in ring
        }
    return {
        code: frozenset(other for other in vertices if other != code and len(points & vertices[other]) >= 2)
        for code, points in vertices.items()
    }
