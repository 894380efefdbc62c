"""関係部署 and 橋渡し as import kinds (`departments`, `referrals`): checks, matching, commit and export.

Departments: one row per department (部署名, 所属部局, 連絡先, 利用中 はい/いいえ, blank = はい), matched by
name (NFKC, no spaces: the write API's matching); a stored department is never changed by an import
(a difference is a warning; the データ管理 page edits). Referrals: one row per referral, its
consultation by the 管理番号 the consultation export shows (consultation_record_keys), its department
by name; the write API's rules (liaison.records.referrals.check_referrals), and a new referral's
department must be in use. A referral is already present when its 管理番号 (or, blank, its content
key referral_content_key) is stored: re-importing a file adds nothing, and a stored referral is
never changed (a difference is a warning). The generic steps are liaison.records.preview's.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from liaison import access
from liaison.i18n import say
from liaison.queries import run_query, run_query_in
from liaison.records import Problem, Rows, ValidationError, talent, transactions
from liaison.records.import_format import COLUMNS, HEADERS
from liaison.records.referrals import (
    RETIRED_DEPARTMENT,
    UNKNOWN_CONSULTATION,
    UNKNOWN_DEPARTMENT,
    Directory,
    check_departments,
    check_referrals,
)
from liaison.records.rows import is_blank, to_python
from liaison.records.text import normalize_key

KINDS = ("departments", "referrals")
TEXT_COLUMNS = {"section", "contact", "request", "response"}  # blank in a file, '' when stored
REFERRAL_FILTERS = ("region_id", "codes", "municipality_code", "fiscal_year", "date_from", "date_to")


def _order(kind: str, header: str | None) -> int:
    return HEADERS[kind].index(header) if header in HEADERS[kind] else -1


def _day(value) -> date | None:
    return None if is_blank(value) or pd.isna(value) else pd.Timestamp(value).date()


def _report_repeats(rows: Rows, column: str, keys: list, what: tuple[str, str]) -> None:
    """A problem on each row whose key (not None) an earlier row of the file already has."""
    seen: dict[object, int] = {}
    for position, key in enumerate(keys):
        if key is None:
            continue
        if key in seen:
            first = rows.rows[seen[key]]
            rows.report(
                [position],
                column,
                say(f"{what[0]}が {first} 行目にもあります", f"{what[1]} as row {first}"),
            )
        else:
            seen[key] = position


# --------------------------------------------------------------------------- preview


def finish_preview(
    con, kind: str, rows: Rows, file_name: str, digest: str, warnings: list[Problem], total: int, today: date
) -> dict:
    """The kind's part of liaison.records.preview: checks, then which rows are new (the Preview's fields)."""
    cursor = con.cursor()
    try:
        directory = Directory.read(cursor)
        if kind == "departments":
            fresh, present, found = _departments(rows, run_query_in(cursor, "departments_list"), file_name)
        else:
            fresh, present, found = _referrals(rows, directory, cursor, file_name, today)
    finally:
        cursor.close()
    problems = sorted(rows.problems, key=lambda p: (p.row or 0, _order(kind, p.column)))
    if problems:
        fresh, present, found = _empty(kind), 0, []
    return {
        "kind": kind,
        "file_name": file_name,
        "rows": fresh,
        "problems": problems,
        "new_rows": len(fresh),
        "already_present": present,
        "warnings": warnings + found,
        "sha256": digest,
        "total_rows": total,
    }


def _empty(kind: str) -> pd.DataFrame:
    return pd.DataFrame(columns=[c.name for c in COLUMNS[kind]])


def _values(rows: Rows, names) -> list[dict]:
    return [{name: to_python(rows.values[name][i]) for name in names} for i in range(rows.size)]


def _departments(rows: Rows, stored: pd.DataFrame, file_name: str):
    check_departments(rows)
    names = [None if is_blank(v) else normalize_key(v) for v in rows.values["name_ja"].tolist()]
    _report_repeats(rows, "name_ja", names, ("同じ部署名", "is the same department name"))
    if rows.problems:
        return None, 0, []
    records = _values(rows, [c.name for c in COLUMNS["departments"]])
    for record in records:
        record["is_active"] = True if record["is_active"] is None else bool(record["is_active"])
        for column in ("section", "contact"):
            record[column] = record[column] or ""
    by_name = {normalize_key(row["name_ja"]): row for row in stored.to_dict("records")}
    fresh, found, present = [], [], 0
    for number, key, record in zip(rows.rows, names, records, strict=True):
        department = by_name.get(key)
        if department is None:
            fresh.append(record)
            continue
        present += 1
        mine = (record["name_ja"], record["section"], record["contact"], record["is_active"])
        theirs = tuple(department[c] for c in ("name_ja", "section", "contact")) + (
            bool(department["is_active"]),
        )
        if mine != theirs:
            found.append(
                Problem(
                    say(
                        f"登録済みの部署（{department['name_ja']}）と内容が違います。取り込みでは変更しません（データ管理の関係部署で変更してください）",
                        f"differs from the stored department {department['name_ja']}; an import does not change it (edit it under 関係部署 on the data page)",
                    ),
                    row=number,
                    file=file_name,
                )
            )
    return pd.DataFrame(fresh, columns=[c.name for c in COLUMNS["departments"]]), present, found


def _referrals(rows: Rows, directory: Directory, cursor, file_name: str, today: date):
    consultations = rows.values["consultation_id"].copy()
    departments = rows.values["department_id"].copy()
    consultation_ids = np.full(rows.size, None, dtype=object)
    department_ids = np.full(rows.size, None, dtype=object)
    unknown_consultations, unknown_departments = [], []
    for position in range(rows.size):
        if not is_blank(consultations[position]):
            found = directory.consultation_lookup.get(str(consultations[position]).strip())
            consultation_ids[position] = found
            if found is None:
                unknown_consultations.append(position)
        if not is_blank(departments[position]):
            found = directory.department_named(departments[position])
            department_ids[position] = found
            if found is None:
                unknown_departments.append(position)
    rows.values["consultation_id"], rows.values["department_id"] = consultation_ids, department_ids
    rows.report(unknown_consultations, "consultation_id", UNKNOWN_CONSULTATION)
    rows.report(unknown_departments, "department_id", UNKNOWN_DEPARTMENT)
    check_referrals(rows, directory, today)
    given_keys = [None if is_blank(v) else v for v in rows.values["source_key"].tolist()]
    _report_repeats(rows, "source_key", given_keys, ("同じ管理番号", "is the same 管理番号"))
    if rows.problems:
        return None, 0, []
    records = _values(rows, [c.name for c in COLUMNS["referrals"]])
    for record in records:
        record["consultation_key"] = directory.consultations[record["consultation_id"]][0]
        record["department_name"] = directory.departments[record["department_id"]][0]
        for column in ("request", "response"):
            record[column] = record[column] or ""
    content_keys = content_keys_of(cursor, records)
    _report_repeats(
        rows,
        "referred_on",
        content_keys,
        (
            "同じ相談・部署・橋渡し日の行",
            "is the same consultation, department and day referred",
        ),
    )
    if rows.problems:
        return None, 0, []
    stored = _stored_referrals(cursor)
    by_key = stored.set_index("record_key")
    by_content = dict(zip(stored["content_key"], stored["record_key"], strict=True))
    fresh, found, present = [], [], 0
    for position, (record, content_key) in enumerate(zip(records, content_keys, strict=True)):
        record["source_key"] = record["source_key"] or content_key
        stored_key = record["source_key"] if record["source_key"] in by_key.index else None
        stored_key = stored_key or by_content.get(content_key)
        if stored_key is None:
            if not directory.departments[record["department_id"]][1]:
                rows.report([position], "department_id", RETIRED_DEPARTMENT)
            fresh.append(record)
            continue
        present += 1
        if _referral_cells(record) != _referral_cells(by_key.loc[stored_key]):
            found.append(
                Problem(
                    say(
                        f"登録済みの橋渡し（{stored_key}）と内容が違います。取り込みでは変更しません（相談の画面で変更してください）",
                        f"differs from the stored referral {stored_key}; an import does not change it (edit it on the consultation's page)",
                    ),
                    row=rows.rows[position],
                    file=file_name,
                )
            )
    if rows.problems:
        return None, 0, []
    columns = [c.name for c in COLUMNS["referrals"]] + ["consultation_key", "department_name"]
    return pd.DataFrame(fresh, columns=columns), present, found


def _stored_referrals(cursor) -> pd.DataFrame:
    return run_query_in(
        cursor,
        "referrals_records",
        region_id=None,
        codes=None,
        fiscal_year=None,
        date_from=None,
        date_to=None,
    )


def _referral_cells(record) -> tuple:
    return (
        record["consultation_key"],
        record["department_name"],
        _day(record["referred_on"]),
        record["request"] or "",
        _day(record["due_on"]),
        record["outcome"],
        record["response"] or "",
        _day(record["responded_on"]),
    )


def content_keys_of(cursor, records: list[dict]) -> list[str]:
    """Each referral's content key (its 管理番号 when it has none): migration 009's referral_content_key."""
    if not records:
        return []
    frame = run_query_in(
        cursor,
        "referral_content_keys",
        consultation_keys=[r["consultation_key"] for r in records],
        department_names=[r["department_name"] for r in records],
        referred_days=[r["referred_on"] for r in records],
    )
    return frame["content_key"].tolist()


# --------------------------------------------------------------------------- commit


def commit(con: duckdb.DuckDBPyConnection, preview, actor: access.Principal | str) -> int:
    """Add the preview's departments or referrals in one transaction with one audit 'import' row."""
    principal = access.as_principal(actor)
    access.require(principal, "import")
    actor = transactions.check_actor(principal)
    if preview.problems:
        raise ValidationError(preview.problems)
    if preview.rows.empty:
        return 0
    kind = preview.kind

    def write(cursor) -> int:
        frame = preview.rows
        if kind == "departments":
            names = {normalize_key(n) for n in run_query_in(cursor, "departments_list")["name_ja"]}
            meanwhile = frame["name_ja"].map(lambda n: normalize_key(n) in names).to_numpy(dtype=bool)
            statement = (
                "insert into departments (name_ja, section, contact, is_active)"
                " values ($name_ja, $section, $contact, $is_active) returning department_id"
            )
        else:
            stored = _stored_referrals(cursor)
            keys = set(stored["record_key"]) | set(stored["content_key"])
            meanwhile = frame["source_key"].isin(keys).to_numpy(dtype=bool)
            statement = (
                "insert into referrals (consultation_id, department_id, referred_on, request, due_on,"
                " outcome, response, responded_on, source_key) values ($consultation_id, $department_id,"
                " $referred_on, $request, $due_on, $outcome, $response, $responded_on, $source_key)"
                " returning referral_id"
            )
        fresh = frame[~meanwhile]
        ids = []
        for row in fresh.to_dict("records"):
            values = {c.name: row[c.name] for c in COLUMNS[kind]}
            for column in ("referred_on", "due_on", "responded_on"):
                if column in values:
                    values[column] = _day(values[column])
            for column in ("consultation_id", "department_id"):
                if column in values:
                    values[column] = int(values[column])
            ids.append(int(cursor.execute(statement, values).fetchone()[0]))
        if not ids:
            return 0
        summary = {
            "file": preview.file_name,
            "kind": kind,
            "inserted": len(ids),
            "already_present": int(preview.already_present + meanwhile.sum()),
            "first_id": min(ids),
            "last_id": max(ids),
        }
        transactions.audit(cursor, actor, kind, preview.sha256, "import", None, summary)
        return len(ids)

    return transactions.run_in_transaction(con, write)


# --------------------------------------------------------------------------- export


def records_frame(con: duckdb.DuckDBPyConnection, kind: str, **filters) -> pd.DataFrame:
    """Every department (filters ignored, as the roster), or the referrals (by the consultation's
    region or codes, and the day referred), in the import format, so the file imports again."""
    if kind == "departments":
        return to_import_format(kind, run_query("departments_list", con=con))
    unknown = set(filters) - set(REFERRAL_FILTERS)
    if unknown:
        raise TypeError(f"unknown filters for {kind}: {sorted(unknown)}")
    codes = filters.get("codes")
    if filters.get("municipality_code") is not None:
        codes = [*(codes or []), filters["municipality_code"]]
    stored = run_query(
        "referrals_records",
        con=con,
        region_id=filters.get("region_id"),
        codes=None if codes is None else [str(c) for c in codes],
        fiscal_year=filters.get("fiscal_year"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    stored = stored.drop(columns=["source_key", "consultation_id", "department_id"])
    return to_import_format(
        kind,
        stored.rename(
            columns={
                "record_key": "source_key",
                "consultation_key": "consultation_id",
                "department_name": "department_id",
            }
        ),
    )


def to_import_format(kind: str, stored: pd.DataFrame) -> pd.DataFrame:
    """Internal columns (a department or referral by its names and keys) → the import format's headers.

    A preview's rows (consultation_key, department_name beside the ids) show the same way.
    """
    if kind == "referrals" and "consultation_key" in stored:
        stored = stored.drop(columns=["consultation_id", "department_id"]).rename(
            columns={"consultation_key": "consultation_id", "department_name": "department_id"}
        )
    out = {}
    for column in COLUMNS[kind]:
        values = stored[column.name]
        if column.parse == "date":
            values = values.map(_day)
        elif column.parse == "yes_no":
            values = values.astype(object).map(talent.wanted_text)
        values = values.astype(object).where(values.notna(), None) if len(values) else values
        if column.name in TEXT_COLUMNS:
            values = values.map(lambda v: None if is_blank(v) else v)
        out[column.header(kind)] = values
    return pd.DataFrame(out, columns=HEADERS[kind])


def department_choices(con) -> list[str]:
    """The departments in use, for the referrals template's drop-down."""
    stored = run_query("departments_list", con=con)
    return stored.loc[stored["is_active"], "name_ja"].tolist()
