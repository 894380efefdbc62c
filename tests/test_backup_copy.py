"""The daily backup's second copy: atomic, owner-only, the newest N kept, a failure logged and harmless;
and the restore drill: a copied backup restored into a fresh path holds every row."""

from __future__ import annotations

import logging
import os
import stat
import time

import pytest

from liaison import backup, store
from liaison.backup import copy
from liaison.backup.restore import restore_backup
from liaison.store import upgrade


@pytest.fixture
def share(tmp_path, monkeypatch):
    folder = tmp_path / "share" / "liaison"
    monkeypatch.setenv(copy.COPY_DIR_ENV, str(folder))
    monkeypatch.delenv(copy.COPY_KEEP_ENV, raising=False)
    return folder


def daily(store_path):
    con = store.connect(store_path)
    try:
        return backup.write_to_folder(con, store_path, "daily")
    finally:
        con.close()


def test_the_daily_backup_is_copied_owner_only(writable_store, share):
    con = store.connect(writable_store)
    worker = backup.DailyBackups(con, writable_store, interval=3600)
    worker.start()
    try:
        for _ in range(200):
            if worker.copied:
                break
            time.sleep(0.05)
    finally:
        worker.stop()
        worker.join()
        con.close()
    assert worker.copied == share / worker.last.name
    assert worker.copied.read_bytes() == worker.last.read_bytes()
    assert stat.S_IMODE(worker.copied.stat().st_mode) == 0o600
    assert stat.S_IMODE(share.stat().st_mode) == 0o700
    assert [p.name for p in share.iterdir()] == [worker.last.name]  # no temporary file left


def test_only_the_newest_copies_are_kept(tmp_path, share, monkeypatch):
    monkeypatch.setenv(copy.COPY_KEEP_ENV, "2")
    made = []
    for day in ("01", "02", "03"):
        made.append(tmp_path / f"liaison-202612{day}-030000-daily.zip")
        made[-1].write_bytes(day.encode())
    other = share / "other-20200101-000000-daily.zip"  # another store's copy is not ours to delete
    share.mkdir(parents=True)
    other.write_bytes(b"x")
    for file in made:
        copy.copy_configured(file, tmp_path / "liaison.duckdb")
    assert sorted(p.name for p in share.iterdir()) == sorted([made[1].name, made[2].name, other.name])
    assert (share / made[2].name).read_bytes() == b"03"


def test_no_copy_without_a_configured_location(writable_store, monkeypatch):
    monkeypatch.delenv(copy.COPY_DIR_ENV, raising=False)
    assert copy.copy_configured(daily(writable_store), writable_store) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_failed_copy_is_logged_and_the_local_backup_kept(writable_store, tmp_path, monkeypatch, caplog):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv(copy.COPY_DIR_ENV, str(locked / "liaison"))
    local = daily(writable_store)
    with caplog.at_level(logging.WARNING):
        assert copy.copy_configured(local, writable_store) is None
    assert "backup copy to the second location failed" in caplog.text
    assert local.exists()


def test_a_copy_that_cannot_be_written_is_logged_and_the_local_backup_kept(
    writable_store, tmp_path, monkeypatch, caplog
):
    not_a_folder = tmp_path / "share-is-a-file"
    not_a_folder.write_text("not a mounted share")
    monkeypatch.setenv(copy.COPY_DIR_ENV, str(not_a_folder))
    local = daily(writable_store)
    with caplog.at_level(logging.WARNING):
        assert copy.copy_configured(local, writable_store) is None
    assert "backup copy to the second location failed" in caplog.text
    assert local.exists() and not_a_folder.read_text() == "not a mounted share"


def test_a_bad_keep_value_is_reported_not_raised(writable_store, share, monkeypatch, caplog):
    monkeypatch.setenv(copy.COPY_KEEP_ENV, "zero")
    with caplog.at_level(logging.WARNING):
        assert copy.copy_configured(daily(writable_store), writable_store) is None
    assert copy.COPY_KEEP_ENV in caplog.text


def test_restore_drill_from_the_second_location(writable_store, share, tmp_path):
    """README「復元の訓練」: restore the newest copy into a fresh path and compare every table's rows."""
    copied = copy.copy_configured(daily(writable_store), writable_store)
    fresh = tmp_path / "drill" / "liaison.duckdb"
    report = restore_backup(copied.read_bytes(), fresh)
    original, restored = store.connect(writable_store), store.connect(fresh)
    try:
        counts = {table: upgrade.row_count(original, table) for table in upgrade.tables(original)}
        assert {table: upgrade.row_count(restored, table) for table in upgrade.tables(restored)} == counts
        assert counts["consultations"] > 0 and report.tables == counts
    finally:
        original.close()
        restored.close()
