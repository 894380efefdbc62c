"""Corrections of stored records: edit every field, void (取り消し) with a reason, restore (復元).

- edit_record runs the same checks as a new record (records.check_<table> on the form's values),
  checks the references the schema has no foreign key for, and writes the row with one audit
  'update' row (before and after, child rows included). Its 管理番号 (source_key) never changes.
- void_record moves the row and its child rows into voided_records, so it leaves its table and
  drops out of every figure, list and export with no query changed; audit 'void' (before: the
  record and its children; after: the reason).
- restore_record puts them back under the same ids, refused when that would break a rule (the same
  municipality and 年度 hearing entered meanwhile, a municipality, liaison, field or consultation
  gone, the 管理番号 now taken); audit 'restore'.

Each table is registered once (KINDS: its check, editable columns, child tables, id column);
`register` lets a later table (referrals, the roster, …) join. Rows are written back whole through a
registered one-row frame (`insert … by name`), so no SQL is built from column names and a column a
later migration adds or drops is carried as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

from liaison import access, fiscal, records, store
from liaison.i18n import say
from liaison.queries import run_query
from liaison.records import Problem, ValidationError, scopes, source_keys, writes
from liaison.records.labels import LABELS
from liaison.records.scopes import Actor
from liaison.records.stored import reference
from liaison.records.transactions import audit, check_actor, run_in_transaction, to_json

REASON_LABEL = "理由"  # the reason of a void, as problems name it
REASON_MAX = 500  # voided_records.reason's CHECK
SCOPE_TO_LIST = "update chat_pushes set recipient_scope = 'list' where push_id = $id"


@dataclass(frozen=True)
class Child:
    """Child rows that belong to one parent record: voided and restored with it."""

    table: str
    select: str  # constant: every child row of the parent bound as $id
    delete: str  # constant: delete them
    insert: str  # constant: `insert into <table> by name select * from correction_rows`
    optional: bool = False  # a table a later migration adds: skipped while the catalog lacks it


@dataclass(frozen=True)
class Kind:
    """One correctable table: how its row is found, checked, written and what belongs to it."""

    table: str
    id_column: str
    select: str  # constant: the row by $id
    delete: str  # constant: delete the row by $id
    insert: str  # constant: `insert into <table> by name select * from correction_rows`
    check: Callable  # records.check_<table>(rows, ref, today)
    editable: tuple[str, ...]  # the columns an edit may change (those the table has today)
    text_column: str | None = None  # free text stored as '' when blank
    children: tuple[Child, ...] = ()  # voided and restored with the record
    edited_children: str | None = None  # the child list an edit replaces ("participants", "recipients")
    has_source_key: bool = True
    extra_checks: tuple[Callable, ...] = field(default=())  # (cursor, record, before) -> [Problem]


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Make a table correctable (or replace its registration)."""
    KINDS[kind.table] = kind


def _kind(table: str) -> Kind:
    if table not in KINDS:
        raise ValueError(f"修正できない表です: {table!r}")
    return KINDS[table]


# --------------------------------------------------------------------------- reading rows


def _fetch(cursor, statement: str, params: dict) -> list[dict]:
    result = cursor.execute(statement, params)
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _has_table(cursor, table: str) -> bool:
    found = cursor.execute(
        "select count(*) from duckdb_tables() where table_name = $table and database_name = current_database()",
        {"table": table},
    ).fetchall()[0][0]
    return bool(found)


def _columns(cursor, table: str) -> list[str]:
    found = cursor.execute(
        "select column_name from duckdb_columns()"
        " where table_name = $table and database_name = current_database() order by column_index",
        {"table": table},
    ).fetchall()
    return [name for (name,) in found]


def _children_of(cursor, kind: Kind, record_id: int) -> dict[str, list[dict]]:
    found = {}
    for child in kind.children:
        if child.optional and not _has_table(cursor, child.table):
            continue
        found[child.table] = _fetch(cursor, child.select, {"id": record_id})
    return found


def _not_found(kind: Kind, record_id) -> ValidationError:
    return ValidationError(
        [
            Problem(
                say(
                    "該当する記録がありません（取り消し済みか、番号が違います）",
                    "matches no stored record (voided, or a wrong number)",
                ),
                None,
                value=str(record_id),
            )
        ]
    )


def _row_or_fail(cursor, kind: Kind, record_id) -> dict:
    if not str(record_id).isdigit():
        raise _not_found(kind, record_id)
    rows = _fetch(cursor, kind.select, {"id": int(record_id)})
    if not rows:
        raise _not_found(kind, record_id)
    return rows[0]


def _write_rows(cursor, statement: str, rows: list[dict]) -> None:
    """Insert whole rows (as JSON-safe dicts or stored values) through a registered frame, by name."""
    if not rows:
        return
    names = list(rows[0])
    frame = pd.DataFrame({name: pd.Series([row.get(name) for row in rows], dtype=object) for name in names})
    cursor.register("correction_rows", frame)
    try:
        cursor.execute(statement)
    finally:
        cursor.unregister("correction_rows")


# --------------------------------------------------------------------------- edit


def _nothing_changed() -> ValidationError:
    return ValidationError(
        [
            Problem(
                say(
                    "変更がありません（すべての項目が登録内容と同じです）",
                    "nothing to change (every field is as recorded)",
                )
            )
        ]
    )


def _same(old, new) -> bool:
    return records.to_python(old) == records.to_python(new) or (
        records.is_blank(old) and records.is_blank(new)
    )


def edit_record(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    table: str,
    record_id: int,
    changes: dict[str, object],
    *,
    today: date,
) -> dict:
    """Change fields of one stored record; returns the row as stored after the edit.

    `changes` maps columns (of the table's editable ones; for engagements "participants" as
    {municipality: level}, for pushes "recipients" as a list of municipalities) to new values, given
    as a form gives them (a municipality by code or name, a day as a date or ISO text). The record is
    checked whole, as a new one is; an edit that changes nothing is refused. The principal must reach
    the record as stored and as edited (nobody moves a record into or out of their reach).
    """
    principal = access.as_principal(actor)
    kind = _kind(table)
    scopes.refuse_role(principal, table)
    actor, today = check_actor(principal), fiscal.parse_date(today)
    allowed = set(kind.editable) | ({kind.edited_children} if kind.edited_children else set())
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"{table}: not editable: {sorted(unknown)}")
    ref = reference(con)

    def write(cursor) -> dict:
        before = _row_or_fail(cursor, kind, record_id)
        region_of = scopes.regions(ref)
        scopes.check(cursor, principal, table, scopes.of_record(cursor, table, before), region_of=region_of)
        present = [column for column in kind.editable if column in before]
        values = {column: changes.get(column, before[column]) for column in present}
        rows = writes._form_rows(table, values, ref)
        kind.check(rows, ref, today)
        problems = list(rows.problems)
        child_rows: list[dict] | None = None
        old_children: list[dict] | None = None
        if kind.edited_children:
            child = _edited_child(kind)
            old_children = [
                {k: v for k, v in row.items() if k != kind.id_column}
                for row in _fetch(cursor, child.select, {"id": before[kind.id_column]})
            ]
            if kind.edited_children in changes:
                child_rows = _checked_child_rows(kind, changes[kind.edited_children], ref, problems)
            else:
                child_rows = old_children
        if problems:
            raise ValidationError(problems)
        record = writes._validated(rows)
        if kind.text_column and kind.text_column in record:
            record[kind.text_column] = writes._text_default(record[kind.text_column])
        for extra in kind.extra_checks:
            problems.extend(extra(cursor, record, before))
        if problems:
            raise ValidationError(problems)
        edited = scopes.of_record(
            cursor, table, before | record, child_rows if kind.edited_children else None
        )
        scopes.check(cursor, principal, table, edited, region_of=region_of)
        after = before | record
        if kind.has_source_key and before.get("source_key") is None:
            # a record stored without one keeps the 管理番号 its export showed, so an edit never changes it
            after["source_key"] = source_keys.current(cursor, table, before[kind.id_column])
        changed = [column for column in present if not _same(before[column], after[column])]
        children_changed = kind.edited_children is not None and _sorted(child_rows) != _sorted(old_children)
        if not changed and not children_changed:
            raise _nothing_changed()
        record_key = before[kind.id_column]
        cursor.execute(kind.delete, {"id": record_key})
        _write_rows(cursor, kind.insert, [after])
        old_audit, new_audit = dict(before), _fetch(cursor, kind.select, {"id": record_key})[0]
        if kind.edited_children:
            child = _edited_child(kind)
            if children_changed:
                if new_audit.get("recipient_scope") not in (None, "list"):
                    # recipients chosen one by one are no longer "all" or a 圏域's (migration 008)
                    cursor.execute(SCOPE_TO_LIST, {"id": record_key})
                    new_audit = _fetch(cursor, kind.select, {"id": record_key})[0]
                cursor.execute(child.delete, {"id": record_key})
                _write_rows(cursor, child.insert, [{kind.id_column: record_key, **row} for row in child_rows])
            old_audit[kind.edited_children] = _sorted(old_children)
            new_audit = new_audit | {kind.edited_children: _sorted(child_rows)}
        audit(cursor, actor, table, record_key, "update", old_audit, new_audit)
        return new_audit

    return run_in_transaction(con, write)


def _sorted(rows: list[dict] | None) -> list[dict]:
    return sorted(
        (dict(row) for row in rows or []), key=lambda row: json.dumps(row, default=str, sort_keys=True)
    )


def _edited_child(kind: Kind) -> Child:
    return kind.children[0]  # the child an edit replaces is registered first


def _checked_child_rows(kind: Kind, given, ref, problems: list[Problem]) -> list[dict]:
    """Participants ({municipality: level}) or recipients ([municipality]) checked as a new record's."""
    if kind.table == "engagements":
        given = dict(given or {})
        if not given:
            problems.append(
                Problem(
                    say(
                        "参加した市町を一つ以上選んでください",
                        "needs at least one participating municipality",
                    ),
                    LABELS["engagements"]["municipality_code"],
                )
            )
            return []
        children = writes._child_rows(
            "engagements", {"municipality_code": list(given), "participant_level": list(given.values())}, ref
        )
        check = records.check_engagement_participants
    else:
        given = list(given or [])
        if not given:
            problems.append(
                Problem(
                    say("配信先の市町を一つ以上選んでください", "needs at least one recipient municipality"),
                    LABELS["chat_pushes"]["recipients"],
                )
            )
            return []
        children = writes._child_rows("chat_pushes", {"municipality_code": given}, ref)
        check = records.check_push_recipients
    try:
        return writes._checked_children(children, check, ref, [])
    except ValidationError as error:
        problems.extend(error.problems)
        return []


# --------------------------------------------------------------------------- void and restore


def _checked_reason(reason: object) -> str:
    text = records.clean_text(reason if reason is not None else "")
    problem = None
    if not text:
        problem = Problem(
            say("取り消しの理由を入力してください", "is required: say why it is voided"), REASON_LABEL
        )
    elif len(text) > REASON_MAX:
        problem = Problem(
            say(
                f"長すぎます（{len(text)} 文字。上限 {REASON_MAX} 文字）",
                f"is too long ({len(text)} characters; at most {REASON_MAX})",
            ),
            REASON_LABEL,
        )
    elif records.CONTROL_CHARACTERS.search(text):
        problem = Problem(
            say(
                "制御文字（改行・タブ以外）が含まれています",
                "contains control characters (other than line breaks and tabs)",
            ),
            REASON_LABEL,
        )
    if problem:
        raise ValidationError([problem])
    return text


def void_record(
    con: duckdb.DuckDBPyConnection, actor: Actor, table: str, record_id: int, reason: str
) -> None:
    """Void one record with its child rows: they move into voided_records and leave their tables (管理者)."""
    principal = access.as_principal(actor)
    access.require(principal, "void")
    actor, reason = check_actor(principal), _checked_reason(reason)
    kind = _kind(table)

    def write(cursor) -> None:
        row = _row_or_fail(cursor, kind, record_id)
        key = row[kind.id_column]
        children = _children_of(cursor, kind, key)
        kept = {"row": row, "children": children}
        cursor.execute(
            "insert into voided_records (table_name, record_id, source_key, record_json, reason, voided_by,"
            " voided_at) values ($table, $record_id, $source_key, $record_json, $reason, $actor, $voided_at)",
            {
                "voided_at": store.utc_now(),
                "table": table,
                "record_id": str(key),
                "source_key": (row.get("source_key") or source_keys.current(cursor, table, key))
                if kind.has_source_key
                else None,
                "record_json": to_json(kept),
                "reason": reason,
                "actor": actor,
            },
        )
        for child in kind.children:
            if child.table in children:
                cursor.execute(child.delete, {"id": key})
        cursor.execute(kind.delete, {"id": key})
        audit(cursor, actor, table, key, "void", row | {"children": children}, {"reason": reason})

    run_in_transaction(con, write)


def _restore_problems(cursor, kind: Kind, row: dict, children: dict[str, list[dict]]) -> list[Problem]:
    """Why putting the record back would break a rule (empty when it may come back)."""
    problems: list[Problem] = []
    labels = LABELS.get(kind.table, {})

    def gone(column: str, exists: str, value) -> None:
        if value is None or cursor.execute(exists, {"value": value}).fetchall()[0][0]:
            return
        problems.append(
            Problem(
                say(
                    "が登録されていないため復元できません",
                    "is no longer stored, so the record cannot come back",
                ),
                labels.get(column, column),
                value=str(value),
            )
        )

    municipality = "select count(*) from municipalities where code = $value"
    liaison = "select count(*) from liaisons where liaison_id = $value"
    dx_field = "select count(*) from dx_fields where field_id = $value"
    for column, exists in (
        ("municipality_code", municipality),
        ("liaison_id", liaison),
        ("owner_liaison_id", liaison),
        ("field_id", dx_field),
        ("topic_field_id", dx_field),
        ("consultation_id", "select count(*) from consultations where consultation_id = $value"),
        ("department_id", "select count(*) from departments where department_id = $value"),
    ):
        if column in row and not (kind.table == "consultations" and column == "consultation_id"):
            gone(column, exists, row[column])
    for child_rows in children.values():
        for child in child_rows:
            for column, exists in (("municipality_code", municipality), ("liaison_id", liaison)):
                if column in child:
                    gone(column, exists, child[column])
    if kind.has_source_key and row.get("source_key"):
        taken = source_keys.TAKEN.get(kind.table)  # held in the table (not voided: this one is)
        if taken and cursor.execute(taken, {"key": row["source_key"]}).fetchall()[0][0]:
            problems.append(
                Problem(
                    say(
                        "の記録が別に登録されているため復元できません",
                        "is now held by another stored record, so this one cannot come back",
                    ),
                    "管理番号",
                    value=str(row["source_key"]),
                )
            )
    if kind.table == "readiness_assessments":
        found = cursor.execute(
            "select count(*) from readiness_assessments"
            " where municipality_code = $code and fiscal_year = $year",
            {"code": row["municipality_code"], "year": row["fiscal_year"]},
        ).fetchall()[0][0]
        if found:
            year = row["fiscal_year"]
            problems.append(
                Problem(
                    say(
                        f"この市町の{year}年度のヒアリングがその後登録されているため復元できません",
                        f"has a hearing for FY{year} entered since, so this one cannot come back",
                    ),
                    LABELS["readiness_assessments"]["fiscal_year"],
                    value=str(year),
                )
            )
    return problems


def restore_record(con: duckdb.DuckDBPyConnection, actor: Actor, table: str, record_id: int) -> dict:
    """Put a voided record and its child rows back under the same ids; returns the restored row (管理者)."""
    principal = access.as_principal(actor)
    access.require(principal, "restore")
    actor = check_actor(principal)
    kind = _kind(table)

    def write(cursor) -> dict:
        found = cursor.execute(
            "select record_json, source_key from voided_records"
            " where table_name = $table and record_id = $record_id",
            {"table": table, "record_id": str(record_id)},
        ).fetchall()
        if not found:
            raise ValidationError(
                [
                    Problem(
                        say("取り消された記録の中に見つかりません", "is not among the voided records"),
                        None,
                        value=str(record_id),
                    )
                ]
            )
        kept = json.loads(found[0][0]) if isinstance(found[0][0], str) else found[0][0]
        row, children = kept["row"], kept.get("children", {})
        if kind.has_source_key and not row.get("source_key"):
            row["source_key"] = found[0][1]  # the 管理番号 it was voided under comes back fixed
        problems = _restore_problems(cursor, kind, row, children)
        if problems:
            raise ValidationError(problems)
        _write_rows(cursor, kind.insert, [row])
        for child in kind.children:
            if children.get(child.table):
                _write_rows(cursor, child.insert, children[child.table])
        cursor.execute(
            "delete from voided_records where table_name = $table and record_id = $record_id",
            {"table": table, "record_id": str(record_id)},
        )
        restored = _fetch(cursor, kind.select, {"id": int(record_id)})[0]
        audit(cursor, actor, table, record_id, "restore", None, restored | {"children": children})
        return restored

    return run_in_transaction(con, write)


def stored(con: duckdb.DuckDBPyConnection, table: str, record_id: int) -> dict | None:
    """One stored record as an edit form starts from (with its edited child rows), or None when gone."""
    kind = _kind(table)
    cursor = con.cursor()
    try:
        rows = _fetch(cursor, kind.select, {"id": int(record_id)})
        if not rows:
            return None
        row = rows[0]
        if kind.edited_children:
            row[kind.edited_children] = [
                {k: v for k, v in child.items() if k != kind.id_column}
                for child in _fetch(cursor, _edited_child(kind).select, {"id": int(record_id)})
            ]
        return row
    finally:
        cursor.close()


def tables_touched(table: str) -> tuple[str, ...]:
    """The tables an edit, void or restore of `table` may change, so the app clears exactly their caches."""
    kind = _kind(table)
    return (table, *(child.table for child in kind.children), "voided_records", "audit_log")


def voided(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The voided records, newest first (table_name, record_id, source_key, reason, voided_at, voided_by, record_json)."""
    return run_query("voided_records_list", con=con)


# --------------------------------------------------------------------------- checks an edit adds


def _support_after_received(cursor, record: dict, before: dict) -> list[Problem]:
    """A support action is not before its consultation was received (and its consultation exists)."""
    found = cursor.execute(
        "select received_on from consultations where consultation_id = $id",
        {"id": int(record["consultation_id"]) if str(record["consultation_id"]).isdigit() else -1},
    ).fetchall()
    if not found:
        return [
            Problem(
                say("該当する相談がありません", "matches no consultation"),
                LABELS["support_actions"]["consultation_id"],
                value=str(record["consultation_id"]),
            )
        ]
    record["consultation_id"] = int(record["consultation_id"])
    if record["acted_on"] < found[0][0]:
        received = found[0][0].isoformat()
        return [
            Problem(
                say(
                    f"相談の受付日（{received}）より前です",
                    f"is before the day the consultation was received ({received})",
                ),
                LABELS["support_actions"]["acted_on"],
                value=record["acted_on"].isoformat(),
            )
        ]
    return []


def _received_before_actions(cursor, record: dict, before: dict) -> list[Problem]:
    """A consultation's 受付日 is not after any of its support actions."""
    first = cursor.execute(
        "select min(acted_on) from support_actions where consultation_id = $id",
        {"id": before["consultation_id"]},
    ).fetchall()[0][0]
    if first is not None and record["received_on"] > first:
        return [
            Problem(
                say(
                    f"この相談の支援の対応日（{first.isoformat()}）より後です",
                    f"is after a support action on this consultation ({first.isoformat()})",
                ),
                LABELS["consultations"]["received_on"],
                value=record["received_on"].isoformat(),
            )
        ]
    return []


def _one_hearing_a_year(cursor, record: dict, before: dict) -> list[Problem]:
    """One hearing per municipality and 年度 (the table's unique key), said as the form says it."""
    found = cursor.execute(
        "select count(*) from readiness_assessments"
        " where municipality_code = $code and fiscal_year = $year and assessment_id <> $id",
        {"code": record["municipality_code"], "year": record["fiscal_year"], "id": before["assessment_id"]},
    ).fetchall()[0][0]
    if found:
        year = record["fiscal_year"]
        return [
            Problem(
                say(f"この市町の{year}年度のヒアリングは登録済みです", f"already has a hearing for FY{year}"),
                LABELS["readiness_assessments"]["fiscal_year"],
                value=str(year),
            )
        ]
    return []


CHILD_STATEMENTS = {
    "support_actions": Child(
        "support_actions",
        "select * from support_actions where consultation_id = $id order by action_id",
        "delete from support_actions where consultation_id = $id",
        "insert into support_actions by name select * from correction_rows",
    ),
    "referrals": Child(
        "referrals",
        "select * from referrals where consultation_id = $id",
        "delete from referrals where consultation_id = $id",
        "insert into referrals by name select * from correction_rows",
        optional=True,
    ),
    "engagement_participants": Child(
        "engagement_participants",
        "select * from engagement_participants where engagement_id = $id order by municipality_code",
        "delete from engagement_participants where engagement_id = $id",
        "insert into engagement_participants by name select * from correction_rows",
    ),
    "engagement_liaisons": Child(
        "engagement_liaisons",
        "select * from engagement_liaisons where engagement_id = $id order by liaison_id",
        "delete from engagement_liaisons where engagement_id = $id",
        "insert into engagement_liaisons by name select * from correction_rows",
    ),
    "engagement_followups": Child(
        "engagement_followups",
        "select * from engagement_followups where engagement_id = $id order by followup_id",
        "delete from engagement_followups where engagement_id = $id",
        "insert into engagement_followups by name select * from correction_rows",
    ),
    "chat_push_recipients": Child(
        "chat_push_recipients",
        "select * from chat_push_recipients where push_id = $id order by municipality_code",
        "delete from chat_push_recipients where push_id = $id",
        "insert into chat_push_recipients by name select * from correction_rows",
    ),
}

register(
    Kind(
        "visits",
        "visit_id",
        "select * from visits where visit_id = $id",
        "delete from visits where visit_id = $id",
        "insert into visits by name select * from correction_rows",
        records.check_visits,
        (
            "visited_on",
            "municipality_code",
            "liaison_id",
            "department",
            "purpose",
            "topic_field_id",
            "summary",
        ),
        text_column="summary",
    )
)
register(
    Kind(
        "consultations",
        "consultation_id",
        "select * from consultations where consultation_id = $id",
        "delete from consultations where consultation_id = $id",
        "insert into consultations by name select * from correction_rows",
        records.check_consultations,
        (
            "received_on",
            "municipality_code",
            "field_id",
            "channel",
            "title",
            "detail",
            "status",
            "owner_liaison_id",
            "closed_on",
        ),
        text_column="detail",
        children=(CHILD_STATEMENTS["support_actions"], CHILD_STATEMENTS["referrals"]),
        extra_checks=(_received_before_actions,),
    )
)
register(
    Kind(
        "support_actions",
        "action_id",
        "select * from support_actions where action_id = $id",
        "delete from support_actions where action_id = $id",
        "insert into support_actions by name select * from correction_rows",
        records.check_support_actions,
        ("consultation_id", "acted_on", "support_type", "liaison_id", "note"),
        text_column="note",
        has_source_key=False,
        extra_checks=(_support_after_received,),
    )
)
register(
    Kind(
        "readiness_assessments",
        "assessment_id",
        "select * from readiness_assessments where assessment_id = $id",
        "delete from readiness_assessments where assessment_id = $id",
        "insert into readiness_assessments by name select * from correction_rows",
        records.check_readiness,
        (
            "municipality_code",
            "fiscal_year",
            "assessed_on",
            "step",
            *records.SCORE_COLUMNS,
            *records.ANSWER_COLUMNS,
            "talent_support_wanted",
            "talent_support_kinds",
            "note",
        ),
        text_column="note",
        has_source_key=False,
        extra_checks=(_one_hearing_a_year,),
    )
)
register(
    Kind(
        "engagements",
        "engagement_id",
        "select * from engagements where engagement_id = $id",
        "delete from engagements where engagement_id = $id",
        "insert into engagements by name select * from correction_rows",
        records.check_engagements,
        ("held_on", "kind", "title", "note"),
        text_column="note",
        children=(
            CHILD_STATEMENTS["engagement_participants"],
            CHILD_STATEMENTS["engagement_liaisons"],
            CHILD_STATEMENTS["engagement_followups"],
        ),
        edited_children="participants",
    )
)
register(
    Kind(
        "chat_pushes",
        "push_id",
        "select * from chat_pushes where push_id = $id",
        "delete from chat_pushes where push_id = $id",
        "insert into chat_pushes by name select * from correction_rows",
        records.check_chat_pushes,
        ("pushed_on", "field_id", "title", "body"),
        text_column="body",
        children=(CHILD_STATEMENTS["chat_push_recipients"],),
        edited_children="recipients",
    )
)


def _not_here(rows, ref, today) -> None:
    """A referral's fields are edited by liaison.records.referrals.edit_referral (its own rules)."""


# A referral (migration 009) is voided and restored on its own here (and with its consultation, as a
# child); its edits go through liaison.records.referrals.edit_referral, so none are editable here.
register(
    Kind(
        "referrals",
        "referral_id",
        "select * from referrals where referral_id = $id",
        "delete from referrals where referral_id = $id",
        "insert into referrals by name select * from correction_rows",
        _not_here,
        (),
        has_source_key=False,
    )
)
