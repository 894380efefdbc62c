"""Export any table to CSV (UTF-8 with BOM, or CP932) and .xlsx, safe to open in Excel.

Formula injection: a text cell whose first character (after any leading apostrophes and, for
= + - @, leading spaces) would make a spreadsheet evaluate it — = + - @, their full-width forms
＝ ＋ － ＠, or a leading tab, CR or LF — is written with a leading apostrophe. Numbers and dates are
untouched. The importer removes exactly that apostrophe again (`unneutralize`), so an export
re-imports to the same text; `neutralize` is reversible because it treats "'" + x like x.

CP932: characters that Unicode and CP932 map differently (〜 ‖ − ¢ £ ¬ —, as written on macOS or
the web) are written as their CP932 look-alikes (～ ∥ － ￠ ￡ ￢ ―). Any other character CP932 cannot
hold (𠮷, emoji, …) raises ExportEncodingError naming the first cells, unless unencodable="replace",
which writes 〓 (U+3013, the customary Japanese stand-in) for each.

.xlsx: characters XML cannot hold (C0 controls other than tab/LF/CR) become U+FFFD and a text longer
than Excel's 32,767-character cell limit is cut there; the records' own rules never let either in.
"""

from __future__ import annotations

import io
import math
import re
from datetime import date, datetime
from decimal import Decimal

import duckdb
import numpy as np
import pandas as pd

from liaison import records
from liaison.queries import run_query
from liaison.records import Reference, import_format, referral_import, roster_import, talent
from liaison.records.stored import reference

FORMULA_START = frozenset("=+-@＝＋－＠")
CONTROL_START = frozenset("\t\r\n")
_LEADING_SPACE = " \u3000\t\r\n"
CP932_LOOKALIKES = str.maketrans(
    {
        "\u301c": "\uff5e",
        "\u2016": "\u2225",
        "\u2212": "\uff0d",
        "\u00a2": "\uffe0",
        "\u00a3": "\uffe1",
        "\u00ac": "\uffe2",
        "\u2014": "\u2015",
    }
)
REPLACEMENT = "〓"
CP932_NAMES = {"cp932", "shift_jis", "shift-jis", "sjis", "windows-31j", "ms932"}
UTF8_NAMES = {"utf-8-sig", "utf_8_sig", "utf8-sig"}
XLSX_CELL_MAX = 32_767
XLSX_ROWS_MAX = 1_048_576  # a sheet's rows, header included
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ExportEncodingError(ValueError):
    """Some text cannot be written in the chosen encoding; `.cells` lists (row, column, characters)."""

    def __init__(self, message: str, cells: list[tuple[int, str, str]]):
        super().__init__(message)
        self.cells = cells


def needs_neutralizing(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula (see the module docstring)."""
    rest = text.lstrip("'")
    if rest[:1] in CONTROL_START:
        return True
    return rest.lstrip(_LEADING_SPACE)[:1] in FORMULA_START


def neutralize(value):
    """Text that could run as a formula gets a leading '; anything else (numbers too) is returned as is."""
    if isinstance(value, str) and value and needs_neutralizing(value):
        return "'" + value
    return value


def unneutralize(text: str) -> str:
    """The inverse of neutralize for text: drop the apostrophe neutralize added."""
    if text.startswith("'") and needs_neutralizing(text[1:]):
        return text[1:]
    return text


def _cell(value):
    """A frame value as it goes into a file: dates as dates, blanks as None, text neutralised."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)  # a spreadsheet has no time zones: local wall time
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date()
    if isinstance(value, str):
        return neutralize(value)
    return value


def _text_cell(value) -> str:
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _table(frame: pd.DataFrame) -> list[list[str]]:
    return [[_text_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def to_csv(frame: pd.DataFrame, encoding: str = "utf-8-sig", *, unencodable: str = "error") -> bytes:
    """CSV bytes with CRLF line ends: "utf-8-sig" (UTF-8 with BOM, the default) or "cp932".

    unencodable="replace" writes 〓 for characters CP932 cannot hold; the default raises
    ExportEncodingError naming the cells.
    """
    import csv

    name = encoding.lower()
    if name not in CP932_NAMES | UTF8_NAMES:
        raise ValueError(f"CSVの文字コードは utf-8-sig か cp932 です: {encoding!r}")
    if unencodable not in ("error", "replace"):
        raise ValueError("unencodable は 'error' か 'replace' です")
    headers = [neutralize(str(h)) for h in frame.columns]
    body = _table(frame)
    if name in CP932_NAMES:
        headers = [h.translate(CP932_LOOKALIKES) for h in headers]
        body = [[cell.translate(CP932_LOOKALIKES) for cell in row] for row in body]
        bad = _unencodable_cells(headers, body, list(map(str, frame.columns)))
        if bad and unencodable == "error":
            shown = "、".join(f"{row} 行目「{column}」の「{chars}」" for row, column, chars in bad[:3])
            more = f" ほか {len(bad) - 3} か所" if len(bad) > 3 else ""
            raise ExportEncodingError(
                f"CP932（Shift_JIS）で表せない文字があります: {shown}{more}。"
                "UTF-8（BOM付き）で出力するか、〓に置き換えて出力してください",
                bad,
            )
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(headers)
    writer.writerows(body)
    text = buffer.getvalue()
    if name in CP932_NAMES:
        return _encode_cp932(text, unencodable)
    return text.encode("utf-8-sig")


def _encode_cp932(text: str, unencodable: str) -> bytes:
    if unencodable == "replace":
        return "".join(ch if _cp932_ok(ch) else REPLACEMENT for ch in text).encode("cp932")
    return text.encode("cp932")


def _cp932_ok(ch: str) -> bool:
    try:
        ch.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def _unencodable_cells(
    headers: list[str], body: list[list[str]], columns: list[str]
) -> list[tuple[int, str, str]]:
    found = []
    for row_number, row in enumerate([headers, *body], start=1):
        for column, cell in zip(columns, row, strict=True):
            try:
                cell.encode("cp932")
            except UnicodeEncodeError:
                chars = "".join(dict.fromkeys(ch for ch in cell if not _cp932_ok(ch)))
                found.append((row_number, column, chars))
    return found


def to_xlsx(frame: pd.DataFrame, sheet_name: str = "データ") -> bytes:
    """An .xlsx with one sheet: bold header, frozen first row, filter, dates as dates, text neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if len(frame) + 1 > XLSX_ROWS_MAX:
        raise ValueError(
            f"Excelの1シートに入る行数（{XLSX_ROWS_MAX - 1:,} 行）を超えています。CSVで出力してください"
        )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_name))
    columns = [str(c) for c in frame.columns]
    rows = [[_xlsx_value(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    for position, header in enumerate(columns, start=1):
        sample = [len(str(r[position - 1])) for r in rows[:200] if r[position - 1] is not None]
        width = min(60, max([len(header) * 2 + 2, *(min(n, 40) * 1.6 for n in sample)]))
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    bold = Font(bold=True)
    header_cells = []
    for header in columns:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        # plain values: no text starts with "=" after neutralising, so none becomes a formula, and
        # openpyxl gives dates a date format of their own
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    value = _cell(value)
    if value is not None and not isinstance(value, (str, int, float, Decimal, date)):
        value = neutralize(str(value))  # lists, dicts, … as their text
    if isinstance(value, str):
        value = _XML_ILLEGAL.sub("\ufffd", value)
        if len(value) > XLSX_CELL_MAX:
            value = value[: XLSX_CELL_MAX - 1] + "…"
    return value


def _sheet_title(name: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "データ"
    return cleaned[:31]


# --------------------------------------------------------------------------- records in the import format

FILTERS = ("region_id", "codes", "municipality_code", "fiscal_year", "date_from", "date_to", "status")


def records_frame(con: duckdb.DuckDBPyConnection, kind: str, **filters) -> pd.DataFrame:
    """Records of `kind` in the import format (import_format.HEADERS), so any export re-imports.

    Filters (all optional): region_id, codes (list of 6-digit codes) or municipality_code,
    fiscal_year, date_from, date_to (on the record's date), status (consultations only).
    管理番号 is the record's stable key (source_key, else its content key); liaisons are shown by
    name unless two share it (then by id); municipalities and DX fields by name.
    """
    if kind not in import_format.KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {import_format.KINDS}")
    if kind == "liaisons":  # issue 11: the whole roster, whatever the 年度 or 圏域 (one row per person)
        return roster_import.records_frame(con)
    if kind in ("engagements", "pushes", "followups"):  # issue 11: with their child rows
        from liaison.records import relation_import  # it imports the write API, which imports this module

        return relation_import.records_frame(con, kind, reference(con), **filters)
    if kind in referral_import.KINDS:  # issue 11: every department; referrals by region and day referred
        return referral_import.records_frame(con, kind, **filters)
    unknown = set(filters) - set(FILTERS)
    if unknown or (kind != "consultations" and filters.get("status") is not None):
        raise TypeError(f"unknown filters for {kind}: {sorted(unknown) or ['status']}")
    codes = filters.get("codes")
    if filters.get("municipality_code") is not None:
        codes = [*(codes or []), filters["municipality_code"]]
    common = {
        "region_id": filters.get("region_id"),
        "codes": None if codes is None else [str(c) for c in codes],
        "fiscal_year": filters.get("fiscal_year"),
        "date_from": filters.get("date_from"),
        "date_to": filters.get("date_to"),
    }
    if kind == "visits":
        stored = run_query(
            "visits_records",
            con=con,
            region_id=common["region_id"],
            codes=common["codes"],
            fiscal_year=common["fiscal_year"],
            date_from=common["date_from"],
            date_to=common["date_to"],
        )
    elif kind == "consultations":
        stored = run_query(
            "consultations_records",
            con=con,
            region_id=common["region_id"],
            codes=common["codes"],
            fiscal_year=common["fiscal_year"],
            date_from=common["date_from"],
            date_to=common["date_to"],
            status=filters.get("status"),
        )
    else:
        stored = run_query(
            "readiness_records",
            con=con,
            region_id=common["region_id"],
            codes=common["codes"],
            fiscal_year=common["fiscal_year"],
            date_from=common["date_from"],
            date_to=common["date_to"],
        )
    return to_import_format(kind, stored, reference(con))


def to_import_format(kind: str, stored: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Internal columns (as the *_records queries return them) → the import format's Japanese columns."""
    out = {}
    for column in import_format.COLUMNS[kind]:
        header = column.header(kind)
        if column.parse == "key":
            values = stored["record_key"]
        elif column.parse == "municipality":
            values = stored["municipality_name"]
        elif column.parse == "liaison":
            values = stored[column.name].map(lambda v: None if records.is_blank(v) else ref.liaison_label(v))
        elif column.parse == "field":
            values = stored[column.name].map(lambda v: None if records.is_blank(v) else ref.fields.get(v, v))
        elif column.parse == "date":
            values = stored[column.name].map(
                lambda v: None if records.is_blank(v) else pd.Timestamp(v).date()
            )
        elif column.parse in ("int", "fiscal_year"):
            values = stored[column.name].astype("Int64")
        elif column.parse == "yes_no":
            values = stored[column.name].astype(object).map(talent.wanted_text)
        else:
            values = stored[column.name]
        out[header] = values.astype(object).where(values.notna(), None) if len(values) else values
    return pd.DataFrame(out, columns=import_format.HEADERS[kind])
