"""Full backup of the store and a restore that verifies everything before it replaces anything.

One idea a module: the archive itself and its manifest (`archive`), the backups folder beside a
store with its retention and the app's daily backup (`folder`), unpacking a backup safely (`unpack`),
restoring it (`restore`) and the command line (`__main__`):

    python -m liaison.backup create --db data/liaison.duckdb --out backup.zip
    python -m liaison.backup restore --db data/liaison.duckdb --from backup.zip
"""

from liaison.backup.archive import MANIFEST, BackupError, create_backup
from liaison.backup.folder import (
    KEEP,
    DailyBackups,
    daily_is_due,
    folder_for,
    in_folder,
    latest_in_folder,
    write_to_folder,
)
from liaison.backup.restore import RestoreReport, restore_backup

__all__ = [
    "KEEP",
    "MANIFEST",
    "BackupError",
    "DailyBackups",
    "RestoreReport",
    "create_backup",
    "daily_is_due",
    "folder_for",
    "in_folder",
    "latest_in_folder",
    "restore_backup",
    "write_to_folder",
]
