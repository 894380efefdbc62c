"""Restoring a backup: unpack it safely, import it sandboxed, verify it, bring it up to date, swap it in.

The import runs into a new store next to the target with file access confined to the unpacked
folder; every table's row count, the schema versions and store_meta are checked against the
manifest; the schema is brought up to date and every id sequence moved past the ids present
(liaison.store.upgrade.apply_on); only then is the new store renamed over the target. On any
failure it raises BackupError with a Japanese message and the target is untouched.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from liaison import store
from liaison.backup.archive import FOLDER, BackupError, schema_versions
from liaison.backup.folder import backup_before_restore
from liaison.backup.unpack import MAX_BYTES, unpack
from liaison.store import upgrade


@dataclass(frozen=True)
class RestoreReport:
    """What a restore brought back, as the manifest described it, and what it did besides."""

    target: Path
    tables: dict[str, int]  # rows restored per table, as the manifest promised
    schema_versions: list[int]  # the backup's schema_migrations versions
    migrated: list[str]  # migrations applied after the import (a backup from an older schema)
    created_at: str
    store_meta: dict[str, str]
    replaced_existing: bool
    sequences_advanced: dict[str, int] = field(default_factory=dict)  # sequence -> values skipped


def _import(folder: Path, staged: Path) -> None:
    """IMPORT DATABASE into a new store, able to read only the unpacked folder (schema.sql runs as SQL)."""
    con = duckdb.connect(
        str(staged), config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    try:
        con.execute("set allowed_directories = $folders", {"folders": [str(folder) + os.sep]})
        con.execute("set enable_external_access = false")
        con.execute("set home_directory = $path", {"path": str(folder.parent)})
        con.execute("set lock_configuration = true")
        con.execute("import database '~/database'")
        con.execute("checkpoint")
    except duckdb.Error as error:
        raise BackupError(f"バックアップを取り込めませんでした（復元を中止しました）: {error}") from error
    finally:
        con.close()


def _verify(con: duckdb.DuckDBPyConnection, manifest: dict) -> None:
    """Every table and row count, the schema versions and store_meta exactly as the manifest says."""
    tables = upgrade.tables(con)
    if set(tables) != set(manifest["tables"]):
        raise BackupError(
            "取り込んだテーブルが manifest.json と一致しません"
            f"（不足: {sorted(set(manifest['tables']) - set(tables))}, 余分: {sorted(set(tables) - set(manifest['tables']))}）"
        )
    wrong = {
        table: (expected, actual)
        for table, expected in manifest["tables"].items()
        if (actual := upgrade.row_count(con, table)) != expected
    }
    if wrong:
        detail = "、".join(
            f"{table}: 記録 {exp:,} 行 / 取込 {act:,} 行" for table, (exp, act) in sorted(wrong.items())
        )
        raise BackupError(f"行数が manifest.json と一致しません（{detail}）。復元を中止しました。")
    if "schema_migrations" not in tables or schema_versions(con) != sorted(manifest["schema_versions"]):
        raise BackupError("スキーマの版が manifest.json と一致しません。復元を中止しました。")
    if "store_meta" not in tables or store.read_meta(con) != manifest["store_meta"]:
        raise BackupError("store_meta が manifest.json と一致しません。復元を中止しました。")


def _finish(staged: Path, manifest: dict) -> tuple[list[str], dict[str, int]]:
    """Verify, then bring the restored store to the current schema and reference data (the same
    steps as an upgrade, verified rebuilds included) with every sequence past its ids."""
    con = store.connect(staged)
    try:
        _verify(con, manifest)
        con.execute("checkpoint")
    except duckdb.Error as error:
        raise BackupError(f"復元したデータベースを検証できませんでした: {error}") from error
    finally:
        con.close()
    try:
        applied = upgrade.apply_on(staged)
    except (upgrade.UpgradeError, store.MigrationError, duckdb.Error) as error:
        raise BackupError(
            f"復元したデータベースを現在の版に更新できませんでした（復元を中止しました）: {error}"
        ) from error
    return applied.migrations, applied.sequences_advanced


def _ensure_not_in_use(target: Path, work: Path) -> None:
    """Refuse when another connection holds the target; fold a healthy target's WAL into it first."""
    if not target.exists():
        return
    if store.held_here(target):
        raise BackupError(
            "復元先のデータベースはこのプログラム内で開かれています。接続を閉じてから復元してください。"
        )
    try:
        con = duckdb.connect(str(target))
    except duckdb.Error as error:
        message = store.holder_message(target, error)
        if message:
            raise BackupError(f"{message}（復元を中止しました）") from error
        con = None  # an unreadable store: replacing it is the point of the restore
    if con is not None:
        try:
            con.execute("checkpoint")
        finally:
            con.close()
    wal = Path(str(target) + ".wal")
    if wal.exists():  # the log of a store that could not be opened: it must not replay onto the new one
        os.replace(wal, work / "replaced.wal")


def restore_backup(payload: bytes, target: Path | str, *, max_bytes: int = MAX_BYTES) -> RestoreReport:
    """Restore a backup made by create_backup into `target`, replacing it only when fully verified.

    Call it with no connection to `target` open in this process (the app must drop its own first).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.restore-", dir=target.parent) as work_name:
        work = Path(work_name)
        manifest = unpack(payload, work / FOLDER, max_bytes)
        staged = work / "restored.duckdb"
        _import(work / FOLDER, staged)
        migrated, advanced = _finish(staged, manifest)
        _ensure_not_in_use(target, work)
        replaced = target.exists()
        if replaced:
            backup_before_restore(target)
            try:
                store.swap_in(staged, target)  # same folder, so atomic: the old store or the new one
            except store.StoreError as error:
                raise BackupError(f"{error}（復元を中止しました）") from error
        else:
            os.replace(staged, target)
    return RestoreReport(
        target=target,
        tables=dict(manifest["tables"]),
        schema_versions=sorted(manifest["schema_versions"]),
        migrated=migrated,
        created_at=str(manifest.get("created_at", "")),
        store_meta=dict(manifest["store_meta"]),
        replaced_existing=replaced,
        sequences_advanced=advanced,
    )
