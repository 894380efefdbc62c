"""The roster as an import kind (liaisons): a corpus of bad files (each problem at its file, row, column,
value, reason; nothing written), re-import adds nothing, export → fresh store → export is equal, the CLI,
the template, and an old visit by a retired liaison still imports."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest

from liaison import demo, store
from liaison.records import commit, exporting, import_format, preview, roster, template
from liaison.records.__main__ import main
from tests.import_corpus import GOOD, csv_bytes, row, table, xlsx_bytes

KIND = "liaisons"
TODAY = demo.AS_OF
HEADERS = import_format.HEADERS[KIND]


@pytest.fixture
def db(writable_store):
    con = store.connect(writable_store)
    yield con
    con.close()


def counts(con) -> tuple:
    return con.execute(
        "select (select count(*) from liaisons), (select count(*) from liaison_assignments),"
        " (select count(*) from audit_log)"
    ).fetchone()


def look(con, payload: bytes, name: str = "r.csv"):
    return preview.preview(con, KIND, name, payload, today=TODAY)


@dataclass(frozen=True)
class Bad:
    name: str
    rows: list[list[str]]
    reason: str
    column: str | None
    row: int | None
    value: str | None = None


def person(**changes: str) -> list[str]:
    return row(KIND, **changes)


CORPUS = [
    Bad("no-name", [person(氏名="")], "必須の項目が空欄です", "氏名", 2),
    Bad(
        "long-name", [person(氏名="あ" * 101)], "長すぎます（101 文字。上限 100 文字）", "氏名", 2, "あ" * 101
    ),
    Bad("control-in-name", [person(氏名="新井\x07花子")], "制御文字", "氏名", 2),
    Bad("no-section", [person(所属="")], "必須の項目が空欄です", "所属", 2),
    Bad("unknown-section", [person(所属="総務課")], "選べない値です", "所属", 2, "総務課"),
    Bad(
        "field-for-strategy",
        [person(担当="分野:生成AI")],
        "デジタル改革課のリエゾンだけが持てます",
        "担当",
        2,
        "分野:生成AI",
    ),
    Bad(
        "region-for-reform",
        [person(所属="デジタル改革課", 担当="地域:但馬")],
        "デジタル戦略課のリエゾンだけが持てます",
        "担当",
        2,
        "地域:但馬",
    ),
    Bad(
        "kobe-is-no-liaison-region",
        [person(担当="地域:神戸")],
        "地域リエゾンの担当できる圏域ではありません",
        "担当",
        2,
    ),
    Bad(
        "unknown-field",
        [person(所属="デジタル改革課", 担当="分野:量子計算")],
        "DX分野として見つかりません",
        "担当",
        2,
    ),
    Bad("kind-missing", [person(担当="但馬")], "書き方が違います", "担当", 2, "但馬"),
    Bad("unknown-kind", [person(担当="圏域:但馬")], "書き方が違います", "担当", 2),
    Bad("same-assignment-twice", [person(担当="地域:但馬、地域:tajima")], "二度入っています", "担当", 2),
    Bad("bad-date", [person(着任日="2025-02-30")], "", "着任日", 2, "2025-02-30"),
    Bad(
        "future-retirement",
        [person(担当="", 退任日="2026-04-01")],
        "未来の日付です",
        "退任日",
        2,
        "2026-04-01",
    ),
    Bad(
        "retired-before-start",
        [person(担当="", 退任日="2025-03-01")],
        "着任日（2025-04-01）より前です",
        "退任日",
        2,
    ),
    Bad(
        "retired-with-assignment", [person(退任日="2025-10-01")], "退任日のある人に担当があります", "担当", 2
    ),
    Bad("bad-id", [person(リエゾンID="L 0001")], "IDは英数字", "リエゾンID", 2, "L 0001"),
    Bad(
        "same-id-twice",
        [person(リエゾンID="L-0100"), person(リエゾンID="L-0100", 氏名="別人")],
        "同じIDが 2 行目にもあります",
        "リエゾンID",
        3,
        "L-0100",
    ),
    Bad("long-contact", [person(連絡先="x" * 201)], "長すぎます（201 文字。上限 200 文字）", "連絡先", 2),
]


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_bad_roster_file_names_the_cell_and_writes_nothing(db, case):
    before = counts(db)
    found = look(db, csv_bytes(table(KIND, *case.rows)), f"{case.name}.csv")
    assert not found.ok and found.rows.empty
    problem = next(p for p in found.problems if p.column == case.column)
    assert (problem.file, problem.row, problem.column) == (f"{case.name}.csv", case.row, case.column)
    assert case.reason in problem.reason, problem.message()
    if case.value is not None:
        assert problem.value == case.value
    assert problem.message("en") != problem.message()  # said in English too
    with pytest.raises(Exception):  # noqa: B017 - a preview with problems never commits
        commit.commit(db, found, "テスト")
    assert counts(db) == before


def test_missing_required_header_and_formula_are_refused(db):
    no_section = csv_bytes(
        [
            [h for h in HEADERS if h != "所属"],
            [v for h, v in zip(HEADERS, GOOD[KIND], strict=True) if h != "所属"],
        ]
    )
    found = look(db, no_section)
    assert any("所属" in p.message() for p in found.problems) and found.rows.empty
    workbook = xlsx_bytes(table(KIND, person()), "リエゾン名簿", {"B2": '=CONCAT("新井","花子")'})
    found = look(db, workbook, "r.xlsx")
    assert any("数式のセルです" in p.reason and p.row == 2 for p in found.problems)


def test_import_adds_people_once_with_their_assignments(db):
    payload = csv_bytes(
        table(
            KIND, person(), person(氏名="兵庫 次郎", 所属="デジタル改革課", 担当="分野:生成AI、分野:AI・RPA")
        )
    )
    first = look(db, payload)
    assert (first.problems, first.new_rows, first.already_present) == ([], 2, 0)
    assert commit.commit(db, first, "県 担当") == 2
    people = db.execute(
        "select liaison_id, name_ja, contact, active_from from liaisons where liaison_id like 'L-%' order by 1"
    ).fetchall()
    assert people == [
        ("L-0001", "新井 花子", "内線 3120", date(2025, 4, 1)),
        ("L-0002", "兵庫 次郎", "内線 3120", date(2025, 4, 1)),
    ]
    roles = db.execute(
        "select liaison_id, kind, coalesce(region_id, field_id) from liaison_roles where liaison_id like 'L-%' order by all"
    ).fetchall()
    assert roles == [
        ("L-0001", "地域", "tajima"),
        ("L-0001", "地域", "tamba"),
        ("L-0002", "分野", "ai_rpa"),
        ("L-0002", "分野", "genai"),
    ]
    assert db.execute(
        "select action, table_name from audit_log order by audit_id desc limit 1"
    ).fetchone() == ("import", "liaisons")
    before = counts(db)
    again = look(db, payload)  # the same file again: matched by 氏名 and 所属
    assert (again.new_rows, again.already_present) == (0, 2)
    assert commit.commit(db, again, "県 担当") == 0 and counts(db) == before
    changed = look(db, csv_bytes(table(KIND, person(連絡先="内線 9999"))))
    assert (
        changed.new_rows == 0 and "登録済みのリエゾン（L-0001）と内容が違います" in changed.warnings[0].reason
    )


def test_export_then_import_into_a_fresh_store_is_equal(db, tmp_path):
    roster.retire_person(
        db, "県 担当", today=TODAY, liaison_id="F-genai", active_to=TODAY, reassign_to="F-ai_rpa"
    )
    roster.edit_person(
        db, "県 担当", today=TODAY, liaison_id="R-tajima-1", contact="=内線 3101"
    )  # neutralised in a file
    roster.add_assignment(db, "県 担当", today=TODAY, liaison_id="R-tajima-1", kind="地域", target="丹波")
    original = exporting.records_frame(db, KIND)
    assert len(original) == db.execute("select count(*) from liaisons").fetchone()[0]
    fresh = store.build_with(tmp_path / "fresh.duckdb", lambda con: store.set_meta(con, is_demo="false"))
    target = store.connect(fresh)
    try:
        for payload, name in ((exporting.to_csv(original), "r.csv"), (exporting.to_xlsx(original), "r.xlsx")):
            found = preview.preview(target, KIND, name, payload, today=TODAY)
            assert found.problems == []
            commit.commit(target, found, "県 担当")
        again = exporting.records_frame(target, KIND)
    finally:
        target.close()
    pd.testing.assert_frame_equal(again, original)
    retired = original.set_index("リエゾンID").loc["F-genai"]
    assert retired["退任日"] == TODAY and pd.isna(retired["担当"])


def test_cli_import_and_export(writable_store, tmp_path, capsys):
    file = tmp_path / "roster.csv"
    file.write_bytes(csv_bytes(table(KIND, person())))
    assert (
        main(
            [
                "import",
                "--db",
                str(writable_store),
                "--kind",
                KIND,
                str(file),
                "--commit",
                "--actor",
                "県 担当",
            ]
        )
        == 0
    )
    assert "1 件を登録しました。記録者: 県 担当" in capsys.readouterr().out
    assert main(["import", "--db", str(writable_store), "--kind", KIND, str(file)]) == 0
    assert "すべての行が登録済みです" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(table(KIND, person(所属="総務課"))))
    assert main(["import", "--db", str(writable_store), "--kind", KIND, str(bad), "--commit"]) == 1
    assert "ファイル bad.csv の 2 行目「所属」" in capsys.readouterr().err
    out = tmp_path / "out.csv"
    assert main(["export", "--db", str(writable_store), "--kind", KIND, "--out", str(out)]) == 0
    people = 30 + 1 + 1  # the demo's 30 active liaisons, its one retired (R-tajima-0), the one imported
    assert f"リエゾン名簿 {people} 件を出力しました" in capsys.readouterr().out
    exported = pd.read_csv(io.BytesIO(out.read_bytes()), encoding="utf-8-sig", dtype=str)
    assert list(exported.columns) == HEADERS and "新井 花子" in set(exported["氏名"])


def test_template_example_row_is_skipped(db):
    from openpyxl import load_workbook

    payload = template.template_xlsx(KIND, db)
    sheet = load_workbook(io.BytesIO(payload))["リエゾン名簿"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    found = look(db, payload, "template.xlsx")
    assert "記入例" in found.warnings[0].reason and "データ行がありません" in found.problems[0].reason


def test_an_old_visit_by_a_retired_liaison_still_imports(db):
    roster.retire_person(
        db, "県 担当", today=TODAY, liaison_id="R-tajima-2", active_to=TODAY, reassign_to="R-tajima-1"
    )
    name = db.execute("select name_ja from liaisons where liaison_id = 'R-tajima-2'").fetchone()[0]
    visit = row("visits", 市町="豊岡市", リエゾン=name, 訪問日="2024-06-03", 概要="退任前の訪問")
    found = preview.preview(db, "visits", "v.csv", csv_bytes(table("visits", visit)), today=TODAY)
    assert found.problems == [] and found.new_rows == 1
    assert list(found.rows["liaison_id"]) == ["R-tajima-2"]
