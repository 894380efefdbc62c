"""Previewing an import: what a .csv/.xlsx file of visits, consultations or readiness would add.

`preview` reads a file and never writes: it reports every problem (file, row, column, value,
reason) and the rows it would add; `liaison.records.commit` then adds them all or nothing. At most
MAX_ROWS data rows: a larger file is a Problem. The template's example row (its note column reads
EXAMPLE_NOTE) is skipped, with a warning. A file in its own format is previewed with a column_map
(liaison.records.header_map): its mapped columns become ours, the others are left out and named in
the warnings, and every check then runs as for our own headers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from liaison import fiscal, records
from liaison.i18n import say
from liaison.records import Problem, Rows, referral_import, relation_import, roster_import
from liaison.records.deduplication import match_store
from liaison.records.exporting import to_import_format
from liaison.records.header_map import HeaderMap, file_headers
from liaison.records.header_map import apply as apply_map
from liaison.records.import_format import (
    BOOL_COLUMNS,
    COLUMNS,
    EXAMPLE_NOTE,
    INT_COLUMNS,
    KINDS,
    MAX_ROWS,
    NOTE_COLUMN,
)
from liaison.records.matching import canonical, column_letter, match_headers, order, parse_columns
from liaison.records.reading import Unreadable, read_table
from liaison.records.stored import reference


@dataclass
class Preview:
    """What an import would do: the rows it adds and every problem that stops it."""

    kind: str
    file_name: str
    rows: pd.DataFrame  # new rows, internal column names, ready to insert
    problems: list[Problem]
    new_rows: int
    already_present: int
    warnings: list[Problem] = field(default_factory=list)  # do not stop the import (e.g. example row)
    sha256: str = ""
    total_rows: int = 0  # data rows read (without blank rows and the template's example row)
    column_map: HeaderMap | None = None  # the file's own headers mapped to ours (saved on commit)

    @property
    def ok(self) -> bool:
        """No problems and at least one row to add."""
        return not self.problems and self.new_rows > 0


def preview(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    file_name: str,
    payload: bytes,
    *,
    today: date,
    column_map: HeaderMap | None = None,
) -> Preview:
    """Read a .csv/.xlsx file of `kind` and say what importing it would do; never writes.

    With a column_map (made for this file's header row) the file's columns are read as mapped.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; one of {KINDS}")
    today = fiscal.parse_date(today)  # a datetime or Timestamp works too
    digest = hashlib.sha256(payload).hexdigest()
    empty = pd.DataFrame(columns=[c.name for c in COLUMNS[kind]])
    try:
        header, matrix, row_numbers, formulas = read_table(
            kind, file_name, payload, any_sheet=column_map is not None
        )
    except Unreadable as stop:
        return Preview(kind, file_name, empty, [stop.problem], 0, 0, [], digest, 0)
    warnings: list[Problem] = []
    if column_map is not None:
        if column_map.kind != kind or file_headers(header) != column_map.headers:
            problem = Problem("見出しの対応表がこのファイルの見出し行と合いません", row=1, file=file_name)
            return Preview(kind, file_name, empty, [problem], 0, 0, [], digest, 0, column_map)
        problems = column_map.problems(file_name)
        if problems:
            return Preview(kind, file_name, empty, problems, 0, 0, [], digest, 0, column_map)
        header, matrix, formulas, warnings = apply_map(column_map, header, matrix, formulas, file_name)
    found = _preview_table(con, kind, file_name, digest, header, matrix, row_numbers, formulas, today)
    found.warnings[:0] = warnings
    found.column_map = column_map
    return found


def _preview_table(con, kind, file_name, digest, header, matrix, row_numbers, formulas, today) -> Preview:
    empty = pd.DataFrame(columns=[c.name for c in COLUMNS[kind]])
    warnings: list[Problem] = []
    if not any(canonical(cell) for cell in header):
        problem = Problem(
            say(
                "1行目に見出しがありません（ファイルが空か、見出し行がありません）",
                "has no headers (the file is empty or has no header row)",
            ),
            row=1,
            file=file_name,
        )
        return Preview(kind, file_name, empty, [problem], 0, 0, [], digest)
    positions, problems = match_headers(kind, header, file_name)
    matrix = np.asarray(matrix, dtype=object).reshape(len(matrix), len(header))
    # columns without a header: ignored when empty, a problem when they hold data
    for position, cell in enumerate(header):
        if not canonical(cell) and len(matrix):
            column_values = matrix[:, position]
            if not (pd.isna(column_values) | (column_values == "")).all():
                letter = column_letter(position)
                problems.append(
                    Problem(
                        say(
                            f"見出しのない列（{letter} 列）にデータがあります",
                            f"has data in column {letter}, which has no header",
                        ),
                        None,
                        1,
                        None,
                        file_name,
                    )
                )
    if problems:
        return Preview(kind, file_name, empty, problems, 0, 0, [], digest)

    # blank rows (Excel leaves them) and the template's example row are not data
    if len(matrix):
        filled = ~(pd.isna(matrix) | (matrix == "")).all(axis=1)
        matrix, row_numbers = matrix[filled], [n for n, keep in zip(row_numbers, filled, strict=True) if keep]
    note = NOTE_COLUMN[kind]
    if note in positions and len(matrix):
        is_example = np.isin(matrix[:, positions[note]], [EXAMPLE_NOTE, canonical(EXAMPLE_NOTE)])
        if is_example.any():
            for number in np.asarray(row_numbers)[is_example]:
                warnings.append(
                    Problem(
                        say(
                            "テンプレートの記入例の行なので読み飛ばしました",
                            "is the template's example row and was skipped",
                        ),
                        None,
                        int(number),
                        None,
                        file_name,
                    )
                )
            matrix = matrix[~is_example]
            row_numbers = [n for n, skip in zip(row_numbers, is_example, strict=True) if not skip]
    if not len(matrix):
        if warnings:
            reason = say(
                "データ行がありません（見出し行と記入例の行だけです）",
                "has no data rows (only the header row and the example row)",
            )
        else:
            reason = say("データ行がありません（見出し行だけです）", "has no data rows (only the header row)")
        problem = Problem(reason, file=file_name)
        return Preview(kind, file_name, empty, [problem], 0, 0, warnings, digest)
    if len(matrix) > MAX_ROWS:
        problem = Problem(
            say(
                f"行が多すぎます（{MAX_ROWS:,} 行まで）。分割して取り込んでください",
                f"has too many rows (at most {MAX_ROWS:,}). Split the file and import the parts",
            ),
            file=file_name,
        )
        return Preview(kind, file_name, empty, [problem], 0, 0, warnings, digest)

    ref = reference(con)
    raw = {name: matrix[:, position] for name, position in positions.items()}
    labels = {c.name: c.header(kind) for c in COLUMNS[kind]}
    rows = Rows({}, labels, raw=raw, rows=list(row_numbers), file=file_name)
    rows.size = len(matrix)
    kept = {number: at for at, number in enumerate(row_numbers)}
    for number, position, formula in formulas:
        if number in kept:
            name = next((n for n, p in positions.items() if p == position), None)
            if name is not None:
                at = kept[number]
                rows.problems.append(
                    Problem(
                        say(
                            "数式のセルです（「値として貼り付け」で値にしてから取り込んでください）",
                            "is a formula (paste it as values before importing)",
                        ),
                        labels[name],
                        number,
                        formula,
                        file_name,
                    )
                )
                rows.bad.setdefault(name, set()).add(at)
    parse_columns(kind, raw, ref, rows)
    if kind == "liaisons":  # issue 11: the roster's own checks and matching
        return Preview(
            **roster_import.finish_preview(con, rows, file_name, digest, warnings, len(matrix), today)
        )
    if kind in relation_import.KINDS:  # issue 11: engagements, pushes, follow-ups and their child rows
        return Preview(
            **relation_import.finish_preview(
                con, kind, rows, ref, file_name, digest, warnings, len(matrix), today
            )
        )
    if kind in referral_import.KINDS:  # issue 11: 関係部署 and 橋渡し (liaison.records.referral_import)
        return Preview(
            **referral_import.finish_preview(con, kind, rows, file_name, digest, warnings, len(matrix), today)
        )
    {"visits": records.check_visits, "consultations": records.check_consultations}.get(
        kind, records.check_readiness
    )(rows, ref, today)

    cursor = con.cursor()
    try:
        new_mask, already = match_store(cursor, kind, rows, ref, warnings)
    finally:
        cursor.close()
    problems = sorted(rows.problems, key=lambda p: (p.row or 0, order(kind, p.column)))
    frame = _insert_frame(kind, rows.values, new_mask) if not problems else empty
    return Preview(
        kind,
        file_name,
        frame,
        problems,
        int(new_mask.sum()),
        already,
        warnings,
        digest,
        len(matrix),
    )


def _insert_frame(kind: str, values: dict[str, np.ndarray], mask: np.ndarray) -> pd.DataFrame:
    """The rows to add, typed for DuckDB: dates datetime64, integers Int64, text as Python strings."""
    columns = {}
    for column in COLUMNS[kind]:
        chosen = values[column.name][mask]
        if chosen.dtype.kind == "M":
            columns[column.name] = pd.Series(chosen.astype("datetime64[s]"))
        elif column.name in INT_COLUMNS:
            columns[column.name] = pd.Series(chosen, dtype="Int64")
        elif column.name in BOOL_COLUMNS:
            columns[column.name] = pd.Series(chosen, dtype="boolean")
        else:
            columns[column.name] = pd.Series(chosen, dtype=object)
    return pd.DataFrame(columns)


def rows_frame(con: duckdb.DuckDBPyConnection, preview: Preview) -> pd.DataFrame:
    """The preview's new rows as the user wrote them: Japanese HEADERS, names not codes (for display)."""
    if preview.kind == "liaisons":  # issue 11: the roster (no municipality column)
        return roster_import.to_import_format(preview.rows)
    if preview.kind in referral_import.KINDS:  # issue 11: names and keys, no municipality column
        return referral_import.to_import_format(preview.kind, preview.rows)
    ref = reference(con)
    if preview.kind in relation_import.KINDS:
        return relation_import.shown_rows(preview.kind, preview.rows, ref)
    shown = preview.rows.copy()
    if "source_key" in shown:
        shown["record_key"] = shown["source_key"]
    shown["municipality_name"] = shown["municipality_code"].map(ref.municipality_name)
    return to_import_format(preview.kind, shown, ref)
