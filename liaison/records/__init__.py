"""Shared rules for the liaisons' records: enumerations read from the schema, problems, row checks.

The write API (liaison.records.writes) and the importer (liaison.records.preview) both check rows
here, so a value the form refuses is refused by an import too, with the same Japanese reason. The checks work
on a frame of typed values (one row for a form, many for a file) and are vectorised: a mask per rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from liaison import codes, fiscal, paths
from liaison.i18n import READINESS_ITEMS

# --------------------------------------------------------------------------- the schema's own lists


def _schema_text() -> str:
    return "\n".join(file.read_text(encoding="utf-8") for file in sorted(paths.MIGRATIONS.glob("*.sql")))


def _table_bodies(sql: str) -> dict[str, str]:
    """Body of each `create table` statement, by table name."""
    found = {}
    for match in re.finditer(r"create table if not exists (\w+) \((.*?)\n\);", sql, re.DOTALL):
        found[match.group(1)] = match.group(2)
    return found


def _quoted(items: str) -> tuple[str, ...]:
    return tuple(re.findall(r"'([^']*)'", items))


def _read_schema() -> tuple[dict, dict, dict, tuple[str, ...]]:
    """CHECK lists, integer ranges and text lengths of the record tables, from the migrations."""
    enums: dict[tuple[str, str], tuple[str, ...]] = {}
    ranges: dict[tuple[str, str], tuple[int, int]] = {}
    lengths: dict[tuple[str, str], tuple[int, int]] = {}
    closed: tuple[str, ...] = ()
    for table, body in _table_bodies(_schema_text()).items():
        for column, items in re.findall(r"check \((\w+) in \(([^)]*)\)\)", body):
            enums[(table, column)] = _quoted(items)
        for column, low, high in re.findall(r"check \((\w+) between (\d+) and (\d+)\)", body):
            ranges[(table, column)] = (int(low), int(high))
        for column, low, high in re.findall(r"check \(length\((\w+)\) between (\d+) and (\d+)\)", body):
            lengths[(table, column)] = (int(low), int(high))
        if match := re.search(r"check \(\(status in \(([^)]*)\)\) = \(closed_on is not null\)\)", body):
            closed = _quoted(match.group(1))
    return enums, ranges, lengths, closed


ENUMS, RANGES, LENGTHS, CLOSED_STATUSES = _read_schema()
"""ENUMS[(table, column)] -> allowed values; RANGES / LENGTHS -> (low, high); CLOSED_STATUSES: the
statuses that carry a closed_on date (the schema's `(status in (...)) = (closed_on is not null)`)."""
STATUS_ORDER = (
    *(s for s in ENUMS[("consultations", "status")] if s not in CLOSED_STATUSES),
    *CLOSED_STATUSES,
)
"""The statuses as pickers and charts show them: open ones first, then the closed ones."""

DEPARTMENTS = ENUMS[("visits", "department")]
PURPOSES = ENUMS[("visits", "purpose")]
CHANNELS = ENUMS[("consultations", "channel")]
STATUSES = ENUMS[("consultations", "status")]
SUPPORT_TYPES = ENUMS[("support_actions", "support_type")]
SCORE_COLUMNS = tuple(READINESS_ITEMS)

# Limits the schema does not state: free text, referral names and keys stay readable in a sheet
# (Excel holds 32,767 characters in a cell) and dates start with the 2000s (as 年度 do).
TEXT_MAX = 10_000
SHORT_TEXT_MAX = 100
EARLIEST = date(2000, 1, 1)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# --------------------------------------------------------------------------- problems


def _shown(value: object, limit: int = 60) -> str:
    """A value for a message: control characters made visible, long text cut."""
    text = CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value, a row or a file, said in Japanese."""

    reason: str  # Japanese, specific; completes 「値「…」は」 when a value is given
    column: str | None = None  # the Japanese header as the user sees it
    row: int | None = None  # spreadsheet row as Excel shows it (header = row 1)
    value: str | None = None
    file: str | None = None

    def message(self) -> str:
        """「ファイル x.csv の 5 行目「受付日」: 値「2025/13/1」は存在しない日付です（…）」."""
        place = f"ファイル {self.file}" if self.file else ""
        if self.row is not None:
            place += f" の {self.row} 行目" if place else f"{self.row} 行目"
        if self.column:
            place += f"「{self.column}」"
        body = f"値「{_shown(self.value)}」は{self.reason}" if self.value is not None else self.reason
        return f"{place}: {body}" if place else body


class ValidationError(ValueError):
    """Raised before anything is written; `.problems` lists every Problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(problem.message() for problem in self.problems))


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table for st.dataframe (which shows text, never HTML): ファイル, 行, 列, 値, 理由.

    Anywhere else a problem is rendered (st.error, st.markdown), pass its message() through
    liaison.safe_text.markdown: values are the user's own text.
    """
    rows = [(p.file, p.row, p.column, p.value, p.reason) for p in problems]
    frame = pd.DataFrame(rows, columns=["ファイル", "行", "列", "値", "理由"])
    frame["行"] = frame["行"].astype("Int64")
    return frame


# --------------------------------------------------------------------------- normalising text


def normalize_key(text: object) -> str:
    """For matching names and codes: NFKC (full-width → half-width) and no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def clean_text(text: object) -> str:
    """Stored form of free text: CRLF/CR → LF, outer whitespace removed, otherwise verbatim."""
    return str(text).replace("\r\n", "\n").replace("\r", "\n").strip()


# --------------------------------------------------------------------------- reference look-ups


@dataclass(frozen=True)
class Municipality:
    code: str
    name_ja: str
    region_id: str
    is_liaison_target: bool


@dataclass(frozen=True)
class Reference:
    """Municipalities, liaisons and DX fields of one store (in display order), with tolerant look-ups."""

    municipalities: dict[str, Municipality]  # by 6-digit code
    liaisons: dict[str, str]  # liaison_id -> name_ja
    fields: dict[str, str]  # field_id -> name_ja
    municipality_lookup: dict[str, str] = field(default_factory=dict)  # code, 5 digits or name -> code
    liaison_lookup: dict[str, str | None] = field(default_factory=dict)  # None: a name two liaisons share
    field_lookup: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_frames(
        cls, municipalities: pd.DataFrame, liaisons: pd.DataFrame, fields: pd.DataFrame
    ) -> Reference:
        """Built from the frames of municipalities (code, name_ja, region_id, is_liaison_target; by code),
        liaisons (liaison_id, name_ja; kept in liaison_id order) and DX fields (field_id, name_ja; in
        display order), as the named queries municipalities_by_region, liaisons_list and dx_fields_list
        return them (liaison.records.stored.reference runs them)."""
        munis = list(
            municipalities[["code", "name_ja", "region_id", "is_liaison_target"]].itertuples(
                index=False, name=None
            )
        )
        people = list(
            liaisons.sort_values("liaison_id")[["liaison_id", "name_ja"]].itertuples(index=False, name=None)
        )
        field_rows = list(fields[["field_id", "name_ja"]].itertuples(index=False, name=None))
        by_code = {
            code: Municipality(code, name, region, bool(target)) for code, name, region, target in munis
        }
        muni_lookup: dict[str, str] = {}
        for code, name, _, _ in munis:
            muni_lookup[code] = code
            muni_lookup[code[:5]] = code
            muni_lookup[normalize_key(name)] = code
        liaison_lookup: dict[str, str | None] = {}
        for liaison_id, name in people:
            key = normalize_key(name)
            liaison_lookup[key] = None if key in liaison_lookup else liaison_id
        for liaison_id, _ in people:
            liaison_lookup[normalize_key(liaison_id)] = liaison_id  # an id always wins over a name
        field_lookup = {normalize_key(name): field_id for field_id, name in field_rows}
        field_lookup.update({normalize_key(field_id): field_id for field_id, _ in field_rows})
        return cls(by_code, dict(people), dict(field_rows), muni_lookup, liaison_lookup, field_lookup)

    @property
    def targets(self) -> list[Municipality]:
        return [m for m in self.municipalities.values() if m.is_liaison_target]

    def municipality_name(self, code: str) -> str:
        found = self.municipalities.get(code)
        return found.name_ja if found else code

    def liaison_label(self, liaison_id: str | None) -> str | None:
        """The liaison's name where no other liaison has it, else the id (so a file re-imports)."""
        if liaison_id is None or liaison_id not in self.liaisons:
            return liaison_id
        name = self.liaisons[liaison_id]
        return name if self.liaison_lookup.get(normalize_key(name)) == liaison_id else liaison_id

    def resolve_municipality(self, text: object) -> tuple[str, str | None]:
        """(code, None) for a known municipality given by name or 5/6-digit code, else (text, reason).

        An unknown value comes back as written (normalised); the row checks then call it unknown. A
        6-digit code whose check digit is wrong gets its own reason naming the right code.
        """
        key = normalize_key(text)
        if not key.isdigit():
            key = key.removeprefix("兵庫県")
        elif len(key) not in (5, 6):
            return key, None
        if key in self.municipality_lookup:
            return self.municipality_lookup[key], None
        if len(key) == 6 and key.isdigit() and key[:5] in self.municipality_lookup:
            return key, f"団体コードの検査数字が合いません（正しくは {codes.with_check_digit(key[:5])}）"
        return key, None

    def resolve_liaison(self, text: object) -> tuple[str, str | None]:
        key = normalize_key(text)
        if key in self.liaison_lookup:
            found = self.liaison_lookup[key]
            if found is None:
                ids = [lid for lid, name in self.liaisons.items() if normalize_key(name) == key]
                return key, f"同じ名前のリエゾンが複数います（{', '.join(ids)}）。IDで入力してください"
            return found, None
        return str(text).strip(), None

    def resolve_field(self, text: object) -> tuple[str, str | None]:
        key = normalize_key(text)
        return self.field_lookup.get(key, str(text).strip()), None


# --------------------------------------------------------------------------- row checks
#
# A rule is a plain function of one value (or of a few values of one row) returning a Japanese
# reason or None. Rows applies a one-value rule to each distinct value of a column once, so a
# 100,000-row file costs as many calls as it has distinct values, and a form's single row costs
# one call per rule, without pandas in between.

REQUIRED = "必須の項目が空欄です"


def is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


@dataclass
class Rows:
    """Typed values of rows to check, with what is needed to point at each cell.

    `values`: column -> array of typed values: dates as datetime64[D] (NaT when blank), everything
    else as objects (int, str; None when blank). Rules see Python values (to_python).
    `raw`: column -> what the user wrote (shown in problems); `rows`: spreadsheet row numbers
    (None for a form); `headers`: internal name -> Japanese header. A cell reported once (while
    parsing or by a rule) is skipped by later rules.
    """

    values: dict[str, np.ndarray]
    headers: dict[str, str]
    raw: dict[str, np.ndarray] | None = None
    rows: list[int | None] | None = None
    file: str | None = None
    problems: list[Problem] = field(default_factory=list)
    bad: dict[str, set[int]] = field(default_factory=dict)

    def __post_init__(self):
        self.values = {k: as_array(v) for k, v in self.values.items()}
        self.raw = self.values if self.raw is None else self.raw
        self.size = len(next(iter(self.values.values()))) if self.values else 0
        if self.rows is None:
            self.rows = [None] * self.size

    def report(self, positions: Iterable[int], column: str, reason, with_value: bool = True) -> None:
        """A Problem for each position (reason: a string or a function of the position)."""
        done = self.bad.setdefault(column, set())
        header = self.headers.get(column, column)
        raw = self.raw.get(column)
        for position in positions:
            if position in done:
                continue
            done.add(position)
            value = None if raw is None or not with_value else raw[position]
            shown = None if is_blank(value) else cell_text(value)
            text = reason(position) if callable(reason) else reason
            self.problems.append(Problem(text, header, self.rows[position], shown, self.file))

    def usable(self, column: str) -> np.ndarray:
        """Positions of cells not blank and not yet reported."""
        present = ~blank_mask(self.values[column])
        done = self.bad.get(column)
        if done:
            present[list(done)] = False
        return np.flatnonzero(present)

    def check(self, column: str, rule: Callable[[object], str | None]) -> None:
        """Apply a one-value rule to every usable cell of `column` (each distinct value once)."""
        positions = self.usable(column)
        if not positions.size:
            return
        values = self.values[column][positions]
        suspects = getattr(rule, "suspects", None)
        if suspects is not None and len(values) > 8:  # a cheap superset of the failing cells
            narrowed = np.asarray(suspects(values), dtype=bool)
            positions, values = positions[narrowed], values[narrowed]
            if not positions.size:
                return
        if len(values) <= 8:  # a form's row: no pandas in between
            reasons = {int(p): rule(to_python(v)) for p, v in zip(positions, values.tolist(), strict=True)}
            failing = {p: reason for p, reason in reasons.items() if reason}
        else:  # each distinct value once
            codes, uniques = pd.factorize(values)
            reasons = [rule(to_python(value)) for value in uniques]
            failing_codes = [code for code, reason in enumerate(reasons) if reason]
            if not failing_codes:
                return
            hit = np.isin(codes, failing_codes)
            failing = {
                int(p): reasons[code]
                for p, code in zip(positions[hit].tolist(), codes[hit].tolist(), strict=True)
            }
        if failing:
            self.report(list(failing), column, failing.__getitem__)

    def check_rows(self, columns: tuple[str, ...], target: str, rule: Callable[..., str | None]) -> None:
        """Apply a rule of several values of one row; a failing row is reported on column `target`."""
        usable = set(self.usable(columns[0]).tolist())
        for column in columns[1:]:
            usable &= set(self.usable(column).tolist())
        arrays = [self.values[column] for column in columns]
        hits, reasons = [], {}
        for position in sorted(usable):
            reason = rule(*(to_python(array[position]) for array in arrays))
            if reason:
                hits.append(position)
                reasons[position] = reason
        self.report(hits, target, reasons.__getitem__)

    def require(self, columns: Iterable[str]) -> None:
        for column in columns:
            blank = np.flatnonzero(blank_mask(self.values[column]))
            self.report(blank.tolist(), column, REQUIRED, with_value=False)


def as_array(values) -> np.ndarray:
    """Values as a Rows column: date-like values as datetime64[D], anything else as objects."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return values.astype("datetime64[D]")
    array = np.asarray(values, dtype=object)
    kinds = {type(v) for v in array.tolist() if v is not None}
    if kinds and all(issubclass(k, date) for k in kinds):
        return np.array(array.tolist(), dtype="datetime64[D]")
    return array


def blank_mask(values: np.ndarray) -> np.ndarray:
    """True where a cell is blank: None, NaN, NaT or the empty string."""
    if values.dtype.kind == "M":
        return np.isnat(values)
    return pd.isna(values) | (values == "")


def to_python(value: object) -> object:
    """A numpy or pandas scalar as the Python value the rules expect (datetime64 → date, NaT → None)."""
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else value.astype("datetime64[D]").item()
    if isinstance(value, np.generic):
        return value.item()
    return value


def cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if not (value.hour or value.minute or value.second) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- one-value rules


def not_future(today: date) -> Callable[[date], str | None]:
    def rule(day: date) -> str | None:
        if day > today:
            return f"未来の日付です（基準日 {today.isoformat()} より後）"
        if day < EARLIEST:
            return f"{EARLIEST.isoformat()} より前の日付です"
        return None

    return rule


def one_of(allowed: Iterable[str], what: str | None = None) -> Callable[[object], str | None]:
    allowed = tuple(allowed)
    members = frozenset(allowed)
    reason = f"{what}として見つかりません" if what else f"選べない値です（選択肢: {'、'.join(allowed)}）"
    return lambda value: None if value in members else reason


def text_within(max_len: int, min_len: int = 0) -> Callable[[str], str | None]:
    def rule(text: str) -> str | None:
        text = str(text)
        if len(text) > max_len:
            return f"長すぎます（{len(text)} 文字。上限 {max_len} 文字）"
        if len(text) < min_len:
            return f"{min_len} 文字以上必要です"
        if CONTROL_CHARACTERS.search(text):
            return "制御文字（改行・タブ以外）が含まれています"
        return None

    def suspects(values: np.ndarray) -> np.ndarray:
        texts = [str(v) for v in values]
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        flagged = (lengths > max_len) | (lengths < min_len)
        if CONTROL_CHARACTERS.search("".join(texts)):
            flagged |= np.fromiter(
                (bool(CONTROL_CHARACTERS.search(t)) for t in texts), dtype=bool, count=len(texts)
            )
        return flagged

    rule.suspects = suspects
    return rule


def between(low: int, high: int) -> Callable[[int], str | None]:
    return lambda value: None if low <= value <= high else f"{low}〜{high} の範囲外です"


def in_programme(ref: Reference) -> Callable[[str], str | None]:
    def rule(code: str) -> str | None:
        found = ref.municipalities.get(code)
        if found is None:
            return "兵庫県内の市町として見つかりません（市町名か5桁・6桁の団体コードで入力してください）"
        if not found.is_liaison_target:
            return f"DX推進リエゾンの対象外の市町です（{found.name_ja}）"
        return None

    return rule


def closing_rule(status: str | None, received: date | None, closed: date | None) -> str | None:
    """closed_on is given exactly for the closed statuses, and not before received_on."""
    if status not in STATUSES:
        return None  # reported on 状況 already
    is_closed = status in CLOSED_STATUSES
    if is_closed and closed is None:
        return f"状況が「{status}」のときは必要です"
    if not is_closed and closed is not None:
        needs = "・".join(CLOSED_STATUSES)
        return f"入力できません（状況が「{status}」のため。{needs}のときだけ入力します）"
    if closed is not None and received is not None and closed < received:
        return f"受付日（{received.isoformat()}）より前です"
    return None


def within_fiscal_year(fiscal_year: int, assessed: date) -> str | None:
    first, last = fiscal.fiscal_year_bounds(int(fiscal_year))
    if first <= assessed <= last:
        return None
    return f"{fiscal_year}年度（{first.isoformat()}〜{last.isoformat()}）の期間外です"


# --------------------------------------------------------------------------- rules per table


def check_visits(rows: Rows, ref: Reference, today: date) -> list[Problem]:
    rows.require(["visited_on", "municipality_code", "liaison_id", "department", "purpose"])
    rows.check("visited_on", not_future(today))
    rows.check("municipality_code", in_programme(ref))
    rows.check("liaison_id", one_of(ref.liaisons, "リエゾン（IDまたは氏名）"))
    rows.check("department", one_of(DEPARTMENTS))
    rows.check("purpose", one_of(PURPOSES))
    if "topic_field_id" in rows.values:  # migration 002: no foreign key, so checked here
        rows.check("topic_field_id", one_of(ref.fields, "DX分野"))
    rows.check("summary", text_within(TEXT_MAX))
    if "source_key" in rows.values:
        rows.check("source_key", text_within(SHORT_TEXT_MAX))
    return rows.problems


def check_consultations(rows: Rows, ref: Reference, today: date) -> list[Problem]:
    rows.require(["received_on", "municipality_code", "field_id", "channel", "title", "status"])
    rows.check("received_on", not_future(today))
    rows.check("closed_on", not_future(today))
    rows.check("municipality_code", in_programme(ref))
    rows.check("field_id", one_of(ref.fields, "DX分野"))
    rows.check("channel", one_of(CHANNELS))
    rows.check("title", text_within(*reversed(LENGTHS[("consultations", "title")])))
    rows.check("detail", text_within(TEXT_MAX))
    rows.check("status", one_of(STATUSES))
    rows.check("owner_liaison_id", one_of(ref.liaisons, "リエゾン（IDまたは氏名）"))
    rows.check("referred_department", text_within(SHORT_TEXT_MAX))
    if "source_key" in rows.values:
        rows.check("source_key", text_within(SHORT_TEXT_MAX))
    check_closing(rows)
    return rows.problems


def check_closing(rows: Rows) -> None:
    """The status/closed_on pairing and order (closing_rule), reported on closed_on (完了日)."""
    status, received, closed = rows.values["status"], rows.values["received_on"], rows.values["closed_on"]
    skip = (
        rows.bad.get("status", set()) | rows.bad.get("received_on", set()) | rows.bad.get("closed_on", set())
    )
    # a cheap superset of the failing rows: a closed status without a date, a date without one, or
    # a date before received_on; closing_rule decides and words each
    received, closed = as_array(received).astype("datetime64[D]"), as_array(closed).astype("datetime64[D]")
    has_closed = ~np.isnat(closed)
    is_closed = np.isin(status, CLOSED_STATUSES)
    suspect = (is_closed != has_closed) | (closed < received)
    hits, reasons = [], {}
    for position in np.flatnonzero(suspect).tolist():
        if position in skip or is_blank(status[position]):
            continue
        reason = closing_rule(status[position], to_python(received[position]), to_python(closed[position]))
        if reason:
            hits.append(position)
            reasons[position] = reason
    rows.report(hits, "closed_on", reasons.__getitem__)


def check_support_actions(rows: Rows, ref: Reference, today: date) -> list[Problem]:
    rows.require(["consultation_id", "acted_on", "support_type"])
    rows.check("acted_on", not_future(today))
    rows.check("support_type", one_of(SUPPORT_TYPES))
    rows.check("liaison_id", one_of(ref.liaisons, "リエゾン（IDまたは氏名）"))
    rows.check("note", text_within(TEXT_MAX))
    return rows.problems


def check_readiness(rows: Rows, ref: Reference, today: date) -> list[Problem]:
    rows.require(["municipality_code", "fiscal_year", "assessed_on", "step", *SCORE_COLUMNS])
    rows.check("municipality_code", in_programme(ref))
    rows.check("assessed_on", not_future(today))
    for column in ["fiscal_year", "step", *SCORE_COLUMNS]:
        rows.check(column, between(*RANGES[("readiness_assessments", column)]))
    rows.check("note", text_within(TEXT_MAX))
    rows.check_rows(("fiscal_year", "assessed_on"), "assessed_on", within_fiscal_year)
    return rows.problems
