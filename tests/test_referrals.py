"""関係部署 and 橋渡し (migration 009): the write API of departments and referrals, its checks and audit rows,
and the figures of open and overdue referrals."""

from __future__ import annotations

import json
from datetime import date

import pytest

from liaison import demo, figures, store
from liaison.queries import run_query
from liaison.records import ValidationError, referrals

TODAY = demo.AS_OF
ACTOR = "山田 太郎"


@pytest.fixture
def db(writable_store):
    con = store.connect(writable_store)
    yield con
    con.close()


def _audits(con, table: str) -> list[tuple]:
    return con.execute(
        "select action, record_key, before_json, after_json from audit_log where table_name = $table"
        " order by audit_id",
        {"table": table},
    ).fetchall()


def _open_case(con) -> tuple[int, date]:
    return con.execute(
        "select consultation_id, received_on from consultations where status = '対応中'"
        " order by consultation_id limit 1"
    ).fetchone()


def test_departments_are_a_managed_list(db):
    new_id = referrals.add_department(db, ACTOR, today=TODAY, name_ja="デジタル改革課", section="企画部")
    assert new_id == 8  # after the demo's seven
    with pytest.raises(ValidationError) as raised:
        referrals.add_department(db, ACTOR, today=TODAY, name_ja="デジタル　改革課")  # width and spaces
    assert [(p.column, p.reason) for p in raised.value.problems] == [
        ("部署名", "同じ名前の部署が登録済みです（デジタル改革課）")
    ]
    with pytest.raises(ValidationError) as raised:
        referrals.add_department(db, ACTOR, today=TODAY, name_ja="  ", section="x" * 101)
    assert [p.column for p in raised.value.problems] == ["部署名", "所属部局"]
    assert "is required" in raised.value.problems[0].message("en")
    referrals.edit_department(db, ACTOR, today=TODAY, department_id=new_id, contact="内線 9999")
    referrals.retire_department(db, ACTOR, today=TODAY, department_id=new_id)
    with pytest.raises(ValidationError, match="変更がありません"):
        referrals.retire_department(db, ACTOR, today=TODAY, department_id=new_id)
    assert db.execute("select contact, is_active from departments where department_id = 8").fetchone() == (
        "内線 9999",
        False,
    )
    assert [row[0] for row in _audits(db, "departments")] == ["insert", "update", "update"]
    listed = run_query("departments_list", con=db)
    assert listed["name_ja"].tolist()[-2:] == ["デジタル改革課", "産業振興課"]  # retired ones last


def test_a_referral_and_the_departments_answer(db):
    case, received = _open_case(db)
    before = db.execute("select count(*) from referrals").fetchone()[0]
    referral_id = referrals.add_referral(
        db, ACTOR, today=TODAY, consultation_id=case, department="情報政策課", referred_on=TODAY,
        request="制度の確認をお願いします", due_on=date(2025, 12, 15),
    )  # fmt: skip
    row = db.execute(
        "select outcome, responded_on, request, source_key from referrals where referral_id = $id",
        {"id": referral_id},
    ).fetchone()
    assert row[:3] == ("依頼中", None, "制度の確認をお願いします") and row[3].startswith("R-")
    # the same consultation, department and day again: one 管理番号, refused
    with pytest.raises(ValidationError, match="同じ日に橋渡し済み"):
        referrals.add_referral(db, ACTOR, today=TODAY, consultation_id=case, department=1, referred_on=TODAY)
    referrals.record_response(
        db, ACTOR, today=TODAY, referral_id=referral_id, outcome="対応完了", responded_on=TODAY,
        response="市町へ回答済み",
    )  # fmt: skip
    referrals.edit_referral(
        db, ACTOR, today=TODAY, referral_id=referral_id, response="市町へ回答し打合せ済み"
    )
    after = db.execute(
        "select outcome, responded_on, response, source_key from referrals where referral_id = $id",
        {"id": referral_id},
    ).fetchone()
    assert after == ("対応完了", TODAY, "市町へ回答し打合せ済み", row[3])  # the 管理番号 stays
    audits = _audits(db, "referrals")
    assert [a[0] for a in audits] == ["insert", "update", "update"]
    assert (
        json.loads(audits[1][2])["outcome"] == "依頼中" and json.loads(audits[1][3])["outcome"] == "対応完了"
    )
    assert db.execute("select count(*) from referrals").fetchone()[0] == before + 1
    # back to 依頼中 only without an answer day
    with pytest.raises(ValidationError) as raised:
        referrals.edit_referral(db, ACTOR, today=TODAY, referral_id=referral_id, outcome="依頼中")
    assert [p.column for p in raised.value.problems] == ["回答日"]
    referrals.edit_referral(
        db, ACTOR, today=TODAY, referral_id=referral_id, outcome="依頼中", responded_on=None, response=""
    )
    assert received <= TODAY


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"department": "存在しない課"}, "橋渡し先の部署", "関係部署の一覧にありません"),
        ({"department": "産業振興課"}, "橋渡し先の部署", "利用を終了した部署です"),
        ({"consultation_id": 999_999}, "相談の管理番号", "該当する相談がありません"),
        ({"referred_on": date(2025, 12, 1)}, "橋渡し日", "未来の日付です"),
        ({"referred_on": date(2000, 1, 2)}, "橋渡し日", "相談の受付日"),
        ({"referred_on": "2025-13-01"}, "橋渡し日", "存在しない日付"),
        ({"due_on": date(2025, 11, 1)}, "回答期限", "橋渡し日（2025-11-30）より前です"),
        ({"request": "x" * 10_001}, "依頼内容", "長すぎます"),
        ({"referred_on": None}, "橋渡し日", "必須の項目が空欄です"),
    ],
)
def test_add_referral_refuses_bad_values_writing_nothing(db, changes, column, reason):
    case, _ = _open_case(db)
    values = {"consultation_id": case, "department": "情報政策課", "referred_on": TODAY} | changes
    before = db.execute("select count(*) from referrals").fetchone()[0], _audits(db, "referrals")
    with pytest.raises(ValidationError) as raised:
        referrals.add_referral(db, ACTOR, today=TODAY, **values)
    assert [(p.column, reason in p.reason) for p in raised.value.problems] == [(column, True)]
    assert all(p.message("en").isascii() or "“" in p.message("en") for p in raised.value.problems)
    assert (db.execute("select count(*) from referrals").fetchone()[0], _audits(db, "referrals")) == before


def test_record_response_needs_an_answer_and_its_day(db):
    referral_id = db.execute("select min(referral_id) from referrals where outcome = '依頼中'").fetchone()[0]
    with pytest.raises(ValidationError, match="回答の結果を選んでください"):
        referrals.record_response(
            db, ACTOR, today=TODAY, referral_id=referral_id, outcome="依頼中", responded_on=TODAY
        )
    with pytest.raises(ValidationError) as raised:
        referrals.record_response(
            db, ACTOR, today=TODAY, referral_id=referral_id, outcome="回答あり", responded_on=None
        )
    assert [p.column for p in raised.value.problems] == ["回答日"]
    with pytest.raises(ValidationError, match="該当する橋渡しがありません"):
        referrals.record_response(
            db, ACTOR, today=TODAY, referral_id=10**9, outcome="回答あり", responded_on=TODAY
        )


def test_open_and_overdue_referrals_follow_their_definition(con):
    days = figures.REFERRAL_OVERDUE_DAYS
    frame = run_query(
        "referrals_open",
        con=con,
        as_of=TODAY,
        overdue_days=days,
        region_id=None,
        department_id=None,
    )
    raw = con.execute("select count(*) from referrals where outcome = '依頼中'").fetchone()[0]
    assert len(frame) == raw == 35
    overdue = [
        (due is not None and due < TODAY) or (due is None and (TODAY - referred).days > days)
        for due, referred in zip(
            [None if d is None or d != d else d.date() for d in frame["due_on"]],
            [d.date() for d in frame["referred_on"]],
            strict=True,
        )
    ]
    assert frame["is_overdue"].tolist() == overdue and sum(overdue) == 29
    by_department = run_query(
        "referrals_by_department", con=con, as_of=TODAY, overdue_days=days, region_id=None
    )
    assert by_department["open_referrals"].sum() == 35 and by_department["overdue_referrals"].sum() == 29
    assert by_department["referrals"].sum() == con.execute("select count(*) from referrals").fetchone()[0]
    # every outcome occurs in the demo
    assert {row[0] for row in con.execute("select distinct outcome from referrals").fetchall()} == set(
        referrals.OUTCOMES
    )
