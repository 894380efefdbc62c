"""The backups folder beside a store: names, retention per reason, and the running app's daily backup.

A backup in the folder is named `<store>-<YYYYmmdd>-<HHMMSS>[-<serial>]-<reason>.zip` (Japan time);
the newest KEEP of each reason (daily, before-migrate, before-restore) are kept.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import date, datetime
from pathlib import Path

import duckdb

from liaison import store
from liaison.backup import copy
from liaison.backup.archive import BackupError, create_backup, write_atomically
from liaison.backup.names import FOLDER_NAME, backups_in

KEEP = 10  # backups kept per reason in the folder beside a store
log = logging.getLogger(__name__)


def folder_for(store_path: Path | str) -> Path:
    """Where a store's automatic backups go: a folder `backups` beside it."""
    return Path(store_path).parent / "backups"


def in_folder(store_path: Path | str, reason: str | None = None) -> list[Path]:
    """The store's backups in its folder, oldest first (by the time in their names)."""
    return backups_in(folder_for(store_path), Path(store_path).stem, reason)


def latest_in_folder(store_path: Path | str) -> Path | None:
    """The store's newest backup in its folder, of any reason; None when there is none."""
    found = in_folder(store_path)
    return found[-1] if found else None


def write_to_folder(
    con: duckdb.DuckDBPyConnection, store_path: Path | str, reason: str, *, keep: int = KEEP
) -> Path:
    """Back up `con`'s store into the folder beside `store_path` (owner-only) and keep the newest
    `keep` backups made for the same reason; returns the new file."""
    store_path, folder = Path(store_path), folder_for(store_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    payload = create_backup(con)
    stamp = datetime.now(store.JST).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{store_path.stem}-{stamp}-{reason}.zip"
    serial = 1
    while target.exists():
        serial += 1
        target = folder / f"{store_path.stem}-{stamp}-{serial}-{reason}.zip"
    write_atomically(target, payload)
    os.chmod(target, 0o600)
    for old in in_folder(store_path, reason)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def daily_is_due(store_path: Path | str, today: date) -> bool:
    """True when the folder holds no daily backup made today (Japan time)."""
    stamp = today.strftime("%Y%m%d")
    return not any(
        FOLDER_NAME.fullmatch(file.name).group(2) == stamp for file in in_folder(store_path, "daily")
    )


class DailyBackups(threading.Thread):
    """While the app holds a real store open (no other process can), it backs the store up itself:
    at start and then every `interval` seconds it writes a daily backup if today's is missing."""

    def __init__(self, con: duckdb.DuckDBPyConnection, store_path: Path, interval: float = 600):
        super().__init__(name="liaison-daily-backup", daemon=True)
        self.con, self.store_path, self.interval = con, Path(store_path), interval
        self.stopped = threading.Event()
        self.last: Path | None = None
        self.copied: Path | None = None  # the second copy of the last daily backup, when configured
        self.error: str | None = None

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                if daily_is_due(self.store_path, store.today()):
                    self.last = write_to_folder(self.con, self.store_path, "daily")
                    log.info("daily backup written: %s", self.last.name)
                    self.copied = copy.copy_configured(self.last, self.store_path)
                self.error = None
            except Exception as error:  # a failed backup must not stop the app; it is retried
                self.error = str(error)
                log.warning("daily backup failed: %s", error)
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()


def backup_before_restore(target: Path) -> None:
    """Keep the store a restore is about to replace, when it can still be read."""
    try:
        con = store.connect(target)
    except duckdb.Error:
        return  # unreadable: replacing it is the point of the restore
    try:
        write_to_folder(con, target, "before-restore")
    except BackupError:
        pass
    finally:
        con.close()
