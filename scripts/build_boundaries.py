"""Build data/boundaries/*.geojson from the JMA polygons embedded in the pinned `reversejp` wheel.

The extension module of reversejp (MIT) carries the Japan Meteorological Agency's
municipal warning-area polygons ("landslides_*.json") as deflated zip members. We read
those members straight out of the installed shared library, keep Hyogo (codes 28xxxxx),
repair self-intersections, round coordinates to 5 decimals (about 1 m) and dissolve the
municipalities into the ten 県民局/県民センター regions of data/reference/municipalities.csv.

Run:  .venv/bin/python scripts/build_boundaries.py
"""

from __future__ import annotations

import csv
import importlib.metadata
import json
import re
import struct
import sys
import zlib
from pathlib import Path

import reversejp
from shapely import set_precision
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.ops import polylabel, unary_union
from shapely.validation import make_valid

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from liaison import geography  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"
OUT = ROOT / "data" / "boundaries"
EXPECTED_REVERSEJP = "0.1.1"
# Hand-placed label anchors where neighbouring 役所 sit close together (cartographers' usual practice):
# the text runs away from its neighbour instead of centring on the point.
LABEL_ANCHORS = {"282243": "end", "282057": "start", "282049": "end", "282022": "start"}
GRID = 1e-4  # degrees (~10 m): the source's own resolution, so snapping loses nothing


def embedded_members(library: Path) -> dict[str, bytes]:
    """Return {name: bytes} for every zip local-file entry embedded in a binary."""
    blob = library.read_bytes()
    members: dict[str, bytes] = {}
    for match in re.finditer(rb"PK\x03\x04", blob):
        start = match.start()
        header = blob[start : start + 30]
        if len(header) < 30:
            continue
        (_, _, _, method, _, _, _, csize, usize, name_len, extra_len) = struct.unpack("<IHHHHHIIIHH", header)
        name = blob[start + 30 : start + 30 + name_len]
        if method != 8 or not name.endswith(b".json"):
            continue
        data_start = start + 30 + name_len + extra_len
        raw = zlib.decompress(blob[data_start : data_start + csize], -15)
        if len(raw) != usize:
            raise ValueError(f"{name!r}: size {len(raw)} != header {usize}")
        members[name.decode()] = raw
    return members


def polygons_only(geom) -> MultiPolygon:
    """Keep the areal part of a (repaired) geometry as a MultiPolygon."""
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    if isinstance(geom, MultiPolygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    return polygons_only(unary_union(parts))


def clean(geom) -> MultiPolygon:
    """Repair, snap to the grid and drop specks smaller than ~1,000 m²."""
    geom = polygons_only(make_valid(geom))
    geom = polygons_only(make_valid(set_precision(geom, GRID)))
    kept = [p for p in geom.geoms if p.area > 1e-7]
    return MultiPolygon(kept)


def read_reference() -> tuple[list[dict], dict[str, dict]]:
    with (REFERENCE / "municipalities.csv").open(encoding="utf-8") as fh:
        municipalities = list(csv.DictReader(fh))
    with (REFERENCE / "regions.csv").open(encoding="utf-8") as fh:
        regions = {row["region_id"]: row for row in csv.DictReader(fh)}
    return municipalities, regions


def feature(geom, properties: dict) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": mapping(geom)}


def write_collection(path: Path, features: list[dict]) -> None:
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def main() -> int:
    version = importlib.metadata.version("reversejp")
    if version != EXPECTED_REVERSEJP:
        print(f"reversejp {version} installed; this script is checked against {EXPECTED_REVERSEJP}")
        return 1
    library = next(Path(reversejp.__file__).parent.glob("reversejp*.so"))
    members = embedded_members(library)
    source = {}
    for name, raw in sorted(members.items()):
        if not name.startswith("landslides_"):
            continue
        for feat in json.loads(raw)["features"]:
            code7 = feat["properties"]["code"]
            if code7.startswith("28"):
                source[code7[:5]] = feat

    municipalities, regions = read_reference()
    by_region: dict[str, list] = {}
    features = []
    for row in municipalities:
        code5 = row["code"][:5]
        if code5 not in source:
            raise SystemExit(f"{row['name_ja']} ({row['code']}) is missing from reversejp")
        geom = clean(shape(source[code5]["geometry"]))
        by_region.setdefault(row["region_id"], []).append(geom)
        # Label at the 役所/役場 (where people place the town), unless it sits on the edge.
        office = Point(float(row["office_lon"]), float(row["office_lat"]))
        main_part = max(geom.geoms, key=lambda p: p.area)
        inside = main_part.buffer(-0.01).contains(office)
        label = office if inside else polylabel(main_part, tolerance=1e-3)
        props = {
            "code": row["code"],
            "name_ja": row["name_ja"],
            "region_id": row["region_id"],
            "label_lon": round(label.x, 4),
            "label_lat": round(label.y, 4),
            "label_anchor": LABEL_ANCHORS.get(row["code"], "middle"),
            "measured_area_km2": round(geography.area_km2(mapping(geom)), 1),
        }
        features.append(feature(geom, props))
    write_collection(OUT / "municipalities.geojson", features)

    region_features = []
    for region_id, row in regions.items():
        # Buffer out and back in by ~5 m so hairline slivers between members vanish.
        merged = unary_union(by_region[region_id]).buffer(5e-5).buffer(-5e-5)
        geom = clean(merged)
        props = {"region_id": region_id, "name_ja": row["name_ja"]}
        region_features.append(feature(geom, props))
    write_collection(OUT / "regions.geojson", region_features)
    for path in (OUT / "municipalities.geojson", OUT / "regions.geojson"):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
