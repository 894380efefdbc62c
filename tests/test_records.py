"""Shared record rules: enumerations read from the schema, problems, look-ups, dates and 年度 parsing."""

from __future__ import annotations

from datetime import date

import pytest

from liaison import fiscal, records
from liaison.records import Problem, Reference, ValidationError, stored

# --------------------------------------------------------------------------- enumerations from the schema


def test_enumerations_are_the_schemas_check_lists(con):
    found = con.execute(
        "select table_name, constraint_text from duckdb_constraints() where constraint_type = 'CHECK'"
    ).fetchall()
    checks = {}
    for table, text in found:
        checks[table] = checks.get(table, "") + text.replace('"', "")
    for (table, column), values in records.ENUMS.items():
        listed = ", ".join(f"'{v}'" for v in values)
        assert f"({column} IN ({listed}))" in checks[table], (table, column)
    assert records.CHANNELS == ("訪問", "電話", "メール", "LoGoチャット", "オンライン会議", "その他")
    assert records.CLOSED_STATUSES == ("橋渡し済", "完了")
    assert records.RANGES[("readiness_assessments", "score_vision")] == (1, 5)
    assert records.RANGES[("readiness_assessments", "step")] == (0, 3)
    assert records.LENGTHS[("consultations", "title")] == (1, 200)


# --------------------------------------------------------------------------- problems


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (
            Problem("存在しない日付です", "受付日", 5, "2025/13/1", "x.csv"),
            "ファイル x.csv の 5 行目「受付日」: 値「2025/13/1」は存在しない日付です",
        ),
        (
            Problem("必須の列「件名」がありません", "件名", 1, None, "c.csv"),
            "ファイル c.csv の 1 行目「件名」: 必須の列「件名」がありません",
        ),
        (
            Problem("ファイルが空です（0 バイト）", file="e.csv"),
            "ファイル e.csv: ファイルが空です（0 バイト）",
        ),
        (
            Problem("未来の日付です（基準日 2025-11-30 より後）", "訪問日", value="2025-12-01"),
            "「訪問日」: 値「2025-12-01」は未来の日付です（基準日 2025-11-30 より後）",
        ),
        (Problem("変更がありません"), "変更がありません"),
    ],
)
def test_problem_message(problem, message):
    assert problem.message() == message


def test_problem_message_shows_control_characters_and_cuts_long_values():
    assert "\\x07" in Problem("x", value="a\x07b").message()
    assert Problem("x", value="あ" * 300).message().count("あ") == 59


def test_validation_error_lists_every_problem():
    error = ValidationError([Problem("一つ目", "件名"), Problem("二つ目", "市町")])
    assert isinstance(error, ValueError)
    assert str(error) == "「件名」: 一つ目\n「市町」: 二つ目"
    assert [p.reason for p in error.problems] == ["一つ目", "二つ目"]


def test_problems_frame_is_plain_text():
    frame = records.problems_frame([Problem("理由", "列", 3, "<b>値</b>", "f.csv")])
    assert frame.to_dict("records") == [
        {"ファイル": "f.csv", "行": 3, "列": "列", "値": "<b>値</b>", "理由": "理由"}
    ]


# --------------------------------------------------------------------------- look-ups


@pytest.fixture(scope="module")
def ref(con):
    return stored.reference(con)


@pytest.mark.parametrize(
    "written", ["姫路市", "282014", "28201", "２８２０１４", " 姫路 市 ", "姫路\u3000市", "兵庫県姫路市"]
)
def test_municipality_by_name_or_code(ref, written):
    assert ref.resolve_municipality(written) == ("282014", None)


def test_municipality_check_digit_and_unknowns(ref):
    assert ref.resolve_municipality("282015") == (
        "282015",
        "団体コードの検査数字が合いません（正しくは 282014）",
    )
    assert ref.resolve_municipality("2820") == ("2820", None)  # unknown: the rules say so
    assert records.in_programme(ref)("281000") == "DX推進リエゾンの対象外の市町です（神戸市）"
    assert records.in_programme(ref)("131016").startswith("兵庫県内の市町として見つかりません")
    assert len(ref.targets) == 40


def test_liaison_by_id_or_name(ref):
    liaison_id, name = next(iter(ref.liaisons.items()))
    assert ref.resolve_liaison(liaison_id) == (liaison_id, None)
    assert ref.resolve_liaison(name.replace(" ", "")) == (liaison_id, None)
    assert ref.liaison_label(liaison_id) == name


def test_liaison_name_shared_by_two_needs_an_id():
    ref = Reference(
        {},
        {"A-1": "山田 太郎", "B-2": "山田 太郎"},
        {},
        liaison_lookup={"山田太郎": None, "A-1": "A-1", "B-2": "B-2"},
    )
    found, reason = ref.resolve_liaison("山田 太郎")
    assert "A-1, B-2" in reason and "IDで入力" in reason
    assert ref.liaison_label("A-1") == "A-1"


def test_field_by_name_or_id(ref):
    assert ref.resolve_field("生成AI")[0] == "genai"
    assert ref.resolve_field("genai")[0] == "genai"
    assert ref.resolve_field("ＡＩ・ＲＰＡ")[0] == "ai_rpa"


# --------------------------------------------------------------------------- one-value and row rules


def test_rules():
    today = date(2025, 11, 30)
    assert records.not_future(today)(date(2025, 11, 30)) is None
    assert records.not_future(today)(date(2025, 12, 1)) == "未来の日付です（基準日 2025-11-30 より後）"
    assert records.not_future(today)(date(1999, 12, 31)) == "2000-01-01 より前の日付です"
    assert records.text_within(3)("abcd") == "長すぎます（4 文字。上限 3 文字）"
    assert records.text_within(10)("改行\nとタブ\tは可") is None
    assert records.between(1, 5)(6) == "1〜5 の範囲外です"
    assert records.within_fiscal_year(2025, date(2026, 3, 31)) is None
    assert "期間外" in records.within_fiscal_year(2025, date(2026, 4, 1))


@pytest.mark.parametrize(
    ("status", "received", "closed", "expected"),
    [
        ("受付", date(2025, 6, 1), None, None),
        ("完了", date(2025, 6, 1), date(2025, 6, 1), None),
        ("橋渡し済", date(2025, 6, 1), None, "状況が「橋渡し済」のときは必要です"),
        (
            "保留",
            date(2025, 6, 1),
            date(2025, 6, 2),
            "入力できません（状況が「保留」のため。橋渡し済・完了のときだけ入力します）",
        ),
        ("完了", date(2025, 6, 2), date(2025, 6, 1), "受付日（2025-06-02）より前です"),
    ],
)
def test_closing_rule(status, received, closed, expected):
    assert records.closing_rule(status, received, closed) == expected


def test_closing_check_finds_exactly_the_rule_failures():
    """The vectorised pre-filter of check_closing never hides a failure the rule would report."""
    import itertools

    statuses = list(records.STATUSES)
    days = [None, date(2025, 6, 1), date(2025, 6, 2), date(2025, 6, 3)]
    combos = list(itertools.product(statuses, days[1:], days))
    rows = records.Rows(
        {
            "status": [s for s, _, _ in combos],
            "received_on": [r for _, r, _ in combos],
            "closed_on": [c for _, _, c in combos],
        },
        {"closed_on": "完了日"},
    )
    records.check_closing(rows)
    expected = {i for i, combo in enumerate(combos) if records.closing_rule(*combo)}
    assert rows.bad.get("closed_on", set()) == expected


# --------------------------------------------------------------------------- dates and 年度


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-04-01", date(2025, 4, 1)),
        ("2025/4/1", date(2025, 4, 1)),
        ("2025.4.1", date(2025, 4, 1)),
        ("2025年4月1日", date(2025, 4, 1)),
        ("20250401", date(2025, 4, 1)),
        ("2025-04-01 00:00:00", date(2025, 4, 1)),
        ("2025/4/1 0:00", date(2025, 4, 1)),
        ("2025/4/10 0:00", date(2025, 4, 10)),
        ("2025/4/1 10:00", date(2025, 4, 1)),
        ("2025-04-01T13:45:00", date(2025, 4, 1)),
        ("R7.4.1", date(2025, 4, 1)),
        ("r07.04.01", date(2025, 4, 1)),
        ("R7年4月1日", date(2025, 4, 1)),
        ("令和7年4月1日", date(2025, 4, 1)),
        ("令和 7年 4月 1日", date(2025, 4, 1)),
        ("２０２５／４／１", date(2025, 4, 1)),
        ("㋿7年4月1日", date(2025, 4, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("H31.4.30", date(2019, 4, 30)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("R元.5.1", date(2019, 5, 1)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("昭和64年1月7日", date(1989, 1, 7)),
    ],
)
def test_parse_date(text, day):
    assert fiscal.parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("平成31年5月1日", "平成の期間外の日付です（平成は平成31年4月30日まで）"),
        ("H31.5.1", "平成の期間外の日付です（平成は平成31年4月30日まで）"),
        ("令和元年4月30日", "令和の期間外の日付です（令和は令和元年5月1日から）"),
        ("昭和64年1月8日", "昭和の期間外の日付です（昭和は昭和64年1月7日まで）"),
        ("平成32年1月1日", "平成の期間外の日付です"),
        ("2025-02-30", "存在しない日付です（2025年2月30日）"),
        ("R7.13.1", "存在しない日付です（令和7年13月1日）"),
        ("H0.1.1", "和暦の年が正しくありません"),
        ("45748", "日付として読めません"),
        ("来週", "日付として読めません"),
        ("", "日付として読めません"),
    ],
)
def test_parse_date_rejects(text, reason):
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        fiscal.parse_date(text)


def test_parse_date_round_trips_wareki():
    for day in (date(2019, 4, 30), date(2019, 5, 1), date(2025, 11, 30), date(1989, 1, 8)):
        assert fiscal.parse_date(fiscal.wareki(day)) == day


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2025", 2025),
        ("2025年度", 2025),
        ("FY2025", 2025),
        ("令和7年度", 2025),
        ("R7", 2025),
        ("令和元年度", 2019),
        ("平成31年度", 2019),
        ("令和7年度（2025）", 2025),
        ("２０２５", 2025),
        (2025, 2025),
        ("2025.0", 2025),
    ],
)
def test_parse_fiscal_year(text, year):
    assert fiscal.parse_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["平成32年度", "昭和64年度", "来年度", "25", "令和7年度（2024）"])
def test_parse_fiscal_year_rejects(text):
    with pytest.raises(ValueError):
        fiscal.parse_fiscal_year(text)


def test_fiscal_year_labels_parse_back():
    for year in (2018, 2019, 2020, 2025):
        assert fiscal.parse_fiscal_year(fiscal.fiscal_year_label(year)) == year
