"""The checks of each record table: which rules apply to which columns of visits, consultations, ….

The write API (liaison.records.writes) and the importer (liaison.records.preview) both call these, so
a value the form refuses is refused by an import too, with the same Japanese reason.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from liaison.records.problems import Problem
from liaison.records.reference import Reference
from liaison.records.rows import Rows, as_array, is_blank, to_python
from liaison.records.rules import (
    between,
    closing_rule,
    in_programme,
    not_future,
    one_of,
    text_within,
    within_fiscal_year,
)
from liaison.records.schema_lists import (
    ANSWER_COLUMNS,
    CHANNELS,
    CLOSED_STATUSES,
    DEPARTMENTS,
    ENUMS,
    LENGTHS,
    PURPOSES,
    RANGES,
    SCORE_COLUMNS,
    SHORT_TEXT_MAX,
    STATUSES,
    SUPPORT_TYPES,
    TEXT_MAX,
)
from liaison.records.talent import check_talent_support, known_kinds


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
    for answer in ANSWER_COLUMNS:  # migration 007: optional, so a file may leave them out
        if answer in rows.values:
            rows.check(answer, text_within(TEXT_MAX))
    if "talent_support_kinds" in rows.values and "talent_support_wanted" in rows.values:
        rows.check("talent_support_kinds", known_kinds)
        check_talent_support(rows)
    return rows.problems


# issue 11: engagements with the top layers and LoGoチャット pushes (written by the write API only)


def check_engagements(rows: Rows, ref: Reference, today: date) -> list[Problem]:
    rows.require(["held_on", "kind", "title"])
    rows.check("held_on", not_future(today))
    rows.check("kind", one_of(ENUMS[("engagements", "kind")]))
    rows.check("title", text_within(SHORT_TEXT_MAX))
    rows.check("note", text_within(TEXT_MAX))
    return rows.problems


def check_engagement_participants(rows: Rows, ref: Reference) -> list[Problem]:
    """Each participating municipality (one row each) is a liaison target, at a level of the schema's list."""
    rows.require(["municipality_code", "participant_level"])
    rows.check("municipality_code", in_programme(ref))
    rows.check("participant_level", one_of(ENUMS[("engagement_participants", "participant_level")]))
    return rows.problems


def check_chat_pushes(rows: Rows, ref: Reference, today: date) -> list[Problem]:
    rows.require(["pushed_on", "field_id", "title"])
    rows.check("pushed_on", not_future(today))
    rows.check("field_id", one_of(ref.fields, "DX分野"))
    rows.check("title", text_within(SHORT_TEXT_MAX))
    if "body" in rows.values:  # migration 008: the message or a link
        rows.check("body", text_within(TEXT_MAX))
    return rows.problems


def check_push_recipients(rows: Rows, ref: Reference) -> list[Problem]:
    """Each recipient municipality (one row each) is a liaison target."""
    rows.require(["municipality_code"])
    rows.check("municipality_code", in_programme(ref))
    return rows.problems
