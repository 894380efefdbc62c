"""Build data/reference/municipalities.csv from the committed sources beside it.

Inputs (all committed, provenance in data/SOURCES.md):
- data/reference/sources/membership.csv  — 県民局/県民センター each municipality belongs to
- data/reference/sources/census_2020.csv — 令和2年国勢調査 population, transcribed
- data/reference/sources/gsi_area.csv    — 国土地理院 全国都道府県市区町村別面積調, transcribed
- the pinned `japancode` package          — 6-digit code with check digit, kana, office location
- the pinned `reversejp` package          — English name (JMA)

Run:  .venv/bin/python scripts/build_reference.py
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import sys
from pathlib import Path

import reversejp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from liaison.codes import with_check_digit  # noqa: E402

SOURCES = ROOT / "data" / "reference" / "sources"
OUT = ROOT / "data" / "reference" / "municipalities.csv"
COLUMNS = [
    "code",
    "name_ja",
    "name_kana",
    "name_en",
    "kind",
    "region_id",
    "population_2020",
    "area_km2",
    "is_liaison_target",
    "office_lat",
    "office_lon",
]


def read(name: str) -> dict[str, dict]:
    with (SOURCES / name).open(encoding="utf-8") as fh:
        return {row["code5"]: row for row in csv.DictReader(fh)}


def japancode_rows() -> dict[str, dict]:
    text = importlib.resources.files("japancode").joinpath("data/municipalities.json").read_text()
    return {row["cid"]: row for row in json.loads(text) if row["pid"] == "28"}


def main() -> int:
    membership = read("membership.csv")
    census = read("census_2020.csv")
    areas = read("gsi_area.csv")
    codes = japancode_rows()
    rows = []
    for code5, member in membership.items():
        jc = codes[code5]
        code6 = with_check_digit(code5)
        if jc["lgcode"] != code6 or jc["city"] != member["name_ja"]:
            raise SystemExit(f"{code5}: japancode has {jc['lgcode']} {jc['city']}")
        props = reversejp.find_properties(float(jc["lng"]), float(jc["lat"]))
        name_en = next(p.en_name for p in props if p.code == code5 + "00")
        rows.append(
            {
                "code": code6,
                "name_ja": member["name_ja"],
                "name_kana": jc["citykana"],
                "name_en": name_en,
                "kind": member["name_ja"][-1],
                "region_id": member["region_id"],
                "population_2020": census.get(code5, {}).get("population_2020", ""),
                "area_km2": areas.get(code5, {}).get("area_km2", ""),
                "is_liaison_target": "false" if code5 == "28100" else "true",
                "office_lat": f"{float(jc['lat']):.5f}",
                "office_lon": f"{float(jc['lng']):.5f}",
            }
        )
    rows.sort(key=lambda r: r["code"])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    missing = [r["name_ja"] for r in rows if not r["population_2020"] or not r["area_km2"]]
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} rows; figures missing for {missing or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
