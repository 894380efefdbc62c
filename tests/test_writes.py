"""The write API: validation before writing, one audit row per write in the same transaction, history,
and 20 threads × 50 writes on one connection."""

from __future__ import annotations

import json
import re
import threading
from datetime import date

import duckdb
import pandas as pd
import pytest

from liaison import demo, store
from liaison.records import ValidationError, audit_view, duplicates, transactions, writes

TODAY = demo.AS_OF
ACTOR = "山田 太郎"
LIAISON = "R-naka_harima-1"


@pytest.fixture
def db(writable_store):
    con = store.connect(writable_store)
    yield con
    con.close()


def count(con, table: str) -> int:
    statements = {
        "visits": "select count(*) from visits",
        "consultations": "select count(*) from consultations",
        "support_actions": "select count(*) from support_actions",
        "audit_log": "select count(*) from audit_log",
    }
    return con.execute(statements[table]).fetchone()[0]


def visit(**changes) -> dict:
    values = {
        "visited_on": date(2025, 11, 1),
        "municipality_code": "282014",
        "liaison_id": LIAISON,
        "department": "自治体DX担当",
        "purpose": "定期巡回",
        "summary": "定例の意見交換",
    }
    return values | changes


def consultation(**changes) -> dict:
    values = {
        "received_on": date(2025, 11, 1),
        "municipality_code": "282014",
        "field_id": "genai",
        "channel": "電話",
        "title": "生成AIの利用ガイドライン",
    }
    return values | changes


def last_audit(con) -> tuple:
    return con.execute(
        "select actor, table_name, record_key, action, before_json, after_json from audit_log order by audit_id desc"
    ).fetchone()


# --------------------------------------------------------------------------- each write


def test_add_visit_writes_the_visit_and_one_audit_row(db):
    before = (count(db, "visits"), count(db, "audit_log"))
    visit_id = writes.add_visit(
        db, ACTOR, today=TODAY, **visit(municipality_code="28201", summary="  概要 \r\n二行目 ")
    )
    assert (count(db, "visits"), count(db, "audit_log")) == (before[0] + 1, before[1] + 1)
    content_key = db.execute(
        "select visit_content_key(visited_on, municipality_code, liaison_id, department, purpose, summary)"
        " from visits where visit_id = $id",
        {"id": visit_id},
    ).fetchone()[0]
    stored = db.execute(
        "select municipality_code, summary, source_key from visits where visit_id = $id", {"id": visit_id}
    )
    # the fixed 管理番号 is given at creation (corrections: liaison.records.source_keys)
    assert stored.fetchone() == ("282014", "概要 \n二行目", content_key)
    actor, table, key, action, before_json, after_json = last_audit(db)
    assert (actor, table, key, action, before_json) == (ACTOR, "visits", str(visit_id), "insert", None)
    assert json.loads(after_json)["visited_on"] == "2025-11-01"


def test_add_visit_with_a_topic_field(db):
    visit_id = writes.add_visit(db, ACTOR, today=TODAY, **visit(purpose="個別支援", topic_field_id="生成AI"))
    assert db.execute(
        "select topic_field_id from visits where visit_id = $id", {"id": visit_id}
    ).fetchone() == ("genai",)
    with pytest.raises(ValidationError, match="DX分野として見つかりません"):
        writes.add_visit(db, ACTOR, today=TODAY, **visit(topic_field_id="量子計算"))


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"visited_on": date(2025, 12, 1)}, "訪問日", "未来の日付です（基準日 2025-11-30 より後）"),
        ({"visited_on": "平成31年5月1日"}, "訪問日", "平成の期間外"),
        ({"municipality_code": "281000"}, "市町", "対象外"),
        ({"municipality_code": "999999"}, "市町", "見つかりません"),
        ({"liaison_id": "R-nowhere-9"}, "リエゾン", "見つかりません"),
        ({"department": "総務課"}, "訪問先部署", "選べない値です"),
        ({"purpose": ""}, "目的", "必須の項目が空欄です"),
        ({"summary": "x\x00y"}, "概要", "制御文字"),
    ],
)
def test_add_visit_rejects_and_writes_nothing(db, changes, column, reason):
    before = (count(db, "visits"), count(db, "audit_log"))
    with pytest.raises(ValidationError) as raised:
        writes.add_visit(db, ACTOR, today=TODAY, **visit(**changes))
    assert [(p.column, reason in p.reason) for p in raised.value.problems] == [(column, True)]
    assert (count(db, "visits"), count(db, "audit_log")) == before


def test_add_consultation(db):
    consultation_id = writes.add_consultation(
        db,
        ACTOR,
        today=TODAY,
        **consultation(status="橋渡し済", closed_on=date(2025, 11, 5)),
    )
    row = db.execute(
        "select status, closed_on, detail from consultations where consultation_id = $id",
        {"id": consultation_id},
    ).fetchone()
    assert row == ("橋渡し済", date(2025, 11, 5), "")
    assert last_audit(db)[1:4] == ("consultations", str(consultation_id), "insert")


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"status": "完了"}, "完了日", "状況が「完了」のときは必要です"),
        ({"status": "完了", "closed_on": date(2025, 10, 31)}, "完了日", "受付日（2025-11-01）より前です"),
        ({"closed_on": date(2025, 11, 2)}, "完了日", "入力できません"),
        ({"status": "完了", "closed_on": date(2025, 12, 2)}, "完了日", "未来の日付です"),
        ({"title": "x" * 201}, "件名", "長すぎます（201 文字。上限 200 文字）"),
        ({"title": "   "}, "件名", "必須の項目が空欄です"),
        ({"channel": "FAX"}, "受付方法", "選べない値です"),
        ({"field_id": "nothing"}, "分野", "DX分野として見つかりません"),
        ({"owner_liaison_id": "nobody"}, "担当リエゾン", "見つかりません"),
    ],
)
def test_add_consultation_rejects_and_writes_nothing(db, changes, column, reason):
    before = (count(db, "consultations"), count(db, "audit_log"))
    with pytest.raises(ValidationError) as raised:
        writes.add_consultation(db, ACTOR, today=TODAY, **consultation(**changes))
    assert [(p.column, reason in p.reason) for p in raised.value.problems] == [(column, True)]
    assert (count(db, "consultations"), count(db, "audit_log")) == before


def test_several_problems_are_reported_together(db):
    with pytest.raises(ValidationError) as raised:
        writes.add_consultation(
            db, ACTOR, today=TODAY, **consultation(municipality_code="神戸市", channel="FAX", title="")
        )
    assert {p.column for p in raised.value.problems} == {"市町", "受付方法", "件名"}


def test_change_status_closes_and_reopens_with_audit_before_and_after(db):
    consultation_id = writes.add_consultation(db, ACTOR, today=TODAY, **consultation())
    writes.change_status(
        db, "鈴木", today=TODAY, consultation_id=consultation_id, status="完了", closed_on=date(2025, 11, 20)
    )
    assert db.execute(
        "select status, closed_on from consultations where consultation_id = $id", {"id": consultation_id}
    ).fetchone() == ("完了", date(2025, 11, 20))
    actor, table, key, action, before_json, after_json = last_audit(db)
    assert (actor, action) == ("鈴木", "update")
    assert json.loads(before_json)["status"] == "受付" and json.loads(after_json)["closed_on"] == "2025-11-20"
    writes.change_status(db, "鈴木", today=TODAY, consultation_id=consultation_id, status="対応中")
    assert db.execute(
        "select status, closed_on from consultations where consultation_id = $id", {"id": consultation_id}
    ).fetchone() == ("対応中", None)
    history = transactions.history(db, "consultations", str(consultation_id))
    assert history["action"].tolist() == ["insert", "update", "update"]
    assert history["actor"].tolist() == [ACTOR, "鈴木", "鈴木"]
    assert list(history.columns) == ["acted_at", "actor", "action", "before_json", "after_json"]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": "完了"}, "状況が「完了」のときは必要です"),
        ({"status": "保留", "closed_on": date(2025, 11, 3)}, "入力できません"),
        ({"status": "完了", "closed_on": date(2025, 10, 1)}, "受付日（2025-11-01）より前です"),
        ({"status": "終了"}, "選べない値です"),
        ({"status": "受付"}, "変更がありません"),
        ({"status": "対応中", "consultation_id": 10**9}, "該当する相談がありません"),
    ],
)
def test_change_status_rejects_and_writes_nothing(db, changes, reason):
    consultation_id = writes.add_consultation(db, ACTOR, today=TODAY, **consultation())
    before = count(db, "audit_log")
    arguments = {"consultation_id": consultation_id} | changes
    with pytest.raises(ValidationError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        writes.change_status(db, ACTOR, today=TODAY, **arguments)
    assert count(db, "audit_log") == before
    assert db.execute(
        "select status from consultations where consultation_id = $id", {"id": consultation_id}
    ).fetchone() == ("受付",)


def test_change_status_keeps_the_referrals(db):
    """Since migration 009 a referral is a record of its own: a status change leaves it as it is."""
    from liaison.records import referrals

    consultation_id = writes.add_consultation(db, ACTOR, today=TODAY, **consultation())
    writes.change_status(
        db,
        ACTOR,
        today=TODAY,
        consultation_id=consultation_id,
        status="橋渡し済",
        closed_on=date(2025, 11, 3),
    )
    referrals.add_referral(
        db, ACTOR, today=TODAY, consultation_id=consultation_id, department="防災企画課",
        referred_on=date(2025, 11, 3),
    )  # fmt: skip
    writes.change_status(
        db, ACTOR, today=TODAY, consultation_id=consultation_id, status="完了", closed_on=date(2025, 11, 9)
    )
    assert db.execute(
        "select consultations.status, departments.name_ja from consultations"
        " join referrals using (consultation_id) join departments using (department_id)"
        " where consultation_id = $id",
        {"id": consultation_id},
    ).fetchone() == ("完了", "防災企画課")


def test_ids_and_days_straight_from_a_dataframe(db):
    import numpy as np
    import pandas as pd

    consultation_id = np.int64(
        writes.add_consultation(db, ACTOR, today=pd.Timestamp(TODAY), **consultation())
    )
    writes.change_status(db, ACTOR, today=TODAY, consultation_id=consultation_id, status="対応中")
    writes.add_support_action(
        db,
        ACTOR,
        today=TODAY,
        consultation_id=consultation_id,
        acted_on=pd.Timestamp("2025-11-02"),
        support_type="事例紹介",
    )
    assert db.execute(
        "select status from consultations where consultation_id = $id", {"id": int(consultation_id)}
    ).fetchone() == ("対応中",)


def test_add_support_action(db):
    consultation_id = writes.add_consultation(db, ACTOR, today=TODAY, **consultation())
    action_id = writes.add_support_action(
        db,
        ACTOR,
        today=TODAY,
        consultation_id=consultation_id,
        acted_on=date(2025, 11, 2),
        support_type="事例紹介",
        liaison_id=LIAISON,
    )
    assert last_audit(db)[1:4] == ("support_actions", str(action_id), "insert")
    with pytest.raises(ValidationError, match="相談の受付日（2025-11-01）より前です"):
        writes.add_support_action(
            db,
            ACTOR,
            today=TODAY,
            consultation_id=consultation_id,
            acted_on=date(2025, 10, 31),
            support_type="事例紹介",
        )
    with pytest.raises(ValidationError, match="該当する相談がありません"):
        writes.add_support_action(
            db, ACTOR, today=TODAY, consultation_id=10**9, acted_on=date(2025, 11, 2), support_type="事例紹介"
        )
    with pytest.raises(ValidationError, match="選べない値です"):
        writes.add_support_action(
            db,
            ACTOR,
            today=TODAY,
            consultation_id=consultation_id,
            acted_on=date(2025, 11, 2),
            support_type="雑談",
        )


@pytest.mark.parametrize("actor", ["", "   ", None, "x" * 101])
def test_every_write_needs_an_actor(db, actor):
    with pytest.raises(ValidationError, match="操作者"):
        writes.add_visit(db, actor, today=TODAY, **visit())


def test_user_text_is_bound_not_executed(db):
    text = "'); drop table visits; --"
    visit_id = writes.add_visit(db, ACTOR, today=TODAY, **visit(summary=text))
    assert db.execute("select summary from visits where visit_id = $id", {"id": visit_id}).fetchone() == (
        text,
    )


def test_tables_touched_names_every_write():
    assert set(writes.TABLES_TOUCHED) == {
        "add_visit",
        "add_consultation",
        "change_status",
        "add_support_action",
        "record_hearing",
        "record_engagement",
        "record_push",
        "complete_followup",  # issue 11: a follow-up marked done
        # the roster's writes (liaison.records.roster), cleared by the same forms helper
        "add_person",
        "edit_person",
        "add_assignment",
        "end_assignment",
        "retire_person",
    }
    assert all("audit_log" in tables for tables in writes.TABLES_TOUCHED.values())
    with pytest.raises(ValueError):
        transactions.history(duckdb.connect(), "store_meta", "1")


# --------------------------------------------------------------------------- transactions


def test_audit_failure_rolls_the_record_back(db, monkeypatch):
    before = (count(db, "visits"), count(db, "audit_log"))

    def broken(*args, **kwargs):
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(writes, "audit", broken)
    with pytest.raises(RuntimeError):
        writes.add_visit(db, ACTOR, today=TODAY, **visit())
    assert (count(db, "visits"), count(db, "audit_log")) == before


def test_a_conflict_is_retried(db, monkeypatch):
    monkeypatch.setattr(transactions.time, "sleep", lambda seconds: None)
    attempts = []

    def body(cursor):
        attempts.append(1)
        if len(attempts) < 3:
            raise duckdb.TransactionException("Conflict on update")
        cursor.execute("insert into store_meta values ('retried', 'yes')")
        return "done"

    assert transactions.run_in_transaction(db, body) == "done"
    assert len(attempts) == 3
    assert store.read_meta(db)["retried"] == "yes"


def test_one_lock_per_database(db, writable_store, tmp_path):
    other = store.connect(writable_store)  # a second connection to the same file shares the lock
    elsewhere = duckdb.connect(str(tmp_path / "other.duckdb"))
    try:
        assert transactions.lock_for(db) is transactions.lock_for(other)
        assert transactions.lock_for(db) is not transactions.lock_for(elsewhere)
    finally:
        other.close()
        elsewhere.close()


def test_twenty_threads_fifty_writes_each(db):
    """1,000 writes through the API from 20 threads on one connection: all stored, all audited."""
    consultation_ids = [
        row[0]
        for row in db.execute(
            "select consultation_id from consultations where received_on <= '2025-10-01' limit 20"
        ).fetchall()
    ]
    before = {
        table: count(db, table) for table in ("visits", "consultations", "support_actions", "audit_log")
    }
    errors: list[BaseException] = []
    made: dict[str, int] = {"visits": 0, "consultations": 0, "support_actions": 0}
    made_lock = threading.Lock()
    start = threading.Barrier(20)

    def worker(number: int) -> None:
        try:
            start.wait()
            for n in range(50):
                kind = (number + n) % 3
                if kind == 0:
                    writes.add_visit(db, f"利用者{number}", today=TODAY, **visit(summary=f"{number}-{n}"))
                    table = "visits"
                elif kind == 1:
                    writes.add_consultation(
                        db, f"利用者{number}", today=TODAY, **consultation(title=f"相談 {number}-{n}")
                    )
                    table = "consultations"
                else:
                    writes.add_support_action(
                        db,
                        f"利用者{number}",
                        today=TODAY,
                        consultation_id=consultation_ids[number],
                        acted_on=date(2025, 11, 1),
                        support_type="専門的な助言",
                        note=f"{number}-{n}",
                    )
                    table = "support_actions"
                with made_lock:
                    made[table] += 1
        except BaseException as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(made.values()) == 1000
    for table in ("visits", "consultations", "support_actions"):
        assert count(db, table) == before[table] + made[table]
    assert count(db, "audit_log") == before["audit_log"] + 1000
    actors = db.execute(
        "select count(distinct actor), count(distinct table_name || record_key) from audit_log"
    ).fetchone()
    assert actors == (20, 1000)


# --------------------------------------------------------------------------- the duplicate guard


def test_an_identical_visit_moments_later_is_refused_unless_confirmed(db):
    first = writes.add_visit(db, ACTOR, today=TODAY, **visit())
    visits, audits = count(db, "visits"), count(db, "audit_log")
    with pytest.raises(duplicates.DuplicateError) as refused:
        writes.add_visit(db, ACTOR, today=TODAY, **visit())
    assert (refused.value.table, refused.value.record_id) == ("visits", first)
    message = refused.value.problems[0].message()
    assert message == f"同じ内容の訪問が 1 分以内に登録されています（ID {first}）"
    assert "identical visit" in refused.value.problems[0].message("en")
    assert (count(db, "visits"), count(db, "audit_log")) == (visits, audits), "nothing written"
    second = writes.add_visit(db, ACTOR, today=TODAY, allow_duplicate=True, **visit())
    assert second != first
    assert (count(db, "visits"), count(db, "audit_log")) == (visits + 1, audits + 1)


def test_the_guard_compares_fields_actor_and_time(db):
    before = count(db, "visits")
    writes.add_visit(db, ACTOR, today=TODAY, **visit())
    writes.add_visit(db, ACTOR, today=TODAY, **visit(summary="別の話題"))  # another field: not a duplicate
    writes.add_visit(db, "鈴木", today=TODAY, **visit())  # another person: not theirs
    db.execute("update audit_log set acted_at = acted_at - interval 11 minute")  # outside the window
    writes.add_visit(db, ACTOR, today=TODAY, **visit())
    assert count(db, "visits") == before + 4


def test_identical_consultation_and_support_action_are_refused(db):
    consultation_id = writes.add_consultation(db, ACTOR, today=TODAY, **consultation())
    with pytest.raises(duplicates.DuplicateError, match="同じ内容の相談"):
        writes.add_consultation(db, ACTOR, today=TODAY, **consultation())
    action = {"consultation_id": consultation_id, "acted_on": TODAY, "support_type": "事業者紹介"}
    actions = count(db, "support_actions")
    action_id = writes.add_support_action(db, ACTOR, today=TODAY, **action)
    with pytest.raises(duplicates.DuplicateError) as refused:
        writes.add_support_action(db, ACTOR, today=TODAY, **action)
    assert refused.value.record_id == action_id
    writes.add_support_action(db, ACTOR, today=TODAY, allow_duplicate=True, **action)
    assert count(db, "support_actions") == actions + 2


# --------------------------------------------------------------------------- the history as sentences

NAMES = {
    "liaisons": {"R-tajima-1": "但馬 一郎", LIAISON: "中播磨 花子"},
    "municipalities": {"282014": "姫路市"},
    "fields": {"genai": "生成AI"},
}


def test_history_sentences_of_an_insert_and_a_status_change(db):
    consultation_id = writes.add_consultation(
        db, ACTOR, today=TODAY, **consultation(status="対応中", owner_liaison_id=LIAISON)
    )
    writes.change_status(
        db, "テスト担当", today=TODAY, consultation_id=consultation_id, status="完了", closed_on=TODAY
    )
    history = transactions.history(db, "consultations", str(consultation_id))
    inserted, changed = audit_view.readable(history, "ja", NAMES, table_name="consultations")["履歴"]
    day = TODAY.isoformat()
    assert changed.endswith(
        f"テスト担当が 状況 を 対応中 から 完了 に、完了日 を （なし） から {day} に変更しました"
    )
    assert inserted.endswith(
        f"{ACTOR}が 相談 を登録しました（受付日: 2025-11-01、市町: 姫路市、分野: 生成AI、受付方法: 電話、"
        "件名: 生成AIの利用ガイドライン、状況: 対応中、担当リエゾン: 中播磨 花子）"
    )
    english = audit_view.readable(history, "en", NAMES, table_name="consultations")["History"]
    assert english.iloc[1].endswith(
        f"テスト担当 changed Status from In progress to Done, Closed on from (none) to {day}"
    )
    for line in [inserted, changed, *english]:
        assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} ", line)
        assert not re.search(r"None|_id|_on\b|→", line), line


def test_history_sentence_of_an_owner_change_names_the_people():
    before = {"consultation_id": 651, "status": "受付", "owner_liaison_id": None, "closed_on": None}
    after = {**before, "owner_liaison_id": "R-tajima-1"}
    again = {**after, "owner_liaison_id": LIAISON}
    history = pd.DataFrame(
        {
            "acted_at": [pd.Timestamp("2025-11-30 09:05"), pd.Timestamp("2025-11-30 10:40")],
            "actor": ["テスト担当", "鈴木"],
            "table_name": ["consultations", "consultations"],
            "action": ["update", "update"],
            "before_json": [json.dumps(before), json.dumps(after)],
            "after_json": [json.dumps(after), json.dumps(again)],
        }
    )
    assert list(audit_view.readable(history, "ja", NAMES)["履歴"]) == [
        "2025-11-30 09:05 テスト担当が 担当リエゾン を （なし） から 但馬 一郎 に変更しました",
        "2025-11-30 10:40 鈴木が 担当リエゾン を 但馬 一郎 から 中播磨 花子 に変更しました",
    ]
    assert list(audit_view.readable(history, "en", NAMES)["History"]) == [
        "2025-11-30 09:05 テスト担当 changed Liaison in charge from (none) to 但馬 一郎",
        "2025-11-30 10:40 鈴木 changed Liaison in charge from 但馬 一郎 to 中播磨 花子",
    ]
