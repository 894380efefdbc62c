"""The roster's write API: people (liaisons) and their assignments, checked, audited, in one transaction each.

A person is one row of `liaisons` (the id every record names); what they cover is one row of
`liaison_assignments` each (地域 for a 圏域 that is a liaison region, 分野 for a DX field), current while
ended_on is null. The store has no foreign keys, so the rules live here: a 地域 assignment needs a
liaison region and the section デジタル戦略課, a 分野 assignment a DX field and デジタル改革課 (the old
CHECK), and a person holds one current assignment per 圏域 or field. Retiring someone who still owns
open consultations (受付・対応中・保留) needs a new owner for each. A retired person keeps their row, so
their name still resolves in old records and imports (liaison.records.stored.reference).

New people get the id L-0001, L-0002, … (one more than the largest such id; never reused, as a
retired person's row stays), unless an id is given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import duckdb

from liaison import access, fiscal, records, store
from liaison.i18n import reason_of, say
from liaison.queries import run_query_in
from liaison.records import Problem, Reference, ValidationError
from liaison.records.duplicates import WINDOW_MINUTES, DuplicateError, _comparable
from liaison.records.labels import LABELS
from liaison.records.transactions import audit, check_actor, run_in_transaction

SECTIONS = records.ENUMS[("liaisons", "section")]  # デジタル戦略課, デジタル改革課
KINDS = records.ENUMS[("liaison_assignments", "kind")]  # 地域, 分野
SECTION_OF_KIND = {"地域": "デジタル戦略課", "分野": "デジタル改革課"}
NAME_MAX = records.LENGTHS[("liaisons", "name_ja")][1]
CONTACT_MAX = 200
ID_PREFIX = "L-"
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
KEEP = object()  # edit_person: leave this field as stored
_L = LABELS["liaisons"]

TABLES_TOUCHED: dict[str, tuple[str, ...]] = {
    "add_person": ("liaisons", "liaison_assignments", "audit_log"),
    "edit_person": ("liaisons", "audit_log"),
    "add_assignment": ("liaison_assignments", "audit_log"),
    "end_assignment": ("liaison_assignments", "audit_log"),
    "retire_person": ("liaisons", "liaison_assignments", "consultations", "audit_log"),
}


@dataclass(frozen=True)
class Assignment:
    """One assignment to add: 地域 with a region_id, or 分野 with a field_id (names accepted on input)."""

    kind: str
    target: str  # region_id or field_id
    started_on: date | None = None

    def row(self) -> dict:
        regional = self.kind == "地域"
        return {
            "kind": self.kind,
            "region_id": self.target if regional else None,
            "field_id": None if regional else self.target,
            "started_on": self.started_on,
        }


# --------------------------------------------------------------------------- checks


def _problem(ja: str, en: str, column: str | None = None, value: object = None) -> Problem:
    shown = None if value is None else (value.isoformat() if isinstance(value, date) else str(value))
    return Problem(say(ja, en), None if column is None else _L[column], value=shown)


def _day(value: object, column: str, problems: list[Problem], *, required: bool = False) -> date | None:
    if records.is_blank(value):
        if required:
            problems.append(Problem(records.REQUIRED, _L[column]))
        return None
    try:
        day = fiscal.parse_date(value)
    except ValueError as error:
        problems.append(Problem(reason_of(error), _L[column], value=str(value)))
        return None
    if day < records.EARLIEST:
        problems.append(
            _problem(
                f"{records.EARLIEST.isoformat()} より前の日付です",
                f"is before {records.EARLIEST.isoformat()}",
                column,
                day,
            )
        )
        return None
    return day


def _text(value: object, column: str, limit: int, problems: list[Problem], *, required: bool = False):
    text = records.clean_text("" if value is None else value)
    if not text:
        if required:
            problems.append(Problem(records.REQUIRED, _L[column]))
        return ""
    reason = records.text_within(limit)(text)
    if reason:
        problems.append(Problem(reason, _L[column], value=text))
    return text


def _section(value: object, problems: list[Problem]) -> str | None:
    section = records.normalize_key(value) if not records.is_blank(value) else ""
    if not section:
        problems.append(Problem(records.REQUIRED, _L["section"]))
        return None
    reason = records.one_of(SECTIONS)(section)
    if reason:
        problems.append(Problem(reason, _L["section"], value=str(value)))
        return None
    return section


def liaison_regions(cursor) -> dict[str, str]:
    """The 圏域 a 地域リエゾン may cover (is_liaison_region): region_id -> name_ja, in the usual order."""
    regions = run_query_in(cursor, "regions_list")
    chosen = regions[regions["is_liaison_region"]]
    return dict(zip(chosen["region_id"], chosen["name_ja"], strict=True))


def _reference_in(cursor) -> Reference:
    """The store's reference data as the transaction on `cursor` sees it."""
    return Reference.from_frames(
        run_query_in(cursor, "municipalities_by_region", region_id=None),
        run_query_in(cursor, "liaisons_list"),
        run_query_in(cursor, "dx_fields_list"),
    )


def resolve_target(kind: str, target: object, regions: Mapping[str, str], fields: Mapping[str, str]):
    """(region_id or field_id, None) for a 圏域 / field given by id or Japanese name, else (text, reason)."""
    key = records.normalize_key(target) if not records.is_blank(target) else ""
    if kind == "地域":
        by_key = {records.normalize_key(r): r for r in regions} | {
            records.normalize_key(name): r for r, name in regions.items()
        }
        if key in by_key:
            return by_key[key], None
        return str(target), say(
            f"地域リエゾンの担当できる圏域ではありません（{'、'.join(regions.values())}）",
            f"is not a region a regional liaison covers ({', '.join(regions)})",
        )
    by_key = {records.normalize_key(f): f for f in fields} | {
        records.normalize_key(name): f for f, name in fields.items()
    }
    if key in by_key:
        return by_key[key], None
    return str(target), say("DX分野として見つかりません", "is not a known DX field")


def _assignments(
    given: Iterable, section: str | None, cursor, problems: list[Problem], *, held: Iterable[tuple] = ()
) -> list[Assignment]:
    """The assignments given as (kind, target, started_on) or Assignment, checked against the section."""
    regions = liaison_regions(cursor)
    fields = _reference_in(cursor).fields
    found: list[Assignment] = []
    seen = {(kind, target) for kind, target in held}
    for item in given:
        kind, target, started = (
            (item.kind, item.target, item.started_on) if isinstance(item, Assignment) else (*item, None)[:3]
        )
        kind = records.normalize_key(kind) if not records.is_blank(kind) else ""
        if kind not in KINDS:
            problems.append(
                Problem(records.one_of(KINDS)(kind) or records.REQUIRED, _L["kind"], value=kind or None)
            )
            continue
        target_id, reason = resolve_target(kind, target, regions, fields)
        if reason:
            problems.append(Problem(reason, _L["target"], value=str(target)))
            continue
        started_on = _day(started, "started_on", problems)
        if section is not None and SECTION_OF_KIND[kind] != section:
            problems.append(
                _problem(
                    f"{kind}の担当は{SECTION_OF_KIND[kind]}のリエゾンだけが持てます（所属: {section}）",
                    f"can be held only by a liaison of {SECTION_OF_KIND[kind]} (section: {section})",
                    "assignments",
                    f"{kind}:{_target_name(kind, target_id, regions, fields)}",
                )
            )
            continue
        if (kind, target_id) in seen:
            problems.append(
                _problem(
                    "同じ担当が二度入っています（担当中のものと同じです）",
                    "is the same assignment twice (or one already held)",
                    "assignments",
                    f"{kind}:{_target_name(kind, target_id, regions, fields)}",
                )
            )
            continue
        seen.add((kind, target_id))
        found.append(Assignment(kind, target_id, started_on))
    return found


def _target_name(kind: str, target: str, regions: Mapping[str, str], fields: Mapping[str, str]) -> str:
    return (regions if kind == "地域" else fields).get(target, target)


def _person(cursor, liaison_id: object) -> dict:
    found = cursor.execute(
        "select * from liaisons where liaison_id = $id", {"id": str(liaison_id or "")}
    ).fetchone()
    if found is None:
        raise ValidationError(
            [_problem("該当するリエゾンがいません", "matches no liaison", "liaison_id", liaison_id)]
        )
    names = [column[0] for column in cursor.description]
    return dict(zip(names, found, strict=True))


def _current(cursor, liaison_id: str) -> list[dict]:
    result = cursor.execute(
        "select assignment_id, kind, region_id, field_id, started_on, ended_on from liaison_assignments"
        " where liaison_id = $id and ended_on is null order by assignment_id",
        {"id": liaison_id},
    )
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _with_assignments(cursor, person: dict) -> dict:
    """A person as an audit row shows them: the row and their current assignments."""
    return person | {"assignments": _current(cursor, person["liaison_id"])}


def next_liaison_id(cursor) -> str:
    """L-0001, L-0002, …: one more than the largest L- number stored."""
    found = cursor.execute(
        "select max(cast(substr(liaison_id, 3) as integer)) from liaisons"
        " where regexp_full_match(liaison_id, 'L-[0-9]{1,9}')"
    ).fetchone()[0]
    return f"{ID_PREFIX}{(found or 0) + 1:04d}"


def _insert_assignment(cursor, liaison_id: str, assignment: Assignment) -> int:
    return int(
        cursor.execute(
            "insert into liaison_assignments (liaison_id, kind, region_id, field_id, started_on)"
            " values ($liaison_id, $kind, $region_id, $field_id, $started_on) returning assignment_id",
            {"liaison_id": liaison_id, **assignment.row()},
        ).fetchone()[0]
    )


def _refuse_recent_person(cursor, actor: str, wanted: dict) -> None:
    """A double submit: the same person (name, section, contact, start) added by `actor` moments ago."""
    recent = run_query_in(
        cursor,
        "recent_inserts_by_actor",
        actor=actor,
        table_name="liaisons",
        minutes=WINDOW_MINUTES,
        now=store.utc_now(),
    )
    compared = {key: _comparable(value) for key, value in wanted.items()}
    for key, after, seconds_ago in recent.itertuples(index=False):
        stored = json.loads(after) if after else {}
        if all(stored.get(field) == value for field, value in compared.items()):
            raise DuplicateError("liaisons", key, max(0, int(seconds_ago)))


# --------------------------------------------------------------------------- the write API


def add_person(
    con: duckdb.DuckDBPyConnection,
    actor: access.Principal | str,
    *,
    today: date,
    name: str,
    section: str,
    contact: str = "",
    active_from: date | None = None,
    assignments: Iterable = (),
    liaison_id: str | None = None,
    allow_duplicate: bool = False,
) -> str:
    """Add a person to the roster with their assignments [(kind, region or field, started_on)]; their id.

    A started_on left out is active_from. The same person added by the same actor in the last few
    minutes is refused (duplicates.DuplicateError) unless allow_duplicate is True.
    """
    principal = access.as_principal(actor)
    access.require(principal, "roster")
    actor, today = check_actor(principal), fiscal.parse_date(today)
    problems: list[Problem] = []
    name = _text(name, "name_ja", NAME_MAX, problems, required=True)
    section = _section(section, problems)
    contact = _text(contact, "contact", CONTACT_MAX, problems)
    active_from = _day(active_from, "active_from", problems)
    wanted_id = None if records.is_blank(liaison_id) else records.clean_text(liaison_id)
    if wanted_id is not None and not ID_PATTERN.fullmatch(wanted_id):
        problems.append(
            _problem(
                "IDは英数字・ハイフン・下線で40文字までです",
                "must be letters, digits, - or _ (at most 40)",
                "liaison_id",
                wanted_id,
            )
        )

    def write(cursor) -> str:
        chosen = _assignments(assignments, section, cursor, problems)
        if problems:
            raise ValidationError(problems)
        new_id = wanted_id or next_liaison_id(cursor)
        taken = cursor.execute("select 1 from liaisons where liaison_id = $id", {"id": new_id}).fetchone()
        if taken:
            raise ValidationError(
                [
                    _problem(
                        "このIDのリエゾンは登録済みです",
                        "is the ID of a liaison already recorded",
                        "liaison_id",
                        new_id,
                    )
                ]
            )
        person = {"name_ja": name, "section": section, "contact": contact, "active_from": active_from}
        if not allow_duplicate:
            _refuse_recent_person(cursor, actor, person)
        cursor.execute(
            "insert into liaisons (liaison_id, name_ja, section, contact, active_from, is_active)"
            " values ($liaison_id, $name_ja, $section, $contact, $active_from, true)",
            {"liaison_id": new_id, **person},
        )
        for assignment in chosen:
            start = assignment.started_on or active_from
            _insert_assignment(cursor, new_id, Assignment(assignment.kind, assignment.target, start))
        after = _with_assignments(cursor, _person(cursor, new_id))
        audit(cursor, actor, "liaisons", new_id, "insert", None, after)
        return new_id

    return run_in_transaction(con, write)


def edit_person(
    con: duckdb.DuckDBPyConnection,
    actor: access.Principal | str,
    *,
    today: date,
    liaison_id: str,
    name: object = KEEP,
    section: object = KEEP,
    contact: object = KEEP,
    active_from: object = KEEP,
    active_to: object = KEEP,
) -> None:
    """Change a person's name, section, contact or active from/to (each left as stored unless given).

    A new section must fit their current assignments; active_to may be set only for a retired person
    (retire_person retires someone). One audit row with the row before and after.
    """
    principal = access.as_principal(actor)
    access.require(principal, "roster")
    actor, today = check_actor(principal), fiscal.parse_date(today)

    def write(cursor) -> None:
        before = _person(cursor, liaison_id)
        problems: list[Problem] = []
        after = dict(before)
        if name is not KEEP:
            after["name_ja"] = _text(name, "name_ja", NAME_MAX, problems, required=True)
        if section is not KEEP:
            after["section"] = _section(section, problems)
        if contact is not KEEP:
            after["contact"] = _text(contact, "contact", CONTACT_MAX, problems)
        if active_from is not KEEP:
            after["active_from"] = _day(active_from, "active_from", problems)
        if active_to is not KEEP:
            after["active_to"] = _day(active_to, "active_to", problems)
            if before["is_active"] and after["active_to"] is not None:
                problems.append(
                    _problem(
                        "在任中のリエゾンの退任日は「退任」で登録します",
                        "of an active liaison is recorded by retiring them",
                        "active_to",
                        after["active_to"],
                    )
                )
        current = _current(cursor, before["liaison_id"])
        if after["section"] and after["section"] != before["section"]:
            misfit = [a for a in current if SECTION_OF_KIND[a["kind"]] != after["section"]]
            if misfit:
                problems.append(
                    _problem(
                        f"担当中の{misfit[0]['kind']}の担当と合いません（先に担当を終えてください）",
                        f"does not fit their current {misfit[0]['kind']} assignment (end it first)",
                        "section",
                        after["section"],
                    )
                )
        _check_span(after, problems)
        if problems:
            raise ValidationError(problems)
        if after == before:
            raise ValidationError([_problem("変更がありません", "nothing to change")])
        cursor.execute(
            "update liaisons set name_ja = $name_ja, section = $section, contact = $contact,"
            " active_from = $active_from, active_to = $active_to where liaison_id = $liaison_id",
            {
                key: after[key]
                for key in ("liaison_id", "name_ja", "section", "contact", "active_from", "active_to")
            },
        )
        audit(
            cursor,
            actor,
            "liaisons",
            before["liaison_id"],
            "update",
            before,
            _person(cursor, before["liaison_id"]),
        )

    run_in_transaction(con, write)


def _check_span(person: dict, problems: list[Problem]) -> None:
    if person.get("active_from") and person.get("active_to") and person["active_to"] < person["active_from"]:
        problems.append(
            _problem(
                f"着任日（{person['active_from'].isoformat()}）より前です",
                f"is before the day they started ({person['active_from'].isoformat()})",
                "active_to",
                person["active_to"],
            )
        )


def add_assignment(
    con: duckdb.DuckDBPyConnection,
    actor: access.Principal | str,
    *,
    today: date,
    liaison_id: str,
    kind: str,
    target: str,
    started_on: date | None = None,
) -> int:
    """Give an active person one more assignment (a 圏域 or a DX field by id or name); its assignment_id."""
    principal = access.as_principal(actor)
    access.require(principal, "roster")
    actor, today = check_actor(principal), fiscal.parse_date(today)

    def write(cursor) -> int:
        person = _person(cursor, liaison_id)
        problems: list[Problem] = []
        if not person["is_active"]:
            problems.append(
                _problem(
                    "退任したリエゾンには担当を追加できません",
                    "is retired: no new assignments",
                    "liaison_id",
                    liaison_id,
                )
            )
        held = [(a["kind"], a["region_id"] or a["field_id"]) for a in _current(cursor, person["liaison_id"])]
        chosen = _assignments([(kind, target, started_on)], person["section"], cursor, problems, held=held)
        if problems:
            raise ValidationError(problems)
        assignment = chosen[0]
        if assignment.started_on is None:
            assignment = Assignment(assignment.kind, assignment.target, today)
        new_id = _insert_assignment(cursor, person["liaison_id"], assignment)
        audit(cursor, actor, "liaison_assignments", new_id, "insert", None, _assignment_row(cursor, new_id))
        return new_id

    return run_in_transaction(con, write)


def _assignment_row(cursor, assignment_id: int) -> dict | None:
    result = cursor.execute(
        "select * from liaison_assignments where assignment_id = $id", {"id": int(assignment_id)}
    )
    names = [column[0] for column in result.description]
    row = result.fetchone()
    return None if row is None else dict(zip(names, row, strict=True))


def end_assignment(
    con: duckdb.DuckDBPyConnection, actor: str, *, today: date, assignment_id: int, ended_on: date
) -> None:
    """End a current assignment on `ended_on` (not before it started, nor after today)."""
    principal = access.as_principal(actor)
    access.require(principal, "roster")
    actor, today = check_actor(principal), fiscal.parse_date(today)

    def write(cursor) -> None:
        before = _assignment_row(cursor, assignment_id) if str(assignment_id).isdigit() else None
        if before is None or before["ended_on"] is not None:
            raise ValidationError(
                [
                    _problem(
                        "担当中の担当として見つかりません",
                        "is not a current assignment",
                        "assignments",
                        assignment_id,
                    )
                ]
            )
        problems: list[Problem] = []
        day = _day(ended_on, "ended_on", problems, required=True)
        if day is not None:
            reason = records.not_future(today)(day)
            if reason:
                problems.append(Problem(reason, _L["ended_on"], value=day.isoformat()))
            elif before["started_on"] and day < before["started_on"]:
                problems.append(
                    _problem(
                        f"担当開始日（{before['started_on'].isoformat()}）より前です",
                        f"is before the assignment started ({before['started_on'].isoformat()})",
                        "ended_on",
                        day,
                    )
                )
        if problems:
            raise ValidationError(problems)
        cursor.execute(
            "update liaison_assignments set ended_on = $day where assignment_id = $id",
            {"day": day, "id": before["assignment_id"]},
        )
        audit(
            cursor,
            actor,
            "liaison_assignments",
            before["assignment_id"],
            "update",
            before,
            _assignment_row(cursor, before["assignment_id"]),
        )

    run_in_transaction(con, write)


def open_consultations(cursor, liaison_id: str) -> list[dict]:
    """The open consultations (受付・対応中・保留) `liaison_id` owns, oldest first."""
    return run_query_in(cursor, "roster_open_consultations", liaison_id=liaison_id).to_dict("records")


def retire_person(
    con: duckdb.DuckDBPyConnection,
    actor: access.Principal | str,
    *,
    today: date,
    liaison_id: str,
    active_to: date,
    reassign_to: str | Mapping[int, str] | None = None,
) -> list[int]:
    """Retire a person on `active_to`: their open consultations pass to new owners, their assignments end.

    reassign_to: one active liaison (id or name) for all their open consultations, or
    {consultation_id: new owner} naming each. Refused, listing them, while any open consultation would
    be left without an owner. One transaction: each reassigned consultation and the person get an
    audit row (before/after); returns the ids of the consultations reassigned.
    """
    principal = access.as_principal(actor)
    access.require(principal, "roster")
    actor, today = check_actor(principal), fiscal.parse_date(today)

    def write(cursor) -> list[int]:
        before = _person(cursor, liaison_id)
        retiree = before["liaison_id"]
        problems: list[Problem] = []
        if not before["is_active"]:
            raise ValidationError(
                [_problem("このリエゾンは退任済みです", "has already retired", "liaison_id", retiree)]
            )
        day = _day(active_to, "active_to", problems, required=True)
        if day is not None:
            reason = records.not_future(today)(day)
            if reason:
                problems.append(Problem(reason, _L["active_to"], value=day.isoformat()))
            _check_span(before | {"active_to": day}, problems)
        owned = open_consultations(cursor, retiree)
        owners = _new_owners(cursor, retiree, owned, reassign_to, problems)
        if problems:
            raise ValidationError(problems)
        moved = []
        for consultation in owned:
            consultation_id = int(consultation["consultation_id"])
            old = _consultation(cursor, consultation_id)
            cursor.execute(
                "update consultations set owner_liaison_id = $owner where consultation_id = $id",
                {"owner": owners[consultation_id], "id": consultation_id},
            )
            audit(
                cursor,
                actor,
                "consultations",
                consultation_id,
                "update",
                old,
                _consultation(cursor, consultation_id),
            )
            moved.append(consultation_id)
        person_before = _with_assignments(cursor, before)
        ended = [a["assignment_id"] for a in person_before["assignments"]]
        for assignment in person_before["assignments"]:
            end = max(day, assignment["started_on"]) if assignment["started_on"] else day
            cursor.execute(
                "update liaison_assignments set ended_on = $day where assignment_id = $id",
                {"day": end, "id": assignment["assignment_id"]},
            )
        cursor.execute(
            "update liaisons set is_active = false, active_to = $day where liaison_id = $id",
            {"day": day, "id": retiree},
        )
        after = _person(cursor, retiree) | {
            "ended_assignments": ended,
            "reassigned": {str(k): owners[k] for k in moved},
        }
        audit(cursor, actor, "liaisons", retiree, "update", person_before, after)
        return moved

    return run_in_transaction(con, write)


def _consultation(cursor, consultation_id: int) -> dict:
    result = cursor.execute(
        "select * from consultations where consultation_id = $id", {"id": consultation_id}
    )
    names = [column[0] for column in result.description]
    return dict(zip(names, result.fetchone(), strict=True))


def _new_owners(
    cursor, retiree: str, owned: list[dict], reassign_to, problems: list[Problem]
) -> dict[int, str]:
    """consultation_id -> the new owner's id, for each open consultation; problems for any left or wrong."""
    ref = _reference_in(cursor)
    active = {
        row[0] for row in cursor.execute("select liaison_id from liaisons where is_active").fetchall()
    } - {retiree}
    open_ids = [int(c["consultation_id"]) for c in owned]
    if isinstance(reassign_to, Mapping):
        wanted = {}
        for key, owner in reassign_to.items():
            if not str(key).isdigit() or int(key) not in open_ids:
                problems.append(
                    _problem(
                        "このリエゾンが担当する未完了の相談ではありません",
                        "is not an open consultation this liaison owns",
                        "reassign_to",
                        key,
                    )
                )
                continue
            wanted[int(key)] = owner
    elif records.is_blank(reassign_to):
        wanted = {}
    else:
        wanted = dict.fromkeys(open_ids, reassign_to)
    owners: dict[int, str] = {}
    for consultation in owned:
        consultation_id = int(consultation["consultation_id"])
        given = wanted.get(consultation_id)
        shown = f"#{consultation_id} {consultation['title']}（{consultation['municipality_name_ja']}・{consultation['status']}）"
        if records.is_blank(given):
            problems.append(
                _problem(
                    "担当中の未完了の相談です。引き継ぐリエゾンを指定してください",
                    "is an open consultation they own: name the liaison who takes it over",
                    "reassign_to",
                    shown,
                )
            )
            continue
        owner, reason = ref.resolve_liaison(given)
        if reason or owner not in active:
            problems.append(
                Problem(
                    reason
                    or say(
                        "引き継げる在任中のリエゾンではありません（退任する本人・退任済みの人は選べません）",
                        "is not an active liaison who can take it over (not the one retiring, nor a retired one)",
                    ),
                    _L["reassign_to"],
                    value=str(given),
                )
            )
            continue
        owners[consultation_id] = owner
    return owners
