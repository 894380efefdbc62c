"""The 監査ログ page: changes made through the write API show with the actor and the 日本時間; person and
table filters change the rows; the export holds exactly the filtered rows; login events show in Japanese;
only administrators see the page, and its readers refuse anyone else."""

from __future__ import annotations

import json
from datetime import timedelta

import pandas as pd
import pytest
from admin_pages import open_page, real_kind_store
from roles import PASSWORD, login_as, principals

from dashboard.readers import audit as audit_readers
from liaison import accounts, audit
from liaison.accounts import login
from liaison.records import exporting, roster


@pytest.fixture
def real_kind(store_template, tmp_path, point_app):
    with real_kind_store(store_template, tmp_path, point_app) as found:
        yield found


def acted_at(con, table: str, record_key: str):
    return con.execute(
        "select max(acted_at) from audit_log where table_name = $table and record_key = $key",
        {"table": table, "key": record_key},
    ).fetchone()[0]


def table(at):
    return at.dataframe[0].value


def test_a_change_shows_with_its_actor_and_japan_time_and_filters_narrow_it(real_kind, monkeypatch):
    path, con = real_kind
    admin = login_as(monkeypatch, con, "管理者")
    people = principals(con)
    new_id = roster.add_person(
        con, admin, today=pd.Timestamp("2025-11-30").date(), name="監査 太郎", section="デジタル戦略課"
    )
    roster.edit_person(
        con, admin, today=pd.Timestamp("2025-11-30").date(), liaison_id=new_id, contact="内線 42"
    )
    accounts.edit_account(con, admin, people["閲覧"].account_id, display_name="閲覧 改名", role="閲覧")
    at = open_page("audit")
    assert at.title[0].value == "監査ログ"
    frame = table(at)
    total = con.execute("select count(*) from audit_log").fetchone()[0]
    assert len(frame) == total  # fewer than 1,000: every row is shown
    assert f"該当 {total:,} 件" in at.caption[1].value

    edits = frame[(frame["表"] == "リエゾン名簿") & (frame["操作"] == "変更")]
    assert len(edits) == 1
    row = edits.iloc[0]
    assert row["操作者"] == admin.actor == "管理者 テスト（admin）"
    assert row["記録"] == new_id
    assert row["変更内容"] == "連絡先: （なし） → 内線 42"
    stored = acted_at(con, "liaisons", new_id)
    assert pd.Timestamp(row["日時（日本時間）"]) == pd.Timestamp(stored) + timedelta(hours=9)
    renamed = frame[(frame["表"] == "アカウント") & (frame["操作"] == "変更")].iloc[0]
    assert renamed["変更内容"] == "氏名: 閲覧 テスト → 閲覧 改名"

    # by person: only the administrator's own changes (the test accounts were made by 「テスト」)
    at.selectbox(key="audit_person").select(admin.actor).run()
    mine = table(at)
    by_admin = con.execute("select count(*) from audit_log where actor = $a", {"a": admin.actor}).fetchone()[
        0
    ]
    assert len(mine) == by_admin == 3 and set(mine["操作者"]) == {admin.actor}
    # and by table: the roster's two rows
    at.selectbox(key="audit_table").select("liaisons").run()
    assert list(table(at)["操作"]) == ["変更", "登録"]  # newest first
    # the export holds exactly the filtered rows (with the JSON), CSV with a BOM for Excel
    filters = audit.Filters(person=admin.actor, table_name="liaisons")
    export = audit_readers.changes_export(filters, "ja", None)()
    assert list(export["記録"]) == list(table(at)["記録"]) == [new_id, new_id]
    assert list(export["日時（日本時間）"]) == list(table(at)["日時（日本時間）"])
    assert "変更後（JSON）" in export.columns and "監査 太郎" in export["変更後（JSON）"].iloc[1]
    csv = exporting.to_csv(export)
    assert csv.startswith("\ufeff".encode()) and csv.decode("utf-8-sig").count("\r\n") == 3


def test_selecting_a_change_opens_its_json(real_kind, monkeypatch):
    path, con = real_kind
    admin = login_as(monkeypatch, con, "管理者")
    accounts.edit_account(
        con, admin, principals(con)["閲覧"].account_id, display_name="閲覧 <b>改名</b>", role="閲覧"
    )
    at = open_page("audit")
    at.session_state["audit_changes_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    assert "アカウント" in at.subheader[0].value and "<b>" not in at.subheader[0].value
    fields = at.dataframe[1].value
    assert list(fields.itertuples(index=False, name=None)) == [("氏名", "閲覧 テスト", "閲覧 <b>改名</b>")]
    before, after = (json.loads(j.proto.body) for j in at.json)
    assert before["display_name"] == "閲覧 テスト" and after["display_name"] == "閲覧 <b>改名</b>"
    assert "password_hash" not in after


def test_login_events_show_in_japanese(real_kind, monkeypatch):
    path, con = real_kind
    login_as(monkeypatch, con, "管理者")
    accounts_ = principals(con)
    with pytest.raises(login.LoginRefused):
        login.login_local(con, "regional", "wrong password")
    login.login_local(con, "regional", PASSWORD)
    at = open_page("audit")
    at.segmented_control(key="audit_view").set_value("logins").run()
    assert not at.exception, at.exception
    frame = table(at)
    regional = frame[frame["ログイン名"] == "regional"]
    assert list(regional["結果"]) == ["成功", "失敗"]  # newest first
    assert set(regional["氏名"]) == {accounts_["地域リエゾン"].display_name}
    assert regional.iloc[1]["詳細"] == "1 回目の失敗"
    at.selectbox(key="audit_outcome").select("failure").run()
    assert set(table(at)["結果"]) == {"失敗"}
