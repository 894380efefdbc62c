"""関係部署 and 橋渡し as import kinds (departments, referrals): corpora of bad files (each problem at its
file, row, column, value, reason; nothing written), re-import adds nothing, export → fresh store (the same
consultations) → export is equal in CSV and xlsx, the CLI, the templates and the データ管理 page."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from liaison import demo, paths, store
from liaison.records import commit, exporting, import_format, preview, referrals, template
from liaison.records.__main__ import main
from tests.import_corpus import csv_bytes, xlsx_bytes

TODAY = demo.AS_OF
RETIRED = "産業振興課"  # the demo's one department no longer in use


@pytest.fixture
def db(writable_store):
    con = store.connect(writable_store)
    yield con
    con.close()


def counts(con) -> tuple:
    return con.execute(
        "select (select count(*) from departments), (select count(*) from referrals), (select count(*) from audit_log)"
    ).fetchone()


def look(con, kind: str, payload: bytes, name: str):
    return preview.preview(con, kind, name, payload, today=TODAY)


def table(kind: str, rows: list[list[str]], header: list[str] | None = None) -> list[list[str]]:
    return [header or import_format.HEADERS[kind], *rows]


def cells(kind: str, good: dict[str, str], changes: dict[str, str]) -> list[str]:
    merged = {**good, **changes}
    return [merged.get(header, "") for header in import_format.HEADERS[kind]]


DEPARTMENT = {"部署名": "デジタル改革課", "所属部局": "企画部", "連絡先": "内線 2400", "利用中": "はい"}


@dataclass(frozen=True)
class Bad:
    name: str
    rows: list[dict[str, str]]  # changes to the good row, one dict a row
    reason: str
    column: str | None
    row: int | None
    value: str | None = None
    header: list[str] | None = None
    formula: dict[str, str] = field(default_factory=dict)  # an .xlsx with these formula cells


HEADER_D = import_format.HEADERS["departments"]
DEPARTMENT_CORPUS = [
    Bad("no-name", [{"部署名": ""}], "必須の項目が空欄です", "部署名", 2),
    Bad(
        "long-name",
        [{"部署名": "課" * 101}],
        "長すぎます（101 文字。上限 100 文字）",
        "部署名",
        2,
        "課" * 101,
    ),
    Bad("control-in-name", [{"部署名": "情報\x07課"}], "制御文字", "部署名", 2),
    Bad("long-section", [{"所属部局": "部" * 101}], "長すぎます（101 文字。上限 100 文字）", "所属部局", 2),
    Bad("long-contact", [{"連絡先": "x" * 101}], "長すぎます（101 文字。上限 100 文字）", "連絡先", 2),
    Bad("control-in-contact", [{"連絡先": "内線\x01"}], "制御文字", "連絡先", 2),
    Bad(
        "bad-in-use", [{"利用中": "たぶん"}], "「はい」か「いいえ」で入力してください", "利用中", 2, "たぶん"
    ),
    Bad("bad-in-use-number", [{"利用中": "2"}], "「はい」か「いいえ」", "利用中", 2, "2"),
    Bad(
        "same-name-twice",
        [{}, {"所属部局": "総務部"}],
        "同じ部署名が 2 行目にもあります",
        "部署名",
        3,
        "デジタル改革課",
    ),
    Bad(
        "same-name-other-width",
        [{"部署名": "ＤＸ推進課"}, {"部署名": "DX 推進課"}],
        "同じ部署名が 2 行目にもあります",
        "部署名",
        3,
        "DX 推進課",
    ),
    Bad(
        "missing-name-header",
        [{}],
        "必須の列「部署名」がありません",
        "部署名",
        1,
        header=["部署", *HEADER_D[1:]],
    ),
    Bad(
        "unknown-header",
        [{}],
        "取り込む列ではありません",
        "備考",
        1,
        header=[*HEADER_D[:3], "備考"],
    ),
    Bad(
        "two-name-columns",
        [{}],
        "同じ見出しの列が2つあります",
        "部署名",
        1,
        header=["部署名", "部署名", *HEADER_D[2:]],
    ),
    Bad(
        "formula",
        [{}],
        "数式のセルです",
        "部署名",
        2,
        '=CONCAT("情報","課")',
        formula={"A2": '=CONCAT("情報","課")'},
    ),
    Bad("header-only", [], "データ行がありません（見出し行だけです）", None, None),
    Bad(
        "unheaded-data", [{}], "見出しのない列（D 列）にデータがあります", None, 1, header=[*HEADER_D[:3], ""]
    ),
]


def _file(kind: str, case: Bad, good: dict[str, str]) -> tuple[bytes, str]:
    header = case.header or import_format.HEADERS[kind]
    if len(header) == len(import_format.HEADERS[kind]):  # the same columns, some headers changed
        data = [cells(kind, good, changes) for changes in case.rows]
    else:  # a column left out or added: cells by header
        data = [[{**good, **changes}.get(h, "") for h in header] for changes in case.rows]
    rows = table(kind, data, header)
    if case.formula:
        return xlsx_bytes(rows, import_format.SHEET_NAMES[kind], case.formula), f"{case.name}.xlsx"
    return csv_bytes(rows), f"{case.name}.csv"


def _assert_refused(con, kind: str, case: Bad, good: dict[str, str]) -> None:
    before = counts(con)
    payload, name = _file(kind, case, good)
    found = look(con, kind, payload, name)
    assert not found.ok and found.rows.empty
    problem = next(p for p in found.problems if p.column == case.column)
    assert (problem.file, problem.row, problem.column) == (name, case.row, case.column)
    assert case.reason in problem.reason, problem.message()
    if case.value is not None:
        assert problem.value == case.value
    assert problem.message("en") != problem.message()  # said in English too
    with pytest.raises(Exception):  # noqa: B017 - a preview with problems never commits
        commit.commit(con, found, "テスト")
    assert counts(con) == before


@pytest.mark.parametrize("case", DEPARTMENT_CORPUS, ids=lambda case: case.name)
def test_bad_department_file_names_the_cell_and_writes_nothing(db, case):
    _assert_refused(db, "departments", case, DEPARTMENT)


def test_departments_import_once_and_a_stored_one_is_never_changed(db):
    payload = csv_bytes(
        table(
            "departments",
            [
                cells("departments", DEPARTMENT, {}),
                cells(
                    "departments", DEPARTMENT, {"部署名": "旧システム課", "連絡先": "", "利用中": "いいえ"}
                ),
                cells("departments", DEPARTMENT, {"部署名": "ＩＴ推進課", "利用中": ""}),  # blank: in use
            ],
        )
    )
    first = look(db, "departments", payload, "d.csv")
    assert (first.problems, first.new_rows, first.already_present) == ([], 3, 0)
    assert commit.commit(db, first, "県 担当") == 3
    stored = db.execute(
        "select name_ja, section, contact, is_active from departments where department_id > 7 order by 1"
    ).fetchall()
    assert sorted(stored) == [
        ("デジタル改革課", "企画部", "内線 2400", True),
        ("旧システム課", "企画部", "", False),
        ("ＩＴ推進課", "企画部", "内線 2400", True),  # stored as written; matched ignoring width
    ]
    assert db.execute(
        "select action, table_name from audit_log order by audit_id desc limit 1"
    ).fetchone() == (
        "import",
        "departments",
    )
    before = counts(db)
    again = look(db, "departments", payload, "d.csv")
    assert (again.new_rows, again.already_present) == (0, 3)
    assert commit.commit(db, again, "県 担当") == 0 and counts(db) == before
    changed = look(
        db,
        "departments",
        csv_bytes(
            table(
                "departments",
                [cells("departments", DEPARTMENT, {"部署名": "情報政策課 ", "連絡先": "内線 1"})],
            )
        ),
        "d.csv",
    )
    assert changed.new_rows == 0 and changed.already_present == 1
    assert "登録済みの部署（情報政策課）と内容が違います" in changed.warnings[0].reason
    assert db.execute("select contact from departments where name_ja = '情報政策課'").fetchone() == (
        "内線 2201（デモ）",
    )


# --------------------------------------------------------------------------- referrals


@pytest.fixture
def good(db) -> dict[str, str]:
    """A valid new referral: a 令和7年度 consultation (by its exported 管理番号) to 情報政策課, 3 days after."""
    consultations = exporting.records_frame(db, "consultations", fiscal_year=2025)
    first = consultations.sort_values(["受付日", "管理番号"]).iloc[0]
    received = first["受付日"]
    referred = received + timedelta(days=3)
    return {
        "管理番号": "",
        "相談の管理番号": first["管理番号"],
        "橋渡し先の部署": "情報政策課",
        "橋渡し日": referred.isoformat(),
        "依頼内容": "制度面の確認をお願いします",
        "回答期限": (referred + timedelta(days=14)).isoformat(),
        "結果": "回答あり",
        "部署の回答・対応": "要綱を確認し回答済み",
        "回答日": (referred + timedelta(days=7)).isoformat(),
        "_received": received.isoformat(),
        "_before": (received - timedelta(days=1)).isoformat(),
        "_early": (referred - timedelta(days=1)).isoformat(),
    }


HEADER_R = import_format.HEADERS["referrals"]
REFERRAL_CORPUS = [
    Bad(
        "unknown-consultation",
        [{"相談の管理番号": "C-0000"}],
        "該当する相談がありません",
        "相談の管理番号",
        2,
        "C-0000",
    ),
    Bad("no-consultation", [{"相談の管理番号": ""}], "必須の項目が空欄です", "相談の管理番号", 2),
    Bad(
        "unknown-department",
        [{"橋渡し先の部署": "宇宙開発課"}],
        "関係部署の一覧にありません",
        "橋渡し先の部署",
        2,
        "宇宙開発課",
    ),
    Bad(
        "retired-department",
        [{"橋渡し先の部署": RETIRED}],
        "利用を終了した部署です",
        "橋渡し先の部署",
        2,
        RETIRED,
    ),
    Bad("no-department", [{"橋渡し先の部署": ""}], "必須の項目が空欄です", "橋渡し先の部署", 2),
    Bad(
        "before-received",
        [{"橋渡し日": "{_before}", "回答期限": "", "回答日": "{_before}"}],
        "相談の受付日（{_received}）より前です",
        "橋渡し日",
        2,
    ),
    Bad(
        "future-referral",
        [{"橋渡し日": "2026-01-05", "回答日": "", "結果": "依頼中", "回答期限": ""}],
        "未来の日付です",
        "橋渡し日",
        2,
        "2026-01-05",
    ),
    Bad("future-answer", [{"回答日": "2025-12-01"}], "未来の日付です", "回答日", 2, "2025-12-01"),
    Bad("bad-date", [{"橋渡し日": "2025-02-30"}], "", "橋渡し日", 2, "2025-02-30"),
    Bad("due-before-referral", [{"回答期限": "{_early}"}], "橋渡し日（", "回答期限", 2),
    Bad("unknown-outcome", [{"結果": "保留"}], "選べない値です", "結果", 2, "保留"),
    Bad("answered-without-day", [{"回答日": ""}], "結果が「回答あり」のときは回答日が必要です", "回答日", 2),
    Bad("day-while-awaiting", [{"結果": "依頼中"}], "結果が「依頼中」なのに回答日があります", "回答日", 2),
    Bad("answer-before-referral", [{"回答日": "{_early}"}], "橋渡し日（", "回答日", 2),
    Bad(
        "long-request",
        [{"依頼内容": "あ" * 10_001}],
        "長すぎます（10001 文字。上限 10000 文字）",
        "依頼内容",
        2,
    ),
    Bad("long-key", [{"管理番号": "R" * 101}], "長すぎます（101 文字。上限 100 文字）", "管理番号", 2),
    Bad(
        "same-key-twice",
        [{"管理番号": "R-import-1"}, {"管理番号": "R-import-1", "橋渡し先の部署": "市町振興課"}],
        "同じ管理番号が 2 行目にもあります",
        "管理番号",
        3,
        "R-import-1",
    ),
    Bad(
        "same-referral-twice",
        [{}, {"依頼内容": "二度目"}],
        "同じ相談・部署・橋渡し日の行が 2 行目にもあります",
        "橋渡し日",
        3,
    ),
    Bad(
        "missing-day-header",
        [{}],
        "必須の列「橋渡し日」がありません",
        "橋渡し日",
        1,
        header=[h for h in HEADER_R if h != "橋渡し日"],
    ),
    Bad("formula", [{}], "数式のセルです", "依頼内容", 2, "=1+1", formula={"E2": "=1+1"}),
]


def _filled(case: Bad, good: dict[str, str]) -> Bad:
    def fill(text):
        return text.format(**{k: v for k, v in good.items() if k.startswith("_")}) if text else text

    rows = [{header: fill(value) for header, value in changes.items()} for changes in case.rows]
    return Bad(
        case.name, rows, fill(case.reason), case.column, case.row, case.value, case.header, case.formula
    )


@pytest.mark.parametrize("case", REFERRAL_CORPUS, ids=lambda case: case.name)
def test_bad_referral_file_names_the_cell_and_writes_nothing(db, good, case):
    _assert_refused(db, "referrals", _filled(case, good), good)


def test_referrals_import_once_with_their_content_key(db, good):
    payload = csv_bytes(
        table(
            "referrals",
            [
                cells("referrals", good, {}),
                cells(
                    "referrals",
                    good,
                    {"管理番号": "R-import-1", "橋渡し先の部署": "市町振興課", "結果": "", "回答日": ""},
                ),
            ],
        )
    )
    first = look(db, "referrals", payload, "r.csv")
    assert (first.problems, first.new_rows, first.already_present) == ([], 2, 0)
    assert list(preview.rows_frame(db, first).columns) == HEADER_R
    assert commit.commit(db, first, "県 担当") == 2
    consultation_id = db.execute(
        "select consultation_id from consultation_record_keys() where record_key = $key",
        {"key": good["相談の管理番号"]},
    ).fetchone()[0]
    stored = db.execute(
        "select source_key, outcome, responded_on from referrals where consultation_id = $id"
        " and source_key = 'R-import-1' or (consultation_id = $id and outcome = '回答あり') order by 1",
        {"id": consultation_id},
    ).fetchall()
    content_key = db.execute(
        "select referral_content_key($c, '情報政策課', $d::date)",
        {"c": good["相談の管理番号"], "d": good["橋渡し日"]},
    ).fetchone()[0]
    assert stored == [
        ("R-import-1", "依頼中", None),
        (content_key, "回答あり", date.fromisoformat(good["回答日"])),
    ] or stored == [
        (content_key, "回答あり", date.fromisoformat(good["回答日"])),
        ("R-import-1", "依頼中", None),
    ]
    assert db.execute(
        "select action, table_name from audit_log order by audit_id desc limit 1"
    ).fetchone() == (
        "import",
        "referrals",
    )
    before = counts(db)
    again = look(db, "referrals", payload, "r.csv")
    assert (again.problems, again.new_rows, again.already_present) == ([], 0, 2)
    assert commit.commit(db, again, "県 担当") == 0 and counts(db) == before
    changed = look(
        db,
        "referrals",
        csv_bytes(table("referrals", [cells("referrals", good, {"依頼内容": "別の依頼"})])),
        "r.csv",
    )
    assert (
        changed.new_rows == 0
        and f"登録済みの橋渡し（{content_key}）と内容が違います" in changed.warnings[0].reason
    )
    # the form's rule holds too: the same consultation, department and day is one referral
    with pytest.raises(referrals.ValidationError):
        referrals.add_referral(
            db,
            "県 担当",
            today=TODAY,
            consultation_id=consultation_id,
            department="情報政策課",
            referred_on=good["橋渡し日"],
        )


def test_a_retired_department_is_fine_for_a_stored_referral(db):
    """Re-importing the export after a department was retired: its referrals are present, not refused."""
    original = exporting.records_frame(db, "referrals")
    department_id = db.execute(
        "select department_id from departments where name_ja = '情報政策課'"
    ).fetchone()[0]
    referrals.retire_department(db, "県 担当", today=TODAY, department_id=department_id)
    found = look(db, "referrals", exporting.to_csv(original), "r.csv")
    assert (found.problems, found.new_rows, found.already_present) == ([], 0, len(original))


COPY_INTO = {  # constant statements: no SQL is built from a table name
    "liaisons": "insert into liaisons by name select * from source_frame",
    "liaison_assignments": "insert into liaison_assignments by name select * from source_frame",
    "consultations": "insert into consultations by name select * from source_frame",
}


def _fresh_store(path, source_con):
    """A store holding the source's liaisons and consultations, and no departments or referrals."""
    tables = {
        name: source_con.cursor().table(name).df()
        for name in ("liaisons", "liaison_assignments", "consultations")
    }

    def fill(con):
        con.execute("delete from referrals")
        con.execute("delete from departments")
        for name, frame in tables.items():
            con.register("source_frame", frame)
            con.execute(COPY_INTO[name])
            con.unregister("source_frame")
        store.set_meta(con, is_demo="false")

    return store.build_with(path, fill)


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_export_import_round_trip_into_a_fresh_store(db, tmp_path, form):
    departments, referrals_before = (
        exporting.records_frame(db, kind) for kind in ("departments", "referrals")
    )
    assert len(referrals_before) == db.execute("select count(*) from referrals").fetchone()[0] > 100
    write = exporting.to_csv if form == "csv" else exporting.to_xlsx
    fresh = store.connect(_fresh_store(tmp_path / "fresh.duckdb", db))
    try:
        assert fresh.execute("select count(*) from referrals").fetchone() == (0,)
        for kind, frame in (("departments", departments), ("referrals", referrals_before)):
            found = look(fresh, kind, write(frame), f"{kind}.{form}")
            assert found.problems == [] and found.new_rows == len(frame)
            assert commit.commit(fresh, found, "県 担当") == len(frame)
            pd.testing.assert_frame_equal(exporting.records_frame(fresh, kind), frame)
            again = look(fresh, kind, write(frame), f"{kind}.{form}")
            assert (again.problems, again.new_rows, again.already_present) == ([], 0, len(frame))
    finally:
        fresh.close()


def test_cli_imports_and_exports_both_kinds(writable_store, tmp_path, capsys):
    departments = tmp_path / "departments.csv"
    departments.write_bytes(csv_bytes(table("departments", [cells("departments", DEPARTMENT, {})])))
    command = ["import", "--db", str(writable_store), "--kind", "departments", str(departments)]
    assert main([*command, "--commit", "--actor", "県 担当"]) == 0
    assert "1 件を登録しました。記録者: 県 担当" in capsys.readouterr().out
    assert main(command) == 0
    assert "すべての行が登録済みです" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(table("referrals", [cells("referrals", {"相談の管理番号": "C-0000"}, {})])))
    assert main(["import", "--db", str(writable_store), "--kind", "referrals", str(bad), "--commit"]) == 1
    assert "ファイル bad.csv の 2 行目「相談の管理番号」" in capsys.readouterr().err
    for kind, label in (("departments", "関係部署"), ("referrals", "橋渡し")):
        out = tmp_path / f"{kind}_out.csv"
        assert main(["export", "--db", str(writable_store), "--kind", kind, "--out", str(out)]) == 0
        exported = pd.read_csv(io.BytesIO(out.read_bytes()), encoding="utf-8-sig", dtype=str)
        assert f"{label} {len(exported):,} 件を出力しました" in capsys.readouterr().out
        assert list(exported.columns) == import_format.HEADERS[kind]
    assert len(exported) == 207  # the demo's referrals, every one (no 年度 given)


@pytest.mark.parametrize("kind", ["departments", "referrals"])
def test_template_has_an_example_row_that_is_skipped(db, kind):
    from openpyxl import load_workbook

    payload = template.template_xlsx(kind, db)
    workbook = load_workbook(io.BytesIO(payload))
    sheet = workbook[import_format.SHEET_NAMES[kind]]
    assert [cell.value for cell in sheet[1]] == import_format.HEADERS[kind]
    assert sheet.cell(row=2, column=2).value  # the example row
    if kind == "referrals":  # the drop-down lists the departments in use (not the retired one)
        listed = [c.value for c in workbook["選択肢"]["A"]][1:]
        assert "情報政策課" in listed and RETIRED not in listed
    found = look(db, kind, payload, "template.xlsx")
    assert "記入例" in found.warnings[0].reason and "データ行がありません" in found.problems[0].reason


def test_data_page_imports_and_exports_departments_and_referrals(app_env_writable):
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page("views/admin.py")
    at.run()
    assert not at.exception, at.exception
    radio = at.radio(key="admin_kind")
    assert {"関係部署", "橋渡し"} <= set(radio.options)  # the kinds, by their labels
    radio.set_value("departments").run()
    assert not at.exception, at.exception
    payload = csv_bytes(table("departments", [cells("departments", DEPARTMENT, {"部署名": "<b>新設課</b>"})]))
    at.file_uploader(key="admin_upload_departments").set_value(("部署.csv", payload, "text/csv")).run()
    assert not at.exception, at.exception
    assert any("新規 1 件を登録できます" in s.value for s in at.success)
    next(b for b in at.button if b.label == "この内容で登録する").click().run()
    assert not at.exception, at.exception
    assert any("1 件を登録しました" in s.value for s in at.success)
    at.selectbox(key="admin_export_kind").select("referrals").run()
    assert not at.exception, at.exception
    shown = int(next(m for m in at.metric if m.label == "件数").value.replace(",", ""))
    con = store.connect(app_env_writable)
    try:
        assert con.execute("select count(*) from departments where name_ja = '<b>新設課</b>'").fetchone() == (
            1,
        )
        expected = con.execute(
            "select count(*) from referrals where referred_on between '2025-04-01' and '2026-03-31'"
        ).fetchone()[0]
    finally:
        con.close()
    assert shown == expected > 0
    at.selectbox(key="admin_export_kind").select("departments").run()
    assert next(m for m in at.metric if m.label == "件数").value == "8"
