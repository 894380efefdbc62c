"""Where the project's files live; `LIAISON_DB` overrides the store's path."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
REFERENCE = DATA / "reference"
BOUNDARIES = DATA / "boundaries"
QUERIES = ROOT / "queries"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_db_path() -> Path:
    """The store the app opens: `$LIAISON_DB` or data/liaison.duckdb."""
    return Path(os.environ.get("LIAISON_DB", DATA / "liaison.duckdb"))


def source_files() -> list[Path]:
    """Committed inputs the store is built from; newer than the store means rebuild."""
    files = sorted(REFERENCE.glob("*.csv")) + sorted(BOUNDARIES.glob("*.geojson"))
    files += sorted(MIGRATIONS.glob("*.sql"))
    files += [Path(__file__).resolve().parent / name for name in ("demo.py", "store.py")]
    return files
