"""Rows: the typed values of rows to check, and how a rule is applied to them (vectorised, a mask per rule).

A rule is a plain function of one value (or of a few values of one row) returning a Japanese
reason or None. Rows applies a one-value rule to each distinct value of a column once, so a
100,000-row file costs as many calls as it has distinct values, and a form's single row costs
one call per rule, without pandas in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from liaison.i18n import say
from liaison.records.problems import Problem

REQUIRED = say("必須の項目が空欄です", "is required but empty")


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
