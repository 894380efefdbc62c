"""Import visits, consultations and readiness assessments from .csv or .xlsx: preview, then commit.

`preview` reads a file and never writes: it reports every problem (file, row, column, value,
reason) and the rows it would add. `commit` adds them all in one transaction with one audit_log row,
or nothing.

Files
- .csv in UTF-8, UTF-8 with BOM or CP932 (Shift_JIS), detected by charset-normalizer; comma- or
  tab-separated. .xlsx: the sheet named after the kind (訪問 / 相談 / DX推進度), else the first sheet
  whose first row holds the headers (an export's 「データ」 sheet). Header in row 1.
- At most MAX_BYTES bytes and MAX_ROWS data rows: a larger file is a Problem, not an exception.
- Headers are the Japanese HEADERS of the kind; 市町 also as 市町名/市町村/市町コード. Optional columns
  may be left out; a column that is not one of them is a Problem (its data would be lost).
- Visits may carry 分野 (topic_field_id, migration 002: the DX field a 個別支援 visit was about).
- Municipalities by 5/6-digit code or name (full/half width and spaces ignored, 兵庫県 prefix allowed);
  dates as 2025-04-01, 2025/4/1, R7.4.1, 令和7年4月1日 (liaison.fiscal.parse_date); 年度 as 2025 or
  令和7年度; enumerations by their Japanese labels; liaisons by id or name; DX fields by name or id.
- Text is stored as written (outer spaces trimmed, CRLF → LF). A leading ' that the exporter put before
  = + - @ (liaison.exporting.neutralize) is removed, so an export re-imports to the same text. A
  formula *cell* in an .xlsx is a Problem (its value is not known without Excel).
- The template's example row (its note column reads EXAMPLE_NOTE) is skipped, with a warning.

Stable keys (so a file never adds a record twice)
- Visits and consultations: the 管理番号 column. Blank → the record's content key (migration 003:
  'V-'/'C-' + 20 hex of SHA-256 over date, municipality, and the other identifying fields; a
  consultation's status, closing date, owner and referral are left out because they change). The
  key is stored in source_key. Exports write coalesce(source_key, content key) as 管理番号, so an
  export re-imported into the same store adds nothing, and into a fresh store recreates the records.
- Readiness: (municipality, 年度).
- A key already in the store with identical values counts as already present; with different values
  it is a Problem (an import never overwrites). Two rows of one file with one key are a Problem naming
  both rows.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import charset_normalizer
import duckdb
import numpy as np
import pandas as pd

from liaison import exporting, fiscal, queries, records, store, writes
from liaison.records import Problem, Reference, Rows, ValidationError

KINDS = ("visits", "consultations", "readiness")
TABLES = {"visits": "visits", "consultations": "consultations", "readiness": "readiness_assessments"}
TABLES_TOUCHED = {kind: (table, "audit_log") for kind, table in TABLES.items()}
SHEET_NAMES = {"visits": "訪問", "consultations": "相談", "readiness": "DX推進度"}
KIND_LABELS = {"visits": "訪問記録", "consultations": "相談記録", "readiness": "DX推進度（ヒアリング）"}

MAX_BYTES = 32 * 1024 * 1024  # 32 MiB: about 180,000 consultation rows in UTF-8; split larger files
MAX_ROWS = 200_000
EXAMPLE_NOTE = "（記入例：この行は取り込まれません）"
ENCODINGS = ("utf_8", "cp932")  # what detection may choose between (Shift_JIS is read as its superset CP932)

# --------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    name: str  # internal column
    parse: str  # key, date, fiscal_year, municipality, liaison, field, enum, text, int
    required: bool = False  # the column must be present
    default: object = None  # stored for a blank cell
    help: str = ""  # for the template's 説明 sheet

    def header(self, kind: str) -> str:
        return writes.LABELS[TABLES[kind]][self.name]


_KEY_HELP = "任意。同じ管理番号の行は二度取り込まれません。空欄なら内容から自動で決まります"
COLUMNS: dict[str, tuple[Column, ...]] = {
    "visits": (
        Column("source_key", "key", help=_KEY_HELP),
        Column("visited_on", "date", True, help="訪問した日"),
        Column("municipality_code", "municipality", True, help="市町名または団体コード（5桁・6桁）"),
        Column("department", "enum", True, help="訪問先の部署"),
        Column("purpose", "enum", True, help="訪問の目的"),
        Column("topic_field_id", "field", help="任意。個別支援の訪問で扱ったDX分野の名前"),
        Column("liaison_id", "liaison", True, help="訪問したリエゾンの氏名またはID"),
        Column("summary", "text", default="", help="任意。訪問の概要"),
    ),
    "consultations": (
        Column("source_key", "key", help=_KEY_HELP),
        Column("received_on", "date", True, help="相談を受け付けた日"),
        Column("municipality_code", "municipality", True, help="市町名または団体コード（5桁・6桁）"),
        Column("field_id", "field", True, help="DX分野の名前"),
        Column("channel", "enum", True, help="相談の受付方法"),
        Column("title", "text", True, help="相談の件名（200文字まで）"),
        Column("detail", "text", default="", help="任意。相談の内容"),
        Column("status", "enum", default="受付", help="任意。空欄なら「受付」"),
        Column("owner_liaison_id", "liaison", help="任意。担当リエゾンの氏名またはID"),
        Column("referred_department", "text", help="任意。橋渡しした先の部署・機関"),
        Column("closed_on", "date", help="状況が「完了」「橋渡し済」のときだけ入力（完了・橋渡しした日）"),
    ),
    "readiness": (
        Column("municipality_code", "municipality", True, help="市町名または団体コード（5桁・6桁）"),
        Column("fiscal_year", "fiscal_year", True, help="2025 または 令和7年度。市町ごとに1年度1件"),
        Column("assessed_on", "date", True, help="ヒアリングの実施日（その年度の中の日）"),
        Column("step", "int", True, help="自治体DX全体手順書のステップ（0〜3）"),
        *(Column(score, "int", True, help="1〜5 の整数") for score in records.SCORE_COLUMNS),
        Column("note", "text", default="", help="任意。備考"),
    ),
}
HEADERS: dict[str, list[str]] = {kind: [c.header(kind) for c in columns] for kind, columns in COLUMNS.items()}
ENUM_SOURCES = {
    "department": records.DEPARTMENTS,
    "purpose": records.PURPOSES,
    "channel": records.CHANNELS,
    "status": records.STATUSES,
}
HEADER_ALIASES = {
    "市町名": "市町",
    "市町村": "市町",
    "市町村名": "市町",
    "市町コード": "市町",
    "団体コード": "市町",
}
NOTE_COLUMN = {"visits": "summary", "consultations": "detail", "readiness": "note"}
KEY_MACROS = {  # the content-key macros of migration 003, applied to a registered frame
    "visits": (
        "select visit_content_key(visited_on, municipality_code, liaison_id, department, purpose, summary)"
        " as content_key from import_keys order by position"
    ),
    "consultations": (
        "select consultation_content_key(received_on, municipality_code, field_id, channel, title, detail)"
        " as content_key from import_keys order by position"
    ),
}
INSERTS = {
    "visits": "insert into visits by name select * from import_frame returning visit_id",
    "consultations": "insert into consultations by name select * from import_frame returning consultation_id",
    "readiness": (
        "insert into readiness_assessments by name select * from import_frame returning assessment_id"
    ),
}
DATE_COLUMNS = {"visited_on", "received_on", "closed_on", "assessed_on"}
INT_COLUMNS = {"fiscal_year", "step", *records.SCORE_COLUMNS}


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

    @property
    def ok(self) -> bool:
        """No problems and at least one row to add."""
        return not self.problems and self.new_rows > 0


class _Stop(Exception):
    """A file-level problem: nothing more can be read."""

    def __init__(self, problem: Problem):
        self.problem = problem


# --------------------------------------------------------------------------- reading files


def _decode(file_name: str, payload: bytes) -> str:
    if payload.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif payload.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Stop(
            Problem(
                "UTF-16 のCSVは読めません。「CSV UTF-8」か「CSV（コンマ区切り）」で保存してください",
                file=file_name,
            )
        )
    else:
        best = charset_normalizer.from_bytes(payload, cp_isolation=list(ENCODINGS)).best()
        if best is None:
            raise _Stop(
                Problem(
                    "文字コードを判別できません（UTF-8 か Shift_JIS（CP932）で保存したCSVを使ってください）",
                    file=file_name,
                )
            )
        encoding = "cp932" if best.encoding in ("cp932", "shift_jis") else "utf-8"
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError as error:
        row = payload[: error.start].count(b"\n") + 1
        name = "UTF-8" if encoding.startswith("utf") else "Shift_JIS（CP932）"
        raise _Stop(
            Problem(f"{name} として読めない文字があります（{error.start} バイト目）", row=row, file=file_name)
        ) from None
    if "\x00" in text:
        raise _Stop(Problem("CSVではないデータ（NUL文字）が含まれています", file=file_name))
    return text


def _read_csv(file_name: str, payload: bytes) -> tuple[list[object], list[list[object]], list[int]]:
    text = _decode(file_name, payload)
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
        raise _Stop(Problem("ファイルにデータがありません（空のファイルです）", file=file_name)) from None
    except pd.errors.ParserError as error:
        match = re.search(r"line (\d+), saw (\d+)", str(error))
        where = f"（{match.group(1)} 行目の列数が見出しより多い {match.group(2)} 列です）" if match else ""
        row = int(match.group(1)) if match else None
        raise _Stop(Problem(f"CSVの形式が正しくありません{where}", row=row, file=file_name)) from None
    matrix = frame.to_numpy(dtype=object)  # cells are trimmed where they are parsed
    header = list(matrix[0]) if len(matrix) else []
    return header, matrix[1:], list(range(2, len(matrix) + 1))


def _open_workbook(file_name: str, payload: bytes):
    import openpyxl  # only imports need it

    if payload.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Stop(
            Problem(
                "古い形式のExcelファイル（.xls）か、パスワード付きのファイルです。.xlsx で保存し直してください",
                file=file_name,
            )
        )
    try:
        return openpyxl.load_workbook(io.BytesIO(payload), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError) as error:
        raise _Stop(
            Problem(
                f"Excelファイル（.xlsx）として読めません（壊れているか別の形式です: {type(error).__name__}）",
                file=file_name,
            )
        ) from None
    except Exception as error:  # openpyxl raises its own exception types for odd packages
        raise _Stop(
            Problem(f"Excelファイル（.xlsx）として読めません（{type(error).__name__}）", file=file_name)
        ) from None


def _read_xlsx(kind: str, file_name: str, payload: bytes):
    workbook = _open_workbook(file_name, payload)
    try:
        wanted = {_norm_header(h) for h in HEADERS[kind]}
        required = {_norm_header(c.header(kind)) for c in COLUMNS[kind] if c.required}
        chosen = None
        if SHEET_NAMES[kind] in workbook.sheetnames:
            chosen = workbook[SHEET_NAMES[kind]]
        else:
            for sheet in workbook.worksheets:
                sheet.reset_dimensions()
                first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
                found = {_norm_header(_canonical(v)) for v in first if v is not None}
                if required <= found and found & wanted:
                    chosen = sheet
                    break
        if chosen is None:
            names = "、".join(workbook.sheetnames) or "なし"
            raise _Stop(
                Problem(
                    f"取り込めるシートがありません（シート: {names}）。「{SHEET_NAMES[kind]}」シートか、"
                    f"1行目に{KIND_LABELS[kind]}の見出しがあるシートが必要です",
                    file=file_name,
                )
            )
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


# --------------------------------------------------------------------------- headers


def _canonical(value: object) -> str:
    return "" if records.is_blank(value) else unicodedata.normalize("NFKC", str(value)).strip()


def _norm_header(value: object) -> str:
    text = re.sub(r"\s+", "", _canonical(value))
    text = re.sub(r"(\*|※|\(必須\)|\(任意\))$", "", text)
    return HEADER_ALIASES.get(text, text)


def _match_headers(kind: str, header: list[object], file_name: str) -> tuple[dict[str, int], list[Problem]]:
    """Column position of each known header, and the problems with the header row."""
    by_header = {_norm_header(c.header(kind)): c for c in COLUMNS[kind]}
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    unknown: list[tuple[int, str]] = []
    for position, cell in enumerate(header):
        name = _norm_header(cell)
        if not name:
            continue
        column = by_header.get(name)
        if column is None:
            unknown.append((position, _canonical(cell)))
        elif column.name in positions:
            problems.append(Problem("同じ見出しの列が2つあります", column.header(kind), 1, None, file_name))
        else:
            positions[column.name] = position
    missing = [c for c in COLUMNS[kind] if c.required and c.name not in positions]
    unknown_names = [name for _, name in unknown]
    for column in missing:
        header_ja = column.header(kind)
        close = difflib.get_close_matches(header_ja, unknown_names, n=1, cutoff=0.5)
        if close:
            reason = f"必須の列「{header_ja}」がありません（見出し「{close[0]}」を「{header_ja}」に直してください）"
            problems.append(Problem(reason, header_ja, 1, None, file_name))
        else:
            problems.append(Problem(f"必須の列「{header_ja}」がありません", header_ja, 1, None, file_name))
    allowed = "、".join(HEADERS[kind])
    for _, name in unknown:
        problems.append(
            Problem(
                f"取り込む列ではありません（使える見出し: {allowed}）。列を削除するか見出しを直してください",
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
            return None, str(error)
    if column.parse == "fiscal_year":
        try:
            return fiscal.parse_fiscal_year(_as_text(value)), None
        except ValueError as error:
            return None, str(error)
    if column.parse == "int":
        return _parse_int(value)
    text = _as_text(value)
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
    texts = [exporting.unneutralize(t).strip() if t and t[0] == "'" else t for t in texts]
    return np.array([t or None for t in texts], dtype=object)


def _parse_int(value: object) -> tuple[int | None, str | None]:
    if isinstance(value, bool):
        return None, "整数ではありません"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        return (int(value), None) if value.is_integer() else (None, "整数ではありません")
    text = records.normalize_key(value)
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text), None
    if re.fullmatch(r"[+-]?\d+\.0*", text):
        return int(float(text)), None
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return None, "整数ではありません"
    return None, "数値として読めません"


def _parse_columns(kind: str, raw: dict[str, np.ndarray], ref: Reference, rows: Rows) -> None:
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


# --------------------------------------------------------------------------- keys and what is stored


def _records(con: duckdb.DuckDBPyConnection, kind: str) -> pd.DataFrame:
    """Every stored record of the kind with its key (the export queries with no filter)."""
    name = {"visits": "visits_records", "consultations": "consultations_records"}.get(
        kind, "readiness_records"
    )
    # run_query_in, not the bare SQL: it also creates the macros (queries/macros.sql) the query calls
    return queries.run_query_in(con, name, **{param: None for param in queries.load(name).used})


def _content_keys(cursor, kind: str, values: dict[str, np.ndarray], usable: np.ndarray) -> np.ndarray:
    """The migration-003 content key of each usable row (None elsewhere), computed by DuckDB."""
    keys = np.full(len(usable), None, dtype=object)
    positions = np.flatnonzero(usable)
    if not positions.size:
        return keys
    identity = {
        "visits": ["visited_on", "municipality_code", "liaison_id", "department", "purpose", "summary"],
        "consultations": ["received_on", "municipality_code", "field_id", "channel", "title", "detail"],
    }[kind]
    frame = pd.DataFrame(
        {
            column: (
                values[column][positions].astype("datetime64[s]")
                if values[column].dtype.kind == "M"
                else pd.Series(values[column][positions], dtype=object)
            )
            for column in identity
        }
    )
    frame["position"] = np.arange(len(positions))
    cursor.register("import_keys", frame)
    try:
        keys[positions] = cursor.execute(KEY_MACROS[kind]).fetchnumpy()["content_key"].astype(object)
    finally:
        cursor.unregister("import_keys")
    return keys


def _compare_columns(kind: str, present: set[str]) -> list[str]:
    """Columns compared with a stored record: those the file has (a left-out column is not news)."""
    return [c.name for c in COLUMNS[kind] if c.name != "source_key" and c.name in present]


def _plain(value: object) -> object:
    value = records.to_python(value)
    if records.is_blank(value):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return pd.Timestamp(value).date()
    return None if records.is_blank(value) else value


def _same(stored: object, incoming: object) -> bool:
    return _plain(stored) == _plain(incoming)


def _shown(column: str, value: object, ref: Reference) -> str:
    value = _plain(value)
    if value is None:
        return "空欄"
    if isinstance(value, (pd.Timestamp, datetime)):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if column == "municipality_code":
        return ref.municipality_name(str(value))
    if column in ("liaison_id", "owner_liaison_id"):
        return ref.liaison_label(str(value)) or str(value)
    if column == "field_id":
        return ref.fields.get(str(value), str(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return records.cell_text(value)


# --------------------------------------------------------------------------- preview


def preview(
    con: duckdb.DuckDBPyConnection, kind: str, file_name: str, payload: bytes, *, today: date
) -> Preview:
    """Read a .csv/.xlsx file of `kind` and say what importing it would do; never writes."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; one of {KINDS}")
    today = fiscal.parse_date(today)  # a datetime or Timestamp works too
    digest = hashlib.sha256(payload).hexdigest()
    empty = pd.DataFrame(columns=[c.name for c in COLUMNS[kind]])

    def stopped(problems: list[Problem], warnings: list[Problem] | None = None, total: int = 0) -> Preview:
        return Preview(kind, file_name, empty, problems, 0, 0, warnings or [], digest, total)

    if len(payload) > MAX_BYTES:
        size = f"{len(payload) / 1024 / 1024:.1f} MB"
        limit = f"{MAX_BYTES / 1024 / 1024:.0f} MB"
        return stopped(
            [
                Problem(
                    f"ファイルが大きすぎます（{size}。上限 {limit}）。分割して取り込んでください",
                    file=file_name,
                )
            ]
        )
    if not payload:
        return stopped([Problem("ファイルが空です（0 バイト）", file=file_name)])
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    formulas: list = []
    try:
        if suffix == "csv":
            header, matrix, row_numbers = _read_csv(file_name, payload)
        elif suffix in ("xlsx", "xlsm"):
            header, matrix, row_numbers, formulas = _read_xlsx(kind, file_name, payload)
        elif suffix == "xls":
            raise _Stop(Problem("古い形式の .xls は読めません。.xlsx で保存し直してください", file=file_name))
        else:
            shown = f".{suffix}" if suffix else "拡張子のないファイル"
            raise _Stop(
                Problem(
                    f"{shown} は取り込めません（.csv か .xlsx のファイルを選んでください）", file=file_name
                )
            )
    except _Stop as stop:
        return stopped([stop.problem])
    return _preview_table(con, kind, file_name, digest, header, matrix, row_numbers, formulas, today)


def _preview_table(con, kind, file_name, digest, header, matrix, row_numbers, formulas, today) -> Preview:
    empty = pd.DataFrame(columns=[c.name for c in COLUMNS[kind]])
    warnings: list[Problem] = []
    if not any(_canonical(cell) for cell in header):
        problem = Problem(
            "1行目に見出しがありません（ファイルが空か、見出し行がありません）", row=1, file=file_name
        )
        return Preview(kind, file_name, empty, [problem], 0, 0, [], digest)
    positions, problems = _match_headers(kind, header, file_name)
    matrix = np.asarray(matrix, dtype=object).reshape(len(matrix), len(header))
    # columns without a header: ignored when empty, a problem when they hold data
    for position, cell in enumerate(header):
        if not _canonical(cell) and len(matrix):
            column_values = matrix[:, position]
            if not (pd.isna(column_values) | (column_values == "")).all():
                letter = _column_letter(position)
                problems.append(
                    Problem(f"見出しのない列（{letter} 列）にデータがあります", None, 1, None, file_name)
                )
    if problems:
        return Preview(kind, file_name, empty, problems, 0, 0, [], digest)

    # blank rows (Excel leaves them) and the template's example row are not data
    if len(matrix):
        filled = ~(pd.isna(matrix) | (matrix == "")).all(axis=1)
        matrix, row_numbers = matrix[filled], [n for n, keep in zip(row_numbers, filled, strict=True) if keep]
    note = NOTE_COLUMN[kind]
    if note in positions and len(matrix):
        is_example = np.isin(matrix[:, positions[note]], [EXAMPLE_NOTE, _canonical(EXAMPLE_NOTE)])
        if is_example.any():
            for number in np.asarray(row_numbers)[is_example]:
                warnings.append(
                    Problem(
                        "テンプレートの記入例の行なので読み飛ばしました", None, int(number), None, file_name
                    )
                )
            matrix = matrix[~is_example]
            row_numbers = [n for n, skip in zip(row_numbers, is_example, strict=True) if not skip]
    if not len(matrix):
        only = "見出し行と記入例の行だけです" if warnings else "見出し行だけです"
        problem = Problem(f"データ行がありません（{only}）", file=file_name)
        return Preview(kind, file_name, empty, [problem], 0, 0, warnings, digest)
    if len(matrix) > MAX_ROWS:
        problem = Problem(
            f"行が多すぎます（{MAX_ROWS:,} 行まで）。分割して取り込んでください", file=file_name
        )
        return Preview(kind, file_name, empty, [problem], 0, 0, warnings, digest)

    ref = Reference.load(con)
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
                        "数式のセルです（「値として貼り付け」で値にしてから取り込んでください）",
                        labels[name],
                        number,
                        formula,
                        file_name,
                    )
                )
                rows.bad.setdefault(name, set()).add(at)
    _parse_columns(kind, raw, ref, rows)
    {"visits": records.check_visits, "consultations": records.check_consultations}.get(
        kind, records.check_readiness
    )(rows, ref, today)

    cursor = con.cursor()
    try:
        result = _match_store(cursor, kind, rows, ref)
    finally:
        cursor.close()
    new_mask, already = result
    problems = sorted(rows.problems, key=lambda p: (p.row or 0, _order(kind, p.column)))
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


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _order(kind: str, header: str | None) -> int:
    return HEADERS[kind].index(header) if header in HEADERS[kind] else -1


def _match_store(cursor, kind: str, rows: Rows, ref: Reference) -> tuple[np.ndarray, int]:
    """Keys of the rows; duplicates inside the file and conflicts with stored records are reported.

    Returns (mask of rows to add, count already present).
    """
    values = rows.values
    bad_rows = np.zeros(rows.size, dtype=bool)
    for positions in rows.bad.values():
        if positions:
            bad_rows[list(positions)] = True
    stored = _records(cursor, kind)
    compare = _compare_columns(kind, set(rows.raw))

    if kind == "readiness":
        usable = ~bad_rows
        keys = np.array(
            [
                f"{c}|{y}" if ok else None
                for c, y, ok in zip(values["municipality_code"], values["fiscal_year"], usable, strict=True)
            ],
            dtype=object,
        )
        stored_keys = stored["municipality_code"].astype(str) + "|" + stored["fiscal_year"].astype(str)
        key_column = "fiscal_year"
    else:
        explicit = values["source_key"]
        has_explicit = ~(pd.isna(explicit) | (explicit == ""))
        content = _content_keys(cursor, kind, values, ~bad_rows & ~has_explicit)
        keys = np.where(has_explicit, explicit, content)
        keys[bad_rows & ~has_explicit] = None
        values["source_key"] = keys.copy()
        stored_keys = stored["record_key"]
        key_column = "source_key"

    # duplicates inside the file
    series = pd.Series(keys, dtype=object)
    present = series.notna()
    duplicated = series[present].duplicated(keep="first")
    if duplicated.any():
        first_row = {}
        for position in series[present].index:
            first_row.setdefault(series[position], rows.rows[position])
        for position in duplicated[duplicated].index:
            first = first_row[series[position]]
            if kind == "readiness":
                name = ref.municipality_name(values["municipality_code"][position])
                reason = f"{first} 行目と同じ市町・年度です（{name} {values['fiscal_year'][position]}年度。重複行）"
                rows.report([position], key_column, reason)
            elif has_explicit[position]:
                rows.report([position], key_column, f"{first} 行目と同じ管理番号です（重複行）")
            else:
                rows.problems.append(
                    Problem(
                        f"{first} 行目と同じ内容の行です（重複行）",
                        None,
                        rows.rows[position],
                        None,
                        rows.file,
                    )
                )
            bad_rows[position] = True

    # what the store already holds
    where: dict[object, int] = {}
    for location, key in enumerate(stored_keys.tolist()):
        where.setdefault(key, location)
    locations = np.array([where.get(key, -1) if key is not None else -1 for key in keys], dtype=np.int64)
    candidates = ~bad_rows & series.notna().to_numpy()
    new_mask = candidates & (locations < 0)
    already = 0
    stored_values = {column: stored[column].to_numpy(dtype=object) for column in compare if column in stored}
    for position in np.flatnonzero(candidates & (locations >= 0)).tolist():
        location = locations[position]
        differing = [
            column
            for column in compare
            if not _same(stored_values[column][location], values[column][position])
        ]
        if not differing:
            already += 1
            continue
        details = "、".join(
            f"{rows.headers[c]}: 登録 {_shown(c, stored_values[c][location], ref)}／ファイル {_shown(c, values[c][position], ref)}"
            for c in differing[:4]
        )
        if kind == "readiness":
            name = ref.municipality_name(values["municipality_code"][position])
            what = f"{name}の{values['fiscal_year'][position]}年度のDX推進度は登録済みで、内容が異なります"
        else:
            what = f"管理番号「{keys[position]}」の記録は登録済みで、内容が異なります"
        rows.problems.append(
            Problem(
                f"{what}（{details}）。取込では上書きしません", None, rows.rows[position], None, rows.file
            )
        )
    return new_mask, already


def _insert_frame(kind: str, values: dict[str, np.ndarray], mask: np.ndarray) -> pd.DataFrame:
    """The rows to add, typed for DuckDB: dates datetime64, integers Int64, text as Python strings."""
    columns = {}
    for column in COLUMNS[kind]:
        chosen = values[column.name][mask]
        if chosen.dtype.kind == "M":
            columns[column.name] = pd.Series(chosen.astype("datetime64[s]"))
        elif column.name in INT_COLUMNS:
            columns[column.name] = pd.Series(chosen, dtype="Int64")
        else:
            columns[column.name] = pd.Series(chosen, dtype=object)
    return pd.DataFrame(columns)


def rows_frame(con: duckdb.DuckDBPyConnection, preview: Preview) -> pd.DataFrame:
    """The preview's new rows as the user wrote them: Japanese HEADERS, names not codes (for display)."""
    shown = preview.rows.copy()
    ref = Reference.load(con)
    if "source_key" in shown:
        shown["record_key"] = shown["source_key"]
    shown["municipality_name"] = shown["municipality_code"].map(ref.municipality_name)
    return exporting.import_format(preview.kind, shown, ref)


# --------------------------------------------------------------------------- commit


def commit(con: duckdb.DuckDBPyConnection, preview: Preview, actor: str) -> int:
    """Insert the preview's new rows in one transaction with one audit_log 'import' row.

    Refuses (ValidationError) a preview with problems. Rows another import added since the preview
    are skipped, not doubled. Returns how many rows were inserted (0 writes nothing, no audit row).
    """
    if preview.problems:
        raise ValidationError(preview.problems)
    actor = writes.check_actor(actor)
    if preview.rows.empty:
        return 0
    kind, table = preview.kind, TABLES[preview.kind]

    def write(cursor) -> int:
        frame = preview.rows
        stored = _records(cursor, kind)
        if kind == "readiness":
            stored_keys = set(
                zip(stored["municipality_code"], stored["fiscal_year"].astype(int), strict=True)
            )
            meanwhile = np.array(
                [
                    (c, int(y)) in stored_keys
                    for c, y in zip(frame["municipality_code"], frame["fiscal_year"], strict=True)
                ],
                dtype=bool,
            )
        else:
            meanwhile = frame["source_key"].isin(stored["record_key"]).to_numpy(dtype=bool)
        fresh = frame[~meanwhile]
        if fresh.empty:
            return 0
        cursor.register("import_frame", fresh)
        try:
            ids = cursor.execute(INSERTS[kind]).fetchnumpy()
        finally:
            cursor.unregister("import_frame")
        inserted = next(iter(ids.values()))
        summary = {
            "file": preview.file_name,
            "kind": kind,
            "inserted": int(len(inserted)),
            "already_present": int(preview.already_present + meanwhile.sum()),
            "first_id": int(inserted.min()),
            "last_id": int(inserted.max()),
        }
        writes.audit(cursor, actor, table, preview.sha256, "import", None, summary)
        return int(len(inserted))

    return writes.run_in_transaction(con, write)


# --------------------------------------------------------------------------- template


def template_xlsx(kind: str, con: duckdb.DuckDBPyConnection) -> bytes:
    """An .xlsx to fill in: Japanese headers, one example row (skipped on import), drop-down lists
    for municipalities, DX fields, liaisons and every enumeration, and a 説明 sheet."""
    from liaison import template

    cursor = con.cursor()
    try:
        today = store.as_of(store.read_meta(cursor))
    finally:
        cursor.close()
    return template.build(kind, Reference.load(con), today)
