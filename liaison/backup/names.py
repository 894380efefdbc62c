"""Backup file names: `<store>-<YYYYmmdd>-<HHMMSS>[-<serial>]-<reason>.zip`, in any folder holding them."""

from __future__ import annotations

import re
from pathlib import Path

FOLDER_NAME = re.compile(r"(.+)-(\d{8})-(\d{6})(?:-\d+)?-([a-z-]+)\.zip")


def backups_in(folder: Path, stem: str, reason: str | None = None) -> list[Path]:
    """The backups of the store named `stem` in any `folder` (beside it, or its copies), oldest first."""
    if not folder.is_dir():
        return []
    found = []
    for file in folder.iterdir():
        match = FOLDER_NAME.fullmatch(file.name)
        if match and match.group(1) == stem and reason in (None, match.group(4)):
            found.append((match.group(2) + match.group(3), file.name, file))
    return [file for _, _, file in sorted(found)]
