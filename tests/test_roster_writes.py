"""The roster's write API (liaison.records.roster): people, assignments, retiring with reassignment,
refusals that write nothing, one audit row per record changed; and the pickers and Reference with a
person who holds two assignments or has retired."""

from __future__ import annotations

import json
from datetime import date

import pytest

from liaison import demo, store
from liaison.forms import liaison_labels
from liaison.queries import run_query
from liaison.records import ValidationError, duplicates, roster, writes
from liaison.records.stored import reference

TODAY = demo.AS_OF
ACTOR = "山田 太郎"
TABLES = ("liaisons", "liaison_assignments", "consultations", "audit_log")


@pytest.fixture
def db(writable_store):
    con = store.connect(writable_store)
    yield con
    con.close()


def counts(con) -> dict[str, int]:
    # constant statements, one per table: no SQL is built from a name
    statements = {
        "liaisons": "select count(*) from liaisons",
        "liaison_assignments": "select count(*) from liaison_assignments",
        "consultations": "select count(*) from consultations where owner_liaison_id is not null",
        "audit_log": "select count(*) from audit_log",
    }
    return {table: con.execute(statements[table]).fetchone()[0] for table in TABLES}


def reasons(error: ValidationError) -> list[str]:
    return [problem.message() for problem in error.value.problems]


def add(con, **changes) -> str:
    values = {
        "name": "新井 花子",
        "section": "デジタル戦略課",
        "contact": "内線 3120",
        "active_from": date(2025, 4, 1),
        "assignments": [("地域", "但馬", None)],
    } | changes
    return roster.add_person(con, ACTOR, today=TODAY, **values)


def test_add_person_generates_an_id_and_audits_with_assignments(db):
    before = counts(db)
    first = add(db)
    second = add(
        db, name="新井 次郎", assignments=[("地域", "tamba", date(2025, 5, 1)), ("地域", "但馬", None)]
    )
    assert (first, second) == ("L-0001", "L-0002")
    assert counts(db)["liaisons"] == before["liaisons"] + 2
    assert counts(db)["liaison_assignments"] == before["liaison_assignments"] + 3
    rows = db.execute(
        "select region_id, started_on from liaison_assignments where liaison_id = 'L-0002' order by region_id"
    ).fetchall()
    assert rows == [
        ("tajima", date(2025, 4, 1)),
        ("tamba", date(2025, 5, 1)),
    ]  # started_on defaults to active_from
    action, after = db.execute(
        "select action, after_json from audit_log where table_name = 'liaisons' and record_key = 'L-0002'"
    ).fetchone()
    after = json.loads(after)
    assert action == "insert" and after["name_ja"] == "新井 次郎" and len(after["assignments"]) == 2
    assert (
        roster.add_person(db, ACTOR, today=TODAY, name="指定 ID", section="デジタル改革課", liaison_id="X-9")
        == "X-9"
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"name": ""}, "「氏名」: 必須の項目が空欄です"),
        ({"name": "長" * 101}, "長すぎます（101 文字。上限 100 文字）"),
        ({"section": "総務課"}, "「所属」: 値「総務課」は選べない値です"),
        ({"assignments": [("分野", "genai", None)]}, "分野の担当はデジタル改革課のリエゾンだけが持てます"),
        ({"section": "デジタル改革課"}, "地域の担当はデジタル戦略課のリエゾンだけが持てます"),
        ({"assignments": [("地域", "神戸", None)]}, "地域リエゾンの担当できる圏域ではありません"),
        ({"assignments": [("地域", "但馬", None), ("地域", "tajima", None)]}, "同じ担当が二度入っています"),
        ({"assignments": [("圏域", "但馬", None)]}, "「担当の種類」: 値「圏域」は選べない値です"),
        ({"active_from": "2025-02-30"}, "「着任日」"),
        ({"liaison_id": "R-tajima-1"}, "このIDのリエゾンは登録済みです"),
        ({"liaison_id": "空白 あり"}, "IDは英数字"),
    ],
)
def test_add_person_refusals_write_nothing(db, changes, expected):
    before = counts(db)
    with pytest.raises(ValidationError) as error:
        add(db, **changes)
    assert any(expected in reason for reason in reasons(error)), reasons(error)
    assert counts(db) == before


def test_a_field_liaison_needs_a_known_field(db):
    with pytest.raises(ValidationError) as error:
        add(db, section="デジタル改革課", assignments=[("分野", "量子計算", None)])
    assert "DX分野として見つかりません" in reasons(error)[0]
    assert add(db, section="デジタル改革課", assignments=[("分野", "生成AI", None)]) == "L-0001"


def test_double_submit_is_caught(db):
    add(db)
    with pytest.raises(duplicates.DuplicateError) as error:
        add(db)
    assert "同じ内容のリエゾンが" in reasons(error)[0]
    assert add(db, allow_duplicate=True) == "L-0002"


def test_edit_person_changes_every_field_and_audits(db):
    new_id = add(db)
    roster.edit_person(
        db, ACTOR, today=TODAY, liaison_id=new_id, name="新井 華子", contact="", active_from=date(2025, 4, 7)
    )
    assert db.execute(
        "select name_ja, contact, active_from from liaisons where liaison_id = $id", {"id": new_id}
    ).fetchone() == ("新井 華子", "", date(2025, 4, 7))
    before, after = db.execute(
        "select before_json, after_json from audit_log where table_name = 'liaisons' and action = 'update'"
    ).fetchone()
    assert json.loads(before)["name_ja"] == "新井 花子" and json.loads(after)["name_ja"] == "新井 華子"
    with pytest.raises(ValidationError) as error:
        roster.edit_person(db, ACTOR, today=TODAY, liaison_id=new_id, name="新井 華子")
    assert "変更がありません" in reasons(error)[0]
    with pytest.raises(ValidationError) as error:  # a 地域 assignment needs デジタル戦略課
        roster.edit_person(db, ACTOR, today=TODAY, liaison_id=new_id, section="デジタル改革課")
    assert "担当中の地域の担当と合いません" in reasons(error)[0]
    with pytest.raises(ValidationError) as error:
        roster.edit_person(db, ACTOR, today=TODAY, liaison_id=new_id, active_to=date(2025, 10, 1))
    assert "「退任」で登録します" in reasons(error)[0]


def test_add_and_end_assignment(db):
    new_id = add(db)
    assignment_id = roster.add_assignment(
        db, ACTOR, today=TODAY, liaison_id=new_id, kind="地域", target="丹波", started_on=date(2025, 6, 1)
    )
    with pytest.raises(ValidationError) as error:
        roster.add_assignment(db, ACTOR, today=TODAY, liaison_id=new_id, kind="地域", target="tamba")
    assert "同じ担当が二度入っています" in reasons(error)[0]
    with pytest.raises(ValidationError) as error:
        roster.end_assignment(db, ACTOR, today=TODAY, assignment_id=assignment_id, ended_on=date(2025, 5, 1))
    assert "担当開始日（2025-06-01）より前です" in reasons(error)[0]
    roster.end_assignment(db, ACTOR, today=TODAY, assignment_id=assignment_id, ended_on=date(2025, 9, 30))
    assert db.execute(
        "select ended_on from liaison_assignments where assignment_id = $id", {"id": assignment_id}
    ).fetchone() == (date(2025, 9, 30),)
    with pytest.raises(ValidationError):  # ended already
        roster.end_assignment(db, ACTOR, today=TODAY, assignment_id=assignment_id, ended_on=date(2025, 9, 30))
    actions = db.execute(
        "select action from audit_log where table_name = 'liaison_assignments' order by audit_id"
    ).fetchall()
    assert actions == [("insert",), ("update",)]


def open_of(con, liaison_id: str) -> list[int]:
    return [
        row[0]
        for row in con.execute(
            "select consultation_id from consultations where owner_liaison_id = $id"
            " and status in ('受付', '対応中', '保留') order by 1",
            {"id": liaison_id},
        ).fetchall()
    ]


def test_retiring_with_open_consultations_needs_their_reassignment(db):
    owned = open_of(db, "R-tajima-1")
    assert len(owned) >= 2
    before = counts(db)
    with pytest.raises(ValidationError) as error:
        roster.retire_person(db, ACTOR, today=TODAY, liaison_id="R-tajima-1", active_to=TODAY)
    listed = [p for p in error.value.problems if p.column == "引き継ぎ先"]
    assert len(listed) == len(owned)  # each open consultation named
    assert {int(problem.value.split()[0].lstrip("#")) for problem in listed} == set(owned)
    assert "引き継ぐリエゾンを指定してください" in listed[0].message()
    assert "name the liaison who takes it over" in listed[0].message("en")
    with pytest.raises(ValidationError) as error:  # only some of them handed over
        roster.retire_person(
            db,
            ACTOR,
            today=TODAY,
            liaison_id="R-tajima-1",
            active_to=TODAY,
            reassign_to={owned[0]: "R-tajima-2"},
        )
    assert len(error.value.problems) == len(owned) - 1
    with pytest.raises(ValidationError) as error:  # not to themselves
        roster.retire_person(
            db, ACTOR, today=TODAY, liaison_id="R-tajima-1", active_to=TODAY, reassign_to="R-tajima-1"
        )
    assert "引き継げる在任中のリエゾンではありません" in reasons(error)[0]
    assert counts(db) == before


def test_retire_person_reassigns_ends_assignments_and_audits(db):
    owned = open_of(db, "R-tajima-1")
    handover = {owned[0]: "F-genai"} | dict.fromkeys(owned[1:], "R-tajima-2")
    audits = counts(db)["audit_log"]
    moved = roster.retire_person(
        db, ACTOR, today=TODAY, liaison_id="R-tajima-1", active_to=date(2025, 11, 30), reassign_to=handover
    )
    assert sorted(moved) == owned
    assert open_of(db, "R-tajima-1") == []
    assert open_of(db, "F-genai").count(owned[0]) == 1
    assert db.execute(
        "select is_active, active_to from liaisons where liaison_id = 'R-tajima-1'"
    ).fetchone() == (False, date(2025, 11, 30))
    assert db.execute(
        "select count(*) from liaison_assignments where liaison_id = 'R-tajima-1' and ended_on is null"
    ).fetchone() == (0,)
    assert counts(db)["audit_log"] == audits + len(owned) + 1
    before, after = db.execute(
        "select before_json, after_json from audit_log where table_name = 'liaisons' order by audit_id desc limit 1"
    ).fetchone()
    assert json.loads(before)["is_active"] is True and json.loads(after)["is_active"] is False
    with pytest.raises(ValidationError) as error:
        roster.retire_person(db, ACTOR, today=TODAY, liaison_id="R-tajima-1", active_to=TODAY)
    assert "退任済みです" in reasons(error)[0]
    # history stays: their old visits keep their name; an old visit by them still records
    ref = reference(db)
    assert ref.liaisons["R-tajima-1"] and ref.resolve_liaison(ref.liaisons["R-tajima-1"]) == (
        "R-tajima-1",
        None,
    )
    writes.add_visit(
        db,
        ACTOR,
        today=TODAY,
        visited_on=date(2025, 6, 2),
        municipality_code="豊岡市",
        liaison_id="R-tajima-1",
        department="自治体DX担当",
        purpose="定期巡回",
    )
    # the pickers leave them out
    assert "R-tajima-1" not in liaison_labels(run_query("liaisons_list", con=db))


def test_one_for_all_reassignment(db):
    owned = open_of(db, "R-tajima-2")
    moved = roster.retire_person(
        db, ACTOR, today=TODAY, liaison_id="R-tajima-2", active_to=TODAY, reassign_to="R-tajima-1"
    )
    assert sorted(moved) == owned and set(owned) <= set(open_of(db, "R-tajima-1"))


def test_a_person_with_two_assignments_is_one_person_everywhere(db):
    roster.add_assignment(db, ACTOR, today=TODAY, liaison_id="R-tajima-1", kind="地域", target="丹波")
    people = run_query("liaisons_list", con=db)
    assert (people["liaison_id"] == "R-tajima-1").sum() == 2  # the grain: person × current assignment
    labels = liaison_labels(people)
    assert list(labels).count("R-tajima-1") == 1
    assert "但馬" in labels["R-tajima-1"] and "丹波" in labels["R-tajima-1"]
    ref = reference(db)  # the two rows are one person, not two people sharing a name
    assert ref.resolve_liaison(ref.liaisons["R-tajima-1"]) == ("R-tajima-1", None)
    roster_rows = run_query("roster_people", con=db)
    assert roster_rows["liaison_id"].is_unique
    assert roster_rows.set_index("liaison_id").loc["R-tajima-1", "assignments_ja"] == "地域:但馬、地域:丹波"
    for region_id in ("tajima", "tamba"):
        by_region = run_query("liaisons_by_region", con=db, region_id=region_id)
        assert list(by_region["liaison_id"]).count("R-tajima-1") == 1
    region = run_query("region_liaisons", con=db, fiscal_year=2025, as_of=TODAY, region_id="tajima")
    assert region["liaison_id"].is_unique
    factors = run_query(
        "visit_priority_factors",
        con=db,
        fiscal_year=2025,
        as_of=TODAY,
        region_id=None,
        liaison_id="R-tajima-1",
        codes=None,
        ageing_days=30,
    )
    assert factors["code"].is_unique and len(factors) > 0
