"""The record tables' own lists, read from the migrations: CHECK enumerations, ranges and lengths."""

from __future__ import annotations

import re
from datetime import date

from liaison import paths
from liaison.i18n import READINESS_ITEMS


def _schema_text() -> str:
    return "\n".join(file.read_text(encoding="utf-8") for file in sorted(paths.MIGRATIONS.glob("*.sql")))


_STATEMENTS = re.compile(
    r"create table (?:if not exists )?(\w+) \((.*?)\n\);|alter table (\w+) rename to (\w+);", re.DOTALL
)


def _table_bodies(sql: str) -> dict[str, str]:
    """Body of each table's latest `create table` statement, by table name, in migration order; a
    table rebuilt in place (created as a new name, then renamed, as 008 does) takes the new body."""
    found = {}
    for match in _STATEMENTS.finditer(sql):
        if match.group(1):
            found[match.group(1)] = match.group(2)
        elif match.group(3) in found:
            found[match.group(4)] = found.pop(match.group(3))
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


def _macro_lists(sql: str) -> dict[str, tuple[str, ...]]:
    """Lists a migration states as a list macro (`create or replace macro <name>() as ['…', …];`)."""
    return {
        name: _quoted(items)
        for name, items in re.findall(r"create or replace macro (\w+)\(\) as \[([^\]]*)\];", sql)
    }


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
# migration 007: the hearing's answer in words beside each score, and the digital-talent support wish
ANSWER_COLUMNS = tuple("answer_" + score.removeprefix("score_") for score in SCORE_COLUMNS)
TALENT_SUPPORT_KINDS = _macro_lists(_schema_text())["talent_support_kind_list"]
"""The kinds of support through digital talent a municipality may want (migration 007's list macro)."""

# Limits the schema does not state: free text, referral names and keys stay readable in a sheet
# (Excel holds 32,767 characters in a cell) and dates start with the 2000s (as 年度 do).
TEXT_MAX = 10_000
SHORT_TEXT_MAX = 100
EARLIEST = date(2000, 1, 1)
