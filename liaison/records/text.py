"""Normalising the users' text: keys for matching names and codes, the stored form of free text."""

from __future__ import annotations

import re
import unicodedata

# Stored text may hold line feeds and tabs, never other control characters.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_key(text: object) -> str:
    """For matching names and codes: NFKC (full-width → half-width) and no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def clean_text(text: object) -> str:
    """Stored form of free text: CRLF/CR → LF, outer whitespace removed, otherwise verbatim."""
    return str(text).replace("\r\n", "\n").replace("\r", "\n").strip()
