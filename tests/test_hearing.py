"""The readiness hearing in words (migration 007): the write API, the form on DX推進状況, the profile's
answers beside the radar, and the import/export of the answer and support-wish columns."""

from __future__ import annotations

import json
from datetime import date

import pytest
from app_pages import open_page

from liaison import demo, paths, profile, safe_text, store
from liaison.queries import run_query
from liaison.records import ValidationError, import_format, writes
from liaison.records.commit import commit
from liaison.records.exporting import records_frame, to_csv, to_xlsx
from liaison.records.preview import preview

APP = str(paths.ROOT / "app.py")
TODAY = demo.AS_OF
ACTOR = "山田 太郎"
SCORES = {column: 3 for column in writes.records.SCORE_COLUMNS}
ANSWERS = {column: f"{column}の回答" for column in writes.records.ANSWER_COLUMNS}


@pytest.fixture
def db(writable_store):
    con = store.connect(writable_store)
    yield con
    con.close()


def counts(con) -> tuple[int, int]:
    return con.execute(
        "select (select count(*) from readiness_assessments), (select count(*) from audit_log)"
    ).fetchone()


def hearing(**changes) -> dict:
    values = {
        "municipality_code": "282014",
        "fiscal_year": 2025,
        "assessed_on": date(2025, 8, 20),
        "step": 2,
        "scores": SCORES,
        "answers": ANSWERS,
        "talent_support_wanted": True,
        "talent_support_kinds": ["研修", "外部人材の派遣"],
    }
    return values | changes


def forget(con, code: str = "282014", fiscal_year: int = 2025) -> None:
    """Remove a demo hearing, so the 年度 is free for a new one."""
    con.execute(
        "delete from readiness_assessments where municipality_code = $code and fiscal_year = $fy",
        {"code": code, "fy": fiscal_year},
    )


# --------------------------------------------------------------------------- the write API


def test_record_hearing_inserts_with_words_wish_and_one_audit_row(db):
    forget(db)
    before = counts(db)
    new_id = writes.record_hearing(db, ACTOR, today=TODAY, **hearing())
    assert counts(db) == (before[0] + 1, before[1] + 1)
    row = db.execute(
        "select answer_vision, answer_issue_awareness, talent_support_wanted, talent_support_kinds"
        " from readiness_assessments where assessment_id = $id",
        {"id": new_id},
    ).fetchone()
    # the kinds are stored in the list's order, whatever order they were picked in
    assert row == ("answer_visionの回答", "answer_issue_awarenessの回答", True, "外部人材の派遣、研修")
    actor, table, key, action, after = db.execute(
        "select actor, table_name, record_key, action, after_json from audit_log order by audit_id desc"
    ).fetchone()
    assert (actor, table, key, action) == (ACTOR, "readiness_assessments", str(new_id), "insert")
    assert json.loads(after)["talent_support_kinds"] == "外部人材の派遣、研修"


def test_a_second_hearing_of_the_year_is_refused_unless_replaced(db):
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        writes.record_hearing(db, ACTOR, today=TODAY, **hearing())
    assert "登録済み" in refused.value.problems[0].message()
    assert counts(db) == before
    stored_id = db.execute(
        "select assessment_id from readiness_assessments where municipality_code = '282014' and fiscal_year = 2025"
    ).fetchone()[0]
    assert writes.record_hearing(db, ACTOR, today=TODAY, replace=True, **hearing()) == stored_id
    assert counts(db) == (before[0], before[1] + 1)
    action, old, new = db.execute(
        "select action, before_json, after_json from audit_log order by audit_id desc"
    ).fetchone()
    assert action == "update"
    assert (
        json.loads(old)["answer_vision"] == "DX推進計画に目指す姿を明記し、住民にも公表済み。"
        and json.loads(new)["answer_vision"] == "answer_visionの回答"
    )


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"scores": SCORES | {"score_vision": 6}}, "目指す姿", "1〜5 の範囲外です"),
        ({"scores": SCORES | {"score_progress": None}}, "現在の推進状況", "必須の項目が空欄です"),
        (
            {"talent_support_kinds": ["研修", "海外派遣"]},
            "希望する支援の種類",
            "選べない支援の種類です（海外派遣",
        ),
        ({"talent_support_kinds": []}, "希望する支援の種類", "種類を1つ以上"),
        ({"talent_support_wanted": False}, "希望する支援の種類", "「はい」のときだけ"),
        ({"talent_support_wanted": "たぶん"}, "デジタル人材による支援の希望", "「はい」か「いいえ」"),
        ({"step": 4}, "ステップ", "0〜3 の範囲外です"),
    ],
)
def test_a_bad_hearing_is_refused_with_a_specific_message_and_writes_nothing(db, changes, column, reason):
    forget(db)
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        writes.record_hearing(db, ACTOR, today=TODAY, **hearing(**changes))
    messages = [problem.message() for problem in refused.value.problems]
    assert any(column in m and reason in m for m in messages), messages
    assert counts(db) == before


def test_no_wish_asked_and_no_words_is_still_a_hearing(db):
    forget(db)
    new_id = writes.record_hearing(
        db, ACTOR, today=TODAY, **hearing(answers=None, talent_support_wanted=None, talent_support_kinds=None)
    )
    row = db.execute(
        "select answer_vision, talent_support_wanted, talent_support_kinds from readiness_assessments"
        " where assessment_id = $id",
        {"id": new_id},
    ).fetchone()
    assert row == (None, None, None)


# --------------------------------------------------------------------------- the demo and the profile


def test_the_demo_hearings_have_words_and_wishes(con):
    rows = con.execute(
        "select count(*), count(answer_vision), count(answer_issue_awareness), count(talent_support_wanted),"
        " count_if(talent_support_wanted), count(talent_support_kinds) from readiness_assessments"
    ).fetchone()
    assert rows[0] == rows[1] == rows[2] == rows[3] == 80
    assert rows[4] == rows[5] and 0 < rows[4] < 80  # kinds exactly where support is wanted
    kinds = {k for (text,) in con.execute("select talent_support_kinds from readiness_assessments"
                                          " where talent_support_kinds is not null").fetchall()
             for k in text.split("、")}  # fmt: skip
    assert kinds <= set(writes.records.TALENT_SUPPORT_KINDS)


def test_profile_builder_lists_the_words_in_the_radar_order(con):
    items = run_query("readiness_by_item", con=con, code="282014", fiscal_year=2025)
    this_year = items[items["fiscal_year"] == 2025]
    table = profile.hearing_answers(this_year, "ja")
    assert list(table["項目"]) == [ja for ja, _ in profile.READINESS_ITEMS.values()]
    stored = con.execute(
        "select answer_vision, score_vision from readiness_assessments where municipality_code = '282014' and fiscal_year = 2025"
    ).fetchone()
    assert (table["回答"].iloc[0], table["点"].iloc[0]) == stored
    assert profile.hearing_answers(this_year, "en").columns.tolist() == ["Item", "Score", "Answer"]
    assert profile.talent_support_text(this_year, "ja") in (
        "希望しない",
        "未確認",
    ) or profile.talent_support_text(this_year, "ja").startswith("希望する（")


# --------------------------------------------------------------------------- the form and the profile page


def submit(at, label: str):
    next(button for button in at.button if button.label == label).click().run()
    assert not at.exception


def fill(at, key: str = "readiness_hearing_form", score: int = 4) -> None:
    at.selectbox(key=f"{key}_municipality").select("282014")
    at.selectbox(key=f"{key}_step").select(2)
    for column, answer in zip(writes.records.SCORE_COLUMNS, writes.records.ANSWER_COLUMNS, strict=True):
        at.selectbox(key=f"{key}_{column}").select(score)
        at.text_input(key=f"{key}_{answer}").input(f"<b>{answer}</b> *回答*")
    at.radio(key=f"{key}_wanted").set_value("yes")
    at.multiselect(key=f"{key}_kinds").select("共同採用・共同利用")


def test_the_form_adds_one_hearing_with_an_audit_row_and_the_profile_shows_its_words(app_env_writable):
    con = store.connect(app_env_writable)
    try:
        forget(con)
        before = counts(con)
    finally:
        con.close()
    at = open_page("views/readiness.py")
    assert not at.exception
    fill(at)
    submit(at, "ヒアリングを記録する")
    assert any("姫路市" in s.value for s in at.success), [e.value for e in at.error]
    con = store.connect(app_env_writable)
    try:
        assert counts(con) == (before[0] + 1, before[1] + 1)
        row = con.execute(
            "select step, score_vision, answer_vision, talent_support_wanted, talent_support_kinds"
            " from readiness_assessments where municipality_code = '282014' and fiscal_year = 2025"
        ).fetchone()
        audit = con.execute(
            "select actor, table_name, action from audit_log order by audit_id desc limit 1"
        ).fetchone()
    finally:
        con.close()
    assert row == (2, 4, "<b>answer_vision</b> *回答*", True, "共同採用・共同利用")
    assert audit == ("テスト担当", "readiness_assessments", "insert")

    at.switch_page("views/profile.py")
    at.query_params["code"] = "282014"
    at.run()
    assert not at.exception
    answers = next(m.value for m in at.markdown if m.value.startswith("- **目指す姿**"))
    assert answers.count("（4）") == 8
    # the stored words are escaped: no HTML and no emphasis reach the page
    assert f"- **目指す姿**（4）: {safe_text.markdown('<b>answer_vision</b> *回答*')}" in answers
    assert "<b>" not in answers and "\\*回答\\*" in answers
    wish = next(m.value for m in at.markdown if "デジタル人材による支援の希望" in m.value)
    assert "希望する（共同採用・共同利用）" in wish


def test_a_bad_form_entry_is_refused_and_writes_nothing(app_env_writable):
    con = store.connect(app_env_writable)
    try:
        forget(con)
        before = counts(con)
    finally:
        con.close()
    at = open_page("views/readiness.py")
    fill(at)
    at.selectbox(key="readiness_hearing_form_score_talent_policy").set_value(None)
    at.multiselect(key="readiness_hearing_form_kinds").set_value([])
    submit(at, "ヒアリングを記録する")
    errors = " ".join(e.value for e in at.error)
    assert "人材育成方針・目標" in errors and "種類を1つ以上" in errors
    con = store.connect(app_env_writable)
    try:
        assert counts(con) == before
    finally:
        con.close()


def test_the_form_in_english(app_env_writable):
    at = open_page("views/readiness.py", lang="en")
    assert not at.exception
    assert at.radio(key="readiness_hearing_form_wanted").options == [
        "Not asked",
        "Yes (wanted)",
        "No (not wanted)",
    ]
    assert "Training" in at.multiselect(key="readiness_hearing_form_kinds").options


# --------------------------------------------------------------------------- import and export


def payload(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode("utf-8-sig")


OLD_HEADERS = import_format.HEADERS["readiness"][:12] + ["備考"]


def test_import_without_the_text_columns(db):
    forget(db)
    checked = preview(
        db,
        "readiness",
        "old.csv",
        payload([OLD_HEADERS, ["姫路市", "2025", "2025-08-01", "1", *["2"] * 8, ""]]),
        today=TODAY,
    )
    assert checked.ok, [p.message() for p in checked.problems]
    assert commit(db, checked, ACTOR) == 1
    row = db.execute(
        "select score_vision, answer_vision, talent_support_wanted from readiness_assessments"
        " where municipality_code = '282014' and fiscal_year = 2025"
    ).fetchone()
    assert row == (2, None, None)


def test_import_with_the_text_columns(db):
    forget(db)
    header = import_format.HEADERS["readiness"]
    answers = [f"回答{n}" for n in range(8)]
    row = [
        "姫路市",
        "令和7年度",
        "2025/8/1",
        "1",
        *["2"] * 8,
        *answers,
        "はい",
        "研修、共同採用・共同利用",
        "備考",
    ]
    checked = preview(db, "readiness", "new.csv", payload([header, row]), today=TODAY)
    assert checked.ok, [p.message() for p in checked.problems]
    assert commit(db, checked, ACTOR) == 1
    stored = db.execute(
        "select answer_vision, answer_issue_awareness, talent_support_wanted, talent_support_kinds"
        " from readiness_assessments where municipality_code = '282014' and fiscal_year = 2025"
    ).fetchone()
    assert stored == ("回答0", "回答7", True, "共同採用・共同利用、研修")


@pytest.mark.parametrize(
    ("wanted", "kinds", "reason"),
    [
        ("はい", "研修、海外派遣", "選べない支援の種類です"),
        ("いいえ", "研修", "「はい」のときだけ"),
        ("たぶん", "", "「はい」か「いいえ」"),
    ],
)
def test_import_refuses_a_bad_wish_naming_the_cell(db, wanted, kinds, reason):
    forget(db)
    header = [*OLD_HEADERS, "デジタル人材による支援の希望", "希望する支援の種類"]
    row = ["姫路市", "2025", "2025-08-01", "1", *["2"] * 8, "", wanted, kinds]
    checked = preview(db, "readiness", "bad.csv", payload([header, row]), today=TODAY)
    assert not checked.ok
    assert any(reason in p.message() and p.row == 2 for p in checked.problems), [
        p.message() for p in checked.problems
    ]


def test_export_import_export_round_trip_is_equal(db, tmp_path):
    """The demo's hearings (words and wishes) exported, imported into a fresh store, exported again: equal."""
    exported = records_frame(db, "readiness")
    assert exported["目指す姿（回答）"].notna().all()
    assert set(exported["デジタル人材による支援の希望"]) == {"はい", "いいえ"}
    fresh = tmp_path / "fresh.duckdb"
    store.init(fresh)
    other = store.connect(fresh)
    try:
        for name, data in (("r.xlsx", to_xlsx(exported)), ("r.csv", to_csv(exported))):
            checked = preview(other, "readiness", name, data, today=TODAY)
            assert not checked.problems, [p.message() for p in checked.problems[:3]]
            commit(other, checked, ACTOR)
        again = records_frame(other, "readiness")
    finally:
        other.close()
    assert again.equals(exported)
    # and into the store it came from: everything is already there
    checked = preview(db, "readiness", "r.csv", to_csv(exported), today=TODAY)
    assert (checked.new_rows, checked.already_present, checked.problems) == (0, 80, [])
