"""The application's version: the VERSION file at the project's root (an install bundle's name carries it)."""

from __future__ import annotations

from functools import cache

from liaison import paths

VERSION_FILE = paths.ROOT / "VERSION"


@cache
def app_version() -> str:
    """The version this code is, e.g. "0.13.0" ("unknown" when the file is missing)."""
    try:
        return VERSION_FILE.read_text(encoding="utf-8").strip() or "unknown"
    except OSError:
        return "unknown"
