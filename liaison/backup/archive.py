"""Making a backup archive: a ZIP of DuckDB's `EXPORT DATABASE` plus a manifest that describes it.

The export (schema.sql, load.sql, one Parquet file per table) sits under `database/`; `manifest.json`
holds row counts per table, the schema_migrations versions, store_meta, when it was made, and each
file's size and SHA-256.

Parquet rather than CSV: it keeps every column's type exactly (dates, decimals, booleans,
timestamps, JSON, NULL as distinct from ''), is compressed, and is what DuckDB imports fastest;
CSV would need every type re-inferred on the way back.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb

from liaison import store
from liaison.store import upgrade

FORMAT = "liaison-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FOLDER = "database"  # the export's folder inside the ZIP
CHUNK = 1 << 20  # bytes read at a time when hashing or extracting


class BackupError(Exception):
    """A backup that cannot be made or restored; the message is for the person doing it (Japanese)."""


def schema_versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The store's schema_migrations versions, in order."""
    return [
        row[0] for row in con.execute("select version from schema_migrations order by version").fetchall()
    ]


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
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
                versions = schema_versions(cursor)
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


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, so a reader sees all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
