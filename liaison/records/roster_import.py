"""The roster as an import kind (`liaisons`): its checks, matching, commit and export in the import format.

One row per person: リエゾンID, 氏名, 所属, 担当 (their current assignments in one cell, 「地域:但馬、分野:生成AI」),
連絡先, 着任日, 退任日. A row is already present when its ID is stored, or (no ID) when a stored person has
the same 氏名 and 所属: re-importing a file adds nothing, and a stored person is never changed by an
import (differences are warnings; the roster page edits). A new row without an ID gets the next L-0001
id on commit. The generic steps (reading, headers, blank and example rows, formulas, parsing the cells)
are liaison.records.preview's; the checks are the write API's rules (liaison.records.roster).
"""

from __future__ import annotations

import re
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from liaison import access, records
from liaison.i18n import say
from liaison.queries import run_query, run_query_in
from liaison.records import Problem, Rows, ValidationError, roster, transactions
from liaison.records.import_format import COLUMNS, HEADERS

KIND = "liaisons"
SEPARATORS = re.compile(r"[、,，;；\n]+")
KIND_SEPARATOR = re.compile(r"[:：・]")
_COLUMNS = [c.name for c in COLUMNS[KIND]]


def _id_rule(value: object) -> str | None:
    if roster.ID_PATTERN.fullmatch(str(value)):
        return None
    return say("IDは英数字・ハイフン・下線で40文字までです", "must be letters, digits, - or _ (at most 40)")


def parse_assignments(text: object, section: object, regions: dict, fields: dict):
    """(canonical text 「地域:但馬、分野:生成AI」, [(kind, target_id)], reason or None) of one 担当 cell."""
    if records.is_blank(text):
        return "", [], None
    found: list[tuple[str, str]] = []
    for part in (p.strip() for p in SEPARATORS.split(str(text))):
        if not part:
            continue
        pieces = KIND_SEPARATOR.split(part, maxsplit=1)
        kind = records.normalize_key(pieces[0]) if len(pieces) == 2 else ""
        if kind not in roster.KINDS:
            return (
                None,
                [],
                say(
                    f"担当「{part}」の書き方が違います（「地域:但馬」「分野:生成AI」のように種類:担当先で）",
                    f"has an assignment “{part}” not written as kind:target (地域:但馬, 分野:生成AI)",
                ),
            )
        target, reason = roster.resolve_target(kind, pieces[1], regions, fields)
        if reason:
            return None, [], say(f"担当「{part}」: {reason}", f"assignment “{part}” {reason.en}")
        if (kind, target) in found:
            return None, [], say(f"担当「{part}」が二度入っています", f"names the assignment “{part}” twice")
        if section in roster.SECTIONS and roster.SECTION_OF_KIND[kind] != section:
            return (
                None,
                [],
                say(
                    f"担当「{part}」は{roster.SECTION_OF_KIND[kind]}のリエゾンだけが持てます（所属: {section}）",
                    f"assignment “{part}” can be held only by a liaison of {roster.SECTION_OF_KIND[kind]}",
                ),
            )
        found.append((kind, target))
    found.sort(
        key=lambda pair: (pair[0] != "地域", list(regions if pair[0] == "地域" else fields).index(pair[1]))
    )
    names = [f"{kind}:{(regions if kind == '地域' else fields)[target]}" for kind, target in found]
    return "、".join(names), found, None


def _reference_lists(cursor) -> tuple[dict, dict]:
    regions = roster.liaison_regions(cursor)
    field_frame = run_query_in(cursor, "dx_fields_list")
    return regions, dict(zip(field_frame["field_id"], field_frame["name_ja"], strict=True))


def check(rows: Rows, cursor, today: date) -> None:
    """The roster's rules on every row (the write API's), and one ID or person per file."""
    rows.require(["name_ja", "section"])
    rows.check("name_ja", records.text_within(roster.NAME_MAX))
    rows.check("section", records.one_of(roster.SECTIONS))
    rows.check("contact", records.text_within(roster.CONTACT_MAX))
    rows.check("liaison_id", _id_rule)
    rows.check("active_to", records.not_future(today))
    rows.check("active_from", lambda day: None if day >= records.EARLIEST else records.not_future(today)(day))
    rows.check_rows(
        ("active_from", "active_to"),
        "active_to",
        lambda start, end: (
            None
            if end >= start
            else say(
                f"着任日（{start.isoformat()}）より前です",
                f"is before the day they started ({start.isoformat()})",
            )
        ),
    )
    regions, fields = _reference_lists(cursor)
    parsed = np.empty(rows.size, dtype=object)
    for position in range(rows.size):
        section = records.to_python(rows.values["section"][position])
        text = records.to_python(rows.values["assignments"][position])
        canonical, _, reason = parse_assignments(text, section, regions, fields)
        parsed[position] = canonical
        if reason:
            rows.report([position], "assignments", reason)
        elif canonical and not records.is_blank(records.to_python(rows.values["active_to"][position])):
            rows.report(
                [position],
                "assignments",
                say(
                    "退任日のある人に担当があります（退任した人の担当は空欄に）",
                    "is given for someone who has retired (leave it blank)",
                ),
            )
    rows.values["assignments"] = parsed
    ids = rows.values["liaison_id"]
    seen: dict[str, int] = {}
    for position, value in enumerate(ids.tolist()):
        if records.is_blank(value):
            continue
        if value in seen:
            rows.report(
                [position],
                "liaison_id",
                say(
                    f"同じIDが {rows.rows[seen[value]]} 行目にもあります",
                    f"is also the ID of row {rows.rows[seen[value]]}",
                ),
            )
        else:
            seen[value] = position


def _stored(cursor) -> pd.DataFrame:
    return run_query_in(cursor, "roster_people")


def _present(frame: pd.DataFrame, stored: pd.DataFrame) -> np.ndarray:
    """True where a row is already on the roster: its ID stored, or (no ID) the same 氏名 and 所属."""
    ids = set(stored["liaison_id"])
    people = set(zip(stored["name_ja"], stored["section"], strict=True))
    return np.array(
        [
            (lid in ids) if not records.is_blank(lid) else ((name, section) in people)
            for lid, name, section in zip(
                frame["liaison_id"], frame["name_ja"], frame["section"], strict=True
            )
        ],
        dtype=bool,
    )


def _order(header: str | None) -> int:
    return HEADERS[KIND].index(header) if header in HEADERS[KIND] else -1


def finish_preview(
    con, rows: Rows, file_name: str, digest: str, warnings: list[Problem], total: int, today: date
) -> dict:
    """The roster's part of liaison.records.preview: checks, then which rows are new (the Preview's fields)."""
    cursor = con.cursor()
    try:
        check(rows, cursor, today)
        stored = _stored(cursor)
    finally:
        cursor.close()
    problems = sorted(rows.problems, key=lambda p: (p.row or 0, _order(p.column)))
    empty = pd.DataFrame(columns=_COLUMNS)
    if problems:
        return _preview(file_name, empty, problems, 0, 0, warnings, digest, total)
    frame = _frame(rows.values)
    present = _present(frame, stored)
    warnings = warnings + _differences(
        frame[present], [rows.rows[i] for i in np.flatnonzero(present)], stored, file_name
    )
    fresh = frame[~present].reset_index(drop=True)
    return _preview(file_name, fresh, [], len(fresh), int(present.sum()), warnings, digest, total)


def _preview(file_name, rows, problems, new_rows, already_present, warnings, digest, total) -> dict:
    return {
        "kind": KIND,
        "file_name": file_name,
        "rows": rows,
        "problems": problems,
        "new_rows": new_rows,
        "already_present": already_present,
        "warnings": warnings,
        "sha256": digest,
        "total_rows": total,
    }


def _frame(values: dict[str, np.ndarray]) -> pd.DataFrame:
    columns = {}
    for name in _COLUMNS:
        array = values[name]
        if array.dtype.kind == "M":
            columns[name] = pd.Series(array.astype("datetime64[s]"))
        else:
            columns[name] = pd.Series([records.to_python(v) for v in array.tolist()], dtype=object)
    frame = pd.DataFrame(columns)
    frame["contact"] = frame["contact"].fillna("")
    frame["assignments"] = frame["assignments"].fillna("")
    return frame


def _differences(
    frame: pd.DataFrame, row_numbers: list, stored: pd.DataFrame, file_name: str
) -> list[Problem]:
    """A warning for each already-present row that differs from the roster (an import never changes a person)."""
    by_id = stored.set_index("liaison_id")
    by_person = {
        (n, s): lid
        for lid, n, s in zip(stored["liaison_id"], stored["name_ja"], stored["section"], strict=True)
    }
    found = []
    for number, row in zip(row_numbers, frame.to_dict("records"), strict=True):
        lid = (
            row["liaison_id"]
            if not records.is_blank(row["liaison_id"])
            else by_person[(row["name_ja"], row["section"])]
        )
        person = by_id.loc[lid]
        mine = (
            row["name_ja"],
            row["section"],
            row["assignments"],
            row["contact"],
            _day(row["active_from"]),
            _day(row["active_to"]),
        )
        theirs = (
            person["name_ja"],
            person["section"],
            person["assignments_ja"],
            person["contact"],
            _day(person["active_from"]),
            _day(person["active_to"]),
        )
        if mine != theirs:
            found.append(
                Problem(
                    say(
                        f"登録済みのリエゾン（{lid}）と内容が違います。取り込みでは変更しません（名簿のページで変更してください）",
                        f"differs from the stored liaison {lid}; an import does not change it (edit it on the roster page)",
                    ),
                    row=number,
                    file=file_name,
                )
            )
    return found


def _day(value) -> date | None:
    return None if records.is_blank(value) or pd.isna(value) else pd.Timestamp(value).date()


def commit(con: duckdb.DuckDBPyConnection, preview, actor: access.Principal | str) -> int:
    """Add the preview's people and their assignments in one transaction with one audit 'import' row."""
    principal = access.as_principal(actor)
    access.require(principal, "import")
    actor = transactions.check_actor(principal)
    if preview.problems:
        raise ValidationError(preview.problems)
    if preview.rows.empty:
        return 0

    def write(cursor) -> int:
        frame = preview.rows
        meanwhile = _present(frame, _stored(cursor))
        fresh = frame[~meanwhile]
        if fresh.empty:
            return 0
        regions, fields = _reference_lists(cursor)
        ids = []
        for row in fresh.to_dict("records"):
            liaison_id = (
                row["liaison_id"]
                if not records.is_blank(row["liaison_id"])
                else roster.next_liaison_id(cursor)
            )
            active_from, active_to = _day(row["active_from"]), _day(row["active_to"])
            cursor.execute(
                "insert into liaisons (liaison_id, name_ja, section, contact, active_from, active_to, is_active)"
                " values ($liaison_id, $name_ja, $section, $contact, $active_from, $active_to, $is_active)",
                {
                    "liaison_id": liaison_id,
                    "name_ja": row["name_ja"],
                    "section": row["section"],
                    "contact": row["contact"] or "",
                    "active_from": active_from,
                    "active_to": active_to,
                    "is_active": active_to is None,
                },
            )
            _, assignments, _ = parse_assignments(row["assignments"], row["section"], regions, fields)
            for kind, target in assignments:
                roster._insert_assignment(cursor, liaison_id, roster.Assignment(kind, target, active_from))
            ids.append(liaison_id)
        summary = {
            "file": preview.file_name,
            "kind": KIND,
            "inserted": len(ids),
            "already_present": int(preview.already_present + meanwhile.sum()),
            "liaison_ids": ids,
        }
        transactions.audit(cursor, actor, "liaisons", preview.sha256, "import", None, summary)
        return len(ids)

    return transactions.run_in_transaction(con, write)


def records_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The whole roster in the import format (one row per person), so the file imports again."""
    stored = run_query("roster_people", con=con)
    return to_import_format(stored.rename(columns={"assignments_ja": "assignments"}))


def to_import_format(stored: pd.DataFrame) -> pd.DataFrame:
    """Internal columns → the import format's Japanese headers (dates as dates, blanks as None)."""
    out = {}
    for column in COLUMNS[KIND]:
        values = stored[column.name]
        if column.parse == "date":
            values = values.map(_day)
        values = values.astype(object).where(values.notna(), None) if len(values) else values
        if column.name in ("assignments", "contact"):
            values = values.map(lambda v: None if records.is_blank(v) else v)
        out[column.header(KIND)] = values
    return pd.DataFrame(out, columns=HEADERS[KIND])
