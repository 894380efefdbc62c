"""Local government code check digits, 年度 and 和暦."""

from datetime import date

import pytest

from liaison import codes, fiscal


@pytest.mark.parametrize(
    ("code5", "code6"),
    [("28100", "281000"), ("28201", "282014"), ("28204", "282049"), ("28586", "285862"), ("13101", "131016")],
)
def test_check_digit(code5, code6):
    assert codes.with_check_digit(code5) == code6
    assert codes.is_valid(code6)


@pytest.mark.parametrize("bad", ["282015", "28201", "2820140", "abcdef", ""])
def test_invalid_codes(bad):
    assert not codes.is_valid(bad)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2025, 4, 1), 2025),
        (date(2026, 3, 31), 2025),
        (date(2025, 3, 31), 2024),
        (date(2025, 12, 31), 2025),
    ],
)
def test_fiscal_year_of(day, fiscal_year):
    assert fiscal.fiscal_year_of(day) == fiscal_year


def test_fiscal_year_bounds():
    assert fiscal.fiscal_year_bounds(2025) == (date(2025, 4, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(2025, 4, 1), "令和7年4月1日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
    ],
)
def test_wareki_at_era_boundaries(day, text):
    assert fiscal.wareki(day) == text


@pytest.mark.parametrize(
    ("fiscal_year", "ja", "en"),
    [
        (2025, "令和7年度（2025）", "FY2025"),
        (2024, "令和6年度（2024）", "FY2024"),
        (2019, "令和元年度（2019）", "FY2019"),
        (2018, "平成30年度（2018）", "FY2018"),
    ],
)
def test_fiscal_year_label(fiscal_year, ja, en):
    assert fiscal.fiscal_year_label(fiscal_year) == ja
    assert fiscal.fiscal_year_label(fiscal_year, "en") == en
