"""Matching a file to the import format: its header row to columns, its cells to typed values.

Municipalities by 5/6-digit code or name (full/half width and spaces ignored, 兵庫県 prefix allowed);
dates as 2025-04-01, 2025/4/1, R7.4.1, 令和7年4月1日 (liaison.fiscal.parse_date); 年度 as 2025 or
令和7年度; enumerations by their Japanese labels; liaisons by id or name; DX fields by name or id;
はい/いいえ and a list of kinds as liaison.records.talent reads them.
Text is stored as written (outer spaces trimmed, CRLF → LF). A leading ' that the exporter put before
= + - @ (exporting.neutralize) is removed, so an export re-imports to the same text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import numpy as np
import pandas as pd

from liaison import fiscal, records
from liaison.i18n import reason_of, say
from liaison.records import Problem, Reference, Rows, talent
from liaison.records.exporting import unneutralize
from liaison.records.import_format import COLUMNS, HEADER_ALIASES, HEADERS, KIND_HEADER_ALIASES, Column

NOT_INTEGER = say("整数ではありません", "is not a whole number")
NOT_A_NUMBER = say("数値として読めません", "cannot be read as a number")


def canonical(value: object) -> str:
    """A cell as comparable text: NFKC, trimmed; blank → ''."""
    return "" if records.is_blank(value) else unicodedata.normalize("NFKC", str(value)).strip()


def norm_header(value: object) -> str:
    """A header cell as matched: no spaces, no required/optional marks, aliases resolved."""
    text = re.sub(r"\s+", "", canonical(value))
    text = re.sub(r"(\*|※|\(必須\)|\(任意\))$", "", text)
    return HEADER_ALIASES.get(text, text)


def match_headers(kind: str, header: list[object], file_name: str) -> tuple[dict[str, int], list[Problem]]:
    """Column position of each known header, and the problems with the header row."""
    by_header = {norm_header(c.header(kind)): c for c in COLUMNS[kind]}
    for alias, ours in KIND_HEADER_ALIASES.get(kind, {}).items():  # e.g. an engagement's 実施日 = 開催日
        by_header.setdefault(norm_header(alias), by_header[norm_header(ours)])
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    unknown: list[tuple[int, str]] = []
    for position, cell in enumerate(header):
        name = norm_header(cell)
        if not name:
            continue
        column = by_header.get(name)
        if column is None:
            unknown.append((position, canonical(cell)))
        elif column.name in positions:
            problems.append(
                Problem(
                    say("同じ見出しの列が2つあります", "is the header of two columns"),
                    column.header(kind),
                    1,
                    None,
                    file_name,
                )
            )
        else:
            positions[column.name] = position
    missing = [c for c in COLUMNS[kind] if c.required and c.name not in positions]
    unknown_names = [name for _, name in unknown]
    for column in missing:
        header_ja = column.header(kind)
        close = difflib.get_close_matches(header_ja, unknown_names, n=1, cutoff=0.5)
        if close:
            reason = say(
                f"必須の列「{header_ja}」がありません（見出し「{close[0]}」を「{header_ja}」に直してください）",
                f"is a required column and is missing (rename the header “{close[0]}” to “{header_ja}”)",
            )
            problems.append(Problem(reason, header_ja, 1, None, file_name))
        else:
            reason = say(f"必須の列「{header_ja}」がありません", "is a required column and is missing")
            problems.append(Problem(reason, header_ja, 1, None, file_name))
    allowed, allowed_en = "、".join(HEADERS[kind]), ", ".join(f"“{header}”" for header in HEADERS[kind])
    for _, name in unknown:
        problems.append(
            Problem(
                say(
                    f"取り込む列ではありません（使える見出し: {allowed}）。列を削除するか見出しを直してください",
                    f"is not a column to import (the headers are: {allowed_en}). Delete the column or fix its header",
                ),
                name,
                1,
                None,
                file_name,
            )
        )
    return positions, problems


# --------------------------------------------------------------------------- parsing cells


def _as_text(value: object) -> str | None:
    if records.is_blank(value):
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return records.cell_text(value)


def _parse_one(kind: str, column: Column, value: object, ref: Reference) -> tuple[object, str | None]:
    """(typed value, reason or None) for one non-blank cell (spaces only count as blank)."""
    if isinstance(value, str) and not value.strip():
        return None, None
    if column.parse == "date":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = _as_text(value)
        try:
            return fiscal.parse_date(value), None
        except ValueError as error:
            return None, reason_of(error)
    if column.parse == "fiscal_year":
        try:
            return fiscal.parse_fiscal_year(_as_text(value)), None
        except ValueError as error:
            return None, reason_of(error)
    if column.parse == "int":
        return parse_int(value)
    if column.parse == "yes_no":
        return talent.parse_wanted(value)
    text = _as_text(value)
    if column.parse == "kinds":
        return talent.kinds_text(_clean_texts(np.array([text], dtype=object))[0]), None
    if column.parse == "municipality":
        return ref.resolve_municipality(text)
    if column.parse == "liaison":
        return ref.resolve_liaison(text)
    if column.parse == "field":
        return ref.resolve_field(text)
    if column.parse == "enum":
        return records.normalize_key(text), None
    cleaned = _clean_texts(np.array([text], dtype=object))[0]
    return cleaned, None


def _clean_texts(cells: np.ndarray) -> np.ndarray:
    """Text cells as stored: CRLF → LF, trimmed, the exporter's neutralising ' removed; blank → None."""
    texts = [v if isinstance(v, str) else _as_text(v) for v in cells]
    texts = [t.replace("\r\n", "\n").replace("\r", "\n").strip() if t else t for t in texts]
    texts = [unneutralize(t).strip() if t and t[0] == "'" else t for t in texts]
    return np.array([t or None for t in texts], dtype=object)


def parse_int(value: object) -> tuple[int | None, str | None]:
    """(an integer, None) or (None, the reason): 3, 3.0, "３" read; 3.5 and "三" do not."""
    if isinstance(value, bool):
        return None, NOT_INTEGER
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        return (int(value), None) if value.is_integer() else (None, NOT_INTEGER)
    text = records.normalize_key(value)
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text), None
    if re.fullmatch(r"[+-]?\d+\.0*", text):
        return int(float(text)), None
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return None, NOT_INTEGER
    return None, NOT_A_NUMBER


def parse_columns(kind: str, raw: dict[str, np.ndarray], ref: Reference, rows: Rows) -> None:
    """Parse every cell into rows.values (each distinct value once); report what cannot be read."""
    for column in COLUMNS[kind]:
        if column.name not in raw:
            rows.values[column.name] = np.full(rows.size, column.default, dtype=object)
            continue
        cells = raw[column.name]
        if column.parse in ("text", "key"):
            parsed = _clean_texts(cells)
            if column.default is not None:
                parsed[pd.isna(parsed)] = column.default
            rows.values[column.name] = parsed
            continue
        blank = pd.isna(cells) | (cells == "")
        present = np.flatnonzero(~blank)
        if column.parse == "date":
            parsed = np.full(rows.size, np.datetime64("NaT"), dtype="datetime64[D]")
        else:
            parsed = np.full(rows.size, column.default, dtype=object)
        if present.size:
            codes, uniques = pd.factorize(cells[present])
            results = [_parse_one(kind, column, value, ref) for value in uniques]
            typed = np.empty(len(results), dtype=parsed.dtype)
            typed[:] = [result[0] for result in results]
            parsed[present] = typed[codes]
            failing_codes = [code for code, (_, reason) in enumerate(results) if reason]
            if failing_codes:
                hit = np.isin(codes, failing_codes)
                reason_of = {
                    int(p): results[code][1]
                    for p, code in zip(present[hit].tolist(), codes[hit].tolist(), strict=True)
                }
                rows.report(list(reason_of), column.name, reason_of.__getitem__)
        if column.default is not None:  # a blank status → its default
            parsed[pd.isna(parsed)] = column.default
        rows.values[column.name] = parsed


def column_letter(position: int) -> str:
    """Excel's letter for a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def order(kind: str, header: str | None) -> int:
    """Position of a header in the kind's format, for sorting problems (-1: not a column)."""
    return HEADERS[kind].index(header) if header in HEADERS[kind] else -1
