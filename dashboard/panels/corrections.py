"""修正と取り消し: the edit form of each kind of record, the void form (reason required, confirmed), the
visit dialog of the visits page, the pickers of the hearing and relations pages, and the voided records
with 「復元」 on the data page.

Each form calls one function of liaison.records.corrections (the same checks as a new record, the row
and one audit row in one transaction), then clears exactly the caches of the tables it touched
(corrections.tables_touched) and reruns. Refused values are listed one per line, nothing written.
An edit form starts from the stored record; its widgets are keyed by the record's id, so another record
starts afresh, and are emptied once written so they show the record as stored. Restoring is open to
any user today: the login issue makes it an administrator's (README).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth, db, shell, visibility
from dashboard.panels import forms
from dashboard.readers import consultations as consultations_readers
from dashboard.readers import corrections as readers
from dashboard.readers import reference
from liaison import access, records, safe_text
from liaison.fiscal import date_label
from liaison.forms import field_label, liaison_labels
from liaison.i18n import READINESS_ITEMS, pick, step_text, t, term
from liaison.records import audit_view, corrections

DATE_FORMAT = forms.DATE_FORMAT
NOBODY = forms.NOBODY


def _stored(table: str, record_id: int) -> dict | None:
    """The record as stored now (the write API's read of one row by id; uncached, so never stale)."""
    return corrections.stored(db.connection(), table, record_id)


def _subject(table: str, lang: str) -> str:
    return t(f"history_subject_{table}", lang)


def _forget(prefix: str) -> None:
    """Drop a form's widget state, so it is drawn again from the stored record."""
    for name in [name for name in st.session_state if str(name).startswith(prefix)]:
        del st.session_state[name]


def _done(prefix: str, table: str, message: str, flash_key: str) -> None:
    db.after_write(*corrections.tables_touched(table))
    st.session_state[forms.FLASH] = {"key": flash_key, "message": message}
    st.session_state[f"{prefix}written"] = True
    st.rerun()


def _refused(error: records.ValidationError | access.PermissionDenied, lang: str) -> None:
    if isinstance(error, access.PermissionDenied):  # the write API refused the role: nothing was written
        st.error(safe_text.markdown(str(error)))
        return
    for problem in error.problems:
        st.error(safe_text.markdown(problem.message(lang)))  # values are the user's own text


def _edit(prefix: str, table: str, record_id: int, changes: dict, flash_key: str) -> None:
    """Run corrections.edit_record; on success clear the touched caches, flash and rerun."""
    context = shell.current()
    try:
        corrections.edit_record(
            db.connection(), auth.principal(), table, record_id, changes, today=context.as_of
        )
    except (records.ValidationError, access.PermissionDenied) as error:
        _refused(error, context.lang)
        return
    message = t("corrections_edited", context.lang).format(
        subject=_subject(table, context.lang), id=record_id
    )
    _done(prefix, table, message, flash_key)


def _prefix(key: str, record_id: int) -> str:
    """The widget keys of one record's form; emptied after its last submit was written."""
    prefix = f"{key}_{record_id}_"
    if st.session_state.pop(f"{prefix}written", False):
        _forget(prefix)
    return prefix


def _people(current: str | None, lang: str) -> dict[str, str]:
    """Active liaisons for a picker, and the record's own liaison even when retired since."""
    people = liaison_labels(consultations_readers.liaisons(), lang)
    if current and current not in people:
        people[current] = consultations_readers.liaison_names().get(current, current)
    return people


def _index(options: list, value) -> int:
    return options.index(value) if value in options else 0


def _vocabulary(table: str, column: str, lang: str) -> Callable[[str], str]:
    return lambda value: term(table, column, value, lang)


def _day(container, table: str, column: str, value, widget_key: str, context) -> date:
    return container.date_input(
        field_label(table, column, context.lang),
        value=value,
        max_value=max(context.as_of, value) if isinstance(value, date) else context.as_of,
        format=DATE_FORMAT,
        key=widget_key,
    )


# --------------------------------------------------------------------------- void


def void_form(
    table: str, record_id: int, key: str, flash_key: str, on_voided: Callable | None = None
) -> None:
    """「取り消し」: a reason (required) and a confirmation, then corrections.void_record."""
    context = shell.current()
    lang = context.lang
    prefix = _prefix(f"{key}_void", record_id)
    st.caption(t("corrections_void_intro", lang))
    with st.form(f"{prefix}form", clear_on_submit=False):
        reason = st.text_input(t("corrections_void_reason", lang), max_chars=500, key=f"{prefix}reason")
        confirmed = st.checkbox(t("corrections_void_confirm", lang), key=f"{prefix}confirm")
        if st.form_submit_button(t("corrections_void_submit", lang)):
            if not confirmed:
                st.error(t("corrections_void_unconfirmed", lang))
                return
            try:
                corrections.void_record(db.connection(), auth.principal(), table, record_id, reason)
            except (records.ValidationError, access.PermissionDenied) as error:
                _refused(error, lang)
                return
            if on_voided is not None:
                on_voided()
            message = t("corrections_voided", lang).format(
                subject=_subject(table, lang), id=record_id, reason=" ".join(reason.split())
            )
            _done(prefix, table, message, f"{flash_key}_voided")  # shown by the page: a dialog closes


# --------------------------------------------------------------------------- edit forms


def edit_visit(row: dict, key: str, flash_key: str) -> None:
    """「修正」 of a visit: every field."""
    context = shell.current()
    lang = context.lang
    record_id = int(row["visit_id"])
    prefix = _prefix(key, record_id)
    targets = reference.target_labels(None, lang)
    people = _people(row["liaison_id"], lang)
    field_names = consultations_readers.field_labels(lang)
    with st.form(f"{prefix}form", clear_on_submit=False):
        cols = st.columns(3)
        visited_on = _day(cols[0], "visits", "visited_on", row["visited_on"], f"{prefix}date", context)
        codes = list(targets)
        code = cols[1].selectbox(
            field_label("visits", "municipality_code", lang),
            codes,
            index=_index(codes, row["municipality_code"]),
            format_func=targets.get,
            key=f"{prefix}municipality",
        )
        ids = list(people)
        liaison = cols[2].selectbox(
            field_label("visits", "liaison_id", lang),
            ids,
            index=_index(ids, row["liaison_id"]),
            format_func=people.get,
            key=f"{prefix}liaison",
        )
        cols = st.columns(3)
        department = cols[0].selectbox(
            field_label("visits", "department", lang),
            forms.DEPARTMENTS,
            index=_index(forms.DEPARTMENTS, row["department"]),
            format_func=_vocabulary("visits", "department", lang),
            key=f"{prefix}department",
        )
        purpose = cols[1].selectbox(
            field_label("visits", "purpose", lang),
            forms.PURPOSES,
            index=_index(forms.PURPOSES, row["purpose"]),
            format_func=_vocabulary("visits", "purpose", lang),
            key=f"{prefix}purpose",
        )
        topics = [NOBODY, *field_names]
        topic = cols[2].selectbox(
            t("forms_visit_topic", lang),
            topics,
            index=_index(topics, row["topic_field_id"] or NOBODY),
            format_func=lambda f: field_names.get(f, t("forms_none", lang)),
            key=f"{prefix}topic",
        )
        summary = st.text_area(
            field_label("visits", "summary", lang),
            value=row["summary"],
            max_chars=2000,
            key=f"{prefix}summary",
        )
        if st.form_submit_button(t("corrections_edit_submit", lang), type="primary"):
            changes = {
                "visited_on": visited_on,
                "municipality_code": code,
                "liaison_id": liaison,
                "department": department,
                "purpose": purpose,
                "topic_field_id": topic or None,
                "summary": summary.strip(),
            }
            _edit(prefix, "visits", record_id, changes, flash_key)


def edit_consultation(row: dict, key: str, flash_key: str) -> None:
    """「修正」 of a consultation: every field (its support actions follow it to another municipality)."""
    context = shell.current()
    lang = context.lang
    record_id = int(row["consultation_id"])
    prefix = _prefix(key, record_id)
    targets = reference.target_labels(None, lang)
    people = _people(row["owner_liaison_id"], lang)
    field_names = consultations_readers.field_labels(lang)
    with st.form(f"{prefix}form", clear_on_submit=False):
        cols = st.columns(4)
        received_on = _day(
            cols[0], "consultations", "received_on", row["received_on"], f"{prefix}date", context
        )
        codes = list(targets)
        code = cols[1].selectbox(
            field_label("consultations", "municipality_code", lang),
            codes,
            index=_index(codes, row["municipality_code"]),
            format_func=targets.get,
            key=f"{prefix}municipality",
        )
        field_ids = list(field_names)
        field_id = cols[2].selectbox(
            field_label("consultations", "field_id", lang),
            field_ids,
            index=_index(field_ids, row["field_id"]),
            format_func=field_names.get,
            key=f"{prefix}field",
        )
        channel = cols[3].selectbox(
            field_label("consultations", "channel", lang),
            forms.CHANNELS,
            index=_index(forms.CHANNELS, row["channel"]),
            format_func=_vocabulary("consultations", "channel", lang),
            key=f"{prefix}channel",
        )
        title = st.text_input(
            field_label("consultations", "title", lang),
            value=row["title"],
            max_chars=200,
            key=f"{prefix}title",
        )
        detail = st.text_area(
            field_label("consultations", "detail", lang),
            value=row["detail"],
            max_chars=5000,
            key=f"{prefix}detail",
        )
        cols = st.columns(4)
        status = cols[0].selectbox(
            field_label("consultations", "status", lang),
            forms.STATUSES,
            index=_index(forms.STATUSES, row["status"]),
            format_func=_vocabulary("consultations", "status", lang),
            key=f"{prefix}status",
        )
        owners = [NOBODY, *people]
        owner = cols[1].selectbox(
            field_label("consultations", "owner_liaison_id", lang),
            owners,
            index=_index(owners, row["owner_liaison_id"] or NOBODY),
            format_func=lambda i: people.get(i, t("forms_undecided", lang)),
            key=f"{prefix}owner",
        )
        closed_on = cols[2].date_input(
            t("forms_closed_on", lang),
            value=row["closed_on"],
            max_value=context.as_of,
            format=DATE_FORMAT,
            help=t("forms_closed_on_help", lang),
            key=f"{prefix}closed",
        )
        if st.form_submit_button(t("corrections_edit_submit", lang), type="primary"):
            changes = {
                "received_on": received_on,
                "municipality_code": code,
                "field_id": field_id,
                "channel": channel,
                "title": title.strip(),
                "detail": detail.strip(),
                "status": status,
                "owner_liaison_id": owner or None,
                "closed_on": closed_on if isinstance(closed_on, date) else None,
            }
            _edit(prefix, "consultations", record_id, changes, flash_key)


def edit_support_action(row: dict, key: str, flash_key: str) -> None:
    """「修正」 of a support action: its day, kind, liaison and note."""
    context = shell.current()
    lang = context.lang
    record_id = int(row["action_id"])
    prefix = _prefix(key, record_id)
    people = _people(row["liaison_id"], lang)
    with st.form(f"{prefix}form", clear_on_submit=False):
        cols = st.columns(3)
        acted_on = _day(cols[0], "support_actions", "acted_on", row["acted_on"], f"{prefix}date", context)
        support_type = cols[1].selectbox(
            field_label("support_actions", "support_type", lang),
            forms.SUPPORT_TYPES,
            index=_index(forms.SUPPORT_TYPES, row["support_type"]),
            format_func=_vocabulary("support_actions", "support_type", lang),
            key=f"{prefix}type",
        )
        options = [NOBODY, *people]
        liaison = cols[2].selectbox(
            t("forms_support_liaison", lang),
            options,
            index=_index(options, row["liaison_id"] or NOBODY),
            format_func=lambda i: people.get(i, t("forms_undecided", lang)),
            key=f"{prefix}liaison",
        )
        note = st.text_input(
            field_label("support_actions", "note", lang),
            value=row["note"],
            max_chars=500,
            key=f"{prefix}note",
        )
        if st.form_submit_button(t("corrections_edit_submit", lang)):
            changes = {
                "acted_on": acted_on,
                "support_type": support_type,
                "liaison_id": liaison or None,
                "note": note.strip(),
            }
            _edit(prefix, "support_actions", record_id, changes, flash_key)


def edit_hearing(row: dict, key: str, flash_key: str) -> None:
    """「修正」 of a hearing: every field (its 年度 stays unique per municipality)."""
    context = shell.current()
    lang = context.lang
    record_id = int(row["assessment_id"])
    prefix = _prefix(key, record_id)
    targets = reference.target_labels(None, lang)
    with st.form(f"{prefix}form", clear_on_submit=False):
        cols = st.columns(4)
        codes = list(targets)
        code = cols[0].selectbox(
            field_label("readiness_assessments", "municipality_code", lang),
            codes,
            index=_index(codes, row["municipality_code"]),
            format_func=targets.get,
            key=f"{prefix}municipality",
        )
        fiscal_year = cols[1].number_input(
            field_label("readiness_assessments", "fiscal_year", lang),
            value=int(row["fiscal_year"]),
            step=1,
            key=f"{prefix}year",
        )
        assessed_on = _day(
            cols[2], "readiness_assessments", "assessed_on", row["assessed_on"], f"{prefix}date", context
        )
        step = cols[3].selectbox(
            field_label("readiness_assessments", "step", lang),
            forms.STEPS,
            index=_index(forms.STEPS, row["step"]),
            format_func=lambda s: step_text(s, lang),
            key=f"{prefix}step",
        )
        scores, answers = {}, {}
        for score_column, answer_column in zip(records.SCORE_COLUMNS, records.ANSWER_COLUMNS, strict=True):
            item, score_cell, answer_cell = st.columns([2, 1, 5], vertical_alignment="bottom")
            item.markdown(f"**{pick(READINESS_ITEMS[score_column], lang)}**")
            scores[score_column] = score_cell.selectbox(
                t("forms_hearing_score", lang),
                forms.SCORES,
                index=_index(forms.SCORES, row[score_column]),
                key=f"{prefix}{score_column}",
            )
            answers[answer_column] = answer_cell.text_input(
                t("forms_hearing_answer", lang),
                value=row.get(answer_column) or "",
                max_chars=2000,
                key=f"{prefix}{answer_column}",
            )
        cols = st.columns([2, 3])
        wanted_now = {True: "yes", False: "no"}.get(row.get("talent_support_wanted"), "unknown")
        wanted = cols[0].radio(
            field_label("readiness_assessments", "talent_support_wanted", lang),
            forms.WANTED,
            index=forms.WANTED.index(wanted_now),
            format_func=lambda w: t(f"forms_hearing_wanted_{w}", lang),
            key=f"{prefix}wanted",
        )
        kinds_now = [k for k in str(row.get("talent_support_kinds") or "").split("、") if k]
        kinds = cols[1].multiselect(
            field_label("readiness_assessments", "talent_support_kinds", lang),
            forms.TALENT_SUPPORT_KINDS,
            default=[k for k in kinds_now if k in forms.TALENT_SUPPORT_KINDS],
            format_func=_vocabulary("readiness_assessments", "talent_support_kinds", lang),
            key=f"{prefix}kinds",
        )
        note = st.text_input(
            field_label("readiness_assessments", "note", lang),
            value=row["note"],
            max_chars=2000,
            key=f"{prefix}note",
        )
        if st.form_submit_button(t("corrections_edit_submit", lang), type="primary"):
            changes = {
                "municipality_code": code,
                "fiscal_year": int(fiscal_year),
                "assessed_on": assessed_on,
                "step": step,
                **scores,
                **{column: text.strip() for column, text in answers.items()},
                "talent_support_wanted": {"yes": True, "no": False}.get(wanted),
                "talent_support_kinds": kinds,
                "note": note.strip(),
            }
            _edit(prefix, "readiness_assessments", record_id, changes, flash_key)


def edit_engagement(row: dict, key: str, flash_key: str) -> None:
    """「修正」 of an engagement: its own fields and who took part (the engagements forms do the rest)."""
    context = shell.current()
    lang = context.lang
    record_id = int(row["engagement_id"])
    prefix = _prefix(key, record_id)
    targets = reference.target_labels(None, lang)
    levels = {p["municipality_code"]: p["participant_level"] for p in row["participants"]}
    with st.form(f"{prefix}form", clear_on_submit=False):
        cols = st.columns(3)
        held_on = _day(cols[0], "engagements", "held_on", row["held_on"], f"{prefix}date", context)
        kind = cols[1].selectbox(
            field_label("engagements", "kind", lang),
            forms.ENGAGEMENT_KINDS,
            index=_index(forms.ENGAGEMENT_KINDS, row["kind"]),
            format_func=_vocabulary("engagements", "kind", lang),
            key=f"{prefix}kind",
        )
        level = cols[2].selectbox(
            field_label("engagements", "participant_level", lang),
            forms.PARTICIPANT_LEVELS,
            format_func=_vocabulary("engagement_participants", "participant_level", lang),
            help=t("corrections_participants_help", lang),
            key=f"{prefix}level",
        )
        title = st.text_input(
            field_label("engagements", "title", lang), value=row["title"], max_chars=200, key=f"{prefix}title"
        )
        codes = st.multiselect(
            t("corrections_participants", lang),
            list(targets),
            default=[code for code in levels if code in targets],
            format_func=targets.get,
            key=f"{prefix}municipalities",
        )
        note = st.text_area(
            field_label("engagements", "note", lang), value=row["note"], max_chars=2000, key=f"{prefix}note"
        )
        if st.form_submit_button(t("corrections_edit_submit", lang), type="primary"):
            changes = {
                "held_on": held_on,
                "kind": kind,
                "title": title.strip(),
                "note": note.strip(),
                "participants": {code: levels.get(code, level) for code in codes},
            }
            _edit(prefix, "engagements", record_id, changes, flash_key)


def edit_push(row: dict, key: str, flash_key: str) -> None:
    """「修正」 of a LoGoチャット push: its day, field, title, body or link and recipients."""
    context = shell.current()
    lang = context.lang
    record_id = int(row["push_id"])
    prefix = _prefix(key, record_id)
    targets = reference.target_labels(None, lang)
    field_names = consultations_readers.field_labels(lang)
    with st.form(f"{prefix}form", clear_on_submit=False):
        cols = st.columns(3)
        pushed_on = _day(cols[0], "chat_pushes", "pushed_on", row["pushed_on"], f"{prefix}date", context)
        field_ids = list(field_names)
        field_id = cols[1].selectbox(
            field_label("chat_pushes", "field_id", lang),
            field_ids,
            index=_index(field_ids, row["field_id"]),
            format_func=field_names.get,
            key=f"{prefix}field",
        )
        title = cols[2].text_input(
            field_label("chat_pushes", "title", lang), value=row["title"], max_chars=200, key=f"{prefix}title"
        )
        body = st.text_area(
            field_label("chat_pushes", "body", lang), value=row.get("body") or "", key=f"{prefix}body"
        )
        codes = st.multiselect(
            t("corrections_recipients", lang),
            list(targets),
            default=[r["municipality_code"] for r in row["recipients"] if r["municipality_code"] in targets],
            format_func=targets.get,
            key=f"{prefix}municipalities",
        )
        if st.form_submit_button(t("corrections_edit_submit", lang), type="primary"):
            changes = {
                "pushed_on": pushed_on,
                "field_id": field_id,
                "title": title.strip(),
                "body": body.strip(),
                "recipients": codes,
            }
            _edit(prefix, "chat_pushes", record_id, changes, flash_key)


EDIT_FORMS = {
    "visits": edit_visit,
    "consultations": edit_consultation,
    "support_actions": edit_support_action,
    "readiness_assessments": edit_hearing,
    "engagements": edit_engagement,
    "chat_pushes": edit_push,
}


def correct(table: str, record_id: int, key: str, flash_key: str, on_voided: Callable | None = None) -> None:
    """The record's 「修正」 form and its 「取り消し」, side by side in tabs."""
    lang = shell.current().lang
    row = _stored(table, int(record_id))
    if row is None:
        st.warning(t("corrections_gone", lang))
        return
    if not visibility.may("void"):  # 取り消し is the administrator's (liaison.access)
        EDIT_FORMS[table](row, key, flash_key)
        return
    edit_tab, void_tab = st.tabs([t("corrections_edit", lang), t("corrections_void", lang)])
    with edit_tab:
        EDIT_FORMS[table](row, key, flash_key)
    with void_tab:
        void_form(table, int(record_id), key, flash_key, on_voided)


def history(table: str, record_id: int, lang: str, key: str) -> None:
    """The record's audit history as sentences (audit_view)."""
    found = readers.history(table, int(record_id))
    if found.empty:
        st.caption(t("consultations_no_history", lang))
        return
    st.dataframe(
        audit_view.readable(found, lang, consultations_readers.history_names(lang), table_name=table),
        hide_index=True,
        width="stretch",
        key=key,
    )


# --------------------------------------------------------------------------- pickers of other pages


def pick_and_correct(
    table: str, options: dict[int, str], picker_label: str, key: str, flash_key: str | None = None
) -> None:
    """A picker of records (id → label) and the chosen one's 「修正」/「取り消し」 and history."""
    lang = shell.current().lang
    if not options:
        st.caption(t("corrections_none", lang))
        return
    ids = list(options)
    chosen = st.selectbox(picker_label, ids, format_func=options.get, key=f"{key}_pick")
    correct(table, int(chosen), key, flash_key or key)
    history(table, int(chosen), lang, f"{key}_history")


def hearing_options(fiscal_year: int, region_id: str | None, lang: str) -> dict[int, str]:
    """The 年度's hearings as 「市町 — 実施日」, for pick_and_correct."""
    hearings = readers.hearings_of_year(fiscal_year, region_id)
    names = consultations_readers.history_names(lang)["municipalities"]
    return {
        int(row.assessment_id): f"{names.get(row.municipality_code, row.municipality_code)} — "
        f"{date_label(row.assessed_on, lang)}"
        for row in hearings.itertuples()
    }


# --------------------------------------------------------------------------- the visits page


VISIT_SELECTED = "visits_list_selected_seen"


def visits_list(fiscal_year: int, region_id: str | None, lang: str) -> None:
    """The 年度's visits; selecting a row opens its detail with 「修正」/「取り消し」 in a dialog."""
    shown = readers.visits_list_table(fiscal_year, region_id, lang)  # built once, kept as Arrow
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=320,
        column_config={
            "visit_id": None,
            field_label("visits", "visited_on", lang): st.column_config.DateColumn(format=DATE_FORMAT),
        },
        on_select="rerun",
        selection_mode="single-row",
        key="visits_list_table",
    )
    rows = event["selection"]["rows"] if event else []
    selected = str(int(shown.column("visit_id")[rows[0]].as_py())) if rows else None
    if selected != st.session_state.get(VISIT_SELECTED):
        st.session_state[VISIT_SELECTED] = selected
        if selected is not None:
            st.query_params["visit"] = selected
    chosen = st.query_params.get("visit")
    if chosen and chosen.isdigit():
        dialog = st.dialog(t("corrections_visit_detail", lang), width="large", on_dismiss=_visit_closed)
        dialog(_visit_detail)(int(chosen), lang)


def _visit_closed() -> None:
    st.query_params.pop("visit", None)


def _visit_detail(visit_id: int, lang: str) -> None:
    forms.show_flash("visits_correct")
    row = _stored("visits", visit_id)
    if row is None:
        st.warning(t("corrections_gone", lang))
        return
    names = consultations_readers.history_names(lang)
    facts = [
        (field_label("visits", "visited_on", lang), date_label(row["visited_on"], lang)),
        (
            field_label("visits", "municipality_code", lang),
            names["municipalities"].get(row["municipality_code"], row["municipality_code"]),
        ),
        (field_label("visits", "department", lang), term("visits", "department", row["department"], lang)),
        (field_label("visits", "purpose", lang), term("visits", "purpose", row["purpose"], lang)),
        (
            field_label("visits", "liaison_id", lang),
            names["liaisons"].get(row["liaison_id"], row["liaison_id"]),
        ),
    ]
    st.markdown(f"#### #{visit_id}")
    st.markdown("　".join(f"**{safe_text.markdown(k)}**: {safe_text.markdown(str(v))}" for k, v in facts))
    st.text(row["summary"] or "—")  # plain text: never interpreted as markdown or HTML
    if visibility.writes("visits") and st.toggle(t("corrections_open", lang), key="visits_correct_open"):
        correct("visits", visit_id, "visits_correct", "visits_correct", on_voided=_visit_closed)
    st.markdown(f"##### {t('corrections_history', lang)}")
    history("visits", visit_id, lang, "visits_history_table")


# --------------------------------------------------------------------------- データ管理: voided records


def voided_records(lang: str) -> None:
    """The voided records with reason, by whom and when, and 「復元」 (any user until login exists)."""
    st.caption(t("corrections_voided_note", lang))
    found = readers.voided()
    if found.empty:
        st.caption(t("corrections_voided_none", lang))
        return
    shown = pd.DataFrame(
        {
            t("corrections_col_table", lang): [_subject(table, lang) for table in found["table_name"]],
            t("corrections_col_id", lang): found["record_id"],
            t("corrections_col_key", lang): found["source_key"],
            t("corrections_col_reason", lang): found["reason"],
            t("corrections_col_by", lang): found["voided_by"],
            t("corrections_col_at", lang): pd.to_datetime(found["voided_at"]).dt.strftime("%Y-%m-%d %H:%M"),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", placeholder="—", key="admin_voided_table")
    choices = {
        f"{table}:{record_id}": f"{_subject(table, lang)} #{record_id} — {reason}"
        for table, record_id, reason in zip(
            found["table_name"], found["record_id"], found["reason"], strict=True
        )
    }
    cols = st.columns([4, 1], vertical_alignment="bottom")
    chosen = cols[0].selectbox(
        t("corrections_pick_voided", lang), list(choices), format_func=choices.get, key="admin_voided_pick"
    )
    if cols[1].button(t("corrections_restore", lang), key="admin_voided_restore"):
        table, record_id = chosen.split(":", 1)
        try:
            corrections.restore_record(db.connection(), auth.principal(), table, int(record_id))
        except (records.ValidationError, access.PermissionDenied) as error:
            _refused(error, lang)
            return
        message = t("corrections_restored", lang).format(subject=_subject(table, lang), id=record_id)
        _done("admin_voided_", table, message, "admin_voided")
