"""Imports: the bad-file corpus (a specific problem each, nothing written), good files, keys, templates,
and the export → import round trip into a fresh store."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from liaison import demo, records, safe_text, store
from liaison.records import exporting, import_format, transactions
from liaison.records.commit import commit
from liaison.records.preview import Preview, preview, rows_frame
from liaison.records.template import template_xlsx
from tests import import_corpus as corpus
from tests.import_corpus import GOOD, LIAISON, RECORD_KINDS, csv_bytes, row, table, xlsx_bytes

TODAY = demo.AS_OF


@pytest.fixture
def db(writable_store):
    con = store.connect(writable_store)
    yield con
    con.close()


# every table a liaison's work is recorded in, and the audit log (constant statements, no SQL built)
COUNTS = {
    "visits": "select count(*) from visits",
    "consultations": "select count(*) from consultations",
    "support_actions": "select count(*) from support_actions",
    "readiness_assessments": "select count(*) from readiness_assessments",
    "engagements": "select count(*) from engagements",
    "engagement_participants": "select count(*) from engagement_participants",
    "chat_pushes": "select count(*) from chat_pushes",
    "chat_push_recipients": "select count(*) from chat_push_recipients",
    "departments": "select count(*) from departments",
    "referrals": "select count(*) from referrals",
    "liaisons": "select count(*) from liaisons",
    "liaison_assignments": "select count(*) from liaison_assignments",
    "engagement_liaisons": "select count(*) from engagement_liaisons",
    "engagement_followups": "select count(*) from engagement_followups",
    "voided_records": "select count(*) from voided_records",
    "audit_log": "select count(*) from audit_log",
    "import_column_maps": "select count(*) from import_column_maps",
    "accounts": "select count(*) from accounts",
    "login_sessions": "select count(*) from login_sessions",
    "login_events": "select count(*) from login_events",
}


def counts(con) -> dict[str, int]:
    cursor = con.cursor()
    try:
        return {table_name: cursor.execute(sql).fetchone()[0] for table_name, sql in COUNTS.items()}
    finally:
        cursor.close()


def test_counts_cover_every_record_table(db):
    tables = {name for (name,) in db.execute("select table_name from duckdb_tables()").fetchall()}
    reference = {
        "store_meta",
        "regions",
        "municipalities",
        "dx_fields",
        "schema_migrations",
        "reference_files",
    }
    assert tables - reference == set(COUNTS)


# --------------------------------------------------------------------------- the bad-file corpus


def test_corpus_is_large_enough():
    assert len(corpus.CASES) >= 25
    assert len({case.name for case in corpus.CASES}) == len(corpus.CASES)


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda case: case.name)
def test_bad_file_gives_its_problem_and_writes_nothing(db, case):
    before = counts(db)
    result = preview(db, case.kind, case.file_name, case.build(), today=TODAY)
    assert not result.ok
    matching = [p for p in result.problems if case.reason in p.reason]
    assert matching, [p.message() for p in result.problems]
    problem = matching[0]
    assert (problem.column, problem.row, problem.file) == (case.column, case.row, case.file_name)
    assert case.reason in problem.message() and case.file_name in problem.message()
    with pytest.raises(records.ValidationError) as raised:
        commit(db, result, "テスト担当")
    assert raised.value.problems == result.problems
    assert counts(db) == before


def test_bad_row_among_good_rows_writes_nothing(db):
    before = counts(db)
    rows = [row("visits", 概要=f"訪問{i}") for i in range(50)] + [row("visits", 市町="神戸市")]
    result = preview(db, "visits", "v.csv", csv_bytes(table("visits", *rows)), today=TODAY)
    assert [p.row for p in result.problems] == [52]
    assert result.new_rows == 50 and result.rows.empty
    with pytest.raises(records.ValidationError):
        commit(db, result, "テスト担当")
    assert counts(db) == before


def test_every_problem_is_listed_not_only_the_first(db):
    rows = [row("consultations", 受付方法="FAX", 受付日="2025-13-01"), row("consultations", 市町="神戸市")]
    result = preview(db, "consultations", "c.csv", csv_bytes(table("consultations", *rows)), today=TODAY)
    found = {(p.row, p.column) for p in result.problems}
    assert found == {(2, "受付日"), (2, "受付方法"), (3, "市町")}
    frame = records.problems_frame(result.problems)
    assert list(frame.columns) == ["ファイル", "行", "列", "値", "理由"]
    assert frame["行"].tolist() == [2, 2, 3]


def test_oversize_is_a_problem_with_sizes(db):
    result = preview(db, "visits", "big.csv", b"a" * (import_format.MAX_BYTES + 1), today=TODAY)
    assert "上限 32 MB" in result.problems[0].reason and "分割" in result.problems[0].reason


# --------------------------------------------------------------------------- good files


def _only_ok(result: Preview) -> Preview:
    assert result.ok, [p.message() for p in result.problems]
    return result


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_encodings_are_detected(db, encoding):
    # CP932-only characters (髙, ①) and a CP932 file "declared" by nothing but its name
    rows = [row("visits", 概要="髙橋課長と①の件を確認")]
    name = "visits_utf8.csv" if encoding == "cp932" else "visits.csv"
    result = _only_ok(preview(db, "visits", name, csv_bytes(table("visits", *rows), encoding), today=TODAY))
    assert result.rows.loc[0, "summary"] == "髙橋課長と①の件を確認"
    assert commit(db, result, "テスト担当") == 1


def test_short_cp932_file_is_detected(db):
    payload = csv_bytes(table("visits", row("visits")), "cp932")
    assert _only_ok(preview(db, "visits", "v.csv", payload, today=TODAY)).new_rows == 1


def test_tab_separated_file(db):
    payload = corpus.csv_bytes(table("visits", row("visits")), sep="\t")
    assert _only_ok(preview(db, "visits", "v.csv", payload, today=TODAY)).new_rows == 1


def test_xlsx_with_real_dates_and_numbers(db):
    rows = [
        import_format.HEADERS["readiness"],
        ["姫路市", 2023, date(2023, 8, 1), 1, 3, 3, 3, 3, 2, 2, 3, 4.0, None],
    ]
    result = _only_ok(preview(db, "readiness", "r.xlsx", xlsx_bytes(rows, "DX推進度"), today=TODAY))
    assert result.rows.loc[0, "score_issue_awareness"] == 4
    assert result.rows.loc[0, "assessed_on"] == pd.Timestamp("2023-08-01")


def test_xlsx_row_numbers_count_blank_rows(db):
    rows = table(
        "visits", row("visits"), ["", "", "", "", "", "", "", ""], [""] * 8, row("visits", 市町="神戸市")
    )
    result = preview(db, "visits", "v.xlsx", xlsx_bytes(rows, "訪問"), today=TODAY)
    assert [(p.row, p.column) for p in result.problems] == [(5, "市町")]


def test_xlsx_formula_alone_in_a_row_is_still_reported(db):
    payload = xlsx_bytes(table("visits", row("visits")), "訪問", {"B3": "=TODAY()"})
    result = preview(db, "visits", "v.xlsx", payload, today=TODAY)
    assert any(p.row == 3 and p.column == "訪問日" and "数式のセル" in p.reason for p in result.problems)


@pytest.mark.parametrize(
    "written",
    ["姫路市", "282014", "28201", "２８２０１", "姫 路 市", "　姫路市　", "兵庫県姫路市", "兵庫県 姫路市"],
)
def test_municipality_by_code_or_name(db, written):
    payload = csv_bytes(table("visits", row("visits", 市町=written)))
    result = _only_ok(preview(db, "visits", "v.csv", payload, today=TODAY))
    assert result.rows.loc[0, "municipality_code"] == "282014"


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2025-04-01", date(2025, 4, 1)),
        ("2025/4/1", date(2025, 4, 1)),
        ("R7.4.1", date(2025, 4, 1)),
        ("令和7年4月1日", date(2025, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("２０２５／４／１", date(2025, 4, 1)),
    ],
)
def test_date_formats(db, written, day):
    payload = csv_bytes(table("visits", row("visits", 訪問日=written)))
    result = _only_ok(preview(db, "visits", "v.csv", payload, today=TODAY))
    assert result.rows.loc[0, "visited_on"].date() == day


def test_liaisons_by_name_fields_by_name_enumerations_by_label(db):
    name = db.execute("select name_ja from liaisons where liaison_id = $id", {"id": LIAISON}).fetchone()[0]
    rows = [
        row(
            "consultations",
            担当リエゾン=name.replace(" ", "　"),
            分野="ＡＩ・ＲＰＡ",
            受付方法="ﾒｰﾙ",
            状況="",
        )
    ]
    result = _only_ok(
        preview(db, "consultations", "c.csv", csv_bytes(table("consultations", *rows)), today=TODAY)
    )
    first = result.rows.iloc[0]
    assert (first["owner_liaison_id"], first["field_id"], first["channel"], first["status"]) == (
        LIAISON,
        "ai_rpa",
        "メール",
        "受付",
    )


def test_import_twice_adds_nothing_the_second_time(db):
    payload = csv_bytes(table("consultations", *[row("consultations", 件名=f"相談{i}") for i in range(5)]))
    first = _only_ok(preview(db, "consultations", "c.csv", payload, today=TODAY))
    assert commit(db, first, "テスト担当") == 5
    before = counts(db)
    second = preview(db, "consultations", "c.csv", payload, today=TODAY)
    assert (second.problems, second.new_rows, second.already_present, second.ok) == ([], 0, 5, False)
    assert commit(db, second, "テスト担当") == 0
    assert counts(db) == before


def test_given_key_is_kept_and_makes_rows_distinct(db):
    rows = [row("visits", 管理番号="2025-001"), row("visits", 管理番号="2025-002")]  # same content
    result = _only_ok(preview(db, "visits", "v.csv", csv_bytes(table("visits", *rows)), today=TODAY))
    assert result.rows["source_key"].tolist() == ["2025-001", "2025-002"]


def test_stored_record_changed_in_the_file_is_a_problem_not_an_overwrite(db):
    exported = exporting.records_frame(db, "consultations").head(3).copy()
    exported.loc[exported.index[1], "状況"] = "保留"
    exported.loc[exported.index[1], "完了日"] = None
    result = preview(db, "consultations", "c.csv", exporting.to_csv(exported), today=TODAY)
    assert len(result.problems) == 1 and result.problems[0].row == 3
    assert "登録済みで、内容が異なります（状況: 登録 " in result.problems[0].reason
    assert "取込では上書きしません" in result.problems[0].reason


def test_readiness_identical_row_is_already_present(db):
    exported = exporting.records_frame(db, "readiness", fiscal_year=2025, codes=["282014"])
    result = preview(db, "readiness", "r.csv", exporting.to_csv(exported), today=TODAY)
    assert (result.problems, result.already_present, result.new_rows) == ([], 1, 0)


def test_formula_text_is_accepted_stored_verbatim_and_neutralised_on_export(db):
    formula = '=HYPERLINK("http://example.invalid","詳細")'
    payload = csv_bytes(
        table("consultations", row("consultations", 件名=formula, 内容="@SUM(A1)", 管理番号="F-1"))
    )
    result = _only_ok(preview(db, "consultations", "c.csv", payload, today=TODAY))
    commit(db, result, "テスト担当")
    stored = db.execute("select title, detail from consultations where source_key = 'F-1'").fetchone()
    assert stored == (formula, "@SUM(A1)")
    frame = exporting.records_frame(db, "consultations", codes=["282014"], date_from=date(2025, 6, 2))
    text = exporting.to_csv(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    again = preview(db, "consultations", "c.csv", exporting.to_csv(frame), today=TODAY)
    assert again.problems == [] and again.new_rows == 0  # the apostrophe is removed again on import


def test_script_payload_is_stored_verbatim(db):
    payload_text = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    payload = csv_bytes(table("visits", row("visits", 概要=payload_text)))
    result = _only_ok(preview(db, "visits", "v.csv", payload, today=TODAY))
    commit(db, result, "テスト担当")
    assert (
        db.execute("select count(*) from visits where summary = $s", {"s": payload_text}).fetchone()[0] == 1
    )
    # in a problem table it stays a plain value; as markdown it is escaped (liaison.safe_text)
    bad = preview(
        db, "visits", "v.csv", csv_bytes(table("visits", row("visits", 市町=payload_text))), today=TODAY
    )
    assert records.problems_frame(bad.problems).loc[0, "値"] == payload_text
    shown = safe_text.markdown(bad.problems[0].message())
    assert "<script>" not in shown and "\\<script\\>" in shown


def test_blank_rows_and_trailing_empty_columns_are_ignored(db):
    text = (
        ",".join(import_format.HEADERS["visits"])
        + ",,\r\n"
        + ",".join(GOOD["visits"])
        + ",,\r\n,,,,,,,,\r\n\r\n"
    )
    result = _only_ok(preview(db, "visits", "v.csv", text.encode(), today=TODAY))
    assert result.new_rows == 1


def test_rows_frame_shows_the_new_rows_as_written(db):
    payload = csv_bytes(table("consultations", row("consultations", 市町="28201", 分野="genai")))
    result = _only_ok(preview(db, "consultations", "c.csv", payload, today=TODAY))
    shown = rows_frame(db, result)
    assert list(shown.columns) == import_format.HEADERS["consultations"]
    first = shown.iloc[0]
    assert (first["市町"], first["分野"], first["受付日"]) == ("姫路市", "生成AI", date(2025, 6, 2))
    assert first["管理番号"].startswith("C-")


def test_benchmark_file_is_valid(db):
    import sys

    sys.path.insert(0, str(store.paths.ROOT / "bench"))
    try:
        import bench_import
    finally:
        sys.path.remove(str(store.paths.ROOT / "bench"))
    payload = bench_import.consultations_csv(db, 300)
    result = _only_ok(preview(db, "consultations", "bench.csv", payload, today=TODAY))
    assert result.new_rows == 300


# --------------------------------------------------------------------------- commit


def test_commit_writes_rows_and_one_audit_row(db):
    rows = [row("visits", 概要=f"訪問{i}") for i in range(20)]
    payload = csv_bytes(table("visits", *rows))
    result = _only_ok(preview(db, "visits", "v.csv", payload, today=TODAY))
    before = counts(db)
    assert commit(db, result, "テスト担当") == 20
    after = counts(db)
    assert after["visits"] == before["visits"] + 20 and after["audit_log"] == before["audit_log"] + 1
    audit = db.execute("select actor, table_name, record_key, action, after_json from audit_log").fetchall()[
        -1
    ]
    assert audit[:4] == ("テスト担当", "visits", result.sha256, "import")
    assert '"inserted": 20' in audit[4]
    first_id = db.execute("select min(visit_id) from visits where summary = '訪問0'").fetchone()[0]
    history = transactions.history(db, "visits", str(first_id))
    assert history["action"].tolist() == ["import"] and history["actor"].tolist() == ["テスト担当"]


def test_commit_is_all_or_nothing(db, monkeypatch):
    rows = [row("visits", 概要=f"訪問{i}") for i in range(3)]
    result = _only_ok(preview(db, "visits", "v.csv", csv_bytes(table("visits", *rows)), today=TODAY))
    before = counts(db)

    def failing_audit(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(transactions, "audit", failing_audit)
    with pytest.raises(RuntimeError):
        commit(db, result, "テスト担当")
    assert counts(db) == before


def test_commit_skips_rows_added_since_the_preview(db):
    payload = csv_bytes(table("visits", row("visits")))
    first = _only_ok(preview(db, "visits", "v.csv", payload, today=TODAY))
    second = _only_ok(preview(db, "visits", "v.csv", payload, today=TODAY))
    assert commit(db, first, "テスト担当") == 1
    assert commit(db, second, "テスト担当") == 0


def test_commit_needs_an_actor(db):
    result = _only_ok(preview(db, "visits", "v.csv", csv_bytes(table("visits", row("visits"))), today=TODAY))
    with pytest.raises(records.ValidationError, match="操作者"):
        commit(db, result, "  ")


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_template_has_headers_example_dropdowns_and_guide(db, kind):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(template_xlsx(kind, db)))
    assert workbook.sheetnames == [import_format.SHEET_NAMES[kind], "選択肢", "説明"]
    sheet = workbook[import_format.SHEET_NAMES[kind]]
    assert [c.value for c in sheet[1]] == import_format.HEADERS[kind]
    assert import_format.EXAMPLE_NOTE in [c.value for c in sheet[2]]
    lists = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
        for dv in sheet.data_validations.dataValidation
    }
    muni_letter = chr(65 + import_format.HEADERS[kind].index("市町"))
    assert lists[muni_letter] == "'選択肢'!$A$2:$A$41"  # the 40 municipalities in the programme
    choices = workbook["選択肢"]
    assert "神戸市" not in [c.value for c in choices["A"]] and "姫路市" in [c.value for c in choices["A"]]
    guide_text = " ".join(str(c.value) for r in workbook["説明"].iter_rows() for c in r if c.value)
    assert "R7.4.1" in guide_text and "必須" in guide_text


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_filled_template_imports_and_skips_the_example(db, kind):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(template_xlsx(kind, db)))
    sheet = workbook[import_format.SHEET_NAMES[kind]]
    for position, value in enumerate(GOOD[kind], start=1):
        sheet.cell(row=3, column=position, value=value or None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _only_ok(preview(db, kind, "filled.xlsx", buffer.getvalue(), today=TODAY))
    assert result.new_rows == 1 and [w.row for w in result.warnings] == [2]


def test_template_alone_has_no_data(db):
    result = preview(db, "visits", "t.xlsx", template_xlsx("visits", db), today=TODAY)
    assert "見出し行と記入例の行だけです" in result.problems[0].reason


# --------------------------------------------------------------------------- round trip


def _fresh_store(path, source_con):
    liaisons = source_con.execute("select * from liaisons").df()
    assignments = source_con.execute("select * from liaison_assignments").df()

    def fill(con):
        con.register("source_liaisons", liaisons)
        con.register("source_assignments", assignments)
        con.execute("insert into liaisons by name select * from source_liaisons")
        con.execute("insert into liaison_assignments by name select * from source_assignments")
        con.unregister("source_liaisons")
        con.unregister("source_assignments")
        store.set_meta(con, is_demo="false")

    return store.build_with(path, fill)


def _sorted(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    keys = ["市町", "年度"] if kind == "readiness" else ["管理番号"]
    return frame.sort_values(keys).reset_index(drop=True)


@pytest.mark.parametrize("kind", RECORD_KINDS)
@pytest.mark.parametrize("form", ["csv", "cp932", "xlsx"])
def test_export_import_round_trip_into_a_fresh_store(db, tmp_path, kind, form):
    original = exporting.records_frame(db, kind)
    payload = {
        "csv": lambda: exporting.to_csv(original),
        "cp932": lambda: exporting.to_csv(original, "cp932"),
        "xlsx": lambda: exporting.to_xlsx(original),
    }[form]()
    file_name = f"{kind}.xlsx" if form == "xlsx" else f"{kind}.csv"
    fresh = store.connect(_fresh_store(tmp_path / "fresh.duckdb", db))
    try:
        result = _only_ok(preview(fresh, kind, file_name, payload, today=TODAY))
        assert commit(fresh, result, "テスト担当") == len(original)
        recreated = exporting.records_frame(fresh, kind)
        pd.testing.assert_frame_equal(_sorted(recreated, kind), _sorted(original, kind))
        again = preview(fresh, kind, file_name, payload, today=TODAY)
        assert (again.problems, again.new_rows, again.already_present) == ([], 0, len(original))
    finally:
        fresh.close()


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_export_reimported_into_the_same_store_adds_nothing(db, kind):
    original = exporting.records_frame(db, kind)
    result = preview(db, kind, f"{kind}.xlsx", exporting.to_xlsx(original), today=TODAY)
    assert (result.problems, result.new_rows, result.already_present) == ([], 0, len(original))
