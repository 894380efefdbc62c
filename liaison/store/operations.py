"""What the store commands do: init, demo, status, migrate, ensure, clean — and the safe swap.

Upgrading a store in place: refuse if another process holds it; plan (reads only); when something
is to change, copy the store to a staged file beside it, write a backup of that copy into the
backups folder beside the store (the last 10 kept), apply every step to the copy and verify it
(liaison.store.upgrade), then rename the copy over the store while holding the store's file lock.
The store file itself is written only by that final rename, so a failed step leaves it
byte-identical. Only the demo store is ever rebuilt.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from liaison import backup, paths
from liaison.store import (
    DEMO_DIGEST_KEY,
    StoreError,
    build,
    connect,
    connect_or_explain,
    held_by,
    held_here,
    init,
    is_demo,
    read_meta,
    schema,
    sources_digest,
    swap_in,
)
from liaison.store import upgrade as steps

LOOPBACK_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}


# --------------------------------------------------------------------------- guards


def _refuse_if_held(path: Path) -> None:
    if held_here(path):
        raise StoreError(
            f"ストア {path} はこのプロセス内で開かれています。接続を閉じてから実行してください。"
        )
    message = held_by(path)
    if message:
        raise StoreError(message)


def _kind(path: Path) -> bool:
    """True for a demo store; opens the file briefly (the caller checked nobody holds it)."""
    con = connect_or_explain(path)
    try:
        try:
            return is_demo(read_meta(con))
        except duckdb.Error:
            return False  # no store_meta: not something this app built as a demo
    finally:
        con.close()


def _open_existing(path: Path) -> duckdb.DuckDBPyConnection:
    """Open an existing store nobody else holds (this process included), or raise StoreError."""
    if not path.exists():
        raise StoreError(f"ストアがありません: {path}")
    _refuse_if_held(path)
    return connect_or_explain(path)


def _plan(con: duckdb.DuckDBPyConnection) -> steps.Plan:
    try:
        return steps.plan(con)
    except schema.MigrationError as error:
        raise StoreError(str(error)) from error


def refuse_unless_replaceable_demo(path: Path) -> None:
    """Refuse to rebuild or remove `path` unless it is a demo store nobody holds open."""
    _refuse_if_held(path)
    if not _kind(path):
        raise StoreError(
            f"{path} は本番用のストア（実データ）です。デモの再構築・削除はできません。"
            "本番用のストアは置き換えず、`python -m liaison.store migrate` で更新します。"
        )


def is_loopback(host: str | None) -> bool:
    """True for an address that only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if not host:
        return False  # Streamlit's default: every interface
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def refuse_real_store_without_login(path: Path) -> None:
    """A real store is served only with login: refuse one that has no active administrator account."""
    con = connect_or_explain(path)
    try:
        has_table = con.execute(
            "select count(*) from duckdb_tables() where table_name = 'accounts'"
        ).fetchone()[0]
        admins = (
            con.execute("select count(*) from accounts where role = '管理者' and is_active").fetchone()[0]
            if has_table
            else 0
        )
    finally:
        con.close()
    if not admins:
        raise StoreError(
            f"本番用のストア {path} にはログインの設定（管理者のアカウント）がないため公開できません。"
            f"`python -m liaison.accounts create-admin <ログイン名> --name <氏名> --db {path}` で最初の管理者を作成してください。"
        )


# --------------------------------------------------------------------------- commands


@dataclass
class UpgradeReport:
    path: Path
    changed: bool
    lines: list[str] = field(default_factory=list)
    backup: Path | None = None
    backup_bytes: int = 0
    applied: steps.Applied | None = None


def upgrade(path: Path | str, *, keep_backups: int = backup.KEEP) -> UpgradeReport:
    """Apply pending migrations and reference updates to the store at `path`, in place and safely."""
    path = Path(path)
    con = _open_existing(path)
    try:
        plan = _plan(con)
    finally:
        con.close()
    if not plan.needs_change:
        return UpgradeReport(path, False, ["最新です（変更はありません）"])

    staged = path.with_name(f".{path.name}.upgrade-{os.getpid()}")
    try:
        shutil.copyfile(path, staged)
        staged_con = connect(staged)
        try:
            written = backup.write_to_folder(staged_con, path, "before-migrate", keep=keep_backups)
        finally:
            staged_con.close()
        try:
            applied = steps.apply_on(staged)
        except (steps.UpgradeError, schema.MigrationError) as error:
            raise StoreError(
                f"{error}\nストア {path} は変更していません（バックアップ: {written}）。"
            ) from error
        swap_in(staged, path)
    finally:
        for leftover in (staged, Path(f"{staged}.wal")):
            leftover.unlink(missing_ok=True)
    return UpgradeReport(path, True, plan.describe(), written, written.stat().st_size, applied)


def ensure(path: Path | str, *, host: str | None = None, out: Callable[[str], None] = print) -> None:
    """What `make run` calls: build the demo if missing (default path only) or stale; upgrade a
    real store (pending migrations and reference updates); nothing else. Raises StoreError."""
    path = Path(path)
    if not path.exists():
        if not paths.is_default_demo(path):
            raise StoreError(
                f"設定されたストアがありません: {path}。起動を中止しました。"
                f"本番用のストアは `python -m liaison.store init --db {path}` で一度だけ作成します"
                "（デモ用のストアは既定の場所 data/liaison.duckdb にだけ自動で作ります）。"
            )
        build(path)
        out(f"デモ用のストアを作成しました: {path}（架空のデータ）")
        return
    _refuse_if_held(path)
    if _kind(path):
        if _demo_digest(path) == sources_digest():
            out(f"デモ用のストアは最新です: {path}")
            return
        build(path)
        out(f"デモ用のストアを作り直しました: {path}（コミット済みのソースが変わったため）")
        return
    report = upgrade(path)
    if not report.changed:
        out(f"本番用のストアは最新です: {path}")
    else:
        out(f"本番用のストアを更新しました: {path}")
        for line in report.lines:
            out(f"  - {line}")
        out(f"  バックアップ: {report.backup}（{report.backup_bytes:,} バイト）")


def refresh_demo(path: Path | str) -> bool:
    """What the app does before opening the default demo path: build the demo there when it is missing, or
    rebuild it when it is a demo older than the committed sources (e.g. a pending migration after a pull).
    Anything else — a real store, another path — is left alone. True when it built."""
    path = Path(path)
    if not paths.is_default_demo(path):
        return False
    if not path.exists():
        build(path)
        return True
    _refuse_if_held(path)
    if _kind(path) and _demo_digest(path) != sources_digest():
        build(path)
        return True
    return False


def _demo_digest(path: Path) -> str | None:
    con = connect(path)
    try:
        return read_meta(con).get(DEMO_DIGEST_KEY)
    finally:
        con.close()


def demo(path: Path | str, *, seed: int | None = None) -> Path:
    """Build or rebuild the demo store at `path`; refuses a real store or one that is held open."""
    return build(Path(path), seed=seed)


def create(path: Path | str) -> Path:
    return init(Path(path))


def clean(path: Path | str) -> bool:
    """Remove a demo store (and its log and spill folder); refuses a real store. True if removed."""
    path = Path(path)
    if not path.exists():
        return False
    refuse_unless_replaceable_demo(path)
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
    spill = Path(f"{path}.tmp")
    if spill.is_dir():
        shutil.rmtree(spill)
    return True


@dataclass
class Status:
    path: Path
    is_demo: bool
    version: int
    code_version: int
    plan: steps.Plan
    counts: dict[str, int]
    orphans: list[tuple[str, str, str, str]]
    last_backup: Path | None
    meta: dict[str, str]


def status(path: Path | str) -> Status:
    """Everything `status` prints; refuses (StoreError) a missing or held store."""
    path = Path(path)
    con = _open_existing(path)
    try:
        plan = _plan(con)
        counts = steps.table_counts(con)
        try:
            found = steps.orphans(con)
        except duckdb.Error:
            found = []
        meta = read_meta(con)
    finally:
        con.close()
    return Status(
        path,
        is_demo(meta),
        plan.schema.version,
        plan.schema.code_version,
        plan,
        counts,
        found,
        backup.latest_in_folder(path),
        meta,
    )
