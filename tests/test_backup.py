"""Backup and restore: a restored store equals the original row for row; every bad backup is refused
and leaves the target exactly as it was."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from liaison import backup, store
from liaison.backup import __main__ as cli
from liaison.backup.archive import FOLDER, schema_versions
from liaison.store import upgrade


def tables_of(con) -> list[str]:
    return upgrade.tables(con)


def table_frame(con, table: str) -> pd.DataFrame:
    """A whole table in a stable order (every column), through the relational API."""
    relation = con.table(table)
    return relation.order(", ".join(f'"{column}"' for column in relation.columns)).df()


def column_types(con) -> list[tuple]:
    return con.execute(
        "select table_name, column_name, data_type, is_nullable, column_default from duckdb_columns()"
        " where database_name = current_database() order by table_name, column_index"
    ).fetchall()


def assert_same_store(left: Path, right: Path) -> None:
    a, b = store.connect(left), store.connect(right)
    try:
        assert tables_of(a) == tables_of(b)
        assert column_types(a) == column_types(b)
        for table in tables_of(a):
            pd.testing.assert_frame_equal(table_frame(a, table), table_frame(b, table), check_exact=True)
    finally:
        a.close()
        b.close()


def fingerprint(path: Path) -> tuple:
    """What 'untouched' means: same bytes, same mtime, no WAL appeared."""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        Path(str(path) + ".wal").exists(),
    )


def rezip(payload: bytes, *, manifest=None, files=None, drop=(), extra=(), rehash=True) -> bytes:
    """Edit a backup: `manifest(dict)` and `files[name](bytes) -> bytes` edit in place, `drop` removes
    members, `extra` adds (name, bytes) members; `rehash` keeps the manifest's checksums consistent,
    so only the check under test can catch the change."""
    source = zipfile.ZipFile(io.BytesIO(payload))
    contents = {info.filename: source.read(info) for info in source.infolist()}
    data = json.loads(contents.pop(backup.MANIFEST))
    for name, edit in (files or {}).items():
        key = f"{FOLDER}/{name}"
        contents[key] = edit(contents[key])
        if rehash:
            data["files"][name] = {
                "bytes": len(contents[key]),
                "sha256": hashlib.sha256(contents[key]).hexdigest(),
            }
    if manifest:
        manifest(data)
    for name in drop:
        contents.pop(name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(backup.MANIFEST, json.dumps(data, ensure_ascii=False))
        for name, content in [*contents.items(), *extra]:
            archive.writestr(name, content)
    return out.getvalue()


def without_manifest(payload: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(payload))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            if info.filename != backup.MANIFEST:
                archive.writestr(info.filename, source.read(info))
    return out.getvalue()


@pytest.fixture
def original(writable_store):
    """The demo store plus audit rows that exercise JSON, NULL, '' and Japanese text."""
    con = store.connect(writable_store)
    try:
        con.execute(
            "insert into audit_log (actor, table_name, record_key, action, before_json, after_json) values"
            " ('テスト担当', 'visits', '1', 'update', '{\"summary\": \"旧\"}', '{\"summary\": \"\"}'),"
            " ('テスト担当', 'visits', '2', 'insert', null, '{\"n\": 1.5, \"ok\": true}')"
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return writable_store


@pytest.fixture
def payload(original) -> bytes:
    con = store.connect(original)
    try:
        return backup.create_backup(con)
    finally:
        con.close()


@pytest.fixture
def target(store_template, tmp_path) -> Path:
    """An existing store at the restore target, to prove a refused restore does not touch it."""
    path = tmp_path / "target" / "liaison.duckdb"
    path.parent.mkdir()
    shutil.copyfile(store_template, path)
    return path


# --------------------------------------------------------------------------- round trip


def test_manifest_describes_the_store(payload, original):
    archive = zipfile.ZipFile(io.BytesIO(payload))
    manifest = json.loads(archive.read(backup.MANIFEST))
    assert manifest["format"] == "liaison-backup" and manifest["export_format"] == "parquet"
    assert manifest["tables"]["visits"] == 693 and manifest["tables"]["consultations"] == 1112
    assert manifest["tables"]["audit_log"] == 2
    assert manifest["schema_versions"] == [migration.version for migration in store.migrations()]
    assert manifest["store_meta"]["is_demo"] == "true" and manifest["store_meta"]["as_of"] == "2025-11-30"
    assert manifest["created_at"].endswith("+09:00")
    assert {"schema.sql", "load.sql", "visits.parquet"} <= manifest["files"].keys()
    assert sorted(archive.namelist()) == sorted(
        [backup.MANIFEST] + [f"database/{n}" for n in manifest["files"]]
    )


def test_restore_into_a_fresh_store_equals_the_original(payload, original, tmp_path):
    fresh = tmp_path / "fresh" / "restored.duckdb"
    report = backup.restore_backup(payload, fresh)
    assert report.replaced_existing is False
    assert report.tables["visits"] == 693 and report.migrated == []
    assert_same_store(original, fresh)
    assert [p.name for p in fresh.parent.iterdir()] == ["restored.duckdb"]  # no temporary left behind


def test_a_new_row_after_restore_gets_a_fresh_id(payload, original, tmp_path):
    fresh = tmp_path / "restored.duckdb"
    backup.restore_backup(payload, fresh)
    ids = {}
    for path in (original, fresh):
        con = store.connect(path)
        try:
            ids[path] = con.execute(
                "insert into visits (visited_on, municipality_code, liaison_id, department, purpose)"
                " values ('2025-11-30', '282014', 'R-naka_harima-1', '自治体DX担当', '定期巡回') returning visit_id"
            ).fetchall()[0][0]
            audit = con.execute(
                "insert into audit_log (actor, table_name, record_key, action) values ('x', 'visits', '9', 'insert')"
                " returning audit_id"
            ).fetchall()[0][0]
        finally:
            con.close()
        assert audit == 3
    assert ids[fresh] == ids[original] == 694


def test_sequences_are_advanced_when_the_export_lost_them(payload, tmp_path):
    """A backup whose schema.sql restarts visits_seq at 1 still gives new visits fresh ids."""
    restart = rezip(
        payload,
        files={
            "schema.sql": lambda sql: sql.replace(
                b"CREATE SEQUENCE visits_seq INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START 694",
                b"CREATE SEQUENCE visits_seq INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START 1",
            )
        },
    )
    fresh = tmp_path / "restored.duckdb"
    report = backup.restore_backup(restart, fresh)
    assert report.sequences_advanced == {"visits_seq": 693}
    con = store.connect(fresh)
    try:
        new_id = con.execute(
            "insert into visits (visited_on, municipality_code, liaison_id, department, purpose)"
            " values ('2025-11-30', '282014', 'R-naka_harima-1', '自治体DX担当', '定期巡回') returning visit_id"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert new_id == 694


def test_advance_sequences_after_explicit_ids(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    try:
        con.execute("create sequence things_seq")
        con.execute(
            "create table things (thing_id bigint primary key default nextval('things_seq'), name varchar)"
        )
        con.execute("insert into things values (5, 'a'), (9, 'b')")
        assert upgrade.advance_sequences(con) == {"things_seq": 9}
        assert con.execute("insert into things (name) values ('c') returning thing_id").fetchall() == [(10,)]
        assert upgrade.advance_sequences(con) == {}  # already past every id
    finally:
        con.close()


def test_restore_over_an_existing_store_replaces_it(payload, original, target):
    con = store.connect(target)
    try:  # make the target differ from the backup
        con.execute("delete from audit_log")
        con.execute("insert or replace into store_meta values ('note', '置き換え前')")
    finally:
        con.close()
    report = backup.restore_backup(payload, target)
    assert report.replaced_existing is True
    assert_same_store(original, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["backups", "liaison.duckdb"]
    kept = backup.in_folder(target, "before-restore")  # the replaced store is kept first
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o777 == 0o600


def test_backup_from_an_older_schema_is_migrated(payload, tmp_path, migrations_folder):
    migrations_folder({"999_extra.sql": "create table if not exists extra_things (n integer)"})
    fresh = tmp_path / "restored.duckdb"
    report = backup.restore_backup(payload, fresh)
    assert report.migrated == ["999_extra"]
    con = store.connect(fresh)
    try:
        assert 999 in schema_versions(con) and "extra_things" in tables_of(con)
    finally:
        con.close()


# --------------------------------------------------------------------------- refusals leave the target untouched


def _bump_visits(manifest):
    manifest["tables"]["visits"] += 1


def _drop_versions(manifest):
    manifest["schema_versions"] = []


def _future_version(manifest):
    manifest["schema_versions"].append(999)


def _other_meta(manifest):
    manifest["store_meta"]["as_of"] = "2030-01-01"


def _not_ours(manifest):
    manifest["format"] = "something-else"


def _evil_schema(sql: bytes) -> bytes:
    return sql + b"\nCREATE TABLE leak AS SELECT * FROM read_text('/etc/hostname');\n"


BAD_BACKUPS = {
    "row count in the manifest": (
        lambda p: rezip(p, manifest=_bump_visits),
        "行数が manifest.json と一致しません",
    ),
    "schema versions in the manifest": (lambda p: rezip(p, manifest=_drop_versions), "スキーマの版"),
    "a newer schema": (lambda p: rezip(p, manifest=_future_version), "より新しい版"),
    "store_meta in the manifest": (lambda p: rezip(p, manifest=_other_meta), "store_meta"),
    "another format": (lambda p: rezip(p, manifest=_not_ours), "このアプリのバックアップではありません"),
    "a changed data file": (
        lambda p: rezip(p, files={"visits.parquet": lambda b: b[:-10] + b"0123456789"}, rehash=False),
        "改ざんまたは破損",
    ),
    "a missing file": (lambda p: rezip(p, drop=["database/visits.parquet"]), "必要なファイルがありません"),
    "a missing manifest": (lambda p: without_manifest(p), "manifest.json がありません"),
    "an extra file": (lambda p: rezip(p, extra=[("database/extra.txt", b"x")]), "想定外のファイル"),
    "zip slip": (lambda p: rezip(p, extra=[("../evil.txt", b"x")]), "不正なパス"),
    "zip slip inside a folder": (lambda p: rezip(p, extra=[("database/../../evil.txt", b"x")]), "不正なパス"),
    "an absolute path": (lambda p: rezip(p, extra=[("/tmp/evil.txt", b"x")]), "不正なパス"),
    "a statement added to load.sql": (
        lambda p: rezip(p, files={"load.sql": lambda b: b + b"DROP TABLE visits;\n"}),
        "load.sql に想定外の文",
    ),
    "schema.sql reading a file outside": (
        lambda p: rezip(p, files={"schema.sql": _evil_schema}),
        "取り込めませんでした",
    ),
    "not a zip": (lambda p: b"PK\x03\x04 not really a zip", "ZIP形式ではない"),
}


@pytest.mark.parametrize("case", list(BAD_BACKUPS))
def test_bad_backup_is_refused_and_target_untouched(case, payload, target, tmp_path):
    make, message = BAD_BACKUPS[case]
    before = fingerprint(target)
    with pytest.raises(backup.BackupError, match=message):
        backup.restore_backup(make(payload), target)
    assert fingerprint(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["liaison.duckdb"]
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_a_symlink_member_is_refused(payload, target):
    info = zipfile.ZipInfo("database/link")
    info.external_attr = 0o120777 << 16
    out = io.BytesIO(payload)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(info, "/etc/passwd")
    before = fingerprint(target)
    with pytest.raises(backup.BackupError, match="リンク"):
        backup.restore_backup(out.getvalue(), target)
    assert fingerprint(target) == before


def test_size_limit(payload, target):
    before = fingerprint(target)
    with pytest.raises(backup.BackupError, match="上限"):
        backup.restore_backup(payload, target, max_bytes=10_000)
    assert fingerprint(target) == before


def test_a_store_open_in_this_process_is_not_replaced(payload, target):
    con = store.connect(target)
    try:
        before = fingerprint(target)
        with pytest.raises(backup.BackupError, match="このプログラム内で開かれています"):
            backup.restore_backup(payload, target)
    finally:
        con.close()
    assert fingerprint(target)[0] == before[0]


def test_a_store_used_by_another_program_is_not_replaced(payload, target):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)",
            str(target),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = fingerprint(target)
        with pytest.raises(backup.BackupError, match="別のプロセス（PID"):
            backup.restore_backup(payload, target)
        assert fingerprint(target) == before
    finally:
        holder.kill()
        holder.wait()


# --------------------------------------------------------------------------- command line


def test_command_line_round_trip(original, tmp_path, capsys):
    archive, restored = tmp_path / "out" / "backup.zip", tmp_path / "restored.duckdb"
    assert cli.main(["create", "--db", str(original), "--out", str(archive)]) == 0
    assert "バックアップを作成しました" in capsys.readouterr().out
    assert cli.main(["restore", "--db", str(restored), "--from", str(archive)]) == 0
    assert "復元しました" in capsys.readouterr().out
    assert_same_store(original, restored)


def test_command_line_reports_a_bad_backup(target, tmp_path, capsys):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    before = fingerprint(target)
    assert cli.main(["restore", "--db", str(target), "--from", str(bad)]) == 1
    assert "エラー" in capsys.readouterr().err
    assert fingerprint(target) == before
    assert (
        cli.main(["create", "--db", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "x.zip")]) == 1
    )
