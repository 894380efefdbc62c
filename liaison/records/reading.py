"""Reading an import file: .csv or .xlsx bytes into a header row and a matrix of cells.

- .csv in UTF-8, UTF-8 with BOM or CP932 (Shift_JIS), detected by charset-normalizer; comma- or
  tab-separated. .xlsx: the sheet named after the kind (訪問 / 相談 / DX推進度), else the first sheet
  whose first row holds the headers (an export's 「データ」 sheet). Header in row 1.
- At most MAX_BYTES bytes: a larger file is a Problem (raised as Unreadable), not a crash.
- A formula *cell* in an .xlsx is reported by position (its value is not known without Excel).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import charset_normalizer
import pandas as pd

from liaison import records
from liaison.i18n import say
from liaison.records import Problem, xlsx_reader
from liaison.records.import_format import COLUMNS, HEADERS, KIND_LABELS, MAX_BYTES, MAX_ROWS, SHEET_NAMES
from liaison.records.matching import canonical, norm_header

ENCODINGS = ("utf_8", "cp932")  # what detection may choose between (Shift_JIS is read as its superset CP932)


class Unreadable(Exception):
    """A file-level problem: nothing more can be read (`.problem` says why)."""

    def __init__(self, problem: Problem):
        self.problem = problem


# --------------------------------------------------------------------------- reading files


def decode(file_name: str, payload: bytes) -> str:
    """A CSV's text: BOM, else UTF-8 or CP932 as detected; UTF-16, NUL bytes or bad bytes are Unreadable."""
    if payload.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif payload.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable(
            Problem(
                say(
                    "UTF-16 のCSVは読めません。「CSV UTF-8」か「CSV（コンマ区切り）」で保存してください",
                    "is a UTF-16 CSV, which cannot be read. Save it as “CSV UTF-8” or “CSV (comma delimited)”",
                ),
                file=file_name,
            )
        )
    else:
        best = charset_normalizer.from_bytes(payload, cp_isolation=list(ENCODINGS)).best()
        if best is None:
            raise Unreadable(
                Problem(
                    say(
                        "文字コードを判別できません（UTF-8 か Shift_JIS（CP932）で保存したCSVを使ってください）",
                        "has an encoding that cannot be told (use a CSV saved as UTF-8 or Shift_JIS (CP932))",
                    ),
                    file=file_name,
                )
            )
        encoding = "cp932" if best.encoding in ("cp932", "shift_jis") else "utf-8"
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError as error:
        row = payload[: error.start].count(b"\n") + 1
        name = "UTF-8" if encoding.startswith("utf") else "Shift_JIS（CP932）"
        name_en = "UTF-8" if encoding.startswith("utf") else "Shift_JIS (CP932)"
        raise Unreadable(
            Problem(
                say(
                    f"{name} として読めない文字があります（{error.start} バイト目）",
                    f"has characters that are not {name_en} (at byte {error.start})",
                ),
                row=row,
                file=file_name,
            )
        ) from None
    if "\x00" in text:
        raise Unreadable(
            Problem(
                say(
                    "CSVではないデータ（NUL文字）が含まれています",
                    "holds data that is not CSV (NUL characters)",
                ),
                file=file_name,
            )
        )
    return text


def read_csv(file_name: str, payload: bytes) -> tuple[list[object], list[list[object]], list[int]]:
    """(header, rows, row numbers) of a comma- or tab-separated file."""
    text = decode(file_name, payload)
    first_line = text.split("\n", 1)[0]
    sep = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
        )
    except pd.errors.EmptyDataError:
        raise Unreadable(
            Problem(
                say("ファイルにデータがありません（空のファイルです）", "holds no data (it is empty)"),
                file=file_name,
            )
        ) from None
    except pd.errors.ParserError as error:
        match = re.search(r"line (\d+), saw (\d+)", str(error))
        where = f"（{match.group(1)} 行目の列数が見出しより多い {match.group(2)} 列です）" if match else ""
        where_en = (
            f" (row {match.group(1)} has {match.group(2)} columns, more than the headers)" if match else ""
        )
        row = int(match.group(1)) if match else None
        reason = say(f"CSVの形式が正しくありません{where}", f"is not a well-formed CSV{where_en}")
        raise Unreadable(Problem(reason, row=row, file=file_name)) from None
    matrix = frame.to_numpy(dtype=object)  # cells are trimmed where they are parsed
    header = list(matrix[0]) if len(matrix) else []
    return header, matrix[1:], list(range(2, len(matrix) + 1))


XLSX_READER = "calamine"  # or "openpyxl": the reference reader (tests compare both; the bench times both)


def _refuse_ole(file_name: str, payload: bytes) -> None:
    if payload.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable(
            Problem(
                say(
                    "古い形式のExcelファイル（.xls）か、パスワード付きのファイルです。.xlsx で保存し直してください",
                    "is an old Excel file (.xls) or has a password. Save it again as .xlsx",
                ),
                file=file_name,
            )
        )


def _open_workbook(file_name: str, payload: bytes):
    import openpyxl  # only imports need it

    _refuse_ole(file_name, payload)
    try:
        return openpyxl.load_workbook(io.BytesIO(payload), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError) as error:
        raise Unreadable(
            Problem(
                say(
                    f"Excelファイル（.xlsx）として読めません（壊れているか別の形式です: {type(error).__name__}）",
                    f"cannot be read as an Excel file (.xlsx): it is damaged or of another kind ({type(error).__name__})",
                ),
                file=file_name,
            )
        ) from None
    except Exception as error:  # openpyxl raises its own exception types for odd packages
        raise Unreadable(
            Problem(
                say(
                    f"Excelファイル（.xlsx）として読めません（{type(error).__name__}）",
                    f"cannot be read as an Excel file (.xlsx) ({type(error).__name__})",
                ),
                file=file_name,
            )
        ) from None


def _first_row(sheet) -> tuple:
    sheet.reset_dimensions()
    return next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())


def _choose_sheet(
    sheetnames: list[str], worksheets: list[str], first_row, kind: str, file_name: str, any_sheet: bool
) -> str:
    """The sheet named for `kind`, else the first with our headers, else (any_sheet) the first with a header.

    sheetnames: every sheet's name; worksheets: the names of the sheets with cells (not charts), in
    order; first_row(name): that sheet's first row of values.
    """
    wanted = {norm_header(h) for h in HEADERS[kind]}
    required = {norm_header(c.header(kind)) for c in COLUMNS[kind] if c.required}
    if SHEET_NAMES[kind] in sheetnames:
        return SHEET_NAMES[kind]
    for name in worksheets:
        found = {norm_header(canonical(v)) for v in first_row(name) if v is not None}
        if required <= found and found & wanted:
            return name
    if any_sheet:  # a file in its own format (header_map): its first sheet with a header row
        for name in worksheets:
            if any(canonical(v) for v in first_row(name)):
                return name
    names = "、".join(sheetnames) or "なし"
    names_en = ", ".join(f"“{name}”" for name in sheetnames) or "none"
    raise Unreadable(
        Problem(
            say(
                f"取り込めるシートがありません（シート: {names}）。「{SHEET_NAMES[kind]}」シートか、"
                f"1行目に{KIND_LABELS[kind]}の見出しがあるシートが必要です",
                f"has no sheet to import (sheets: {names_en}). It needs a sheet named "
                f"“{SHEET_NAMES[kind]}” or one whose first row holds the headers",
            ),
            file=file_name,
        )
    )


def _choose_openpyxl_sheet(workbook, kind: str, file_name: str, any_sheet: bool):
    names = [sheet.title for sheet in workbook.worksheets]
    chosen = _choose_sheet(
        workbook.sheetnames, names, lambda name: _first_row(workbook[name]), kind, file_name, any_sheet
    )
    return workbook[chosen]


def read_xlsx_openpyxl(kind: str, file_name: str, payload: bytes, any_sheet: bool = False):
    """(header, rows, row numbers, formula cells) of the workbook's sheet for `kind`, read by openpyxl."""
    workbook = _open_workbook(file_name, payload)
    try:
        chosen = _choose_openpyxl_sheet(workbook, kind, file_name, any_sheet)
        header: list[object] = []
        matrix: list[list[object]] = []
        row_numbers: list[int] = []
        formulas: list[tuple[int, int, str]] = []  # (row, column position, formula)
        chosen.reset_dimensions()  # a writer's stored dimensions may be wrong; read what is there
        for number, cells in enumerate(chosen.iter_rows(min_row=1), start=1):
            values = []
            for position, cell in enumerate(cells):
                value = getattr(cell, "value", None)
                if isinstance(value, str):
                    value = value.strip()
                if getattr(cell, "data_type", None) == "f":  # reported; its text stays for the message
                    formulas.append((number, position, str(value)))
                values.append(value)
            if number == 1:
                header = values
                continue
            if all(records.is_blank(v) for v in values):
                continue
            if len(matrix) > MAX_ROWS:
                break
            matrix.append(values)
            row_numbers.append(number)
        width = max([len(header), *(len(r) for r in matrix)]) if header or matrix else 0
        header = list(header) + [None] * (width - len(header))
        matrix = [list(r) + [None] * (width - len(r)) for r in matrix]
        return header, matrix, row_numbers, formulas
    finally:
        workbook.close()


def _calamine_sheet(workbook, kind: str, file_name: str, any_sheet: bool) -> str:
    return _choose_sheet(
        workbook.sheetnames, workbook.worksheets, workbook.first_row, kind, file_name, any_sheet
    )


def read_xlsx_calamine(kind: str, file_name: str, payload: bytes, any_sheet: bool = False):
    """What read_xlsx_openpyxl gives, read by python-calamine (liaison.records.xlsx_reader)."""
    _refuse_ole(file_name, payload)
    try:
        workbook = xlsx_reader.Workbook(payload)
        try:
            chosen = _calamine_sheet(workbook, kind, file_name, any_sheet)
            return xlsx_reader.read(workbook, chosen, MAX_ROWS, records.is_blank)
        finally:
            workbook.close()
    except xlsx_reader.Fallback:
        return read_xlsx_openpyxl(kind, file_name, payload, any_sheet)


def read_xlsx(kind: str, file_name: str, payload: bytes, any_sheet: bool = False):
    """(header, rows, row numbers, formula cells) of the workbook's sheet for `kind` (by XLSX_READER)."""
    if XLSX_READER == "openpyxl":
        return read_xlsx_openpyxl(kind, file_name, payload, any_sheet)
    return read_xlsx_calamine(kind, file_name, payload, any_sheet)


def read_table(kind: str, file_name: str, payload: bytes, any_sheet: bool = False):
    """(header, matrix, spreadsheet row numbers, formula cells) of a .csv/.xlsx file, or Unreadable.

    any_sheet: an .xlsx without our sheet or headers is read from its first sheet with a header row
    (its columns are then mapped to ours: liaison.records.header_map).
    """
    if len(payload) > MAX_BYTES:
        size = f"{len(payload) / 1024 / 1024:.1f} MB"
        limit = f"{MAX_BYTES / 1024 / 1024:.0f} MB"
        raise Unreadable(
            Problem(
                say(
                    f"ファイルが大きすぎます（{size}。上限 {limit}）。分割して取り込んでください",
                    f"is too large ({size}; at most {limit}). Split it and import the parts",
                ),
                file=file_name,
            )
        )
    if not payload:
        raise Unreadable(Problem(say("ファイルが空です（0 バイト）", "is empty (0 bytes)"), file=file_name))
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix == "csv":
        return (*read_csv(file_name, payload), [])
    if suffix in ("xlsx", "xlsm"):
        return read_xlsx(kind, file_name, payload, any_sheet)
    if suffix == "xls":
        raise Unreadable(
            Problem(
                say(
                    "古い形式の .xls は読めません。.xlsx で保存し直してください",
                    "is an old .xls file, which cannot be read. Save it again as .xlsx",
                ),
                file=file_name,
            )
        )
    shown = f".{suffix}" if suffix else "拡張子のないファイル"
    shown_en = f"a .{suffix} file" if suffix else "a file without an extension"
    reason = say(
        f"{shown} は取り込めません（.csv か .xlsx のファイルを選んでください）",
        f"is {shown_en}, which cannot be imported (choose a .csv or .xlsx file)",
    )
    raise Unreadable(Problem(reason, file=file_name))


def read_header(kind: str, file_name: str, payload: bytes) -> list[object] | None:
    """The header row the import would read (any sheet, as for a mapped file), or None if unreadable."""
    try:
        suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
        if suffix in ("xlsx", "xlsm") and len(payload) <= MAX_BYTES:
            return _read_xlsx_header(kind, file_name, payload)
        return list(read_table(kind, file_name, payload, any_sheet=True)[0])
    except Unreadable:
        return None


def _read_xlsx_header(kind: str, file_name: str, payload: bytes) -> list[object]:
    if XLSX_READER != "openpyxl":
        _refuse_ole(file_name, payload)
        try:
            workbook = xlsx_reader.Workbook(payload)
            try:
                return list(workbook.first_row(_calamine_sheet(workbook, kind, file_name, True)))
            finally:
                workbook.close()
        except xlsx_reader.Fallback:
            pass
    workbook = _open_workbook(file_name, payload)
    try:
        return list(_first_row(_choose_openpyxl_sheet(workbook, kind, file_name, True)))
    finally:
        workbook.close()
