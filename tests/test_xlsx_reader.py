"""The fast .xlsx reader (python-calamine + the sheet XML) gives what the openpyxl reader gives.

Every .xlsx of the import corpora (tests/import_corpus.py, tests/test_relation_import.py; their CSV
cases written as .xlsx too), the templates (blank and filled), the exports of every kind, the own-format
file of header_map, and files with what calamine reads differently (numbers as floats, dates, error
cells, formulas with and without saved values, shared formulas, hidden and chart sheets) are
previewed through both readers; the previews must be equal, problem for problem and row for row.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, time

import pandas as pd
import pytest

from liaison import demo
from liaison.records import exporting, import_format, reading, xlsx_reader
from liaison.records.preview import preview
from liaison.records.template import template_xlsx
from tests import import_corpus as corpus
from tests import test_relation_import as relations
from tests.import_corpus import GOOD, RECORD_KINDS, row, table, xlsx_bytes

TODAY = demo.AS_OF


def _as_xlsx(kind: str, payload: bytes) -> bytes | None:
    """A CSV case's rows written as an .xlsx (every cell text), or None when it is not readable CSV."""
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text or not text.strip() or len(payload) > 1_000_000:  # the size case stays a CSV case
        return None
    rows = list(csv.reader(io.StringIO(text), delimiter="\t" if "\t" in text.split("\n")[0] else ","))
    from openpyxl.utils.exceptions import IllegalCharacterError

    try:
        return xlsx_bytes(rows, import_format.SHEET_NAMES[kind])
    except IllegalCharacterError:  # control characters: an .xlsx cannot hold them
        return None


def _rewrite_sheet(payload: bytes, change) -> bytes:
    """The .xlsx with its first sheet's XML passed through change(text)."""
    source = zipfile.ZipFile(io.BytesIO(payload))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def _shared_formula() -> bytes:
    """Two rows whose 備考 cells share one formula (F2's text, F3 only refers to it), as Excel saves them."""
    base = xlsx_bytes(
        table("visits", row("visits"), row("visits", 市町="明石市")), "訪問", {"H2": "=A2&B2", "H3": "=A3&B3"}
    )

    def change(text: str) -> str:
        text = re.sub(r"<f>A2&amp;B2</f>", '<f t="shared" ref="H2:H3" si="0">A2&amp;B2</f>', text)
        return re.sub(r"<f>A3&amp;B3</f>", '<f t="shared" si="0"/>', text)

    return _rewrite_sheet(base, change)


def _cached_formula_and_error() -> bytes:
    """A formula with a saved value (calamine reads the value) and an error cell (#N/A, calamine reads '')."""
    base = xlsx_bytes(table("visits", row("visits"), row("visits")), "訪問", {"C2": '="姫路"&"市"'})

    def change(text: str) -> str:
        text = re.sub(r'(<c r="C2"[^>]*>)<f>(.*?)</f>(<v>[^<]*</v>)?', r"\1<f>\2</f><v>姫路市</v>", text)
        text = text.replace('<c r="C2" ', '<c r="C2" t="str" ', 1) if 't="str"' not in text else text
        return re.sub(r'<c r="F3"[^>]*>.*?</c>', '<c r="F3" t="e"><v>#N/A</v></c>', text)

    return _rewrite_sheet(base, change)


def _typed_cells() -> bytes:
    """Real numbers, dates, times and booleans, the way people type them in Excel."""
    header = import_format.HEADERS["readiness"]
    rows = [
        header,
        ["姫路市", 2023, date(2023, 8, 1), 1, 3, 3, 3, 3, 2, 2, 3, 4.0, None],
        ["明石市", 2023.0, datetime(2023, 8, 2, 10, 30), 1.5, 3, 3, 3, 3, 2, 2, 3, 4, True],
        ["加古川市", "2023", time(10, 0), 1, 3, 3, 3, 3, 2, 2, 3, 1e20, "  空白  "],
        [282014, 2023, date(2023, 8, 3), 1, 3, 3, 3, 3, 2, 2, 3, 4, ""],
    ]
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "DX推進度"
    for values in rows:
        sheet.append(values)
    hidden = workbook.create_sheet("メモ")
    hidden.sheet_state = "hidden"
    hidden.append(["見出しではない"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _chart_sheet_first() -> bytes:
    """A chart sheet before the data sheet (no sheet named for the kind): the data sheet is chosen."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart

    workbook = Workbook()
    data = workbook.active
    data.title = "Sheet1"
    for values in table("visits", row("visits")):
        data.append(values)
    chart_sheet = workbook.create_chartsheet("グラフ", 0)
    chart_sheet.add_chart(BarChart())
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _filled_template(kind: str, con) -> bytes:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(template_xlsx(kind, con)))
    sheet = workbook[import_format.SHEET_NAMES[kind]]
    for position, value in enumerate(GOOD[kind], start=1):
        sheet.cell(row=3, column=position, value=value or None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cases() -> list:
    """(id, kind, file name, builder(con) → bytes)."""
    cases = []
    for case in corpus.CASES:
        if case.file_name.endswith(".xlsx"):
            cases.append((f"corpus-{case.name}", case.kind, case.file_name, lambda con, c=case: c.build()))
        else:
            cases.append(
                (
                    f"corpus-as-xlsx-{case.name}",
                    case.kind,
                    "x.xlsx",
                    lambda con, c=case: _as_xlsx(c.kind, c.build()),
                )
            )
    for case in relations.CORPUS:
        if case.formulas:
            cases.append(
                (f"relations-{case.name}", case.kind, case.file_name, lambda con, c=case: c.payload())
            )
        else:
            cases.append(
                (
                    f"relations-as-xlsx-{case.name}",
                    case.kind,
                    "x.xlsx",
                    lambda con, c=case: _as_xlsx(c.kind, c.payload()),
                )
            )
    for kind in import_format.KINDS:
        cases.append((f"template-{kind}", kind, "t.xlsx", lambda con, k=kind: template_xlsx(k, con)))
        cases.append(
            (
                f"export-{kind}",
                kind,
                "e.xlsx",
                lambda con, k=kind: exporting.to_xlsx(exporting.records_frame(con, k)),
            )
        )
    for kind in RECORD_KINDS:
        cases.append(
            (f"filled-template-{kind}", kind, "f.xlsx", lambda con, k=kind: _filled_template(k, con))
        )
    blank_rows = table("visits", row("visits"), [""] * 8, [""] * 8, row("visits", 市町="神戸市"))
    cases += [
        ("blank-rows", "visits", "v.xlsx", lambda con: xlsx_bytes(blank_rows, "訪問")),
        (
            "formula-alone-in-a-row",
            "visits",
            "v.xlsx",
            lambda con: xlsx_bytes(table("visits", row("visits")), "訪問", {"B3": "=TODAY()"}),
        ),
        ("shared-formula", "visits", "v.xlsx", lambda con: _shared_formula()),
        ("cached-formula-and-error-cell", "visits", "v.xlsx", lambda con: _cached_formula_and_error()),
        ("typed-cells", "readiness", "r.xlsx", lambda con: _typed_cells()),
        ("chart-sheet-first", "visits", "v.xlsx", lambda con: _chart_sheet_first()),
        ("not-a-zip", "visits", "v.xlsx", lambda con: b"PK\x03\x04 not really a zip"),
        ("ole-file", "visits", "v.xlsx", lambda con: b"\xd0\xcf\x11\xe0" + b"\x00" * 600),
    ]
    return cases


CASES = _cases()


def _through(reader: str, monkeypatch, con, kind: str, file_name: str, payload: bytes):
    monkeypatch.setattr(reading, "XLSX_READER", reader)
    return preview(con, kind, file_name, payload, today=TODAY)


@pytest.mark.parametrize(("kind", "file_name", "build"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_both_readers_give_the_same_preview(con, monkeypatch, kind, file_name, build):
    payload = build(con)
    if payload is None:
        pytest.skip("a CSV case an .xlsx cannot hold (an encoding, a control character, the size)")
    old = _through("openpyxl", monkeypatch, con, kind, file_name, payload)
    new = _through("calamine", monkeypatch, con, kind, file_name, payload)
    assert new.problems == old.problems
    assert new.warnings == old.warnings
    assert (new.new_rows, new.already_present, new.total_rows) == (
        old.new_rows,
        old.already_present,
        old.total_rows,
    )
    pd.testing.assert_frame_equal(new.rows, old.rows)


@pytest.mark.parametrize(
    ("kind", "file_name", "build"),
    [c[1:] for c in CASES if c[0].startswith(("template", "export", "typed", "shared", "cached", "chart"))],
    ids=[
        c[0] for c in CASES if c[0].startswith(("template", "export", "typed", "shared", "cached", "chart"))
    ],
)
def test_both_readers_read_the_same_header_and_formulas(con, monkeypatch, kind, file_name, build):
    payload = build(con)
    monkeypatch.setattr(reading, "XLSX_READER", "openpyxl")
    old = reading.read_table(kind, file_name, payload, any_sheet=True)
    old_header = reading.read_header(kind, file_name, payload)
    monkeypatch.setattr(reading, "XLSX_READER", "calamine")
    new = reading.read_table(kind, file_name, payload, any_sheet=True)
    assert reading.read_header(kind, file_name, payload) == old_header
    width = len(new[0])
    assert new[0] == old[0][:width] and not any(old[0][width:])  # openpyxl may pad with empty cells
    assert new[2] == old[2] and new[3] == old[3]  # row numbers, formula cells (row, column, text)
    assert [r[:width] for r in new[1]] == [r[:width] for r in old[1]]


def test_formula_cells_are_found_in_the_xml_with_their_position():
    payload = _shared_formula()
    archive = zipfile.ZipFile(io.BytesIO(payload))
    values, formulas = xlsx_reader.special_cells(archive, xlsx_reader.sheet_parts(archive)["訪問"])
    assert formulas == {(2, 7), (3, 7)}
    assert values == {(2, 7): "=A2&B2", (3, 7): "=A3&B3"}


def test_a_sheet_without_formulas_is_not_parsed(monkeypatch):
    payload = xlsx_bytes(table("visits", row("visits")), "訪問")
    archive = zipfile.ZipFile(io.BytesIO(payload))
    monkeypatch.setattr(xlsx_reader.ElementTree, "iterparse", None)  # would fail if called
    assert xlsx_reader.special_cells(archive, "xl/worksheets/sheet1.xml") == ({}, set())
