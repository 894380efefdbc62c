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
DEMO_DB = DATA / "liaison.duckdb"  # the embedded demo store: the only place one is made unasked


def default_db_path() -> Path:
    """The store the app opens: `$LIAISON_DB`, else the demo store at data/liaison.duckdb."""
    configured = os.environ.get("LIAISON_DB", "").strip()
    return Path(configured) if configured else DEMO_DB


def is_default_demo(path: Path | str) -> bool:
    """True for the default demo path, the one place a missing store may be built unasked."""
    return os.path.realpath(path) == os.path.realpath(DEMO_DB)


def source_files() -> list[Path]:
    """Committed inputs a demo store is built from; a change in any of them rebuilds the demo."""
    files = sorted(REFERENCE.glob("*.csv")) + sorted(BOUNDARIES.glob("*.geojson"))
    files += sorted(MIGRATIONS.glob("*.sql"))
    files += [Path(__file__).resolve().parent / "demo.py"]
    return files
