"""Engagements' and LoGoチャット pushes' own rules: 管理番号 at creation, follow-ups, liaisons present.

The write API (liaison.records.writes.record_engagement / record_push / complete_followup) and the
import of the kinds `engagements`, `pushes` and `followups` (liaison.records.relation_import) both use
these. A 管理番号 is given by liaison.records.source_keys (migration 008's content key; -2, -3, … when a
record or a voided one already holds it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import numpy as np

from liaison import fiscal, records
from liaison.i18n import reason_of, say
from liaison.queries import run_query
from liaison.records import Problem, Reference, Rows
from liaison.records.labels import LABELS

FOLLOWUP_COLUMNS = ("promise", "promised_by", "due_on", "done_on")


def active_liaisons(con) -> set[str]:
    """The ids of the people on the roster today (liaisons_list, is_active)."""
    people = run_query("liaisons_list", con=con)
    return set(people.loc[people["is_active"].astype(bool), "liaison_id"].astype(str))


def liaison_ids(
    given: Iterable[str], ref: Reference, active: set[str] | None = None
) -> tuple[list[str], list[Problem]]:
    """The liaisons present (ids or names) as sorted ids, and the problems (unknown, retired, twice)."""
    label = LABELS["engagements"]["liaison_id"]
    ids, problems = [], []
    for text in given:
        if records.is_blank(text):
            continue
        liaison_id, reason = ref.resolve_liaison(text)
        if reason or liaison_id not in ref.liaisons:
            problems.append(
                Problem(
                    reason or say("リエゾン（IDまたは氏名）として見つかりません", "is not a known liaison"),
                    label,
                    value=str(text),
                )
            )
        elif active is not None and liaison_id not in active:
            problems.append(
                Problem(
                    say("退任したリエゾンです", "is a liaison who has left the roster"),
                    label,
                    value=str(text),
                )
            )
        elif liaison_id in ids:
            problems.append(
                Problem(
                    say("同じリエゾンが二度入っています", "names the same liaison twice"),
                    label,
                    value=str(text),
                )
            )
        else:
            ids.append(liaison_id)
    return sorted(ids), problems


def followup_rows(followups: Iterable[Mapping[str, object]], today: date) -> tuple[list[dict], list[Problem]]:
    """Follow-ups (promise, promised_by, due_on, done_on?) checked; entirely blank ones are left out.

    A follow-up needs what was promised (1–500 characters) and by whom (1–100); due_on and done_on are
    optional days, done_on not after today.
    """
    given = [
        {column: item.get(column) for column in FOLLOWUP_COLUMNS}
        for item in followups
        if any(not records.is_blank(item.get(column)) for column in FOLLOWUP_COLUMNS)
    ]
    if not given:
        return [], []
    typed: dict[str, list] = {column: [] for column in FOLLOWUP_COLUMNS}
    parse_problems: list[tuple[int, str, str]] = []
    for position, item in enumerate(given):
        for column in FOLLOWUP_COLUMNS:
            value = item[column]
            if records.is_blank(value):
                typed[column].append(None)
            elif column in ("due_on", "done_on"):
                try:
                    typed[column].append(fiscal.parse_date(value))
                except ValueError as error:
                    typed[column].append(None)
                    parse_problems.append((position, column, reason_of(error)))
            else:
                typed[column].append(records.clean_text(value) or None)
    raw = {column: _objects([item[column] for item in given]) for column in FOLLOWUP_COLUMNS}
    rows = Rows(typed, LABELS["engagement_followups"], raw=raw)
    for position, column, reason in parse_problems:
        rows.report([position], column, reason)
    check_followups(rows, today)
    found = [
        {column: records.to_python(rows.values[column][position]) for column in FOLLOWUP_COLUMNS}
        for position in range(rows.size)
    ]
    return found, list(rows.problems)


def check_followups(rows: Rows, today: date) -> None:
    """The follow-up rules on rows of promise, promised_by and done_on (the form's and an import's)."""
    rows.require(["promise", "promised_by"])
    rows.check(
        "promise", records.text_within(*reversed(records.LENGTHS[("engagement_followups", "promise")]))
    )
    rows.check(
        "promised_by",
        records.text_within(*reversed(records.LENGTHS[("engagement_followups", "promised_by")])),
    )
    rows.check("done_on", records.not_future(today))


def _objects(values: list) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def done_on_problem(done_on: date | None, held_on: date, today: date) -> Problem | None:
    """A follow-up's done day: given, not after today, not before the engagement."""
    label = LABELS["engagement_followups"]["done_on"]
    if done_on is None:
        return Problem(records.REQUIRED, label)
    if done_on > today:
        return Problem(records.not_future(today)(done_on), label, value=done_on.isoformat())
    if done_on < held_on:
        return Problem(
            say(
                f"関わりの開催日（{held_on.isoformat()}）より前です",
                f"is before the day of the engagement ({held_on.isoformat()})",
            ),
            label,
            value=done_on.isoformat(),
        )
    return None
