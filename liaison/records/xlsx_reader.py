"""The fast .xlsx reader: values by python-calamine (Rust), formula and error cells from the sheet XML.

It gives what the openpyxl reader (liaison.records.reading.read_xlsx_openpyxl, kept as the reference
and the fallback) gives, cell for cell, as far as an import can tell:
- calamine reads a number cell as a float (282014 → 282014.0): integral floats become ints, as openpyxl
  reads them; a date cell as datetime.date: it becomes a datetime at midnight, as openpyxl's;
- calamine reads a formula cell as its saved value ('' when none is saved) and an error cell (#N/A) as
  '': the sheet's XML is scanned for `<f>` elements and error cells (a streaming parse, only when a
  byte scan finds either), and those cells get openpyxl's values: "=" + the formula text (a shared
  formula translated to its cell), the error text;
- a file calamine cannot open is handed to the openpyxl reader, so broken files get the same messages.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from xml.etree import ElementTree

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REF = re.compile(r"([A-Z]+)(\d+)")
_CHUNK = 1 << 20
LARGEST_INT = 1e15  # Excel keeps 15 significant digits; larger integral floats stay floats


class Fallback(Exception):
    """calamine could not read the file: the openpyxl reader reads it (and words any problem)."""


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part in the archive (from xl/workbook.xml and its relationships)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        path = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
        targets[rel.get("Id")] = path
    parts = {}
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        part = targets.get(sheet.get(f"{{{REL_NS}}}id"))
        if part:
            parts[sheet.get("name")] = part
    return parts


_ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*):worksheet[\s>]")
_ERROR_NEEDLES = (b'="e"', b"='e'")


def _has_special(archive: zipfile.ZipFile, part: str) -> bool:
    """True when the part's bytes may hold a formula element or an error cell (a byte scan, no parse).

    It looks for "<f" (or "<x:f" when the sheet's elements carry a prefix) and ="e": a false positive
    (<formula1> of a data validation, the same bytes in an inline string) only costs the streaming parse.
    """
    tail = b""
    formula = b"<f"
    with archive.open(part) as stream:
        first = True
        while chunk := stream.read(_CHUNK):
            if first:
                prefix = _ROOT_PREFIX.search(chunk[:4096])
                formula = b"<" + prefix.group(1) + b":f" if prefix else b"<f"
                first = False
            window = tail + chunk
            if formula in window or any(needle in window for needle in _ERROR_NEEDLES):
                return True
            tail = chunk[-8:]
    return False


def special_cells(
    archive: zipfile.ZipFile, part: str
) -> tuple[dict[tuple[int, int], str], set[tuple[int, int]]]:
    """({(row, column): openpyxl's value} of formula and error cells, {formula cells}); rows from 1, columns from 0."""
    values: dict[tuple[int, int], str] = {}
    formulas: set[tuple[int, int]] = set()
    if not _has_special(archive, part):
        return values, formulas
    shared: dict[str, tuple[str, str]] = {}  # si → (formula, its cell ref)
    row_number, column = 0, -1
    with archive.open(part) as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                if name == "row":
                    row_number = int(element.get("r") or row_number + 1)
                    column = -1
                elif name == "c":
                    ref = _REF.fullmatch(element.get("r") or "")
                    column = _column_index(ref.group(1)) if ref else column + 1
                continue
            if name == "c":
                cell = (row_number, column)
                formula = next((child for child in element if _local(child.tag) == "f"), None)
                if formula is not None:
                    text = "=" + (formula.text or "")
                    if formula.get("t") == "shared" and formula.get("si") is not None:
                        here = element.get("r") or f"{_letters(column)}{row_number}"
                        if formula.text:
                            shared[formula.get("si")] = (text, here)
                        elif formula.get("si") in shared:
                            text = _translate(*shared[formula.get("si")], here)
                    values[cell] = text.strip()
                    formulas.add(cell)
                elif element.get("t") == "e":
                    value = next((child for child in element if _local(child.tag) == "v"), None)
                    values[cell] = value.text if value is not None and value.text else None
                element.clear()
            elif name == "row":
                element.clear()
    return values, formulas


def _letters(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _translate(formula: str, origin: str, here: str) -> str:
    """A shared formula as it reads in another cell (openpyxl's translator; only for such files)."""
    from openpyxl.formula.translate import Translator

    return Translator(formula, origin).translate_formula(here)


def _cell(value: object) -> object:
    """A calamine value as openpyxl reads it (see the module docstring); strings trimmed."""
    if isinstance(value, str):
        value = value.strip()
        return value if value else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < LARGEST_INT else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


class Workbook:
    """An .xlsx opened by calamine, with its zip archive for the formula scan."""

    def __init__(self, payload: bytes):
        from python_calamine import CalamineWorkbook

        try:
            self.archive = zipfile.ZipFile(io.BytesIO(payload))
            self.parts = sheet_parts(self.archive)
            self.book = CalamineWorkbook.from_filelike(io.BytesIO(payload))
            self.sheetnames = list(self.book.sheet_names)
            kinds = {meta.name: str(meta.typ) for meta in self.book.sheets_metadata}
        except Exception as error:  # any trouble: the openpyxl reader words it
            raise Fallback from error
        self.worksheets = [n for n in self.sheetnames if "Chart" not in kinds.get(n, "") and n in self.parts]
        self._rows: dict[str, list[list[object]]] = {}
        self._special: dict[str, tuple] = {}

    def raw_rows(self, name: str) -> list[list[object]]:
        """The sheet's cells from A1 as calamine reads them (cached per sheet)."""
        if name not in self._rows:
            try:
                self._rows[name] = self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as error:
                raise Fallback from error
        return self._rows[name]

    def first_row(self, name: str) -> tuple:
        rows = self.raw_rows(name)
        if not rows:
            return ()
        values, _ = self.special(name)
        return tuple(values.get((1, at), _cell(v)) for at, v in enumerate(rows[0]))

    def special(self, name: str):
        """special_cells of the sheet (cached per sheet)."""
        if name not in self._special:
            try:
                self._special[name] = special_cells(self.archive, self.parts[name])
            except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, ValueError) as error:
                raise Fallback from error
        return self._special[name]

    def close(self) -> None:
        self.book.close()
        self.archive.close()


def read(workbook: Workbook, name: str, max_rows: int, is_blank: Callable[[object], bool]):
    """(header, rows, row numbers, formula cells) of one sheet, as reading.read_xlsx_openpyxl gives them."""
    rows = workbook.raw_rows(name)
    values, formula_cells = workbook.special(name)
    header: list[object] = []
    matrix: list[list[object]] = []
    row_numbers: list[int] = []
    by_row: dict[int, list[int]] = {}
    for row_number, column in values:
        by_row.setdefault(row_number, []).append(column)
    width = max([len(rows[0]) if rows else 0, *(c + 1 for _, c in values)])
    formulas: list[tuple[int, int, str]] = []
    for row_number in sorted(by_row):
        for column in sorted(by_row[row_number]):
            if (row_number, column) in formula_cells:
                formulas.append((row_number, column, values[(row_number, column)]))
    last = max(len(rows), max(by_row, default=0))
    other = _cell
    for number in range(1, last + 1):
        raw = rows[number - 1] if number <= len(rows) else []
        # strings (nearly every cell) inline; other types through _cell
        cells = [(v.strip() or None) if type(v) is str else other(v) for v in raw]
        if len(cells) < width:
            cells += [None] * (width - len(cells))
        for column in by_row.get(number, ()):
            cells[column] = values[(number, column)]
        if number == 1:
            header = cells
            continue
        if cells.count(None) == width or all(is_blank(v) for v in cells):
            continue
        if len(matrix) > max_rows:
            break
        matrix.append(cells)
        row_numbers.append(number)
    return header, matrix, row_numbers, formulas
