"""Unpacking a backup safely, trusting nothing in it until it is checked.

No absolute or `..` paths, no links, no duplicate names, a bounded size (counted on the real bytes,
not the ZIP headers), a manifest of the right shape and schema versions this app knows, every file
listed and matching its size and SHA-256, and a load.sql that only COPYs each table from its own file.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

from liaison import store
from liaison.backup.archive import CHUNK, FOLDER, FORMAT, FORMAT_VERSION, MANIFEST, BackupError

MAX_BYTES = 4 * 1024**3  # default bound on the unpacked size of a backup
_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_TABLE_NAME = re.compile(r"[a-z_][a-z0-9_]*")
# One line of DuckDB's load.sql: COPY <table> FROM '<path>' (FORMAT 'parquet');
_LOAD_LINE = re.compile(r"""COPY ("?)([a-z_][a-z0-9_]*)\1 FROM '([^']*)' \(FORMAT 'parquet'\);""")


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


def unpack(payload: bytes, folder: Path, max_bytes: int) -> dict:
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
            while chunk := source.read(CHUNK):
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
