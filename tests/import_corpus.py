"""A corpus of bad import files, built in code, each with the message, column and row it must produce.

Every case is valid except for the one thing it is named after, against the seeded demo store
(today = 2025-11-30). Used by tests/test_import.py.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from liaison.records import import_format

LIAISON = "R-naka_harima-1"  # a demo liaison of 中播磨 (姫路市's region)

GOOD = {
    "visits": ["", "2025-06-02", "姫路市", "自治体DX担当", "定期巡回", "", LIAISON, "DX推進計画の進捗を確認"],
    "consultations": [
        "",
        "2025-06-02",
        "姫路市",
        "生成AI",
        "電話",
        "生成AIの利用ガイドラインについて",
        "庁内ガイドラインの素案へのご意見",
        "対応中",
        LIAISON,
        "",
    ],
    # FY2023 has no demo assessment, so this row is new
    "readiness": ["姫路市", "2023", "2023-08-01", "1", "3", "3", "3", "3", "2", "2", "3", "4", ""],
    # issue 11: a new person on the roster (no ID: one is given on commit)
    "liaisons": ["", "新井 花子", "デジタル戦略課", "地域:但馬、地域:丹波", "内線 3120", "2025-04-01", ""],
}


# The kinds of dated records keyed by 管理番号 or 市町×年度, one table row each; the roster (liaisons, one
# row per person, matched by ID or 氏名+所属) has its own round trip, CLI and corpus in
# tests/test_roster_import.py, engagements, pushes and follow-ups (child rows in a cell) theirs in
# tests/test_relation_import.py, and 関係部署 and 橋渡し (departments, referrals) theirs in
# tests/test_referral_import.py.
OWN_TESTS = ("liaisons", "engagements", "pushes", "followups", "departments", "referrals")
RECORD_KINDS = tuple(kind for kind in import_format.KINDS if kind not in OWN_TESTS)


def row(kind: str, **changes: str) -> list[str]:
    """The good row of `kind` with some cells (by Japanese header) changed."""
    values = list(GOOD[kind])
    for header, value in changes.items():
        values[import_format.HEADERS[kind].index(header)] = value
    return values


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", sep: str = ",") -> bytes:
    """Rows as CSV text (quoted where needed), CRLF line ends, in `encoding`."""
    import csv

    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def table(kind: str, *rows: list[str], header: list[str] | None = None) -> list[list[str]]:
    return [header or import_format.HEADERS[kind], *rows]


def xlsx_bytes(rows: list[list[object]], sheet: str, formula_cells: dict[str, str] | None = None) -> bytes:
    """An .xlsx with one sheet; every cell is written as text (data_type 's') unless in formula_cells."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    for ref, formula in (formula_cells or {}).items():
        ws[ref] = formula  # openpyxl stores a string starting with = as a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    file_name: str
    build: Callable[[], bytes]
    reason: str  # a substring of the Problem's reason
    column: str | None  # the Problem's column
    row: int | None  # the Problem's row


def _csv(kind: str, *rows: list[str], header: list[str] | None = None, encoding: str = "utf-8"):
    return lambda: csv_bytes(table(kind, *rows, header=header), encoding)


def _without(kind: str, header: str) -> Callable[[], bytes]:
    position = import_format.HEADERS[kind].index(header)
    drop = lambda values: values[:position] + values[position + 1 :]  # noqa: E731
    return lambda: csv_bytes([drop(import_format.HEADERS[kind]), drop(GOOD[kind])])


def _renamed(kind: str, header: str, new: str) -> Callable[[], bytes]:
    names = [new if h == header else h for h in import_format.HEADERS[kind]]
    return lambda: csv_bytes([names, GOOD[kind]])


def _extra_column(kind: str, header: str, value: str) -> Callable[[], bytes]:
    return lambda: csv_bytes([[*import_format.HEADERS[kind], header], [*GOOD[kind], value]])


V, C, R = "visits", "consultations", "readiness"
LONG_TITLE = "あ" * 201

CASES: list[Case] = [
    # ---- the file itself
    Case(
        "undecodable-bytes",
        V,
        "v.csv",
        lambda: bytes(range(128, 256)) * 8,
        "文字コードを判別できません",
        None,
        None,
    ),
    Case(
        "utf16",
        V,
        "v.csv",
        lambda: "\ufeff訪問日,市町\r\n".encode("utf-16-le"),
        "UTF-16 のCSVは読めません",
        None,
        None,
    ),
    Case("empty-file", V, "v.csv", lambda: b"", "ファイルが空です（0 バイト）", None, None),
    Case(
        "header-only",
        C,
        "c.csv",
        lambda: csv_bytes([import_format.HEADERS[C]]),
        "データ行がありません（見出し行だけです）",
        None,
        None,
    ),
    Case(
        "oversized",
        C,
        "big.csv",
        lambda: b"x" * (import_format.MAX_BYTES + 1),
        "ファイルが大きすぎます",
        None,
        None,
    ),
    Case("txt-extension", V, "visits.txt", _csv(V, GOOD[V]), ".txt は取り込めません", None, None),
    Case(
        "xls-old-format",
        V,
        "visits.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "古い形式",
        None,
        None,
    ),
    Case(
        "xlsx-garbage",
        V,
        "visits.xlsx",
        lambda: b"PK\x03\x04 this is not a workbook",
        "Excelファイル（.xlsx）として読めません",
        None,
        None,
    ),
    Case(
        "xlsx-no-matching-sheet",
        V,
        "visits.xlsx",
        lambda: xlsx_bytes([["名前", "メモ"], ["a", "b"]], "Sheet1"),
        "取り込めるシートがありません（シート: Sheet1）",
        None,
        None,
    ),
    Case(
        "xlsx-wrong-sheet-for-kind",
        V,
        "readiness.xlsx",
        lambda: xlsx_bytes(table(R, GOOD[R]), "DX推進度"),
        "「訪問」シートか",
        None,
        None,
    ),
    Case(
        "csv-ragged-row",
        V,
        "v.csv",
        lambda: (
            csv_bytes(table(V, GOOD[V])) + "x,2025-06-02,姫路市,自治体DX担当,定期巡回,,R,s,extra\r\n".encode()
        ),
        "CSVの形式が正しくありません",
        None,
        3,
    ),
    # ---- headers
    Case("missing-column", C, "c.csv", _without(C, "件名"), "必須の列「件名」がありません", "件名", 1),
    Case(
        "renamed-column",
        C,
        "c.csv",
        _renamed(C, "受付日", "受付年月日"),
        "見出し「受付年月日」を「受付日」に直して",
        "受付日",
        1,
    ),
    Case(
        "extra-unknown-column",
        V,
        "v.csv",
        _extra_column(V, "メモ", "自分用"),
        "取り込む列ではありません",
        "メモ",
        1,
    ),
    Case(
        "duplicate-header",
        V,
        "v.csv",
        lambda: csv_bytes([[*import_format.HEADERS[V], "概要"], [*GOOD[V], "二つ目"]]),
        "同じ見出しの列が2つあります",
        "概要",
        1,
    ),
    Case(
        "data-in-headerless-column",
        V,
        "v.csv",
        lambda: csv_bytes([[*import_format.HEADERS[V], ""], [*GOOD[V], "はみ出し"]]),
        "見出しのない列（I 列）にデータがあります",
        None,
        1,
    ),
    # ---- municipalities, liaisons, fields
    Case(
        "unknown-municipality",
        V,
        "v.csv",
        _csv(V, row(V, 市町="千代田区")),
        "兵庫県内の市町として見つかりません",
        "市町",
        2,
    ),
    Case(
        "kobe-outside-programme",
        V,
        "v.csv",
        _csv(V, row(V, 市町="神戸市")),
        "DX推進リエゾンの対象外の市町です（神戸市）",
        "市町",
        2,
    ),
    Case(
        "wrong-check-digit",
        V,
        "v.csv",
        _csv(V, row(V, 市町="282015")),
        "検査数字が合いません（正しくは 282014）",
        "市町",
        2,
    ),
    Case(
        "blank-municipality", V, "v.csv", _csv(V, GOOD[V], row(V, 市町="")), "必須の項目が空欄です", "市町", 3
    ),
    Case(
        "unknown-liaison",
        V,
        "v.csv",
        _csv(V, row(V, リエゾン="山田 花子")),
        "リエゾン（IDまたは氏名）として見つかりません",
        "リエゾン",
        2,
    ),
    Case(
        "unknown-field", C, "c.csv", _csv(C, row(C, 分野="量子計算")), "DX分野として見つかりません", "分野", 2
    ),
    # ---- dates
    Case(
        "impossible-date",
        V,
        "v.csv",
        _csv(V, row(V, 訪問日="2025-02-30")),
        "存在しない日付です（2025年2月30日）",
        "訪問日",
        2,
    ),
    Case(
        "heisei-after-its-end",
        V,
        "v.csv",
        _csv(V, row(V, 訪問日="平成31年5月1日")),
        "平成の期間外の日付です（平成は平成31年4月30日まで）",
        "訪問日",
        2,
    ),
    Case(
        "reiwa-before-its-start",
        V,
        "v.csv",
        _csv(V, row(V, 訪問日="令和元年4月30日")),
        "令和の期間外の日付です（令和は令和元年5月1日から）",
        "訪問日",
        2,
    ),
    Case("unreadable-date", V, "v.csv", _csv(V, row(V, 訪問日="来週")), "日付として読めません", "訪問日", 2),
    Case(
        "future-date",
        C,
        "c.csv",
        _csv(C, row(C, 受付日="2025-12-01")),
        "未来の日付です（基準日 2025-11-30 より後）",
        "受付日",
        2,
    ),
    Case(
        "closed-before-received",
        C,
        "c.csv",
        _csv(C, row(C, 状況="完了", 完了日="2025-06-01")),
        "受付日（2025-06-02）より前です",
        "完了日",
        2,
    ),
    Case(
        "done-without-closed-on",
        C,
        "c.csv",
        _csv(C, row(C, 状況="完了")),
        "状況が「完了」のときは必要です",
        "完了日",
        2,
    ),
    Case(
        "closed-on-while-open",
        C,
        "c.csv",
        _csv(C, row(C, 完了日="2025-06-03")),
        "入力できません（状況が「対応中」のため",
        "完了日",
        2,
    ),
    # ---- enumerations, numbers, text
    Case(
        "unknown-channel",
        C,
        "c.csv",
        _csv(C, row(C, 受付方法="FAX")),
        "選べない値です（選択肢: 訪問、電話",
        "受付方法",
        2,
    ),
    Case("unknown-status", C, "c.csv", _csv(C, row(C, 状況="済")), "選べない値です", "状況", 2),
    Case("score-6", R, "r.csv", _csv(R, row(R, 目指す姿="6")), "1〜5 の範囲外です", "目指す姿", 2),
    Case("score-0", R, "r.csv", _csv(R, row(R, 課題認識="0")), "1〜5 の範囲外です", "課題認識", 2),
    Case(
        "score-not-integer", R, "r.csv", _csv(R, row(R, 推進体制="3.5")), "整数ではありません", "推進体制", 2
    ),
    Case(
        "score-not-a-number",
        R,
        "r.csv",
        _csv(R, row(R, 推進体制="高い")),
        "数値として読めません",
        "推進体制",
        2,
    ),
    Case("step-4", R, "r.csv", _csv(R, row(R, ステップ="4")), "0〜3 の範囲外です", "ステップ", 2),
    Case(
        "unreadable-fiscal-year",
        R,
        "r.csv",
        _csv(R, row(R, 年度="来年度")),
        "年度として読めません",
        "年度",
        2,
    ),
    Case(
        "assessed-outside-fiscal-year",
        R,
        "r.csv",
        _csv(R, row(R, 実施日="2024-08-01")),
        "2023年度（2023-04-01〜2024-03-31）の期間外です",
        "実施日",
        2,
    ),
    Case(
        "over-length-title",
        C,
        "c.csv",
        _csv(C, row(C, 件名=LONG_TITLE)),
        "長すぎます（201 文字。上限 200 文字）",
        "件名",
        2,
    ),
    Case("control-character", C, "c.csv", _csv(C, row(C, 件名="件名\x07ベル")), "制御文字", "件名", 2),
    Case(
        "xlsx-formula-cell",
        C,
        "c.xlsx",
        lambda: xlsx_bytes(table(C, GOOD[C]), "相談", {"F2": '=HYPERLINK("http://example.invalid","click")'}),
        "数式のセルです",
        "件名",
        2,
    ),
    # ---- duplicates and what the store holds
    Case(
        "duplicated-rows",
        V,
        "v.csv",
        _csv(V, GOOD[V], GOOD[V]),
        "2 行目と同じ内容の行です（重複行）",
        None,
        3,
    ),
    Case(
        "duplicated-key",
        V,
        "v.csv",
        _csv(V, row(V, 管理番号="K-1"), row(V, 管理番号="K-1", 概要="別の内容")),
        "2 行目と同じ管理番号です（重複行）",
        "管理番号",
        3,
    ),
    Case(
        "readiness-duplicate-in-file",
        R,
        "r.csv",
        _csv(R, GOOD[R], row(R, 目指す姿="4")),
        "2 行目と同じ市町・年度です",
        "年度",
        3,
    ),
    Case(
        "readiness-differs-from-stored",
        R,
        "r.csv",
        _csv(R, row(R, 年度="2025", 実施日="2025-08-01", 目指す姿="1")),
        "姫路市の2025年度のDX推進度は登録済みで、内容が異なります",
        None,
        2,
    ),
]
