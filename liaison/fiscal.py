"""年度 (April–March fiscal years) and 和暦 (Japanese eras) for labels and parsing."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from liaison.i18n import say

# (first day, kanji name, short letter); newest first.
ERAS = (
    (date(2019, 5, 1), "令和", "R"),
    (date(1989, 1, 8), "平成", "H"),
    (date(1926, 12, 25), "昭和", "S"),
)
ERA_EN = {"令和": "Reiwa", "平成": "Heisei", "昭和": "Showa"}


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


def _as_date(day) -> date | None:
    """A date from a date, datetime or pandas Timestamp; None for None, nan, NaT."""
    if day is None or day != day:  # nan and NaT are not equal to themselves
        return None
    if isinstance(day, datetime):
        return day.date()
    return day


def date_label(day, lang: str = "ja") -> str:
    """A date on screen, in the deck and in messages: ISO 2026-11-30 in both languages (JIS X 0301's
    calendar date), '—' when missing. One format everywhere a person reads a day — text and tables alike,
    and it sorts as text; 和暦 is kept for the 年度 (fiscal_year_label), the unit people count years in.
    `lang` is accepted so callers need not know the rule."""
    day = _as_date(day)
    return "—" if day is None else day.isoformat()


# Era initials as written in dates like R7.4.1 / H31.4.30 (upper or lower case).
_ERA_BY_NAME = {name: start for start, name, _ in ERAS} | {letter: start for start, _, letter in ERAS}
_ERA_NAME = {letter: name for _, name, letter in ERAS} | {name: name for _, name, _ in ERAS}
_SEP = r"[-/.]"
_GREGORIAN = re.compile(rf"(\d{{4}})(?:{_SEP}(\d{{1,2}}){_SEP}|年(\d{{1,2}})月)(\d{{1,2}})日?")
_TIME_OF_DAY = re.compile(r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")  # as spreadsheets append it
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_WAREKI = re.compile(
    rf"(令和|平成|昭和|[RHSrhs])(\d{{1,2}}|元)(?:年|{_SEP})(\d{{1,2}})(?:月|{_SEP})(\d{{1,2}})日?"
)
DATE_FORMATS_HINT = "例: 2025-04-01, 2025/4/1, R7.4.1, 令和7年4月1日"
DATE_FORMATS_HINT_EN = "e.g. 2025-04-01, 2025/4/1, R7.4.1, 令和7年4月1日"


def _era_end(start: date) -> date | None:
    """The first day of the era after the one starting on `start` (None for the current era)."""
    later = [s for s, _, _ in ERAS if s > start]
    return min(later) if later else None


def parse_date(text: str | date | datetime) -> date:
    """A date written as 2025-04-01, 2025/4/1, 2025年4月1日, 20250401, R7.4.1, H31.4.30 or 令和7年4月1日.

    Full-width digits and spaces are accepted (NFKC), 元年 means year 1, ㋿/㍻ are read as 令和/平成,
    and a trailing time of day (as spreadsheets write it) is ignored. A 和暦 date must lie inside its
    era: 平成31年4月30日 is valid, 平成31年5月1日 is not (令和元年5月1日 is). Raises ValueError with a
    Japanese reason that completes the sentence 「値「…」は」.
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    return _parse_date_text(str(text))


@lru_cache(maxsize=1 << 16)
def _parse_date_text(text: str) -> date:
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:  # the common ISO form, without the general path's normalising
            return date.fromisoformat(text)
        except ValueError:
            pass
    cleaned = _TIME_OF_DAY.sub("", unicodedata.normalize("NFKC", text).strip())
    cleaned = re.sub(r"\s+", "", cleaned)
    if match := _WAREKI.fullmatch(cleaned):
        era, year_text, month, day = match.groups()
        era = _ERA_NAME[era.upper() if len(era) == 1 else era]
        year = 1 if year_text == "元" else int(year_text)
        start = _ERA_BY_NAME[era]
        if year < 1:
            raise ValueError(
                say(
                    f"和暦の年が正しくありません（{era}は元年から）",
                    f"has a wrong {ERA_EN[era]} year (it starts at 1)",
                )
            )
        written = f"{era}{year_text}年{month}月{day}日"
        result = _make_date(start.year + year - 1, int(month), int(day), written)
        end = _era_end(start)
        if result < start:
            raise ValueError(
                say(
                    f"{era}の期間外の日付です（{era}は{wareki(start)}から）",
                    f"is not a date of the {ERA_EN[era]} era (it began on {start.isoformat()})",
                )
            )
        if end is not None and result >= end:
            last = date.fromordinal(end.toordinal() - 1)
            raise ValueError(
                say(
                    f"{era}の期間外の日付です（{era}は{_wareki_in(last, era)}まで）",
                    f"is not a date of the {ERA_EN[era]} era (it ended on {last.isoformat()})",
                )
            )
        return result
    if match := _GREGORIAN.fullmatch(cleaned):
        year, month_sep, month_kanji, day = match.groups()
        month = int(month_sep or month_kanji)
        return _make_date(int(year), month, int(day), f"{int(year)}年{month}月{int(day)}日")
    if match := _COMPACT.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
        return _make_date(year, month, day, f"{year}年{month}月{day}日")
    raise ValueError(
        say(
            f"日付として読めません（{DATE_FORMATS_HINT}）",
            f"cannot be read as a date ({DATE_FORMATS_HINT_EN})",
        )
    )


def _make_date(year: int, month: int, day: int, written: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            say(f"存在しない日付です（{written}）", f"is not a real date ({year}-{month:02d}-{day:02d})")
        ) from None


def _wareki_in(day: date, era: str) -> str:
    """`day` written in `era` even where a newer era has begun ('平成31年4月30日')."""
    start = _ERA_BY_NAME[era]
    year = day.year - start.year + 1
    shown = "元" if year == 1 else str(year)
    return f"{era}{shown}年{day.month}月{day.day}日"


_FY_WESTERN = re.compile(r"(?:FY)?(\d{4})(?:年度?)?", re.IGNORECASE)
_FY_WAREKI = re.compile(r"(令和|平成|昭和|[RHSrhs])(\d{1,2}|元)(?:年度?)?")
_FY_LABEL_SUFFIX = re.compile(r"\((\d{4})\)$")


def parse_fiscal_year(text: str | int) -> int:
    """A 年度 written as 2025, 2025年度, FY2025, 令和7年度, R7, 令和元年度 or the label 「令和7年度（2025）」.

    An era 年度 must overlap its era: 平成31年度 and 令和元年度 are both FY2019, 平成32年度 does not
    exist. Raises ValueError with a Japanese reason.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    if cleaned.endswith(".0") and cleaned[:-2].isdigit():  # a spreadsheet number 2025.0
        cleaned = cleaned[:-2]
    suffix = _FY_LABEL_SUFFIX.search(cleaned)
    if suffix and cleaned != suffix.group(0):
        cleaned = cleaned[: suffix.start()]
    if match := _FY_WESTERN.fullmatch(cleaned):
        result = int(match.group(1))
    elif match := _FY_WAREKI.fullmatch(cleaned):
        era, year_text = match.groups()
        era = _ERA_NAME[era.upper() if len(era) == 1 else era]
        year = 1 if year_text == "元" else int(year_text)
        start = _ERA_BY_NAME[era]
        result = start.year + year - 1
        end = _era_end(start)
        first, last = fiscal_year_bounds(result)
        if year < 1 or last < start or (end is not None and first >= end):
            raise ValueError(
                say(f"{era}の期間にない年度です", f"is not a fiscal year of the {ERA_EN[era]} era")
            )
    else:
        raise ValueError(
            say(
                "年度として読めません（例: 2025, 令和7年度, R7）",
                "cannot be read as a fiscal year (e.g. 2025, 令和7年度, R7)",
            )
        )
    if suffix and int(suffix.group(1)) != result:
        raise ValueError(
            say(
                f"年度の和暦と西暦が合いません（{result} と {suffix.group(1)}）",
                f"has era and Western years that disagree ({result} and {suffix.group(1)})",
            )
        )
    return result
