"""The store's write API: validate, then write the record and one audit_log row in one transaction.

Every call checks its values with the shared rules (liaison.records) and raises ValidationError,
writing nothing, when any is wrong. Each runs in liaison.records.transactions.run_in_transaction
(one lock per database, conflicts retried). `con` may be shared by threads: each call works on its
own cursor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np

from liaison import access, fiscal, records
from liaison.i18n import reason_of, say
from liaison.records import (
    Problem,
    Reference,
    Rows,
    ValidationError,
    engagements,
    roster,
    scopes,
    source_keys,
    talent,
)
from liaison.records.duplicates import refuse_recent
from liaison.records.labels import LABELS
from liaison.records.matching import parse_int
from liaison.records.scopes import Actor
from liaison.records.stored import reference
from liaison.records.transactions import audit, check_actor, run_in_transaction

# Which tables each write changes, so the app clears exactly the caches that read them.
TABLES_TOUCHED: dict[str, tuple[str, ...]] = {
    "add_visit": ("visits", "audit_log"),
    "add_consultation": ("consultations", "audit_log"),
    "change_status": ("consultations", "audit_log"),
    "add_support_action": ("support_actions", "audit_log"),
    "record_hearing": ("readiness_assessments", "audit_log"),
    "record_engagement": (
        "engagements",
        "engagement_participants",
        "engagement_liaisons",
        "engagement_followups",
        "audit_log",
    ),
    "complete_followup": ("engagement_followups", "audit_log"),
    "record_push": ("chat_pushes", "chat_push_recipients", "audit_log"),
    **roster.TABLES_TOUCHED,  # the roster's writes (liaison.records.roster)
}

DATE_COLUMNS = {"visited_on", "received_on", "closed_on", "acted_on", "assessed_on", "held_on", "pushed_on"}
ALL_TARGETS = "all"  # record_push's recipients: every liaison-target municipality
LIST_SCOPE = "list"  # recipient_scope of a push sent to the municipalities listed

_SELECT_ROW = {
    "visits": "select * from visits where visit_id = $id",
    "consultations": "select * from consultations where consultation_id = $id",
    "support_actions": "select * from support_actions where action_id = $id",
    "readiness_assessments": "select * from readiness_assessments where assessment_id = $id",
    "engagements": "select * from engagements where engagement_id = $id",
    "chat_pushes": "select * from chat_pushes where push_id = $id",
}
INT_COLUMNS = {"fiscal_year", "step", *records.SCORE_COLUMNS}
# A hearing's statements, written out: no SQL is built from column names.
INSERT_HEARING = (
    "insert into readiness_assessments ("
    "municipality_code, fiscal_year, assessed_on, step, score_vision, score_top_commitment, "
    "score_structure, score_staff_mindset, score_talent_profile, score_talent_policy, "
    "score_progress, score_issue_awareness, answer_vision, answer_top_commitment, "
    "answer_structure, answer_staff_mindset, answer_talent_profile, answer_talent_policy, "
    "answer_progress, answer_issue_awareness, talent_support_wanted, talent_support_kinds, "
    "note)"
    " values ("
    "$municipality_code, $fiscal_year, $assessed_on, $step, $score_vision, "
    "$score_top_commitment, $score_structure, $score_staff_mindset, $score_talent_profile, "
    "$score_talent_policy, $score_progress, $score_issue_awareness, $answer_vision, "
    "$answer_top_commitment, $answer_structure, $answer_staff_mindset, $answer_talent_profile, "
    "$answer_talent_policy, $answer_progress, $answer_issue_awareness, $talent_support_wanted, "
    "$talent_support_kinds, $note)"
    " returning assessment_id"
)
UPDATE_HEARING = (
    "update readiness_assessments set "
    "municipality_code = $municipality_code, fiscal_year = $fiscal_year, "
    "assessed_on = $assessed_on, step = $step, score_vision = $score_vision, "
    "score_top_commitment = $score_top_commitment, score_structure = $score_structure, "
    "score_staff_mindset = $score_staff_mindset, score_talent_profile = $score_talent_profile, "
    "score_talent_policy = $score_talent_policy, score_progress = $score_progress, "
    "score_issue_awareness = $score_issue_awareness, answer_vision = $answer_vision, "
    "answer_top_commitment = $answer_top_commitment, answer_structure = $answer_structure, "
    "answer_staff_mindset = $answer_staff_mindset, "
    "answer_talent_profile = $answer_talent_profile, "
    "answer_talent_policy = $answer_talent_policy, answer_progress = $answer_progress, "
    "answer_issue_awareness = $answer_issue_awareness, "
    "talent_support_wanted = $talent_support_wanted, "
    "talent_support_kinds = $talent_support_kinds, note = $note"
    " where assessment_id = $assessment_id"
)


def _row(cursor, table: str, record_id: int) -> dict | None:
    result = cursor.execute(_SELECT_ROW[table], {"id": record_id})
    names = [column[0] for column in result.description]
    row = result.fetchone()
    return None if row is None else dict(zip(names, row, strict=True))


# --------------------------------------------------------------------------- building checked rows


def _form_rows(table: str, values: dict[str, object], ref: Reference) -> Rows:
    """One row of form values, normalised as an import normalises a cell, ready for the checks."""
    typed: dict[str, object] = {}
    parse_problems: list[tuple[str, str]] = []
    for column, value in values.items():
        if records.is_blank(value) or (isinstance(value, (list, tuple)) and not value):
            typed[column] = None
        elif column in DATE_COLUMNS:
            try:
                typed[column] = fiscal.parse_date(value)
            except ValueError as error:
                typed[column] = None
                parse_problems.append((column, reason_of(error)))
        elif column == "municipality_code":
            typed[column], reason = ref.resolve_municipality(value)
            if reason:
                parse_problems.append((column, reason))
        elif column in ("liaison_id", "owner_liaison_id"):
            typed[column], reason = ref.resolve_liaison(value)
            if reason:
                parse_problems.append((column, reason))
        elif column in ("field_id", "topic_field_id"):
            typed[column], _ = ref.resolve_field(value)
        elif column in ("department", "purpose", "channel", "status", "support_type"):
            typed[column] = records.normalize_key(value)
        elif column == "consultation_id":
            typed[column] = value
        elif column == "fiscal_year":
            try:
                typed[column] = fiscal.parse_fiscal_year(value)
            except ValueError as error:
                typed[column] = None
                parse_problems.append((column, reason_of(error)))
        elif column in INT_COLUMNS:
            typed[column], reason = parse_int(value)
            if reason:
                parse_problems.append((column, reason))
        elif column == "talent_support_wanted":
            typed[column], reason = talent.parse_wanted(value)
            if reason:
                parse_problems.append((column, reason))
        elif column == "talent_support_kinds":
            typed[column] = talent.kinds_text(value)
        else:
            typed[column] = records.clean_text(value) or None
    rows = Rows(
        {column: [value] for column, value in typed.items()},
        LABELS[table],
        raw={column: _raw(value) for column, value in values.items()},
    )
    for column, reason in parse_problems:
        rows.report([0], column, reason)
    return rows


def _raw(value: object) -> np.ndarray:
    """What the user gave, as a problem shows it (a list of picked kinds as one text)."""
    shown = "、".join(map(str, value)) if isinstance(value, (list, tuple)) else value
    array = np.empty(1, dtype=object)
    array[0] = shown
    return array


def _validated(rows: Rows) -> dict[str, object]:
    """The row's values for SQL, or ValidationError listing every problem."""
    if rows.problems:
        raise ValidationError(rows.problems)
    record = {column: records.to_python(array[0]) for column, array in rows.values.items()}
    return {column: (None if records.is_blank(value) else value) for column, value in record.items()}


def _text_default(value: str | None) -> str:
    return "" if value is None else value


def _checked_record(
    con: duckdb.DuckDBPyConnection,
    table: str,
    values: dict[str, object],
    check,
    today: date,
    *,
    text_column: str,
) -> dict[str, object]:
    """A new row's form values checked by `check` (one of records.check_<table>), ready to insert.

    Raises ValidationError when any value is wrong; the free-text column is stored as '' when blank.
    """
    ref = reference(con)
    rows = _form_rows(table, values, ref)
    check(rows, ref, today)
    record = _validated(rows)
    record[text_column] = _text_default(record[text_column])
    return record


# --------------------------------------------------------------------------- the write API


def add_visit(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    visited_on: date,
    municipality_code: str,
    liaison_id: str,
    department: str,
    purpose: str,
    summary: str = "",
    topic_field_id: str | None = None,
    allow_duplicate: bool = False,
) -> int:
    """Record a visit; returns its visit_id.

    The municipality may be a 5/6-digit code or a name, the liaison an id or a name; topic_field_id
    (migration 002, optional) is the DX field a 個別支援 visit was about, by id or name. The same visit
    by the same actor in the last few minutes is refused (duplicates.DuplicateError) unless
    allow_duplicate is True. The principal writes visits of their reach (liaison.access.rules).
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "visits")
    actor, today = check_actor(principal), fiscal.parse_date(today)
    record = _checked_record(
        con,
        "visits",
        {
            "visited_on": visited_on,
            "municipality_code": municipality_code,
            "liaison_id": liaison_id,
            "department": department,
            "purpose": purpose,
            "summary": summary,
            "topic_field_id": topic_field_id,
        },
        records.check_visits,
        today,
        text_column="summary",
    )

    statement = (
        "insert into visits (visited_on, municipality_code, liaison_id, department, purpose, summary,"
        " topic_field_id, source_key) values ($visited_on, $municipality_code, $liaison_id, $department,"
        " $purpose, $summary, $topic_field_id, $source_key)"
        " returning visit_id"
    )
    return _insert_audited(
        con,
        actor,
        "visits",
        statement,
        record,
        allow_duplicate,
        guard=lambda cursor: scopes.check(cursor, principal, "visits", scopes.visit(record)),
    )


def add_consultation(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    received_on: date,
    municipality_code: str,
    field_id: str,
    channel: str,
    title: str,
    detail: str = "",
    status: str = "受付",
    owner_liaison_id: str | None = None,
    closed_on: date | None = None,
    allow_duplicate: bool = False,
) -> int:
    """Record a consultation; returns its consultation_id.

    closed_on is given exactly when status is 完了 or 橋渡し済 (the schema's rule), and not before
    received_on. field_id may be the field's id or its Japanese name; owner_liaison_id an id or a name.
    A likely duplicate (see add_visit) is refused unless allow_duplicate is True. Where it was
    referred to is a referral of its own (liaison.records.referrals, migration 009).
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "consultations")
    actor, today = check_actor(principal), fiscal.parse_date(today)
    record = _checked_record(
        con,
        "consultations",
        {
            "received_on": received_on,
            "municipality_code": municipality_code,
            "field_id": field_id,
            "channel": channel,
            "title": title,
            "detail": detail,
            "status": status,
            "owner_liaison_id": owner_liaison_id,
            "closed_on": closed_on,
        },
        records.check_consultations,
        today,
        text_column="detail",
    )

    statement = (
        "insert into consultations (received_on, municipality_code, field_id, channel, title, detail,"
        " status, owner_liaison_id, closed_on, source_key)"
        " values ($received_on, $municipality_code, $field_id, $channel, $title, $detail,"
        " $status, $owner_liaison_id, $closed_on, $source_key)"
        " returning consultation_id"
    )
    return _insert_audited(
        con,
        actor,
        "consultations",
        statement,
        record,
        allow_duplicate,
        guard=lambda cursor: scopes.check(cursor, principal, "consultations", scopes.consultation(record)),
    )


def _insert_audited(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    table: str,
    statement: str,
    record: dict,
    allow_duplicate: bool,
    *,
    guard,
) -> int:
    """Run one constant `insert … returning <id>` with bound values and its audit row, in one transaction.

    `guard(cursor)` runs first in the transaction: the permission check, which raises before anything is
    written."""

    def write(cursor) -> int:
        guard(cursor)
        return _insert_with_audit(cursor, actor, table, statement, record, allow_duplicate)

    return run_in_transaction(con, write)


@dataclass(frozen=True)
class Children:
    """A parent record's child rows, inserted with it and listed under `name` in its audit row's `after`."""

    name: str  # the audit row's key for them, e.g. "participants"
    rows: list[dict]  # each child row's values, without the parent's id
    statement: str  # one constant insert binding $parent_id and each row's values


def _insert_with_audit(
    cursor,
    actor: str,
    table: str,
    statement: str,
    record: dict,
    allow_duplicate: bool,
    children: Children | None = None,
) -> int:
    """On `cursor` (inside a transaction): the duplicate guard, the insert (and its child rows), then its
    one audit row; the new id. The guard compares the child rows too."""
    extra = {} if children is None else {children.name: children.rows}
    if not allow_duplicate:
        refuse_recent(cursor, actor, table, record | extra)
    if table in source_keys.CONTENT_KEYS:  # the fixed 管理番号, given once (source_keys)
        record = record | {"source_key": source_keys.for_record(cursor, table, record)}
    new_id = cursor.execute(statement, record).fetchone()[0]
    for row in [] if children is None else children.rows:
        cursor.execute(children.statement, {"parent_id": new_id, **row})
    audit(cursor, actor, table, new_id, "insert", None, _row(cursor, table, new_id) | extra)
    return int(new_id)


def _consultation_or_fail(cursor, consultation_id: int) -> dict:
    found = _row(cursor, "consultations", int(consultation_id)) if _is_id(consultation_id) else None
    if found is None:
        raise ValidationError(
            [
                Problem(
                    say("該当する相談がありません", "matches no consultation"),
                    LABELS["support_actions"]["consultation_id"],
                    value=str(consultation_id),
                )
            ]
        )
    return found


def _is_id(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, (int, np.integer)) or (isinstance(value, str) and value.isdigit())


def change_status(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    consultation_id: int,
    status: str,
    closed_on: date | None = None,
) -> None:
    """Move a consultation to `status`.

    A closed status (完了, 橋渡し済) needs closed_on; an open one (受付, 対応中, 保留) takes none and
    clears the stored closed_on (a referral to a department is recorded with
    liaison.records.referrals.add_referral). A call that changes nothing is refused. The audit row holds the whole row before and after.
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "consultations")
    actor, today = check_actor(principal), fiscal.parse_date(today)
    ref = reference(con)

    def write(cursor) -> None:
        before = _consultation_or_fail(cursor, consultation_id)
        scopes.check(
            cursor, principal, "consultations", scopes.consultation(before), region_of=scopes.regions(ref)
        )
        rows = _form_rows(
            "consultations",
            {
                "received_on": before["received_on"],
                "status": status,
                "closed_on": closed_on,
            },
            ref,
        )
        rows.require(["status"])
        rows.check("closed_on", records.not_future(today))
        rows.check("status", records.one_of(records.STATUSES))
        records.check_closing(rows)
        record = _validated(rows)
        unchanged = record["status"] == before["status"] and record["closed_on"] == before["closed_on"]
        if unchanged:
            raise ValidationError(
                [
                    Problem(
                        say(
                            "変更がありません（状況・完了日が登録内容と同じです）",
                            "nothing to change (status and closing day are as recorded)",
                        )
                    )
                ]
            )
        cursor.execute(
            "update consultations set status = $status, closed_on = $closed_on"
            " where consultation_id = $consultation_id",
            {
                "status": record["status"],
                "closed_on": record["closed_on"],
                "consultation_id": before["consultation_id"],
            },
        )
        after = _row(cursor, "consultations", before["consultation_id"])
        audit(cursor, actor, "consultations", before["consultation_id"], "update", before, after)

    run_in_transaction(con, write)


def add_support_action(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    consultation_id: int,
    acted_on: date,
    support_type: str,
    liaison_id: str | None = None,
    note: str = "",
    allow_duplicate: bool = False,
) -> int:
    """Record a support action on a consultation; returns its action_id.

    acted_on may not be before the consultation was received (nor after today). A likely duplicate
    (see add_visit) is refused unless allow_duplicate is True. Its scope is its consultation's.
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "support_actions")
    actor, today = check_actor(principal), fiscal.parse_date(today)
    record = _checked_record(
        con,
        "support_actions",
        {
            "consultation_id": consultation_id,
            "acted_on": acted_on,
            "support_type": support_type,
            "liaison_id": liaison_id,
            "note": note,
        },
        records.check_support_actions,
        today,
        text_column="note",
    )

    def write(cursor) -> int:
        consultation = _consultation_or_fail(cursor, consultation_id)
        scopes.check(cursor, principal, "support_actions", scopes.consultation(consultation))
        record["consultation_id"] = consultation["consultation_id"]
        if record["acted_on"] < consultation["received_on"]:
            received = consultation["received_on"].isoformat()
            raise ValidationError(
                [
                    Problem(
                        say(
                            f"相談の受付日（{received}）より前です",
                            f"is before the day the consultation was received ({received})",
                        ),
                        LABELS["support_actions"]["acted_on"],
                        value=record["acted_on"].isoformat(),
                    )
                ]
            )
        statement = (
            "insert into support_actions (consultation_id, acted_on, support_type, liaison_id, note)"
            " values ($consultation_id, $acted_on, $support_type, $liaison_id, $note)"
            " returning action_id"
        )
        return _insert_with_audit(cursor, actor, "support_actions", statement, record, allow_duplicate)

    return run_in_transaction(con, write)


def record_hearing(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    municipality_code: str,
    fiscal_year: int,
    assessed_on: date,
    step: int,
    scores: dict[str, int],
    answers: dict[str, str] | None = None,
    talent_support_wanted: bool | None = None,
    talent_support_kinds: list[str] | str | None = None,
    note: str = "",
    replace: bool = False,
) -> int:
    """Record a municipality's readiness hearing of one 年度; returns its assessment_id.

    scores: a 1–5 integer for each of records.SCORE_COLUMNS; answers (optional): the words heard,
    by records.ANSWER_COLUMNS. talent_support_kinds (kinds of records.TALENT_SUPPORT_KINDS) are
    given exactly when talent_support_wanted is True. The table keeps one hearing per municipality
    and 年度 (its unique key): a second one is refused unless replace=True, which overwrites the
    stored hearing in place (same assessment_id) and audits the row before and after.
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "readiness_assessments")
    actor, today = check_actor(principal), fiscal.parse_date(today)
    answers = answers or {}
    unknown = (set(scores) - set(records.SCORE_COLUMNS)) | (set(answers) - set(records.ANSWER_COLUMNS))
    if unknown:
        raise TypeError(f"unknown hearing items: {sorted(unknown)}")
    record = _checked_record(
        con,
        "readiness_assessments",
        {
            "municipality_code": municipality_code,
            "fiscal_year": fiscal_year,
            "assessed_on": assessed_on,
            "step": step,
            **{column: scores.get(column) for column in records.SCORE_COLUMNS},
            **{column: answers.get(column) for column in records.ANSWER_COLUMNS},
            "talent_support_wanted": talent_support_wanted,
            "talent_support_kinds": talent_support_kinds,
            "note": note,
        },
        records.check_readiness,
        today,
        text_column="note",
    )

    def write(cursor) -> int:
        scopes.check(cursor, principal, "readiness_assessments", scopes.hearing(record))
        found = cursor.execute(
            "select assessment_id from readiness_assessments"
            " where municipality_code = $municipality_code and fiscal_year = $fiscal_year",
            {"municipality_code": record["municipality_code"], "fiscal_year": record["fiscal_year"]},
        ).fetchone()
        if found is None:
            # one hearing per municipality and 年度 (its unique key, and replace=) already stops a repeat
            return _insert_with_audit(
                cursor, actor, "readiness_assessments", INSERT_HEARING, record, allow_duplicate=True
            )
        if not replace:
            year = record["fiscal_year"]
            raise ValidationError(
                [
                    Problem(
                        say(
                            f"この市町の{year}年度のヒアリングは登録済みです（置き換えるときは「上書きする」を選んでください）",
                            f"already has a hearing for FY{year} (choose “replace” to overwrite it)",
                        ),
                        LABELS["readiness_assessments"]["fiscal_year"],
                        value=str(year),
                    )
                ]
            )
        assessment_id = int(found[0])
        before = _row(cursor, "readiness_assessments", assessment_id)
        cursor.execute(UPDATE_HEARING, {**record, "assessment_id": assessment_id})
        after = _row(cursor, "readiness_assessments", assessment_id)
        audit(cursor, actor, "readiness_assessments", assessment_id, "update", before, after)
        return assessment_id

    return run_in_transaction(con, write)


# --------------------------------------------------------------------------- top layers and LoGoチャット


def _child_rows(table: str, values: dict[str, list], ref: Reference) -> Rows:
    """Child rows (participants, recipients) as Rows, municipalities resolved by name or code."""
    typed = {column: list(column_values) for column, column_values in values.items()}
    raw = {column: _raw_column(column_values) for column, column_values in values.items()}
    problems: list[tuple[int, str]] = []
    if "municipality_code" in typed:
        for position, text in enumerate(typed["municipality_code"]):
            typed["municipality_code"][position], reason = ref.resolve_municipality(text)
            if reason:
                problems.append((position, reason))
    for column, column_values in typed.items():
        if column != "municipality_code":
            typed[column] = [None if records.is_blank(v) else records.normalize_key(v) for v in column_values]
    rows = Rows(typed, LABELS[table], raw=raw)
    for position, reason in problems:
        rows.report([position], "municipality_code", reason)
    return rows


def _raw_column(values: list) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array


def _checked_children(rows: Rows, check, ref: Reference, parent_problems: list[Problem]) -> list[dict]:
    """The child rows' values, or ValidationError listing the parent's and the children's problems."""
    check(rows, ref)
    problems = parent_problems + rows.problems
    codes = [str(code) for code in rows.values["municipality_code"]]
    if not problems and len(set(codes)) < len(codes):
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        problems.append(
            Problem(
                say("同じ市町が二度入っています", "names the same municipality twice"),
                rows.headers["municipality_code"],
                value="、".join(ref.municipality_name(code) for code in repeated),
            )
        )
    if problems:
        raise ValidationError(problems)
    found = [
        {column: records.to_python(array[position]) for column, array in rows.values.items()}
        for position in range(rows.size)
    ]
    return sorted(found, key=lambda row: row["municipality_code"])


def _parent_problems(rows: Rows, check, ref: Reference, today: date) -> list[Problem]:
    check(rows, ref, today)
    return list(rows.problems)


def record_engagement(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    held_on: date,
    kind: str,
    title: str,
    participants: dict[str, str],
    liaisons: Iterable[str] = (),
    followups: Iterable[dict] = (),
    note: str = "",
    allow_duplicate: bool = False,
) -> int:
    """Record an engagement with municipalities' top layers (首長対話, セミナー, …); returns its engagement_id.

    participants: municipality (5/6-digit code or name) -> participant level (the schema's list:
    首長, 幹部, 職員); at least one, each a liaison-target municipality. liaisons: the liaisons present
    (ids or names, people on the roster today). followups: what was promised, each a dict of promise,
    promised_by, due_on (optional) and done_on (optional; done when set). The engagement gets its
    管理番号 (engagement_content_key; -2, -3, … when taken). The engagement, its participant,
    liaison and follow-up rows and one audit row (listing them all) are written in one transaction. A
    likely duplicate (see add_visit) is refused unless allow_duplicate is True.
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "engagements")
    today = fiscal.parse_date(today)
    check_actor(principal)
    ref = reference(con)
    rows = _form_rows("engagements", {"held_on": held_on, "kind": kind, "title": title, "note": note}, ref)
    problems = _parent_problems(rows, records.check_engagements, ref, today)
    present, liaison_problems = engagements.liaison_ids(liaisons, ref, engagements.active_liaisons(con))
    promised, followup_problems = engagements.followup_rows(followups, today)
    problems += liaison_problems + followup_problems
    if not participants:
        problems.append(
            Problem(
                say("参加した市町を一つ以上選んでください", "needs at least one participating municipality"),
                LABELS["engagements"]["municipality_code"],
            )
        )
        raise ValidationError(problems)
    children = _child_rows(
        "engagements",
        {"municipality_code": list(participants), "participant_level": list(participants.values())},
        ref,
    )
    participant_rows = _checked_children(children, records.check_engagement_participants, ref, problems)
    record = _validated(rows)
    record["note"] = _text_default(record["note"])
    return run_in_transaction(
        con,
        lambda cursor: insert_engagement(
            cursor,
            principal,
            record,
            participant_rows,
            present,
            promised,
            allow_duplicate=allow_duplicate,
            region_of=scopes.regions(ref),
        ),
    )


def insert_engagement(
    cursor,
    actor: Actor,
    record: dict,
    participants: list[dict],
    liaisons: list[str],
    followups: list[dict],
    *,
    allow_duplicate: bool = False,
    audited: bool = True,
    region_of: dict[str, str] | None = None,
) -> int:
    """On `cursor` (in a transaction): a checked engagement and its child rows; its new id.

    The 管理番号 is record["source_key"] when given (an import's), else assigned here. With
    audited=True one audit 'insert' row lists the children (an import writes its one 'import' row).
    The principal must reach every participating municipality (or be present, 分野リエゾン).
    """
    principal = access.as_principal(actor)
    scope = scopes.engagement([row["municipality_code"] for row in participants], liaisons)
    scopes.check(cursor, principal, "engagements", scope, region_of=region_of)
    actor = check_actor(principal)
    extra = {
        "participants": participants,
        "liaisons": [{"liaison_id": liaison_id} for liaison_id in liaisons],
        "followups": followups,
    }
    if not allow_duplicate:
        refuse_recent(cursor, actor, "engagements", record | extra)
    key = record.get("source_key") or source_keys.for_record(cursor, "engagements", record)
    new_id = cursor.execute(
        "insert into engagements (held_on, kind, title, note, source_key)"
        " values ($held_on, $kind, $title, $note, $source_key) returning engagement_id",
        {column: record[column] for column in ("held_on", "kind", "title", "note")} | {"source_key": key},
    ).fetchone()[0]
    for row in participants:
        cursor.execute(
            "insert into engagement_participants (engagement_id, municipality_code, participant_level)"
            " values ($parent_id, $municipality_code, $participant_level)",
            {"parent_id": new_id, **row},
        )
    for liaison_id in liaisons:
        cursor.execute(
            "insert into engagement_liaisons (engagement_id, liaison_id) values ($parent_id, $liaison_id)",
            {"parent_id": new_id, "liaison_id": liaison_id},
        )
    stored_followups = []
    for row in followups:
        followup_id = cursor.execute(
            "insert into engagement_followups (engagement_id, promise, promised_by, due_on, done_on)"
            " values ($parent_id, $promise, $promised_by, $due_on, $done_on) returning followup_id",
            {"parent_id": new_id, **row},
        ).fetchone()[0]
        stored_followups.append({"followup_id": int(followup_id), **row})
    if audited:
        after = _row(cursor, "engagements", new_id) | extra | {"followups": stored_followups}
        audit(cursor, actor, "engagements", new_id, "insert", None, after)
    return int(new_id)


def complete_followup(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    followup_id: int,
    done_on: date,
) -> None:
    """Mark a follow-up done on `done_on` (not after today, not before its engagement was held).

    A follow-up already done is refused. The audit row (table engagement_followups) holds the
    follow-up before and after. Its scope is its engagement's.
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "engagement_followups")
    actor, today = check_actor(principal), fiscal.parse_date(today)
    label = LABELS["engagement_followups"]["done_on"]
    try:
        day = None if records.is_blank(done_on) else fiscal.parse_date(done_on)
    except ValueError as error:
        raise ValidationError([Problem(reason_of(error), label, value=str(done_on))]) from None

    def write(cursor) -> None:
        found = None
        if _is_id(followup_id):
            result = cursor.execute(
                "select engagement_followups.*, engagements.held_on from engagement_followups"
                " inner join engagements on engagement_followups.engagement_id = engagements.engagement_id"
                " where followup_id = $id",
                {"id": int(followup_id)},
            )
            names = [column[0] for column in result.description]
            row = result.fetchone()
            found = None if row is None else dict(zip(names, row, strict=True))
        if found is None:
            raise ValidationError(
                [
                    Problem(
                        say("該当するフォローアップがありません", "matches no follow-up"),
                        value=str(followup_id),
                    )
                ]
            )
        scopes.check(
            cursor, principal, "engagement_followups", scopes.stored_followup(cursor, found["followup_id"])
        )
        held_on = found.pop("held_on")
        if found["done_on"] is not None:
            done = found["done_on"].isoformat()
            raise ValidationError(
                [Problem(say(f"完了済みです（{done}）", f"is already done ({done})"), label, value=done)]
            )
        problem = engagements.done_on_problem(day, held_on, today)
        if problem is not None:
            raise ValidationError([problem])
        cursor.execute(
            "update engagement_followups set done_on = $done_on where followup_id = $id",
            {"done_on": day, "id": found["followup_id"]},
        )
        audit(
            cursor,
            actor,
            "engagement_followups",
            found["followup_id"],
            "update",
            found,
            found | {"done_on": day},
        )

    run_in_transaction(con, write)


def _recipient_codes(recipients: str | Iterable[str], ref: Reference) -> tuple[str, list[str]]:
    """(recipient_scope, codes): every liaison target ('all'), a 圏域's (its region_id), or the list ('list')."""
    if isinstance(recipients, str):
        if recipients == ALL_TARGETS:
            return ALL_TARGETS, [m.code for m in ref.targets]
        in_region = [m.code for m in ref.targets if m.region_id == recipients]
        if not in_region:
            reason = say(
                "圏域として見つかりません（all・圏域・市町の一覧のいずれかで指定してください）",
                "is not a known region (give all, a region or a list of municipalities)",
            )
            raise ValidationError([Problem(reason, LABELS["chat_pushes"]["recipients"], value=recipients)])
        return recipients, in_region
    return LIST_SCOPE, list(recipients)


def record_push(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    pushed_on: date,
    field_id: str,
    title: str,
    recipients: str | Iterable[str],
    body: str = "",
    allow_duplicate: bool = False,
) -> int:
    """Record information pushed through LoGoチャット; returns its push_id.

    recipients: "all" (every liaison-target municipality), a 圏域's region_id (its liaison targets)
    or a list of municipalities (codes or names, each a liaison target); how they were addressed is
    stored as recipient_scope ('all', the region_id or 'list'). body: the message or a link
    (optional). field_id may be the DX field's id or its name. The push gets its 管理番号
    (push_content_key; -2, -3, … when taken). The push, its recipient rows and one audit row (listing
    the recipients) are written in one transaction; a likely duplicate is refused unless
    allow_duplicate is True. The principal must reach the push's field (分野) or every recipient (地域).
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "chat_pushes")
    today = fiscal.parse_date(today)
    check_actor(principal)
    ref = reference(con)
    rows = _form_rows(
        "chat_pushes", {"pushed_on": pushed_on, "field_id": field_id, "title": title, "body": body}, ref
    )
    problems = _parent_problems(rows, records.check_chat_pushes, ref, today)
    scope, codes = _recipient_codes(recipients, ref)
    if not codes:
        problems.append(
            Problem(
                say("配信先の市町を一つ以上選んでください", "needs at least one recipient municipality"),
                LABELS["chat_pushes"]["recipients"],
            )
        )
        raise ValidationError(problems)
    children = _child_rows("chat_pushes", {"municipality_code": codes}, ref)
    recipient_rows = _checked_children(children, records.check_push_recipients, ref, problems)
    record = _validated(rows)
    record["body"] = _text_default(record["body"])
    record["recipient_scope"] = scope
    return run_in_transaction(
        con,
        lambda cursor: insert_push(
            cursor,
            principal,
            record,
            recipient_rows,
            allow_duplicate=allow_duplicate,
            region_of=scopes.regions(ref),
        ),
    )


def insert_push(
    cursor,
    actor: Actor,
    record: dict,
    recipients: list[dict],
    *,
    allow_duplicate: bool = False,
    audited: bool = True,
    region_of: dict[str, str] | None = None,
) -> int:
    """On `cursor` (in a transaction): a checked push and its recipient rows; its new id (see insert_engagement)."""
    principal = access.as_principal(actor)
    scope = scopes.push(record["field_id"], [row["municipality_code"] for row in recipients])
    scopes.check(cursor, principal, "chat_pushes", scope, region_of=region_of)
    actor = check_actor(principal)
    extra = {"recipients": recipients}
    if not allow_duplicate:
        refuse_recent(cursor, actor, "chat_pushes", record | extra)
    key = record.get("source_key") or source_keys.for_record(cursor, "chat_pushes", record)
    new_id = cursor.execute(
        "insert into chat_pushes (pushed_on, field_id, title, body, recipient_scope, source_key)"
        " values ($pushed_on, $field_id, $title, $body, $recipient_scope, $source_key) returning push_id",
        {column: record[column] for column in ("pushed_on", "field_id", "title", "body", "recipient_scope")}
        | {"source_key": key},
    ).fetchone()[0]
    for row in recipients:
        cursor.execute(
            "insert into chat_push_recipients (push_id, municipality_code) values ($parent_id, $municipality_code)",
            {"parent_id": new_id, **row},
        )
    if audited:
        audit(
            cursor, actor, "chat_pushes", new_id, "insert", None, _row(cursor, "chat_pushes", new_id) | extra
        )
    return int(new_id)
