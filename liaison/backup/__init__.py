"""Full backup of the store and a restore that verifies everything before it replaces anything.

A backup is a ZIP of DuckDB's `EXPORT DATABASE` (schema.sql, load.sql, one Parquet file per table)
under `database/`, plus `manifest.json`: row counts per table, the schema_migrations versions,
store_meta, when it was made, and each file's size and SHA-256.

Parquet rather than CSV: it keeps every column's type exactly (dates, decimals, booleans,
timestamps, JSON, NULL as distinct from ''), is compressed, and is what DuckDB imports fastest;
CSV would need every type re-inferred on the way back.

    python -m liaison.backup create --db data/liaison.duckdb --out backup.zip
    python -m liaison.backup restore --db data/liaison.duckdb --from backup.zip

A restore unpacks safely (no absolute or `..` paths, no links, bounded size, checksums), imports
into a new store next to the target with file access confined to the unpacked folder, checks every
table's row count, the schema versions and store_meta against the manifest, brings the schema up to
date, moves every id sequence past the ids present, and only then renames the new store over the
target. On any failure it raises BackupError with a Japanese message and the target is untouched.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import logging
import os
import re
import sys
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from liaison import paths, store
from liaison.store import upgrade

FORMAT = "liaison-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FOLDER = "database"  # the export's folder inside the ZIP
log = logging.getLogger(__name__)
MAX_BYTES = 4 * 1024**3  # default bound on the unpacked size of a backup
KEEP = 10  # backups kept per reason in the folder beside a store
_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_TABLE_NAME = re.compile(r"[a-z_][a-z0-9_]*")
# One line of DuckDB's load.sql: COPY <table> FROM '<path>' (FORMAT 'parquet');
_LOAD_LINE = re.compile(r"""COPY ("?)([a-z_][a-z0-9_]*)\1 FROM '([^']*)' \(FORMAT 'parquet'\);""")
_NEXTVAL = re.compile(r"nextval\('([A-Za-z0-9_]+)'\)")
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be made or restored; the message is for the person doing it (Japanese)."""


@dataclass(frozen=True)
class RestoreReport:
    target: Path
    tables: dict[str, int]  # rows restored per table, as the manifest promised
    schema_versions: list[int]  # the backup's schema_migrations versions
    migrated: list[str]  # migrations applied after the import (a backup from an older schema)
    created_at: str
    store_meta: dict[str, str]
    replaced_existing: bool
    sequences_advanced: dict[str, int] = field(default_factory=dict)  # sequence -> values skipped


# --------------------------------------------------------------------------- create


def _schema_versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [
        row[0] for row in con.execute("select version from schema_migrations order by version").fetchall()
    ]


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def create_backup(con: duckdb.DuckDBPyConnection) -> bytes:
    """A ZIP (bytes) of the whole store behind `con`: EXPORT DATABASE as Parquet plus manifest.json.

    Counts, versions and the export are read in one transaction, so the manifest describes exactly
    the exported snapshot even while the app keeps writing.
    """
    with tempfile.TemporaryDirectory(prefix="liaison-backup-") as work:
        cursor = con.cursor()
        try:
            # EXPORT takes no bound parameters; its path is a constant under this cursor's own
            # home directory, which is bound (the setting belongs to this cursor only).
            cursor.execute("set home_directory = $path", {"path": work})
            cursor.execute("begin transaction")
            try:
                tables = {table: upgrade.row_count(cursor, table) for table in upgrade.tables(cursor)}
                versions = _schema_versions(cursor)
                meta = store.read_meta(cursor)
                cursor.execute("export database '~/database' (format parquet)")
            finally:
                cursor.execute("commit")
        except duckdb.Error as error:
            raise BackupError(f"バックアップを作成できませんでした: {error}") from error
        finally:
            cursor.close()

        folder = Path(work) / FOLDER
        files = {
            file.name: {"bytes": file.stat().st_size, "sha256": _digest(file)}
            for file in sorted(folder.iterdir())
        }
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(store.JST).isoformat(timespec="seconds"),
            "duckdb_version": duckdb.__version__,
            "export_format": "parquet",
            "tables": tables,
            "schema_versions": versions,
            "store_meta": meta,
            "files": files,
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            for name in files:
                archive.write(folder / name, f"{FOLDER}/{name}")
        return buffer.getvalue()


# --------------------------------------------------------------------------- the backups folder


_FOLDER_NAME = re.compile(r"(.+)-(\d{8})-(\d{6})(?:-\d+)?-([a-z-]+)\.zip")


def folder_for(store_path: Path | str) -> Path:
    """Where a store's automatic backups go: a folder `backups` beside it."""
    return Path(store_path).parent / "backups"


def in_folder(store_path: Path | str, reason: str | None = None) -> list[Path]:
    """The store's backups in its folder, oldest first (by the time in their names)."""
    store_path, folder = Path(store_path), folder_for(store_path)
    if not folder.is_dir():
        return []
    found = []
    for file in folder.iterdir():
        match = _FOLDER_NAME.fullmatch(file.name)
        if match and match.group(1) == store_path.stem and reason in (None, match.group(4)):
            found.append((match.group(2) + match.group(3), file.name, file))
    return [file for _, _, file in sorted(found)]


def latest_in_folder(store_path: Path | str) -> Path | None:
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
    _write_atomically(target, payload)
    os.chmod(target, 0o600)
    for old in in_folder(store_path, reason)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def daily_is_due(store_path: Path | str, today: date) -> bool:
    """True when the folder holds no daily backup made today (Japan time)."""
    stamp = today.strftime("%Y%m%d")
    return not any(
        _FOLDER_NAME.fullmatch(file.name).group(2) == stamp for file in in_folder(store_path, "daily")
    )


class DailyBackups(threading.Thread):
    """While the app holds a real store open (no other process can), it backs the store up itself:
    at start and then every `interval` seconds it writes a daily backup if today's is missing."""

    def __init__(self, con: duckdb.DuckDBPyConnection, store_path: Path, interval: float = 600):
        super().__init__(name="liaison-daily-backup", daemon=True)
        self.con, self.store_path, self.interval = con, Path(store_path), interval
        self.stopped = threading.Event()
        self.last: Path | None = None
        self.error: str | None = None

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                if daily_is_due(self.store_path, store.today()):
                    self.last = write_to_folder(self.con, self.store_path, "daily")
                    log.info("daily backup written: %s", self.last.name)
                self.error = None
            except Exception as error:  # a failed backup must not stop the app; it is retried
                self.error = str(error)
                log.warning("daily backup failed: %s", error)
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()


def _backup_before_restore(target: Path) -> None:
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


# --------------------------------------------------------------------------- restore: unpack


def _check_member(info: zipfile.ZipInfo) -> None:
    """Refuse absolute paths, '..', backslashes, drive letters and links before anything is written."""
    name = info.filename
    parts = name.split("/")
    if (
        name.startswith("/")
        or "\\" in name
        or ":" in parts[0]
        or any(part in ("..", ".") for part in parts)
        or "" in parts[:-1]
    ):
        raise BackupError(f"バックアップに不正なパスが含まれています: {name!r}（復元を中止しました）")
    mode = info.external_attr >> 16
    if mode & 0o170000 == 0o120000:
        raise BackupError(f"バックアップにリンクが含まれています: {name!r}（復元を中止しました）")


def _check_manifest(manifest) -> None:
    """The manifest's shape: what it must hold before anything in it is trusted."""
    problem = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        problem = "このアプリのバックアップではありません"
    elif manifest.get("format_version") != FORMAT_VERSION:
        problem = f"対応していない形式の版です（{manifest.get('format_version')!r}）"
    elif not isinstance(manifest.get("tables"), dict) or not all(
        isinstance(k, str) and _TABLE_NAME.fullmatch(k) and isinstance(v, int) and v >= 0
        for k, v in manifest["tables"].items()
    ):
        problem = "テーブルの行数が正しく記録されていません"
    elif not isinstance(manifest.get("schema_versions"), list) or not all(
        isinstance(v, int) for v in manifest["schema_versions"]
    ):
        problem = "スキーマの版が正しく記録されていません"
    elif not isinstance(manifest.get("store_meta"), dict):
        problem = "store_meta が記録されていません"
    elif not isinstance(manifest.get("files"), dict) or not all(
        isinstance(k, str)
        and _FILE_NAME.fullmatch(k)
        and isinstance(v, dict)
        and isinstance(v.get("bytes"), int)
        and isinstance(v.get("sha256"), str)
        for k, v in manifest["files"].items()
    ):
        problem = "ファイル一覧が正しく記録されていません"
    if problem:
        raise BackupError(f"manifest.json が不正です: {problem}（復元を中止しました）")
    needed = {"schema.sql", "load.sql"} | {f"{table}.parquet" for table in manifest["tables"]}
    unlisted = sorted(needed - manifest["files"].keys())
    if unlisted:
        raise BackupError(f"manifest.json に必要なファイルが記載されていません: {', '.join(unlisted)}")
    unknown = sorted(
        set(manifest["schema_versions"]) - {migration.version for migration in store.migrations()}
    )
    if unknown:
        raise BackupError(
            f"このバックアップはより新しい版のアプリで作成されています（スキーマ版 {unknown}）。"
            "アプリを更新してから復元してください。"
        )


def _unpack(payload: bytes, folder: Path, max_bytes: int) -> dict:
    """Check the ZIP and its manifest, extract the export into `folder`; returns the manifest."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile as error:
        raise BackupError(
            "バックアップファイルを読み込めません（ZIP形式ではないか、壊れています）"
        ) from error
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        for info in archive.infolist():
            _check_member(info)
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            raise BackupError("バックアップに同じ名前のファイルが重複しています（復元を中止しました）")
        if sum(info.file_size for info in infos) > max_bytes:
            raise BackupError(
                f"バックアップを展開すると上限（{max_bytes:,} バイト）を超えます（復元を中止しました）"
            )
        if MANIFEST not in names:
            raise BackupError(
                "バックアップに manifest.json がありません（このアプリのバックアップではありません）"
            )
        try:
            manifest = json.loads(_read_bounded(archive, archive.getinfo(MANIFEST), 1 << 20))
        except (ValueError, UnicodeDecodeError) as error:
            raise BackupError("manifest.json を読み込めません（壊れています）") from error
        _check_manifest(manifest)

        expected = {f"{FOLDER}/{name}" for name in manifest["files"]} | {MANIFEST}
        missing = sorted(expected - set(names))
        if missing:
            raise BackupError(
                f"バックアップに必要なファイルがありません: {', '.join(missing)}（復元を中止しました）"
            )
        extra = sorted(set(names) - expected)
        if extra:
            raise BackupError(
                f"バックアップに想定外のファイルがあります: {', '.join(extra)}（復元を中止しました）"
            )

        folder.mkdir(parents=True)
        budget = max_bytes
        for name, expected_file in manifest["files"].items():
            info = archive.getinfo(f"{FOLDER}/{name}")
            written, digest = _extract(archive, info, folder / name, budget)
            budget -= written
            if written != expected_file["bytes"] or digest != expected_file["sha256"]:
                raise BackupError(
                    f"{name} の内容が manifest.json と一致しません（改ざんまたは破損）。復元を中止しました。"
                )
    _check_load_script(folder, manifest)
    return manifest


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise BackupError(f"{info.filename} が大きすぎます（復元を中止しました）")
    return data


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, budget: int) -> tuple[int, str]:
    """Copy one member to `path`, counting real bytes (a ZIP header may lie about sizes)."""
    sha, written = hashlib.sha256(), 0
    try:
        with archive.open(info) as source, open(path, "xb") as sink:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > budget:
                    raise BackupError("バックアップの展開サイズが上限を超えました（復元を中止しました）")
                sha.update(chunk)
                sink.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise BackupError(f"{info.filename} を展開できません（破損しています）: {error}") from error
    return written, sha.hexdigest()


def _check_load_script(folder: Path, manifest: dict) -> None:
    """load.sql may only COPY each manifest table from its own Parquet file, nothing else."""
    loaded = {}
    for line in (folder / "load.sql").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        match = _LOAD_LINE.fullmatch(line.strip())
        if not match or Path(match.group(3)).name != f"{match.group(2)}.parquet":
            raise BackupError(f"load.sql に想定外の文があります: {line[:80]!r}（復元を中止しました）")
        loaded[match.group(2)] = match.group(3)
    if set(loaded) != set(manifest["tables"]):
        raise BackupError("load.sql のテーブルが manifest.json と一致しません（復元を中止しました）")


# --------------------------------------------------------------------------- restore: import and verify


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
    if "schema_migrations" not in tables or _schema_versions(con) != sorted(manifest["schema_versions"]):
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
        manifest = _unpack(payload, work / FOLDER, max_bytes)
        staged = work / "restored.duckdb"
        _import(work / FOLDER, staged)
        migrated, advanced = _finish(staged, manifest)
        _ensure_not_in_use(target, work)
        replaced = target.exists()
        if replaced:
            _backup_before_restore(target)
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


# --------------------------------------------------------------------------- command line


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ストアの完全バックアップと、検証付きの復元。")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="バックアップ（ZIP）を作成する")
    create.add_argument("--db", type=Path, default=paths.default_db_path())
    create.add_argument("--out", type=Path, required=True)
    restore = commands.add_parser("restore", help="バックアップから復元する（検証に通った場合のみ置き換え）")
    restore.add_argument("--db", type=Path, default=paths.default_db_path())
    restore.add_argument("--from", dest="source", type=Path, required=True)
    args = parser.parse_args(argv)

    try:
        if args.command == "create":
            if not args.db.exists():
                raise BackupError(f"データベースがありません: {args.db}")
            try:
                con = store.connect(args.db)
            except duckdb.Error as error:
                raise BackupError(
                    f"データベースを開けません（起動中のダッシュボードを停止してください）: {error}"
                ) from error
            try:
                payload = create_backup(con)
            finally:
                con.close()
            _write_atomically(args.out, payload)
            print(f"バックアップを作成しました: {args.out}（{len(payload):,} バイト）")
        else:
            report = restore_backup(args.source.read_bytes(), args.db)
            rows = sum(report.tables.values())
            print(
                f"復元しました: {report.target}（{len(report.tables)} テーブル、{rows:,} 行、"
                f"作成日時 {report.created_at}、スキーマ版 {report.schema_versions}"
                + (f"、追加で適用した版 {report.migrated}" if report.migrated else "")
                + "）"
            )
    except (BackupError, OSError) as error:
        print(f"エラー: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
