"""The daily backup's second copy, on another disk or a mounted share, keeping the newest N there.

Configured by the environment (the service reads it from /etc/hyogo-liaison/liaison.env):
`LIAISON_BACKUP_COPY_DIR` (the folder; unset = no copy) and `LIAISON_BACKUP_COPY_KEEP` (default 14).
A copy is written under a temporary name and renamed, so the share never holds half a backup, and is
readable by its owner only. A failed copy is logged and reported, never raised: the backup beside the
store is already written and the app goes on.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from liaison.backup.names import FOLDER_NAME, backups_in

COPY_DIR_ENV = "LIAISON_BACKUP_COPY_DIR"
COPY_KEEP_ENV = "LIAISON_BACKUP_COPY_KEEP"
COPY_KEEP = 14  # daily copies kept in the second location: two weeks
log = logging.getLogger(__name__)


class CopyConfigError(ValueError):
    """A second location configured wrongly (the message is Japanese)."""


def configured() -> tuple[Path | None, int]:
    """The second location and how many copies to keep there, from the environment."""
    folder = os.environ.get(COPY_DIR_ENV, "").strip()
    raw_keep = os.environ.get(COPY_KEEP_ENV, "").strip() or str(COPY_KEEP)
    if not raw_keep.isdigit() or int(raw_keep) < 1:
        raise CopyConfigError(f"{COPY_KEEP_ENV} は 1 以上の整数で指定してください（指定: {raw_keep!r}）")
    return (Path(folder) if folder else None), int(raw_keep)


def copy_backup(backup: Path, folder: Path, *, keep: int = COPY_KEEP) -> Path:
    """Copy `backup` into `folder` (temporary name, then rename; mode 0600) and keep the newest
    `keep` copies of the same store and reason there; returns the copy. Raises OSError."""
    match = FOLDER_NAME.fullmatch(backup.name)
    if match is None:
        raise OSError(f"バックアップの名前ではありません: {backup.name}")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / backup.name
    partial = folder / f".{backup.name}.{os.getpid()}.partial"
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(backup, "rb") as source, os.fdopen(fd, "wb") as handle:
            shutil.copyfileobj(source, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(partial, 0o600)  # a share mounted with other defaults still gets owner-only
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    for old in backups_in(folder, match.group(1), match.group(4))[:-keep]:
        old.unlink(missing_ok=True)
    return target


def copy_configured(backup: Path, store_path: Path | str) -> Path | None:
    """Copy a fresh backup to the configured second location; None when none is configured or the
    copy failed (logged as a warning naming the folder and the reason, never any record's text)."""
    try:
        folder, keep = configured()
        if folder is None:
            return None
        copied = copy_backup(backup, folder, keep=keep)
    except (OSError, CopyConfigError) as error:
        log.warning("backup copy to the second location failed (the local backup is kept): %s", error)
        return None
    log.info("backup copied to the second location: %s", copied)
    return copied
