"""The write API of issue 11: engagements with the top layers and LoGoチャット pushes (their child rows,
one audit row each, refusals that write nothing)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from liaison import demo, fiscal, store
from liaison.records import ValidationError, duplicates, writes

TODAY = demo.AS_OF
ACTOR = "山田 太郎"
HIMEJI, AKASHI, KOBE = "282014", "282031", "281000"  # 神戸市 is outside the programme
TABLES = ("engagements", "engagement_participants", "chat_pushes", "chat_push_recipients", "audit_log")
COUNT = {
    "engagements": "select count(*) from engagements",
    "engagement_participants": "select count(*) from engagement_participants",
    "chat_pushes": "select count(*) from chat_pushes",
    "chat_push_recipients": "select count(*) from chat_push_recipients",
    "audit_log": "select count(*) from audit_log",
}


@pytest.fixture
def db(writable_store):
    con = store.connect(writable_store)
    yield con
    con.close()


def counts(con) -> dict[str, int]:
    return {table: con.execute(COUNT[table]).fetchone()[0] for table in TABLES}


def engagement(**changes) -> dict:
    values = {
        "held_on": date(2025, 11, 1),
        "kind": "首長対話",
        "title": "首長対話（DX推進）",
        "note": "庁内体制について",
        "participants": {HIMEJI: "首長", "明石市": "幹部"},
    }
    return values | changes


def push(**changes) -> dict:
    values = {
        "pushed_on": date(2025, 11, 1),
        "field_id": "genai",
        "title": "生成AIの事例集",
        "recipients": "all",
    }
    return values | changes


def last_audit(con) -> tuple:
    return con.execute(
        "select table_name, record_key, action, after_json from audit_log order by audit_id desc"
    ).fetchone()


def test_record_engagement_adds_its_rows_and_one_audit_row(db):
    before = counts(db)
    engagement_id = writes.record_engagement(db, ACTOR, today=TODAY, **engagement())
    after = counts(db)
    assert after == before | {
        "engagements": before["engagements"] + 1,
        "engagement_participants": before["engagement_participants"] + 2,
        "audit_log": before["audit_log"] + 1,
    }
    stored = db.execute(
        "select municipality_code, participant_level from engagement_participants"
        " where engagement_id = $id order by municipality_code",
        {"id": engagement_id},
    ).fetchall()
    assert stored == [(HIMEJI, "首長"), (AKASHI, "幹部")]
    table, key, action, after_json = last_audit(db)
    assert (table, key, action) == ("engagements", str(engagement_id), "insert")
    logged = json.loads(after_json)
    assert logged["kind"] == "首長対話" and logged["note"] == "庁内体制について"
    assert logged["participants"] == [
        {"municipality_code": HIMEJI, "participant_level": "首長"},
        {"municipality_code": AKASHI, "participant_level": "幹部"},
    ]


@pytest.mark.parametrize(
    ("changes", "label", "reason"),
    [
        ({"kind": "飲み会"}, "種類", "選べない値です"),
        ({"participants": {HIMEJI: "部長"}}, "参加者の立場", "選べない値です"),
        ({"participants": {"999999": "首長"}}, "参加市町", "兵庫県内の市町として見つかりません"),
        ({"participants": {KOBE: "首長"}}, "参加市町", "DX推進リエゾンの対象外の市町です"),
        ({"participants": {}}, "参加市町", "参加した市町を一つ以上選んでください"),
        ({"participants": {HIMEJI: "首長", "姫路市": "幹部"}}, "参加市町", "同じ市町が二度入っています"),
        ({"title": "  "}, "名称", "必須の項目が空欄です"),
        ({"held_on": date(2099, 1, 1)}, "開催日", "未来の日付です"),
    ],
)
def test_record_engagement_refuses_and_writes_nothing(db, changes, label, reason):
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        writes.record_engagement(db, ACTOR, today=TODAY, **engagement(**changes))
    assert any(p.column == label and reason in p.message() for p in refused.value.problems), str(
        refused.value
    )
    assert counts(db) == before


def test_record_engagement_reports_the_title_and_the_participants_together(db):
    with pytest.raises(ValidationError) as refused:
        writes.record_engagement(db, ACTOR, today=TODAY, **engagement(title="", participants={}))
    assert {p.column for p in refused.value.problems} == {"名称", "参加市町"}
    assert "needs at least one participating municipality" in refused.value.problems[-1].message("en")


def test_an_identical_engagement_moments_later_is_refused_unless_confirmed(db):
    writes.record_engagement(db, ACTOR, today=TODAY, **engagement())
    with pytest.raises(duplicates.DuplicateError):
        writes.record_engagement(db, ACTOR, today=TODAY, **engagement())
    other = writes.record_engagement(db, ACTOR, today=TODAY, **engagement(participants={HIMEJI: "首長"}))
    again = writes.record_engagement(db, ACTOR, today=TODAY, allow_duplicate=True, **engagement())
    assert again > other


def test_record_push_to_all_a_region_or_a_list(db):
    targets = db.execute("select count(*) from municipalities where is_liaison_target").fetchone()[0]
    region_id, in_region = db.execute(
        "select region_id, count(*) from municipalities where is_liaison_target"
        " group by region_id order by region_id limit 1"
    ).fetchone()
    for recipients, expected in (("all", targets), (region_id, in_region), ([HIMEJI, "明石市"], 2)):
        before = counts(db)
        push_id = writes.record_push(db, ACTOR, today=TODAY, **push(recipients=recipients))
        after = counts(db)
        assert after["chat_pushes"] == before["chat_pushes"] + 1
        assert after["chat_push_recipients"] == before["chat_push_recipients"] + expected
        assert after["audit_log"] == before["audit_log"] + 1
        table, key, _action, after_json = last_audit(db)
        assert (table, key) == ("chat_pushes", str(push_id))
        assert len(json.loads(after_json)["recipients"]) == expected


@pytest.mark.parametrize(
    ("changes", "label", "reason"),
    [
        ({"field_id": "nosuchfield"}, "分野", "DX分野として見つかりません"),
        ({"title": ""}, "件名", "必須の項目が空欄です"),
        ({"recipients": []}, "配信先", "配信先の市町を一つ以上選んでください"),
        ({"recipients": "nowhere"}, "配信先", "圏域として見つかりません"),
        ({"recipients": [HIMEJI, KOBE]}, "配信先の市町", "DX推進リエゾンの対象外の市町です"),
    ],
)
def test_record_push_refuses_and_writes_nothing(db, changes, label, reason):
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        writes.record_push(db, ACTOR, today=TODAY, **push(**changes))
    assert any(p.column == label and reason in p.message() for p in refused.value.problems), str(
        refused.value
    )
    assert counts(db) == before


def test_a_recorded_executive_engagement_ends_the_planners_no_top_contact_reason(writable_store):
    """On a real store the planner's 「トップ層との接点なし」 comes from these records."""
    from liaison.queries import run_query

    db = store.init(writable_store.parent / "real.duckdb")
    con = store.connect(db)
    try:
        today = store.today()

        def top_contacts() -> int:
            factors = run_query(
                "visit_priority_factors",
                con,
                fiscal_year=fiscal.fiscal_year_of(today),
                as_of=today,
                region_id=None,
                liaison_id=None,
                codes=[HIMEJI],
                ageing_days=60,
            )
            return int(factors["top_engagements_fy"].iloc[0])

        assert top_contacts() == 0
        writes.record_engagement(
            con, ACTOR, today=today, **engagement(held_on=today, participants={HIMEJI: "幹部"})
        )
        assert top_contacts() == 1
        writes.record_engagement(
            con,
            ACTOR,
            today=today,
            **engagement(held_on=today, kind="リエゾン研修", participants={HIMEJI: "職員"}),
        )
        assert top_contacts() == 1  # staff do not count as the top layer
    finally:
        con.close()
