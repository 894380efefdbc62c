"""The write API of 関係部署 and 橋渡し (migration 009): the managed list of departments, referrals of a
consultation to them, and the department's answer.

A consultation at 橋渡し済 means the liaison's part is done; its referrals say what the departments did.
Each call checks its values with the same rules an import of departments or referrals uses
(check_departments, check_referrals), raises ValidationError (bilingual problems) writing nothing when
any is wrong, and writes the row and one audit_log row in one transaction. A referral's 管理番号
(source_key) is fixed when it is made: referral_content_key(the consultation's 管理番号, the
department's name, the day referred); an edit never changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np

from liaison import access, fiscal
from liaison.i18n import reason_of, say, term
from liaison.queries import run_query_in
from liaison.records import scopes
from liaison.records.labels import LABELS
from liaison.records.problems import Problem, ValidationError
from liaison.records.rows import Rows, is_blank, to_python
from liaison.records.rules import not_future, one_of, text_within
from liaison.records.schema_lists import ENUMS, LENGTHS, SHORT_TEXT_MAX, TEXT_MAX
from liaison.records.scopes import Actor
from liaison.records.text import clean_text, normalize_key
from liaison.records.transactions import audit, check_actor, run_in_transaction

OUTCOMES = ENUMS[("referrals", "outcome")]
AWAITING = OUTCOMES[0]  # 依頼中: the one outcome without a responded_on (the schema's pairing)
ANSWERS = OUTCOMES[1:]

TABLES_TOUCHED: dict[str, tuple[str, ...]] = {
    "add_department": ("departments", "audit_log"),
    "edit_department": ("departments", "audit_log"),
    "retire_department": ("departments", "audit_log"),
    "add_referral": ("referrals", "audit_log"),
    "record_response": ("referrals", "audit_log"),
    "edit_referral": ("referrals", "audit_log"),
}
UNCHANGED = object()  # edit_*: a field left as it is (None means "blank" for the optional days)


# --------------------------------------------------------------------------- what records are checked against


@dataclass(frozen=True)
class Directory:
    """The departments and the consultations' 管理番号 of one store, for checking referrals."""

    departments: dict[int, tuple[str, bool]]  # department_id -> (name_ja, is_active)
    department_lookup: dict[str, int]  # normalised name (or id as text) -> department_id
    consultations: dict[int, tuple[str, date]]  # consultation_id -> (its 管理番号, received_on)
    consultation_lookup: dict[str, int]  # 管理番号 -> consultation_id

    @classmethod
    def read(cls, con) -> Directory:
        """Read on `con` (a cursor inside the caller's transaction, or a connection)."""
        departments = run_query_in(con, "departments_list")
        keys = run_query_in(con, "consultation_record_keys")
        by_id = {
            int(row.department_id): (str(row.name_ja), bool(row.is_active))
            for row in departments.itertuples(index=False)
        }
        lookup = {normalize_key(name): department_id for department_id, (name, _) in by_id.items()}
        consultations = {
            int(row.consultation_id): (str(row.record_key), to_python(row.received_on))
            for row in keys.itertuples(index=False)
        }
        return cls(by_id, lookup, consultations, {key: cid for cid, (key, _) in consultations.items()})

    def department_named(self, text: object) -> int | None:
        if isinstance(text, (int, np.integer)) and not isinstance(text, bool):
            return int(text) if int(text) in self.departments else None
        return self.department_lookup.get(normalize_key(text))


UNKNOWN_DEPARTMENT = say(
    "関係部署の一覧にありません（データ管理で部署を登録してください）",
    "is not in the list of departments (add it on the data page first)",
)
UNKNOWN_CONSULTATION = say("該当する相談がありません", "matches no consultation")
RETIRED_DEPARTMENT = say(
    "利用を終了した部署です（新しい橋渡しには選べません）",
    "is a department no longer in use (it cannot take new referrals)",
)


# --------------------------------------------------------------------------- the checks (forms and imports)


def check_departments(rows: Rows) -> list[Problem]:
    rows.require(["name_ja"])
    rows.check("name_ja", text_within(*reversed(LENGTHS[("departments", "name_ja")])))
    for column in ("section", "contact"):
        if column in rows.values:
            rows.check(column, text_within(SHORT_TEXT_MAX))
    return rows.problems


def check_referrals(rows: Rows, directory: Directory, today: date) -> list[Problem]:
    """A referral's values; consultation_id and department_id already resolved (None: not found)."""
    rows.require(["consultation_id", "department_id", "referred_on", "outcome"])
    rows.check("referred_on", not_future(today))
    rows.check("responded_on", not_future(today))
    rows.check("outcome", one_of(OUTCOMES))
    for column in ("request", "response"):
        rows.check(column, text_within(TEXT_MAX))
    if "source_key" in rows.values:
        rows.check("source_key", text_within(SHORT_TEXT_MAX))
    rows.check_rows(("consultation_id", "referred_on"), "referred_on", _after_received(directory))
    rows.check_rows(("referred_on", "due_on"), "due_on", _not_before_referral)
    rows.check_rows(("referred_on", "responded_on"), "responded_on", _not_before_referral)
    _check_answered(rows)
    return rows.problems


def _after_received(directory: Directory):
    def rule(consultation_id, referred_on) -> str | None:
        found = directory.consultations.get(int(consultation_id))
        if found is None or referred_on >= found[1]:
            return None
        received = found[1].isoformat()
        return say(
            f"相談の受付日（{received}）より前です",
            f"is before the day the consultation was received ({received})",
        )

    return rule


def _not_before_referral(referred_on, day) -> str | None:
    if day >= referred_on:
        return None
    shown = referred_on.isoformat()
    return say(f"橋渡し日（{shown}）より前です", f"is before the day referred ({shown})")


def _check_answered(rows: Rows) -> None:
    """依頼中 exactly when there is no 回答日 (the schema's pairing), reported on 回答日."""
    outcome, answered = rows.values["outcome"], rows.values["responded_on"]
    skip = rows.bad.get("outcome", set()) | rows.bad.get("responded_on", set())
    hits, reasons = [], {}
    for position in range(rows.size):
        if position in skip or is_blank(outcome[position]):
            continue
        has_day = not is_blank(to_python(answered[position]))
        if outcome[position] == AWAITING and has_day:
            reasons[position] = say(
                "結果が「依頼中」なのに回答日があります（回答があれば結果を選んでください）",
                "is given while the outcome is “awaiting the department”; choose the outcome the department gave",
            )
        elif outcome[position] != AWAITING and not has_day:
            reasons[position] = say(
                f"結果が「{outcome[position]}」のときは回答日が必要です",
                f"is required when the outcome is “{term('referrals', 'outcome', outcome[position], 'en')}”",
            )
        else:
            continue
        hits.append(position)
    rows.report(hits, "responded_on", reasons.__getitem__)


# --------------------------------------------------------------------------- one form row


def _day(value: object, column: str, problems: list[tuple[str, str]]) -> date | None:
    if is_blank(value):
        return None
    try:
        return fiscal.parse_date(value)
    except ValueError as error:
        problems.append((column, reason_of(error)))
        return None


def _text(value: object) -> str | None:
    return None if is_blank(value) else clean_text(value) or None


def _one_row(table: str, typed: dict, given: dict, parse_problems: list[tuple[str, str]]) -> Rows:
    raw = {}
    for column, value in given.items():
        cell = np.empty(1, dtype=object)
        cell[0] = value
        raw[column] = cell
    rows = Rows({column: [value] for column, value in typed.items()}, LABELS[table], raw=raw)
    for column, reason in parse_problems:
        rows.report([0], column, reason)
    return rows


def _values(rows: Rows) -> dict:
    if rows.problems:
        raise ValidationError(rows.problems)
    found = {column: to_python(array[0]) for column, array in rows.values.items()}
    return {column: (None if is_blank(value) else value) for column, value in found.items()}


def _select(cursor, table: str, record_id: int) -> dict | None:
    statement = {
        "departments": "select * from departments where department_id = $id",
        "referrals": "select * from referrals where referral_id = $id",
    }[table]
    result = cursor.execute(statement, {"id": int(record_id)})
    names = [column[0] for column in result.description]
    row = result.fetchone()
    return None if row is None else dict(zip(names, row, strict=True))


def _found_or_fail(cursor, table: str, record_id: object) -> dict:
    is_id = isinstance(record_id, (int, np.integer)) and not isinstance(record_id, bool)
    is_id = is_id or (isinstance(record_id, str) and record_id.isdigit())
    found = _select(cursor, table, int(record_id)) if is_id else None
    if found is None:
        what = ("該当する部署がありません", "matches no department")
        if table == "referrals":
            what = ("該当する橋渡しがありません", "matches no referral")
        column = (
            LABELS["departments"]["name_ja"] if table == "departments" else LABELS["referrals"]["source_key"]
        )
        raise ValidationError([Problem(say(*what), column, value=str(record_id))])
    return found


def _nothing_changed() -> ValidationError:
    return ValidationError(
        [Problem(say("変更がありません（登録内容と同じです）", "nothing to change (as recorded)"))]
    )


# --------------------------------------------------------------------------- departments


def _department_rows(values: dict) -> Rows:
    typed = {column: (_text(value) if column != "is_active" else value) for column, value in values.items()}
    rows = _one_row("departments", typed, values, [])
    check_departments(rows)
    return rows


def _refuse_same_name(cursor, name: str, department_id: int | None) -> None:
    for other_id, (other, _) in Directory.read(cursor).departments.items():
        if other_id != department_id and normalize_key(other) == normalize_key(name):
            raise ValidationError(
                [
                    Problem(
                        say(
                            f"同じ名前の部署が登録済みです（{other}）",
                            f"is already the name of a department ({other})",
                        ),
                        LABELS["departments"]["name_ja"],
                        value=name,
                    )
                ]
            )


def add_department(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    name_ja: str,
    section: str = "",
    contact: str = "",
) -> int:
    """Add a department to the list (names are unique, ignoring width and spaces); returns its id (管理者)."""
    principal = access.as_principal(actor)
    access.require(principal, "departments")
    actor = check_actor(principal)
    record = _values(_department_rows({"name_ja": name_ja, "section": section, "contact": contact}))
    record = {column: value or "" for column, value in record.items()}

    def write(cursor) -> int:
        _refuse_same_name(cursor, record["name_ja"], None)
        new_id = cursor.execute(
            "insert into departments (name_ja, section, contact) values ($name_ja, $section, $contact)"
            " returning department_id",
            record,
        ).fetchone()[0]
        audit(cursor, actor, "departments", new_id, "insert", None, _select(cursor, "departments", new_id))
        return int(new_id)

    return run_in_transaction(con, write)


def edit_department(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    department_id: int,
    name_ja=UNCHANGED,
    section=UNCHANGED,
    contact=UNCHANGED,
    is_active=UNCHANGED,
) -> None:
    """Change a department's name, 所属部局, contact or whether it is in use (its referrals follow; 管理者)."""
    principal = access.as_principal(actor)
    access.require(principal, "departments")
    actor = check_actor(principal)

    def write(cursor) -> None:
        before = _found_or_fail(cursor, "departments", department_id)
        given = {
            column: before[column] if value is UNCHANGED else value
            for column, value in (("name_ja", name_ja), ("section", section), ("contact", contact))
        }
        record = {column: value or "" for column, value in _values(_department_rows(given)).items()}
        record["is_active"] = before["is_active"] if is_active is UNCHANGED else bool(is_active)
        if all(record[column] == before[column] for column in record):
            raise _nothing_changed()
        _refuse_same_name(cursor, record["name_ja"], before["department_id"])
        cursor.execute(
            "update departments set name_ja = $name_ja, section = $section, contact = $contact,"
            " is_active = $is_active where department_id = $department_id",
            {**record, "department_id": before["department_id"]},
        )
        after = _select(cursor, "departments", before["department_id"])
        audit(cursor, actor, "departments", before["department_id"], "update", before, after)

    run_in_transaction(con, write)


def retire_department(
    con: duckdb.DuckDBPyConnection, actor: Actor, *, today: date, department_id: int
) -> None:
    """Take a department out of the pickers; its referrals stay (edit_department(is_active=True) undoes it)."""
    edit_department(con, actor, today=today, department_id=department_id, is_active=False)


# --------------------------------------------------------------------------- referrals


def _referral_rows(values: dict, directory: Directory, today: date) -> Rows:
    """One referral's values typed (the consultation by id, the department by id or name) and checked."""
    problems: list[tuple[str, str]] = []
    typed: dict[str, object] = {}
    consultation = values["consultation_id"]
    typed["consultation_id"] = None
    if not is_blank(consultation):
        text = str(consultation)
        if text.isdigit() and int(text) in directory.consultations:
            typed["consultation_id"] = int(text)
        else:
            problems.append(("consultation_id", UNKNOWN_CONSULTATION))
    department = values["department_id"]
    typed["department_id"] = None
    if not is_blank(department):
        typed["department_id"] = directory.department_named(department)
        if typed["department_id"] is None:
            problems.append(("department_id", UNKNOWN_DEPARTMENT))
    for column in ("referred_on", "due_on", "responded_on"):
        typed[column] = _day(values.get(column), column, problems)
    for column in ("request", "response"):
        typed[column] = _text(values.get(column))
    typed["outcome"] = None if is_blank(values.get("outcome")) else normalize_key(values["outcome"])
    rows = _one_row("referrals", typed, values, problems)
    check_referrals(rows, directory, today)
    return rows


def _refuse_retired(directory: Directory, department_id: int, given: object) -> None:
    if not directory.departments[department_id][1]:
        raise ValidationError(
            [Problem(RETIRED_DEPARTMENT, LABELS["referrals"]["department_id"], value=str(given))]
        )


def add_referral(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    consultation_id: int,
    department: int | str,
    referred_on: date,
    request: str = "",
    due_on: date | None = None,
) -> int:
    """Refer a consultation to a department in use (by id or name); returns the referral_id.

    referred_on is not before the consultation was received, nor after today; due_on (optional) is
    not before referred_on. The same consultation, department and day twice is refused (one 管理番号).
    Its scope is its consultation's.
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "referrals")
    actor, today = check_actor(principal), fiscal.parse_date(today)
    given = {
        "consultation_id": consultation_id,
        "department_id": department,
        "referred_on": referred_on,
        "request": request,
        "due_on": due_on,
        "outcome": AWAITING,
    }

    def write(cursor) -> int:
        directory = Directory.read(cursor)
        record = _values(_referral_rows(given, directory, today))
        scopes.check(
            cursor, principal, "referrals", scopes.stored_consultation(cursor, record["consultation_id"])
        )
        _refuse_retired(directory, record["department_id"], department)
        consultation_key = directory.consultations[record["consultation_id"]][0]
        key = cursor.execute(
            "select referral_content_key($consultation_key, $name, $referred_on::date)",
            {
                "consultation_key": consultation_key,
                "name": directory.departments[record["department_id"]][0],
                "referred_on": record["referred_on"],
            },
        ).fetchone()[0]
        if cursor.execute("select count(*) from referrals where source_key = $key", {"key": key}).fetchone()[
            0
        ]:
            raise ValidationError(
                [
                    Problem(
                        say(
                            "この相談はこの部署へ同じ日に橋渡し済みです（登録済み）",
                            "was already referred to this department on this day (already recorded)",
                        ),
                        LABELS["referrals"]["referred_on"],
                        value=record["referred_on"].isoformat(),
                    )
                ]
            )
        new_id = cursor.execute(
            "insert into referrals (consultation_id, department_id, referred_on, request, due_on, source_key)"
            " values ($consultation_id, $department_id, $referred_on, $request, $due_on, $source_key)"
            " returning referral_id",
            {
                "consultation_id": record["consultation_id"],
                "department_id": record["department_id"],
                "referred_on": record["referred_on"],
                "request": record["request"] or "",
                "due_on": record["due_on"],
                "source_key": key,
            },
        ).fetchone()[0]
        audit(cursor, actor, "referrals", new_id, "insert", None, _select(cursor, "referrals", new_id))
        return int(new_id)

    return run_in_transaction(con, write)


def _update_referral(cursor, actor: str, before: dict, record: dict) -> None:
    fields = ("department_id", "referred_on", "request", "due_on", "response", "responded_on", "outcome")
    stored = {column: record[column] if record[column] is not None else None for column in fields}
    stored["request"] = stored["request"] or ""
    stored["response"] = stored["response"] or ""
    if all(stored[column] == before[column] for column in fields):
        raise _nothing_changed()
    cursor.execute(
        "update referrals set department_id = $department_id, referred_on = $referred_on,"
        " request = $request, due_on = $due_on, response = $response, responded_on = $responded_on,"
        " outcome = $outcome where referral_id = $referral_id",
        {**stored, "referral_id": before["referral_id"]},
    )
    after = _select(cursor, "referrals", before["referral_id"])
    audit(cursor, actor, "referrals", before["referral_id"], "update", before, after)


def record_response(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    referral_id: int,
    outcome: str,
    responded_on: date,
    response: str = "",
) -> None:
    """The department's half: what it answered or did (回答あり, 対応完了 or 対応不可) and on which day.

    Recorded by the department addressed (関係部署), or by whoever may write the consultation.
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "referral_responses")
    actor, today = check_actor(principal), fiscal.parse_date(today)

    def write(cursor) -> None:
        before = _found_or_fail(cursor, "referrals", referral_id)
        scope = scopes.stored_referral(cursor, before["referral_id"], response=True)
        scopes.check(cursor, principal, "referral_responses", scope)
        if not is_blank(outcome) and normalize_key(outcome) == AWAITING:
            raise ValidationError(
                [
                    Problem(
                        say(
                            f"回答の結果を選んでください（{'、'.join(ANSWERS)}）",
                            "is not an answer: choose one of "
                            + ", ".join(term("referrals", "outcome", answer, "en") for answer in ANSWERS),
                        ),
                        LABELS["referrals"]["outcome"],
                        value=str(outcome),
                    )
                ]
            )
        values = {
            **{column: before[column] for column in ("consultation_id", "department_id", "referred_on")},
            **{column: before[column] for column in ("request", "due_on")},
            "outcome": outcome,
            "responded_on": responded_on,
            "response": response,
        }
        if is_blank(responded_on):
            values["responded_on"] = None
        record = _values(_referral_rows(values, Directory.read(cursor), today))
        _update_referral(cursor, actor, before, record)

    run_in_transaction(con, write)


def edit_referral(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    today: date,
    referral_id: int,
    department=UNCHANGED,
    referred_on=UNCHANGED,
    request=UNCHANGED,
    due_on=UNCHANGED,
    outcome=UNCHANGED,
    response=UNCHANGED,
    responded_on=UNCHANGED,
) -> None:
    """Correct any field of a referral (its consultation and 管理番号 stay); the whole row is checked again.

    Setting outcome back to 依頼中 needs responded_on=None. A new department must be in use. Its scope
    is its consultation's (a department records its answer with record_response).
    """
    principal = access.as_principal(actor)
    scopes.refuse_role(principal, "referrals")
    actor, today = check_actor(principal), fiscal.parse_date(today)
    changes = {
        "department_id": department,
        "referred_on": referred_on,
        "request": request,
        "due_on": due_on,
        "outcome": outcome,
        "response": response,
        "responded_on": responded_on,
    }

    def write(cursor) -> None:
        before = _found_or_fail(cursor, "referrals", referral_id)
        scopes.check(
            cursor, principal, "referrals", scopes.stored_consultation(cursor, before["consultation_id"])
        )
        values = {"consultation_id": before["consultation_id"]}
        values |= {
            column: before[column] if value is UNCHANGED else value for column, value in changes.items()
        }
        directory = Directory.read(cursor)
        record = _values(_referral_rows(values, directory, today))
        if record["department_id"] != before["department_id"]:
            _refuse_retired(directory, record["department_id"], department)
        _update_referral(cursor, actor, before, record)

    run_in_transaction(con, write)
