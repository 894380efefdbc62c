"""Engagements, pushes and follow-ups as import kinds: a corpus of bad files per kind (each problem at its file,
row, column, value, reason; nothing written), child rows in one transaction with one audit row, re-import adds
nothing, export → fresh store → export is equal (CSV and xlsx), the CLI, the templates and the データ管理 page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from liaison import demo, paths, store
from liaison.records import commit, exporting, import_format, preview, template
from liaison.records.__main__ import main
from tests.import_corpus import csv_bytes, xlsx_bytes

TODAY = demo.AS_OF  # 2025-11-30
LIAISON = "R-naka_harima-1"
RETIRED = "R-tajima-0"  # 石川 彩, who left the roster: old records may name her
ENGAGEMENT_KEY = "E-01ed1ff8e933fa44e171"  # a demo engagement held on 2025-04-02
GOOD = {
    "engagements": [
        "",
        "2025-06-02",
        "首長対話",
        "首長とのDX対話（豊岡市）",
        "豊岡市:首長、養父市:幹部",
        LIAISON,
        "新しい対話",
    ],
    "pushes": [
        "",
        "2025-06-02",
        "生成AI",
        "生成AIガイドラインのひな形（情報提供）",
        "https://example.jp/g",
        "但馬",
    ],
    "followups": [ENGAGEMENT_KEY, "ひな形を送る", "県デジタル戦略課", "2025-07-01", ""],
}
# constant statements, no SQL built
COUNT = {
    "engagements": "select count(*) from engagements",
    "engagement_participants": "select count(*) from engagement_participants",
    "engagement_liaisons": "select count(*) from engagement_liaisons",
    "engagement_followups": "select count(*) from engagement_followups",
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
    return {table: con.execute(sql).fetchone()[0] for table, sql in COUNT.items()}


def row(kind: str, **changes: str) -> list[str]:
    values = list(GOOD[kind])
    for header, value in changes.items():
        values[import_format.HEADERS[kind].index(header)] = value
    return values


def table(kind: str, *rows: list[str], header: list[str] | None = None) -> list[list[str]]:
    return [header or import_format.HEADERS[kind], *rows]


def look(con, kind: str, payload: bytes, name: str = "r.csv"):
    return preview.preview(con, kind, name, payload, today=TODAY)


@dataclass(frozen=True)
class Bad:
    kind: str
    name: str
    rows: list[list[str]]
    reason: str
    column: str | None
    row: int | None
    value: str | None = None
    header: list[str] | None = None
    formulas: dict[str, str] = field(default_factory=dict)  # an .xlsx with these formula cells

    @property
    def file_name(self) -> str:
        return f"{self.name}.xlsx" if self.formulas else f"{self.name}.csv"

    def payload(self) -> bytes:
        rows = table(self.kind, *self.rows, header=self.header)
        if self.formulas:
            return xlsx_bytes(rows, import_format.SHEET_NAMES[self.kind], self.formulas)
        return csv_bytes(rows)


def _generic(kind: str, title: str, required: str, renamed: str) -> list[Bad]:
    """Cases every kind has: a formula cell, a wrong header, an unknown column, no data rows."""
    headers = import_format.HEADERS[kind]
    good = row(kind)
    letter = "ABCDEFG"[headers.index(title)]
    return [
        Bad(
            kind,
            f"{kind}-formula",
            [good],
            "数式のセルです",
            title,
            2,
            formulas={f"{letter}2": '=CONCAT("a","b")'},
        ),
        Bad(
            kind,
            f"{kind}-wrong-header",
            [good],
            f"必須の列「{required}」がありません",
            required,
            1,
            header=[renamed if h == required else h for h in headers],
        ),
        Bad(
            kind,
            f"{kind}-unknown-column",
            [[*good, "x"]],
            "取り込む列ではありません",
            "天気",
            1,
            header=[*headers, "天気"],
        ),
        Bad(kind, f"{kind}-no-rows", [], "データ行がありません", None, None),
    ]


def engagement(**changes: str) -> list[str]:
    return row("engagements", **changes)


def push(**changes: str) -> list[str]:
    return row("pushes", **changes)


def followup(**changes: str) -> list[str]:
    return row("followups", **changes)


E, P, F = "engagements", "pushes", "followups"
CORPUS = [
    # ---- engagements
    Bad(E, "unknown-municipality", [engagement(参加市町="架空市:首長")], "兵庫県内の市町として見つかりません", "参加市町", 2, "架空市:首長"),
    Bad(E, "bad-level", [engagement(参加市町="豊岡市:社長")], "選べない値です", "参加市町", 2, "豊岡市:社長"),
    Bad(E, "municipality-twice", [engagement(参加市町="豊岡市:首長、豊岡市:職員")], "同じ市町が二度入っています（豊岡市）", "参加市町", 2),
    Bad(E, "kobe-is-outside", [engagement(参加市町="神戸市:首長")], "対象外の市町です", "参加市町", 2),
    Bad(E, "no-level", [engagement(参加市町="豊岡市")], "書き方が違います", "参加市町", 2, "豊岡市"),
    Bad(E, "no-participants", [engagement(参加市町="")], "必須の項目が空欄です", "参加市町", 2),
    Bad(E, "unknown-liaison", [engagement(出席リエゾン="山田 架空")], "リエゾン（IDまたは氏名）として見つかりません", "出席リエゾン", 2, "山田 架空"),
    Bad(E, "liaison-twice", [engagement(出席リエゾン=f"{LIAISON}、{LIAISON}")], "同じリエゾンが二度入っています", "出席リエゾン", 2),
    Bad(E, "future-date", [engagement(開催日="2025-12-01")], "未来の日付です", "開催日", 2, "2025-12-01"),
    Bad(E, "bad-date", [engagement(開催日="2025-02-30")], "", "開催日", 2, "2025-02-30"),
    Bad(E, "empty-title", [engagement(名称="")], "必須の項目が空欄です", "名称", 2),
    Bad(E, "long-title", [engagement(名称="あ" * 101)], "長すぎます（101 文字。上限 100 文字）", "名称", 2, "あ" * 101),
    Bad(E, "unknown-kind", [engagement(種類="懇親会")], "選べない値です", "種類", 2, "懇親会"),
    Bad(E, "control-in-note", [engagement(メモ="a\x07b")], "制御文字", "メモ", 2),
    Bad(
        E,
        "same-key-twice",
        [engagement(管理番号="E-x1"), engagement(管理番号="E-x1", 名称="別の対話")],
        "2 行目と同じ管理番号です",
        "管理番号",
        3,
        "E-x1",
    ),
    Bad(E, "same-content-twice", [engagement(), engagement()], "2 行目と同じ内容の行です", None, 3),
    Bad(E, "stored-key-other-values", [engagement(管理番号=ENGAGEMENT_KEY)], "登録済みで、内容が異なります", None, 2),
    *_generic(E, "名称", "名称", "会議の名前"),
    # ---- pushes
    Bad(P, "unknown-region", [push(配信先="架空圏域")], "圏域または市町として見つかりません", "配信先", 2, "架空圏域"),
    Bad(P, "empty-recipients", [push(配信先="")], "必須の項目が空欄です", "配信先", 2),
    Bad(P, "kobe-region", [push(配信先="神戸")], "リエゾン対象の市町がない圏域です", "配信先", 2, "神戸"),
    Bad(P, "unknown-in-list", [push(配信先="豊岡市、架空市")], "兵庫県内の市町として見つかりません", "配信先", 2, "豊岡市、架空市"),
    Bad(P, "recipient-twice", [push(配信先="豊岡市、豊岡市")], "同じ市町が二度入っています", "配信先", 2),
    Bad(P, "kobe-in-list", [push(配信先="豊岡市、神戸市")], "対象外の市町です", "配信先", 2),
    Bad(P, "unknown-field", [push(分野="量子計算")], "DX分野として見つかりません", "分野", 2, "量子計算"),
    Bad(P, "empty-field", [push(分野="")], "必須の項目が空欄です", "分野", 2),
    Bad(P, "future-date", [push(配信日="2026-01-05")], "未来の日付です", "配信日", 2, "2026-01-05"),
    Bad(P, "bad-date", [push(配信日="R7.13.1")], "", "配信日", 2, "R7.13.1"),
    Bad(P, "empty-title", [push(件名="")], "必須の項目が空欄です", "件名", 2),
    Bad(P, "long-title", [push(件名="い" * 101)], "長すぎます（101 文字。上限 100 文字）", "件名", 2),
    Bad(P, "control-in-body", [push(**{"本文・リンク": "x\x01"})], "制御文字", "本文・リンク", 2),
    Bad(
        P,
        "same-key-twice",
        [push(管理番号="P-x1"), push(管理番号="P-x1", 件名="別の配信")],
        "2 行目と同じ管理番号です",
        "管理番号",
        3,
        "P-x1",
    ),
    Bad(P, "same-content-twice", [push(), push()], "2 行目と同じ内容の行です", None, 3),
    *_generic(P, "件名", "配信先", "送り先"),
    # ---- follow-ups
    Bad(F, "unknown-engagement", [followup(関わりの管理番号="E-ffffffffffffffffffff")], "先に関わり（会議・対話）を取り込んでください", "関わりの管理番号", 2, "E-ffffffffffffffffffff"),
    Bad(F, "no-engagement", [followup(関わりの管理番号="")], "必須の項目が空欄です", "関わりの管理番号", 2),
    Bad(F, "empty-promise", [followup(フォローアップの内容="")], "必須の項目が空欄です", "フォローアップの内容", 2),
    Bad(F, "long-promise", [followup(フォローアップの内容="う" * 501)], "長すぎます（501 文字。上限 500 文字）", "フォローアップの内容", 2),
    Bad(F, "empty-promised-by", [followup(約束した人="")], "必須の項目が空欄です", "約束した人", 2),
    Bad(F, "long-promised-by", [followup(約束した人="え" * 101)], "長すぎます（101 文字。上限 100 文字）", "約束した人", 2),
    Bad(F, "future-done", [followup(対応済みの日="2025-12-24")], "未来の日付です", "対応済みの日", 2, "2025-12-24"),
    Bad(F, "done-before-engagement", [followup(対応済みの日="2025-04-01")], "関わりの開催日（2025-04-02）より前です", "対応済みの日", 2, "2025-04-01"),
    Bad(F, "bad-due", [followup(期限="2025/02/30")], "", "期限", 2, "2025/02/30"),
    Bad(F, "control-in-promise", [followup(フォローアップの内容="送\x0bる")], "制御文字", "フォローアップの内容", 2),
    Bad(F, "same-followup-twice", [followup(), followup()], "2 行目と同じフォローアップです", None, 3),
    *_generic(F, "約束した人", "フォローアップの内容", "やること"),
]  # fmt: skip


def test_the_corpus_has_fifteen_bad_files_per_kind():
    for kind in (E, P, F):
        assert len([case for case in CORPUS if case.kind == kind]) >= 15, kind


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: f"{case.kind}-{case.name}")
def test_bad_file_names_the_cell_and_writes_nothing(db, case):
    before = counts(db)
    found = look(db, case.kind, case.payload(), case.file_name)
    assert not found.ok and found.rows.empty and found.new_rows == 0
    problem = next((p for p in found.problems if p.column == case.column), None)
    assert problem is not None, [p.message() for p in found.problems]
    assert (problem.file, problem.row, problem.column) == (case.file_name, case.row, case.column)
    assert case.reason in problem.reason, problem.message()
    if case.value is not None:
        assert problem.value == case.value
    assert problem.message("en") != problem.message()  # said in English too
    with pytest.raises(Exception):  # noqa: B017 - a preview with problems never commits
        commit.commit(db, found, "テスト")
    assert counts(db) == before


def test_engagement_import_writes_its_child_rows_and_one_audit_row_once(db):
    payload = csv_bytes(
        table(
            E,
            engagement(出席リエゾン=f"{LIAISON}、{RETIRED}"),  # a person who has left may be named
            engagement(管理番号="E-own-1", 開催日="R7.7.1", 名称="幹部との懇談", 参加市町="朝来市：幹部"),
        )
    )
    before = counts(db)
    first = look(db, E, payload)
    assert (first.problems, first.new_rows, first.already_present) == ([], 2, 0)
    assert commit.commit(db, first, "県 担当") == 2
    after = counts(db)
    assert after["engagements"] - before["engagements"] == 2
    assert after["engagement_participants"] - before["engagement_participants"] == 3
    assert after["engagement_liaisons"] - before["engagement_liaisons"] == 3
    assert after["audit_log"] - before["audit_log"] == 1
    assert db.execute(
        "select action, table_name from audit_log order by audit_id desc limit 1"
    ).fetchone() == (
        "import",
        "engagements",
    )
    stored = db.execute(
        "select engagements.title, engagements.source_key, municipality_code, participant_level from engagements"
        " inner join engagement_participants using (engagement_id)"
        " where engagements.title in ('幹部との懇談', '首長とのDX対話（豊岡市）') order by 1, 3"
    ).fetchall()
    content_key = stored[1][1]
    assert stored[0] == ("幹部との懇談", "E-own-1", "282251", "幹部")
    assert content_key.startswith("E-") and len(content_key) == 22
    assert [(code, level) for _, _, code, level in stored[1:]] == [("282090", "首長"), ("282227", "幹部")]
    again = look(db, E, payload)  # by 管理番号, and by content key when blank
    assert (again.problems, again.new_rows, again.already_present) == ([], 0, 2)
    assert commit.commit(db, again, "県 担当") == 0 and counts(db) == after
    exported = exporting.records_frame(db, E).set_index("管理番号").loc[content_key]
    assert (
        exported["出席リエゾン"] == f"{_label(db, LIAISON)}、石川 彩"
    )  # in id order; the retired one by name


def _label(con, liaison_id: str) -> str:
    return con.execute("select name_ja from liaisons where liaison_id = $id", {"id": liaison_id}).fetchone()[
        0
    ]


def test_same_content_key_with_other_participants_gets_the_next_number(db):
    first = look(db, E, csv_bytes(table(E, engagement())))
    commit.commit(db, first, "県 担当")
    key = db.execute(
        "select source_key from engagements where title = '首長とのDX対話（豊岡市）'"
    ).fetchone()[0]
    other = look(db, E, csv_bytes(table(E, engagement(参加市町="朝来市:首長"))))
    assert (other.problems, other.new_rows) == ([], 1)
    assert other.rows["source_key"].tolist() == [f"{key}-2"]


def test_push_recipients_all_a_region_or_a_list(db):
    payload = csv_bytes(
        table(
            P,
            push(),
            push(件名="全市町へ", 配信先="すべて"),
            push(件名="二市へ", 配信先="養父市、豊岡市"),
        )
    )
    found = look(db, P, payload)
    assert found.problems == [] and found.new_rows == 3
    assert commit.commit(db, found, "県 担当") == 3
    stored = db.execute(
        "select title, recipient_scope, count(*) from chat_pushes inner join chat_push_recipients using (push_id)"
        " where title in ('生成AIガイドラインのひな形（情報提供）', '全市町へ', '二市へ') group by all order by 1"
    ).fetchall()
    assert stored == [
        ("二市へ", "list", 2),
        ("全市町へ", "all", 40),
        ("生成AIガイドラインのひな形（情報提供）", "tajima", 5),
    ]
    exported = exporting.records_frame(db, P).set_index("件名")
    assert (
        exported.loc["二市へ", "配信先"] == "豊岡市、養父市"
        and exported.loc["全市町へ", "配信先"] == "すべて"
    )
    assert look(db, P, payload).new_rows == 0


def test_followups_import_after_their_engagement(db):
    payload = csv_bytes(
        table(F, followup(), followup(フォローアップの内容="名簿を送る", 対応済みの日="2025-05-01"))
    )
    found = look(db, F, payload)
    assert (found.problems, found.new_rows) == ([], 2)
    before = counts(db)
    assert commit.commit(db, found, "県 担当") == 2
    after = counts(db)
    assert after["engagement_followups"] - before["engagement_followups"] == 2
    assert after["audit_log"] - before["audit_log"] == 1
    done = db.execute(
        "select done_on from engagement_followups inner join engagements using (engagement_id)"
        " where engagements.source_key = $key and promise = '名簿を送る'",
        {"key": ENGAGEMENT_KEY},
    ).fetchone()
    assert done == (date(2025, 5, 1),)
    changed = look(db, F, csv_bytes(table(F, followup(対応済みの日="2025-08-01"))))
    assert changed.new_rows == 0 and "対応済みの日が違います" in changed.warnings[0].reason


def _fresh(tmp_path, name: str):
    path = store.build_with(tmp_path / name, lambda con: store.set_meta(con, is_demo="false"))
    return store.connect(path)


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_export_then_import_into_a_fresh_store_is_equal(db, tmp_path, form):
    kinds = ("liaisons", E, P, F)  # the roster first: engagements name their liaisons
    original = {kind: exporting.records_frame(db, kind) for kind in kinds}
    assert all(len(original[kind]) for kind in kinds)
    target = _fresh(tmp_path, f"fresh_{form}.duckdb")
    try:
        for kind in kinds:
            frame = original[kind]
            payload = exporting.to_csv(frame) if form == "csv" else exporting.to_xlsx(frame)
            found = preview.preview(target, kind, f"r.{form}", payload, today=TODAY)
            assert found.problems == [], [p.message() for p in found.problems[:3]]
            assert commit.commit(target, found, "県 担当") == len(frame)
        for kind in kinds:
            pd.testing.assert_frame_equal(exporting.records_frame(target, kind), original[kind])
    finally:
        target.close()


def test_export_filters_by_year_and_region(db):
    every = exporting.records_frame(db, E)
    year = exporting.records_frame(db, E, fiscal_year=2025)
    tajima = exporting.records_frame(db, E, fiscal_year=2025, region_id="tajima")
    assert len(every) > len(year) > len(tajima) > 0
    assert all(day >= date(2025, 4, 1) for day in year["開催日"])
    with pytest.raises(TypeError):
        exporting.records_frame(db, P, status="受付")


def test_templates_have_an_example_row_that_is_skipped(db):
    import io

    from openpyxl import load_workbook

    for kind in (E, P, F):
        payload = template.template_xlsx(kind, db)
        sheet = load_workbook(io.BytesIO(payload))[import_format.SHEET_NAMES[kind]]
        assert [c.value for c in sheet[1]] == import_format.HEADERS[kind]
        assert import_format.EXAMPLE_NOTE in [c.value for c in sheet[2]]
        found = look(db, kind, payload, "t.xlsx")
        assert "記入例" in found.warnings[0].reason and found.new_rows == 0


def test_engagement_headers_as_other_offices_write_them(db):
    header = ["管理番号", "実施日", "種別", "件名", "参加市町", "出席リエゾン", "概要"]
    found = look(db, E, csv_bytes(table(E, engagement(), header=header)))
    assert (found.problems, found.new_rows) == ([], 1)


@pytest.mark.parametrize("kind", [E, P, F])
def test_cli_import_and_export(writable_store, tmp_path, capsys, kind):
    file = tmp_path / f"{kind}.csv"
    file.write_bytes(csv_bytes(table(kind, row(kind))))
    db_arg = ["--db", str(writable_store), "--kind", kind]
    assert main(["import", *db_arg, str(file), "--commit", "--actor", "県 担当"]) == 0
    assert "1 件を登録しました。記録者: 県 担当" in capsys.readouterr().out
    assert main(["import", *db_arg, str(file)]) == 0
    assert "すべての行が登録済みです" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    day = {E: "開催日", P: "配信日", F: "対応済みの日"}[kind]
    bad.write_bytes(csv_bytes(table(kind, row(kind, **{day: "2099-01-01"}))))
    assert main(["import", *db_arg, str(bad), "--commit"]) == 1
    assert f"ファイル bad.csv の 2 行目「{day}」" in capsys.readouterr().err
    out = tmp_path / "out.xlsx"
    assert main(["export", *db_arg, "--out", str(out)]) == 0
    assert f"{import_format.KIND_LABELS[kind]} " in capsys.readouterr().out
    con = store.connect(writable_store)
    try:
        assert look(con, kind, out.read_bytes(), "out.xlsx").new_rows == 0
    finally:
        con.close()


def test_data_page_imports_and_exports_the_new_kinds(app_env_writable):
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page("views/admin.py")
    at.run()
    assert not at.exception, at.exception
    options = at.radio(key="admin_kind").options
    assert {"トップ層との関わり", "LoGoチャット配信", "関わりのフォローアップ"} <= set(options)
    at.radio(key="admin_kind").set_value(E).run()
    payload = csv_bytes(table(E, engagement(名称="<b>対話</b>")))
    at.file_uploader(key="admin_upload_engagements").set_value(("関わり.csv", payload, "text/csv")).run()
    assert not at.exception, at.exception
    assert any("新規 1 件を登録できます" in s.value for s in at.success)
    next(b for b in at.button if b.label == "この内容で登録する").click().run()
    assert not at.exception, at.exception
    assert any("1 件を登録しました" in s.value for s in at.success)
    for kind in (E, P, F):
        at.selectbox(key="admin_export_kind").select(kind).run()
        assert not at.exception, at.exception
        assert int(next(m for m in at.metric if m.label == "件数").value.replace(",", "")) > 0
