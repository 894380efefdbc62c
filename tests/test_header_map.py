"""Your own Excel: a file's own headers mapped to ours by name (pure), then imported as our own format."""

from __future__ import annotations

from datetime import date

import pytest

from liaison.records import column_maps, header_map
from liaison.records.commit import commit
from liaison.records.import_format import COLUMNS, HEADERS
from liaison.records.preview import preview

TODAY = date(2025, 11, 30)
LAST_YEAR = ["日付", "市町村名", "担当課", "用務", "訪問者", "内容", "天気"]


@pytest.mark.parametrize(
    ("kind", "headers", "expected"),
    [
        (
            "visits",
            LAST_YEAR,
            ["visited_on", "municipality_code", "department", None, "liaison_id", "summary", None],
        ),
        (
            "visits",
            ["No.", " 訪問年月日 ", "市町名", "部署", "目的※", "担当者", "概要", "備考"],
            ["source_key", "visited_on", "municipality_code", "department", "purpose", "liaison_id", "summary", None],
        ),
        (
            "visits",  # full-width letters and spaces, a typo close to ours
            ["訪問　日", "ＤＸ分野", "市町", "訪問先部署", "目的", "リエゾン", "概 要"],
            ["visited_on", "topic_field_id", "municipality_code", "department", "purpose", "liaison_id", "summary"],
        ),
        (
            "consultations",
            ["日付", "市町", "分野", "方法", "件名", "内容", "状態", "担当", "完了日"],
            ["received_on", "municipality_code", "field_id", "channel", "title", "detail", "status",
             "owner_liaison_id", "closed_on"],
        ),
        (
            "readiness",
            ["市町村", "年度", "実施日", "段階", "職員マインド", "メモ"],
            ["municipality_code", "fiscal_year", "assessed_on", "step", "score_staff_mindset", "note"],
        ),
    ],
    ids=["last-year visits", "synonyms and marks", "widths and spaces", "consultations", "readiness"],
)  # fmt: skip
def test_suggest_maps_by_name_similarity(kind, headers, expected):
    assert list(header_map.suggest(kind, headers).targets) == expected


def test_one_of_ours_is_never_given_to_two_file_columns():
    # 内容 and 概要 both mean 概要 for a visit; the exact header wins, the other is left for the user
    mapping = header_map.suggest("visits", ["内容", "概要", "日付", "日時"])
    assert mapping.targets == (None, "summary", "visited_on", None)
    names = [name for name in mapping.targets if name]
    assert len(names) == len(set(names))


def test_unrelated_headers_are_not_guessed():
    mapping = header_map.suggest("visits", ["天気", "気温", "", "ｘｙｚ"])
    assert mapping.targets == (None, None, None, None)
    assert mapping.unmapped() == ["天気", "気温", "（C 列・見出しなし）", "xyz"]


def test_problems_name_required_columns_and_double_choices():
    mapping = header_map.suggest("visits", LAST_YEAR).with_targets(
        ["visited_on", "visited_on", "department", None, "liaison_id", "summary", None]
    )
    reasons = [p.reason for p in mapping.problems("x.csv")]
    assert reasons == [
        "ファイルの列「日付」「市町村名」が同じ列に対応しています（1列だけにしてください）",
        "必須の列「市町」にファイルのどの列も対応していません",
        "必須の列「目的」にファイルのどの列も対応していません",
    ]


def test_our_own_headers_need_no_mapping():
    for kind in HEADERS:
        assert header_map.is_ours(kind, HEADERS[kind])
        assert header_map.suggest(kind, HEADERS[kind]).targets == tuple(c.name for c in COLUMNS[kind])
    assert not header_map.is_ours("visits", LAST_YEAR)


def test_the_key_follows_the_header_row_in_order():
    same = header_map.suggest(
        "visits", [" 日付", "市町村名", "担当課", "用務", "訪問者", "内容", "天気", None]
    )
    assert same.key == header_map.suggest("visits", LAST_YEAR).key  # trimmed, trailing blanks dropped
    assert header_map.suggest("visits", list(reversed(LAST_YEAR))).key != same.key


def test_parse_pairs_reads_the_cli_form():
    mapping = header_map.parse_pairs(
        "visits", LAST_YEAR, "日付=訪問日, 市町村名=市町,担当課=訪問先部署,用務=目的"
    )
    assert mapping.pairs()[:4] == [
        ("日付", "訪問日"),
        ("市町村名", "市町"),
        ("担当課", "訪問先部署"),
        ("用務", "目的"),
    ]
    assert mapping.unmapped() == ["訪問者", "内容", "天気"]  # not named: not imported
    with pytest.raises(ValueError, match="ファイルに見出し「曜日」の列がありません"):
        header_map.parse_pairs("visits", LAST_YEAR, "曜日=訪問日")
    with pytest.raises(ValueError, match="「天候」は取り込みの見出しではありません"):
        header_map.parse_pairs("visits", LAST_YEAR, "天気=天候")
    assert header_map.parse_pairs("visits", HEADERS["visits"], "概要=取り込まない").unmapped() == ["概要"]


# --------------------------------------------------------------------------- preview and commit, mapped

ROWS = [
    ["2025/6/2", "姫路市", "自治体DX担当", "定期巡回", "山本 由美", "昨年度様式の記録", "晴れ"],
    ["R7.6.3", "豊岡市", "地域社会DX担当", "定期巡回", "山本 由美", "二件目", "雨"],
]


def _csv(rows) -> bytes:
    return "\r\n".join(",".join(row) for row in [LAST_YEAR, *rows]).encode("cp932")


def test_a_mapped_file_previews_with_every_check_and_is_remembered_on_commit(writable_store):
    from liaison import store

    con = store.connect(writable_store)
    try:
        suggested = header_map.suggest("visits", LAST_YEAR)
        first = preview(con, "visits", "昨年度.csv", _csv(ROWS), today=TODAY, column_map=suggested)
        assert [p.message() for p in first.problems] == [
            "ファイル 昨年度.csv の 1 行目「目的」: 必須の列「目的」にファイルのどの列も対応していません"
        ]
        mapping = suggested.with_targets(
            ["visited_on", "municipality_code", "department", "purpose", "liaison_id", "summary", None]
        )
        bad = [[*ROWS[0][:3], "雑談", *ROWS[0][4:]]]
        refused = preview(con, "visits", "昨年度.csv", _csv(bad), today=TODAY, column_map=mapping)
        assert [(p.row, p.column, p.value) for p in refused.problems] == [(2, "目的", "雑談")]
        checked = preview(con, "visits", "昨年度.csv", _csv(ROWS), today=TODAY, column_map=mapping)
        assert checked.ok and checked.new_rows == 2
        assert [(w.column, w.reason) for w in checked.warnings] == [
            ("天気", "「取り込まない」を選んだ列です（この列の値は登録されません）")
        ]
        assert column_maps.remembered(con, "visits", LAST_YEAR) is None
        assert commit(con, checked, "テスト担当") == 2
        found = column_maps.remembered(con, "visits", LAST_YEAR)
        assert found.mapping == mapping and found.saved_by == "テスト担当"
        audit = con.execute(
            "select action, actor from audit_log where table_name = 'import_column_maps'"
        ).fetchall()
        assert audit == [("insert", "テスト担当")]
        # a mapping made for other headers does not read this file
        other = header_map.suggest("visits", HEADERS["visits"])
        wrong = preview(con, "visits", "昨年度.csv", _csv(ROWS), today=TODAY, column_map=other)
        assert wrong.problems[0].reason == "見出しの対応表がこのファイルの見出し行と合いません"
    finally:
        con.close()


def test_an_xlsx_in_its_own_format_is_read_from_its_first_sheet(writable_store):
    import io

    import openpyxl

    from liaison import store
    from liaison.records.reading import read_header

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"  # neither our sheet name nor our headers
    sheet.append(LAST_YEAR)
    sheet.append(ROWS[0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    payload = buffer.getvalue()
    header = read_header("visits", "昨年度.xlsx", payload)
    assert header == LAST_YEAR
    mapping = header_map.parse_pairs(
        "visits", header, "日付=訪問日,市町村名=市町,担当課=訪問先部署,用務=目的,訪問者=リエゾン"
    )
    con = store.connect(writable_store)
    try:
        assert not preview(con, "visits", "昨年度.xlsx", payload, today=TODAY).ok  # unmapped: no sheet
        checked = preview(con, "visits", "昨年度.xlsx", payload, today=TODAY, column_map=mapping)
        assert checked.ok and checked.new_rows == 1
        assert [w.column for w in checked.warnings] == ["内容", "天気"]
    finally:
        con.close()
