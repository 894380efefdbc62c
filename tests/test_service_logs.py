"""What the service writes to its log (the journal) holds no consultation text: a write through the
write API and the daily backup with its second copy, at DEBUG level, never log a title or a detail."""

from __future__ import annotations

import logging
from datetime import date

from test_writes import ACTOR, TODAY, consultation

from liaison import backup, store
from liaison.backup import copy
from liaison.records import writes

TITLE = "ZZ閉域網ログ確認用の件名"
DETAIL = "ZZ相談内容は記録に残るがログには出ない"


def test_a_consultation_write_and_the_daily_backup_log_no_record_text(
    writable_store, tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv(copy.COPY_DIR_ENV, str(tmp_path / "share"))
    con = store.connect(writable_store)
    try:
        with caplog.at_level(logging.DEBUG):
            writes.add_consultation(
                con,
                ACTOR,
                today=TODAY,
                **consultation(title=TITLE, detail=DETAIL, received_on=date(2025, 11, 2)),
            )
            made = backup.write_to_folder(con, writable_store, "daily")
            copy.copy_configured(made, writable_store)
    finally:
        con.close()
    assert "backup copied to the second location" in caplog.text  # the log is captured at all
    assert TITLE not in caplog.text and DETAIL not in caplog.text
