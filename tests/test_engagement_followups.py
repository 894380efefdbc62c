"""Issue 11, complete: engagements with the liaisons present, follow-ups and a fixed 管理番号; pushes
with a body and their recipients' scope; marking a follow-up done (valid writes and refusals)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from liaison import demo, store
from liaison.records import ValidationError, writes

TODAY = demo.AS_OF
ACTOR = "山田 太郎"
HIMEJI = "282014"
CHILDREN = ("engagements", "engagement_liaisons", "engagement_followups", "chat_pushes", "audit_log")


@pytest.fixture
def db(writable_store):
    con = store.connect(writable_store)
    yield con
    con.close()


def counts(con) -> dict[str, int]:
    statements = {
        "engagements": "select count(*) from engagements",
        "engagement_liaisons": "select count(*) from engagement_liaisons",
        "engagement_followups": "select count(*) from engagement_followups",
        "chat_pushes": "select count(*) from chat_pushes",
        "audit_log": "select count(*) from audit_log",
    }
    return {table: con.execute(statements[table]).fetchone()[0] for table in CHILDREN}


def people(con) -> tuple[str, str, str]:
    """Two active liaisons' ids and one's name."""
    rows = con.execute(
        "select liaison_id, name_ja from liaisons where is_active order by liaison_id limit 2"
    ).fetchall()
    return rows[0][0], rows[1][0], rows[1][1]


def engagement(**changes) -> dict:
    values = {
        "held_on": date(2025, 11, 1),
        "kind": "圏域市町デジタル部門担当者会議",
        "title": "中播磨圏域 担当者会議（第2回）",
        "participants": {HIMEJI: "職員", "市川町": "幹部"},
        "followups": [
            {
                "promise": "生成AIの利用規程のひな形を送る",
                "promised_by": "県デジタル戦略課",
                "due_on": date(2025, 11, 30),
            },
            {"promise": "", "promised_by": "", "due_on": None},  # an empty slot of the form
        ],
    }
    return values | changes


def test_an_engagement_keeps_liaisons_followups_and_its_content_key(db):
    first, second, second_name = people(db)
    before = counts(db)
    engagement_id = writes.record_engagement(
        db, ACTOR, today=TODAY, liaisons=[first, second_name], **engagement()
    )
    after = counts(db)
    assert after["engagements"] == before["engagements"] + 1
    assert after["engagement_liaisons"] == before["engagement_liaisons"] + 2
    assert after["engagement_followups"] == before["engagement_followups"] + 1
    assert after["audit_log"] == before["audit_log"] + 1
    key, expected = db.execute(
        "select source_key, engagement_content_key(held_on, kind, title) from engagements where engagement_id = $id",
        {"id": engagement_id},
    ).fetchone()
    assert key == expected and key.startswith("E-")
    stored = db.execute(
        "select list(liaison_id order by liaison_id) from engagement_liaisons where engagement_id = $id",
        {"id": engagement_id},
    ).fetchone()[0]
    assert stored == sorted([first, second])
    audit = json.loads(
        db.execute("select after_json from audit_log order by audit_id desc limit 1").fetchone()[0]
    )
    assert audit["source_key"] == key
    assert [row["liaison_id"] for row in audit["liaisons"]] == sorted([first, second])
    assert audit["followups"][0]["promise"] == "生成AIの利用規程のひな形を送る"
    assert audit["followups"][0]["done_on"] is None
    assert {row["municipality_code"] for row in audit["participants"]} == {HIMEJI, "284424"}


def test_the_same_content_gets_the_next_suffix_also_against_voided_records(db):
    first = writes.record_engagement(db, ACTOR, today=TODAY, **engagement(followups=[]))
    second = writes.record_engagement(
        db, ACTOR, today=TODAY, allow_duplicate=True, **engagement(followups=[])
    )
    keys = dict(db.execute("select engagement_id, source_key from engagements").fetchall())
    assert keys[second] == keys[first] + "-2"
    db.execute(
        "insert into voided_records (table_name, record_id, source_key, record_json, reason, voided_by)"
        " values ('engagements', '0', $key, '{}', 'test', 'test')",
        {"key": keys[first] + "-3"},
    )
    third = writes.record_engagement(db, ACTOR, today=TODAY, allow_duplicate=True, **engagement(followups=[]))
    keys = dict(db.execute("select engagement_id, source_key from engagements").fetchall())
    assert keys[third] == keys[first] + "-4"


@pytest.mark.parametrize(
    ("changes", "label", "reason"),
    [
        ({"liaisons": ["誰でもない人"]}, "出席リエゾン", "見つかりません"),
        ({"followups": [{"promise": "資料を送る", "promised_by": ""}]}, "約束した人", "必須"),
        ({"followups": [{"promise": "", "promised_by": "県"}]}, "フォローアップの内容", "必須"),
        ({"followups": [{"promise": "あ" * 501, "promised_by": "県"}]}, "フォローアップの内容", "長すぎます"),
        ({"followups": [{"promise": "資料", "promised_by": "県", "due_on": "来週"}]}, "期限", ""),
        (
            {"followups": [{"promise": "資料", "promised_by": "県", "done_on": date(2099, 1, 1)}]},
            "対応済みの日",
            "未来",
        ),
    ],
)
def test_an_engagement_with_a_bad_liaison_or_followup_writes_nothing(db, changes, label, reason):
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        writes.record_engagement(db, ACTOR, today=TODAY, **engagement(**changes))
    assert any(p.column == label and reason in p.message() for p in refused.value.problems), str(
        refused.value
    )
    assert counts(db) == before


def test_a_retired_liaison_cannot_be_present_at_a_new_engagement(db):
    first, _, _ = people(db)
    db.execute("update liaisons set is_active = false where liaison_id = $id", {"id": first})
    with pytest.raises(ValidationError, match="退任"):
        writes.record_engagement(db, ACTOR, today=TODAY, liaisons=[first], **engagement())


def test_a_followup_is_marked_done_once_with_its_audit_row(db):
    engagement_id = writes.record_engagement(db, ACTOR, today=TODAY, **engagement())
    followup_id = db.execute(
        "select followup_id from engagement_followups where engagement_id = $id", {"id": engagement_id}
    ).fetchone()[0]
    with pytest.raises(ValidationError, match="開催日"):
        writes.complete_followup(db, ACTOR, today=TODAY, followup_id=followup_id, done_on=date(2025, 10, 1))
    with pytest.raises(ValidationError, match="未来"):
        writes.complete_followup(db, ACTOR, today=TODAY, followup_id=followup_id, done_on=date(2099, 1, 1))
    with pytest.raises(ValidationError, match="該当"):
        writes.complete_followup(db, ACTOR, today=TODAY, followup_id=10**9, done_on=date(2025, 11, 20))
    writes.complete_followup(db, ACTOR, today=TODAY, followup_id=followup_id, done_on=date(2025, 11, 20))
    assert db.execute(
        "select done_on from engagement_followups where followup_id = $id", {"id": followup_id}
    ).fetchone()[0] == date(2025, 11, 20)
    table, key, action, before, after = db.execute(
        "select table_name, record_key, action, before_json, after_json from audit_log order by audit_id desc"
    ).fetchone()
    assert (table, key, action) == ("engagement_followups", str(followup_id), "update")
    assert json.loads(before)["done_on"] is None and json.loads(after)["done_on"] == "2025-11-20"
    with pytest.raises(ValidationError, match="完了済み"):
        writes.complete_followup(db, ACTOR, today=TODAY, followup_id=followup_id, done_on=date(2025, 11, 21))


@pytest.mark.parametrize(
    ("recipients", "scope"), [("all", "all"), ("nakaharima", "nakaharima"), ([HIMEJI], "list")]
)
def test_a_push_keeps_its_body_scope_and_key(db, recipients, scope):
    region = db.execute(
        "select region_id from municipalities where code = $code", {"code": HIMEJI}
    ).fetchone()[0]
    recipients = region if recipients == "nakaharima" else recipients
    scope = region if scope == "nakaharima" else scope
    push_id = writes.record_push(
        db,
        ACTOR,
        today=TODAY,
        pushed_on=date(2025, 11, 2),
        field_id="genai",
        title="生成AIの利用規程（参考例）",
        body="https://example.jp/guide を参照してください",
        recipients=recipients,
    )
    body, stored_scope, key, expected = db.execute(
        "select body, recipient_scope, source_key, push_content_key(pushed_on, field_id, title)"
        " from chat_pushes where push_id = $id",
        {"id": push_id},
    ).fetchone()
    assert body.startswith("https://example.jp/guide")
    assert stored_scope == scope
    assert key == expected and key.startswith("P-")


def test_a_push_body_too_long_writes_nothing(db):
    before = counts(db)
    with pytest.raises(ValidationError, match="長すぎます"):
        writes.record_push(
            db,
            ACTOR,
            today=TODAY,
            pushed_on=date(2025, 11, 2),
            field_id="genai",
            title="t",
            body="あ" * 10_001,
            recipients="all",
        )
    assert counts(db) == before
