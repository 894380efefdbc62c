"""Forms that write records: a new visit, a new consultation, a status change, a support action.

Each form calls one function of liaison.records.writes (validation, the record and its audit row in one
transaction), then clears exactly the caches that read the touched tables and reruns, so the new
record shows at once on the map and in every table. Problems are shown one per line, nothing written.
The forms are in Japanese in both languages (their field labels are the write API's Japanese LABELS,
so a problem names the field as shown); their texts live in liaison/texts/forms.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth, db, shell
from dashboard.readers import consultations as consultations_readers
from dashboard.readers import reference
from liaison import records, safe_text
from liaison.i18n import t
from liaison.records import writes
from liaison.records.labels import LABELS

FLASH = "record_forms_flash"
# Choices come from the schema's CHECK lists (liaison.records), so a form can never offer a bad value.
CHANNELS = list(records.CHANNELS)
STATUSES = list(records.STATUS_ORDER)  # open states first
CLOSING = records.CLOSED_STATUSES
DEPARTMENTS = list(records.DEPARTMENTS)
PURPOSES = list(records.PURPOSES)
SUPPORT_TYPES = list(records.SUPPORT_TYPES)
# Field labels as the write API's problem messages name them, so an error points at the field shown.
V, C, S = LABELS["visits"], LABELS["consultations"], LABELS["support_actions"]
NOBODY = ""  # a string, not None: a selectbox showing None shows its placeholder


def show_flash() -> None:
    """The confirmation of the last successful write, shown once after the rerun."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def _write(action: Callable, name: str, message: str, **fields) -> bool:
    """Run one write; on success clear the affected caches and rerun, else list the problems."""
    context = shell.current()
    try:
        action(db.connection(), auth.current_user(), today=context.as_of, **fields)
    except records.ValidationError as error:
        for problem in error.problems:
            st.error(safe_text.markdown(problem.message()))  # values are the user's own text
        return False
    db.after_write(*writes.TABLES_TOUCHED[name])
    st.session_state[FLASH] = message
    st.rerun()
    return True  # not reached: st.rerun() stops this run


def _optional_date(value) -> date | None:
    return value if isinstance(value, date) else None


def new_visit(key: str = "visit_form", default_code: str | None = None) -> None:
    """Log a visit (定期巡回, 個別支援 or ヒアリング調査) to one department of a municipality."""
    context = shell.current()
    targets = reference.target_labels(context.region_id)
    people = consultations_readers.liaison_labels()
    with st.form(key, clear_on_submit=False):
        cols = st.columns(3)
        visited_on = cols[0].date_input(
            V["visited_on"], value=context.as_of, max_value=context.as_of, key=f"{key}_date"
        )
        codes = list(targets)
        code = cols[1].selectbox(
            V["municipality_code"],
            codes,
            index=codes.index(default_code) if default_code in targets else 0,
            format_func=targets.get,
            key=f"{key}_municipality",
        )
        liaison = cols[2].selectbox(
            V["liaison_id"], list(people), format_func=people.get, key=f"{key}_liaison"
        )
        field_names = consultations_readers.field_labels()
        cols = st.columns(3)
        department = cols[0].selectbox(V["department"], DEPARTMENTS, key=f"{key}_department")
        purpose = cols[1].selectbox(V["purpose"], PURPOSES, key=f"{key}_purpose")
        topic = cols[2].selectbox(
            t("forms_visit_topic"),
            [NOBODY, *field_names],
            format_func=lambda f: field_names.get(f, t("forms_none")),
            key=f"{key}_topic",
        )
        summary = st.text_area(V["summary"], max_chars=2000, key=f"{key}_summary")
        if st.form_submit_button(t("forms_visit_submit"), type="primary"):
            _write(
                writes.add_visit,
                "add_visit",
                t("forms_visit_done").format(
                    municipality=targets.get(code, code), day=f"{visited_on:%Y-%m-%d}"
                ),
                visited_on=visited_on,
                municipality_code=code,
                liaison_id=liaison,
                department=department,
                purpose=purpose,
                summary=summary.strip(),
                topic_field_id=topic or None,
            )


def new_consultation(key: str = "consultation_form") -> None:
    """Register a consultation received from a municipality."""
    context = shell.current()
    targets = reference.target_labels(context.region_id)
    people = consultations_readers.liaison_labels()
    field_names = consultations_readers.field_labels()
    with st.form(key, clear_on_submit=False):
        cols = st.columns(4)
        received_on = cols[0].date_input(
            C["received_on"], value=context.as_of, max_value=context.as_of, key=f"{key}_date"
        )
        code = cols[1].selectbox(
            C["municipality_code"], list(targets), format_func=targets.get, key=f"{key}_municipality"
        )
        field_id = cols[2].selectbox(
            C["field_id"], list(field_names), format_func=field_names.get, key=f"{key}_field"
        )
        channel = cols[3].selectbox(C["channel"], CHANNELS, key=f"{key}_channel")
        title = st.text_input(C["title"], max_chars=200, key=f"{key}_title")
        detail = st.text_area(C["detail"], max_chars=5000, key=f"{key}_detail")
        cols = st.columns(4)
        status = cols[0].selectbox(C["status"], STATUSES, key=f"{key}_status")
        owner = cols[1].selectbox(
            C["owner_liaison_id"],
            [NOBODY, *people],
            format_func=lambda i: people.get(i, t("forms_undecided")),
            key=f"{key}_owner",
        )
        referred = cols[2].text_input(t("forms_referred_optional"), max_chars=100, key=f"{key}_referred")
        closed_on = cols[3].date_input(
            t("forms_closed_on"), value=None, max_value=context.as_of, key=f"{key}_closed"
        )
        if st.form_submit_button(t("forms_consultation_submit"), type="primary"):
            _write(
                writes.add_consultation,
                "add_consultation",
                t("forms_consultation_done").format(title=title.strip()),
                received_on=received_on,
                municipality_code=code,
                field_id=field_id,
                channel=channel,
                title=title.strip(),
                detail=detail.strip(),
                status=status,
                owner_liaison_id=owner or None,
                referred_department=referred.strip() or None,
                closed_on=_optional_date(closed_on),
            )


def change_status(record: pd.Series, key: str = "status_form") -> None:
    """Move one consultation to another status (closing ones need the day it closed)."""
    context = shell.current()
    current = record["status"]
    with st.form(key, clear_on_submit=False):
        cols = st.columns(3)
        status = cols[0].selectbox(
            t("forms_new_status"), STATUSES, index=STATUSES.index(current), key=f"{key}_status"
        )
        closed_on = cols[1].date_input(
            t("forms_closed_on"),
            value=context.as_of,
            max_value=context.as_of,
            key=f"{key}_closed",
        )
        referred = cols[2].text_input(
            C["referred_department"],
            value=record["referred_department"] or "",
            max_chars=100,
            key=f"{key}_referred",
        )
        if st.form_submit_button(t("forms_status_submit")):
            _write(
                writes.change_status,
                "change_status",
                t("forms_status_done").format(id=int(record["consultation_id"]), status=status),
                consultation_id=int(record["consultation_id"]),
                status=status,
                closed_on=closed_on if status in CLOSING else None,
                referred_department=referred.strip() or None,
            )


def add_support_action(record: pd.Series, key: str = "support_form") -> None:
    """Record one of the four kinds of support given on a consultation."""
    context = shell.current()
    people = consultations_readers.liaison_labels()
    owner = record["owner_liaison_id"] if record["owner_liaison_id"] in people else NOBODY
    with st.form(key, clear_on_submit=True):
        cols = st.columns(3)
        acted_on = cols[0].date_input(
            S["acted_on"], value=context.as_of, max_value=context.as_of, key=f"{key}_date"
        )
        support_type = cols[1].selectbox(S["support_type"], SUPPORT_TYPES, key=f"{key}_type")
        liaison_options = [NOBODY, *people]
        liaison = cols[2].selectbox(
            t("forms_support_liaison"),
            liaison_options,
            index=liaison_options.index(owner),
            format_func=lambda i: people.get(i, t("forms_undecided")),
            key=f"{key}_liaison",
        )
        note = st.text_input(S["note"], max_chars=500, key=f"{key}_note")
        if st.form_submit_button(t("forms_support_submit")):
            _write(
                writes.add_support_action,
                "add_support_action",
                t("forms_support_done").format(id=int(record["consultation_id"]), support_type=support_type),
                consultation_id=int(record["consultation_id"]),
                acted_on=acted_on,
                support_type=support_type,
                liaison_id=liaison or None,
                note=note.strip(),
            )
