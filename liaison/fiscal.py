"""年度 (April–March fiscal years) and 和暦 (Japanese eras) for labels and parsing."""

from __future__ import annotations

from datetime import date

# (first day, kanji name, short letter); newest first.
ERAS = (
    (date(2019, 5, 1), "令和", "R"),
    (date(1989, 1, 8), "平成", "H"),
    (date(1926, 12, 25), "昭和", "S"),
)


def fiscal_year_of(day: date) -> int:
    """The 年度 a date falls in, named by its starting calendar year (2025-04-01 → 2025)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """First and last day of a 年度."""
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


def era_of(day: date) -> tuple[str, int]:
    """('令和', 7) for 2025-06-01; the first year of an era is 1 (元年)."""
    for start, name, _ in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"{day} は昭和より前の日付です")


def wareki(day: date) -> str:
    """'令和7年4月1日'; year 1 is written 元年."""
    name, year = era_of(day)
    shown = "元" if year == 1 else str(year)
    return f"{name}{shown}年{day.month}月{day.day}日"


def fiscal_year_label(fiscal_year: int, lang: str = "ja") -> str:
    """'令和7年度（2025）' or 'FY2025'. A 年度 is named by the era of its 1 April.

    FY2019 started on 2019-04-01 under 平成 and is officially 平成31年度 / 令和元年度;
    we follow the common practice of calling it 令和元年度.
    """
    if lang == "en":
        return f"FY{fiscal_year}"
    if fiscal_year == 2019:
        return "令和元年度（2019）"
    name, year = era_of(date(fiscal_year, 4, 1))
    shown = "元" if year == 1 else str(year)
    return f"{name}{shown}年度（{fiscal_year}）"


def date_label(day: date | None, lang: str = "ja") -> str:
    """A date for display: 和暦 in Japanese, ISO in English, '—' when missing."""
    if day is None:
        return "—"
    return wareki(day) if lang == "ja" else day.isoformat()
