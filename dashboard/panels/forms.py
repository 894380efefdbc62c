"""Forms that write records: a visit, a consultation, a status change, a support action, a hearing, an
engagement with the top layers and a LoGoチャット push.

Each form calls one function of liaison.records.writes (validation, the record and its audit row in one
transaction), then clears exactly the caches that read the touched tables and reruns, so the new
record shows at once on the map and in every table. Problems are shown one per line, nothing written.
After a write the form's widgets go back to their defaults (a refused submit keeps what was typed); an
insert the write API refuses as a likely duplicate (liaison.records.duplicates) waits under the form
for 「それでも登録する」, which writes it with allow_duplicate=True.
Stored values are the schema's Japanese vocabulary; what a person reads follows the chosen language:
field labels (liaison.forms.field_label: the write API's LABELS or their English), choices through
format_func (liaison.i18n.term), help and messages from liaison/texts/forms.py, problems via
Problem.message(lang).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth, db, shell, visibility
from dashboard.readers import consultations as consultations_readers
from dashboard.readers import reference
from liaison import access, records, safe_text
from liaison.fiscal import date_label, fiscal_year_bounds, fiscal_year_label
from liaison.forms import field_label, liaison_labels
from liaison.i18n import READINESS_ITEMS, pick, step_text, t, term
from liaison.records import duplicates, roster, writes

FLASH = "record_forms_flash"
# Choices come from the schema's CHECK lists (liaison.records), so a form can never offer a bad value.
CHANNELS = list(records.CHANNELS)
STATUSES = list(records.STATUS_ORDER)  # open states first
CLOSING = records.CLOSED_STATUSES
DEPARTMENTS = list(records.DEPARTMENTS)
PURPOSES = list(records.PURPOSES)
SUPPORT_TYPES = list(records.SUPPORT_TYPES)
TALENT_SUPPORT_KINDS = list(records.TALENT_SUPPORT_KINDS)  # migration 007's list macro
ENGAGEMENT_KINDS = list(records.ENUMS[("engagements", "kind")])
PARTICIPANT_LEVELS = list(records.ENUMS[("engagement_participants", "participant_level")])
PUSH_TO = ("all", "region", "chosen")  # a push's recipients: every target, a 圏域's, the ones chosen
FOLLOWUP_SLOTS = 3  # follow-up rows an engagement form offers at once
STEPS = list(
    range(
        records.RANGES[("readiness_assessments", "step")][0],
        records.RANGES[("readiness_assessments", "step")][1] + 1,
    )
)
SCORES = list(
    range(
        records.RANGES[("readiness_assessments", "score_vision")][0],
        records.RANGES[("readiness_assessments", "score_vision")][1] + 1,
    )
)
WANTED = ("unknown", "yes", "no")  # the wish: not asked, はい, いいえ
NOBODY = ""  # a string, not None: a selectbox showing None shows its placeholder
DATE_FORMAT = "YYYY-MM-DD"  # as tables show dates


def _vocabulary(table: str, column: str, lang: str) -> Callable[[str], str]:
    """format_func for a stored-vocabulary choice (a schema CHECK value) in the chosen language."""
    return lambda value: term(table, column, value, lang)


def show_flash(*keys: str) -> None:
    """The confirmation of the last successful write, shown once after the rerun.

    With form keys, only a write of one of those forms (the detail dialog shows its own forms' writes,
    the page behind it the others).
    """
    flash = st.session_state.get(FLASH)
    if flash and (not keys or flash["key"] in keys):
        del st.session_state[FLASH]
        st.success(safe_text.markdown(flash["message"]))  # names the record's own title


def _reset_when_written(key: str, defaults: dict[str, object]) -> dict[str, object]:
    """A form's widget defaults; after its last submit was written, its widgets are put back to them.

    Runs before the widgets are drawn (a widget's key may not be assigned after): assigning through
    session state also makes the browser show the default, which deleting the key would not.
    """
    if st.session_state.pop(f"{key}_written", False):
        for name, value in defaults.items():
            st.session_state[f"{key}_{name}"] = value
    return defaults


def _write(
    key: str, name: str, message: str, fields: dict, *, allow_duplicate: bool = False, api=writes
) -> bool:
    """Run one write of liaison.records.writes (or of another write API module with its own
    TABLES_TOUCHED, e.g. liaison.records.referrals); on success clear the affected caches, empty the
    form and rerun; a likely duplicate waits for 「それでも登録する」; any other problem is listed."""
    context = shell.current()
    st.session_state.pop(f"{key}_duplicate", None)
    extra = {"allow_duplicate": True} if allow_duplicate else {}
    try:
        write = getattr(api, name, None) or getattr(roster, name)  # the roster's own (records.roster)
        write(db.connection(), auth.principal(), today=context.as_of, **fields, **extra)
    except duplicates.DuplicateError as error:
        st.session_state[f"{key}_duplicate"] = {
            "name": name,
            "message": message,
            "fields": fields,
            "problem": error.problems[0],
        }
        return False
    except records.ValidationError as error:
        for problem in error.problems:
            st.error(safe_text.markdown(problem.message(context.lang)))  # values are the user's own text
        return False
    except access.PermissionDenied as denied:  # the write API refused: nothing was written
        st.error(safe_text.markdown(str(denied)))
        return False
    db.after_write(*api.TABLES_TOUCHED[name])
    st.session_state[FLASH] = {"key": key, "message": message}
    st.session_state[f"{key}_written"] = True
    st.rerun()
    return True  # not reached: st.rerun() stops this run


def _confirm_duplicate(key: str, lang: str) -> None:
    """The refused likely duplicate of this form, and the button that writes it anyway."""
    pending = st.session_state.get(f"{key}_duplicate")
    if pending is None:
        return
    said = pending["problem"].message(lang) + t("forms_duplicate_hint", lang)
    st.warning(safe_text.markdown(said))
    if st.button(t("forms_duplicate_confirm", lang), key=f"{key}_confirm"):
        _write(key, pending["name"], pending["message"], pending["fields"], allow_duplicate=True)


def _day(container, table: str, column: str, default: date, key: str, context: shell.Context) -> date:
    """A form's day (widget `<key>_date`): up to the reference day, written as every date is."""
    return container.date_input(
        field_label(table, column, context.lang),
        value=default,
        max_value=context.as_of,
        format=DATE_FORMAT,
        key=f"{key}_date",
    )


def _choose(container, table: str, column: str, options: dict, widget_key: str, lang: str):
    """A selectbox of stored values (the keys of `options`) shown by their labels (its values)."""
    return container.selectbox(
        field_label(table, column, lang), list(options), format_func=options.get, key=widget_key
    )


def _optional_date(value) -> date | None:
    return value if isinstance(value, date) else None


def new_visit(key: str = "visit_form", default_code: str | None = None) -> None:
    """Log a visit (定期巡回, 個別支援 or ヒアリング調査) to one department of a municipality."""
    context = shell.current()
    lang = context.lang
    targets = visibility.municipalities(reference.target_labels(context.region_id, lang))
    if not targets:
        st.info(t("forms_out_of_scope", lang))
        return
    people = liaison_labels(consultations_readers.liaisons(), lang)
    field_names = visibility.fields(consultations_readers.field_labels(lang))
    codes = list(targets)
    mine = visibility.my_liaison(people)
    defaults = _reset_when_written(
        key,
        {
            "date": context.as_of,
            "municipality": default_code if default_code in targets else codes[0],
            "liaison": mine or next(iter(people)),
            "department": DEPARTMENTS[0],
            "purpose": PURPOSES[0],
            "topic": NOBODY,
            "summary": "",
        },
    )
    with st.form(key, clear_on_submit=False):  # emptied by _reset_when_written, only once written
        cols = st.columns(3)
        visited_on = _day(cols[0], "visits", "visited_on", defaults["date"], key, context)
        code = cols[1].selectbox(
            field_label("visits", "municipality_code", lang),
            codes,
            index=codes.index(defaults["municipality"]),
            format_func=targets.get,
            key=f"{key}_municipality",
        )
        st.session_state.setdefault(f"{key}_liaison", defaults["liaison"])  # the person logged in
        liaison = _choose(cols[2], "visits", "liaison_id", people, f"{key}_liaison", lang)
        cols = st.columns(3)
        department = cols[0].selectbox(
            field_label("visits", "department", lang),
            DEPARTMENTS,
            format_func=_vocabulary("visits", "department", lang),
            key=f"{key}_department",
        )
        purpose = cols[1].selectbox(
            field_label("visits", "purpose", lang),
            PURPOSES,
            format_func=_vocabulary("visits", "purpose", lang),
            key=f"{key}_purpose",
        )
        topic = cols[2].selectbox(
            t("forms_visit_topic", lang),
            [NOBODY, *field_names],
            format_func=lambda f: field_names.get(f, t("forms_none", lang)),
            help=t("forms_visit_topic_help", lang),
            key=f"{key}_topic",
        )
        summary = st.text_area(field_label("visits", "summary", lang), max_chars=2000, key=f"{key}_summary")
        if st.form_submit_button(t("forms_visit_submit", lang), type="primary"):
            _write(
                key,
                "add_visit",
                t("forms_visit_done", lang).format(
                    municipality=targets.get(code, code), day=date_label(visited_on, lang)
                ),
                {
                    "visited_on": visited_on,
                    "municipality_code": code,
                    "liaison_id": liaison,
                    "department": department,
                    "purpose": purpose,
                    "summary": summary.strip(),
                    "topic_field_id": topic or None,
                },
            )
    _confirm_duplicate(key, lang)


def new_consultation(key: str = "consultation_form") -> None:
    """Register a consultation received from a municipality."""
    context = shell.current()
    lang = context.lang
    targets = visibility.municipalities(reference.target_labels(context.region_id, lang))
    if not targets:
        st.info(t("forms_out_of_scope", lang))
        return
    people = liaison_labels(consultations_readers.liaisons(), lang)
    field_names = visibility.fields(consultations_readers.field_labels(lang))
    defaults = _reset_when_written(
        key,
        {
            "date": context.as_of,
            "municipality": next(iter(targets)),
            "field": next(iter(field_names)),
            "channel": CHANNELS[0],
            "title": "",
            "detail": "",
            "status": STATUSES[0],
            "owner": visibility.my_liaison(people) or NOBODY,
            "referred": "",
            "closed": None,
        },
    )
    with st.form(key, clear_on_submit=False):
        cols = st.columns(4)
        received_on = _day(cols[0], "consultations", "received_on", defaults["date"], key, context)
        code = _choose(cols[1], "consultations", "municipality_code", targets, f"{key}_municipality", lang)
        field_id = _choose(cols[2], "consultations", "field_id", field_names, f"{key}_field", lang)
        channel = cols[3].selectbox(
            field_label("consultations", "channel", lang),
            CHANNELS,
            format_func=_vocabulary("consultations", "channel", lang),
            key=f"{key}_channel",
        )
        title = st.text_input(field_label("consultations", "title", lang), max_chars=200, key=f"{key}_title")
        detail = st.text_area(
            field_label("consultations", "detail", lang), max_chars=5000, key=f"{key}_detail"
        )
        cols = st.columns(3)
        status = cols[0].selectbox(
            field_label("consultations", "status", lang),
            STATUSES,
            format_func=_vocabulary("consultations", "status", lang),
            key=f"{key}_status",
        )
        st.session_state.setdefault(f"{key}_owner", defaults["owner"])  # the person logged in
        owner = cols[1].selectbox(
            field_label("consultations", "owner_liaison_id", lang),
            [NOBODY, *people],
            format_func=lambda i: people.get(i, t("forms_undecided", lang)),
            key=f"{key}_owner",
        )
        closed_on = cols[2].date_input(
            t("forms_closed_on", lang),
            value=defaults["closed"],
            max_value=context.as_of,
            format=DATE_FORMAT,
            help=t("forms_closed_on_help", lang),
            key=f"{key}_closed",
        )
        if st.form_submit_button(t("forms_consultation_submit", lang), type="primary"):
            _write(
                key,
                "add_consultation",
                t("forms_consultation_done", lang).format(title=title.strip()),
                {
                    "received_on": received_on,
                    "municipality_code": code,
                    "field_id": field_id,
                    "channel": channel,
                    "title": title.strip(),
                    "detail": detail.strip(),
                    "status": status,
                    "owner_liaison_id": owner or None,
                    "closed_on": _optional_date(closed_on),
                },
            )
    _confirm_duplicate(key, lang)


def change_status(record: pd.Series, key: str = "status_form") -> None:
    """Move one consultation to another status (closing ones need the day it closed)."""
    context = shell.current()
    lang = context.lang
    current = record["status"]
    defaults = _reset_when_written(key, {"status": current, "closed": context.as_of})
    with st.form(key, clear_on_submit=False):
        cols = st.columns(2)
        status = cols[0].selectbox(
            t("forms_new_status", lang),
            STATUSES,
            index=STATUSES.index(defaults["status"]),
            format_func=_vocabulary("consultations", "status", lang),
            key=f"{key}_status",
        )
        closed_on = cols[1].date_input(
            t("forms_closed_on", lang),
            value=defaults["closed"],
            max_value=context.as_of,
            format=DATE_FORMAT,
            help=t("forms_closed_on_help", lang),
            key=f"{key}_closed",
        )
        if st.form_submit_button(t("forms_status_submit", lang)):
            _write(
                key,
                "change_status",
                t("forms_status_done", lang).format(
                    id=int(record["consultation_id"]), status=term("consultations", "status", status, lang)
                ),
                {
                    "consultation_id": int(record["consultation_id"]),
                    "status": status,
                    "closed_on": closed_on if status in CLOSING else None,
                },
            )


def add_support_action(record: pd.Series, key: str = "support_form") -> None:
    """Record one of the four kinds of support given on a consultation."""
    context = shell.current()
    lang = context.lang
    people = liaison_labels(consultations_readers.liaisons(), lang)
    owner = record["owner_liaison_id"] if record["owner_liaison_id"] in people else NOBODY
    owner = visibility.my_liaison(people) or owner  # the person logged in records what they did
    defaults = _reset_when_written(
        key, {"date": context.as_of, "type": SUPPORT_TYPES[0], "liaison": owner, "note": ""}
    )
    with st.form(key, clear_on_submit=False):
        cols = st.columns(3)
        acted_on = _day(cols[0], "support_actions", "acted_on", defaults["date"], key, context)
        support_type = cols[1].selectbox(
            field_label("support_actions", "support_type", lang),
            SUPPORT_TYPES,
            format_func=_vocabulary("support_actions", "support_type", lang),
            key=f"{key}_type",
        )
        liaison_options = [NOBODY, *people]
        liaison = cols[2].selectbox(
            t("forms_support_liaison", lang),
            liaison_options,
            index=liaison_options.index(defaults["liaison"]),
            format_func=lambda i: people.get(i, t("forms_undecided", lang)),
            key=f"{key}_liaison",
        )
        note = st.text_input(field_label("support_actions", "note", lang), max_chars=500, key=f"{key}_note")
        if st.form_submit_button(t("forms_support_submit", lang)):
            _write(
                key,
                "add_support_action",
                t("forms_support_done", lang).format(
                    id=int(record["consultation_id"]),
                    support_type=term("support_actions", "support_type", support_type, lang),
                ),
                {
                    "consultation_id": int(record["consultation_id"]),
                    "acted_on": acted_on,
                    "support_type": support_type,
                    "liaison_id": liaison or None,
                    "note": note.strip(),
                },
            )
    _confirm_duplicate(key, lang)


def record_hearing(key: str = "hearing_form", default_code: str | None = None) -> None:
    """Record the year's readiness hearing: step, each item's score and answer, the digital-talent wish."""
    context = shell.current()
    lang, fiscal_year = context.lang, context.fiscal_year
    targets = visibility.municipalities(reference.target_labels(context.region_id, lang))
    if not targets:
        st.info(t("forms_out_of_scope", lang))
        return
    first, last = fiscal_year_bounds(fiscal_year)
    _reset_when_written(
        key,
        {
            "step": None,
            **{score: None for score in records.SCORE_COLUMNS},
            **{answer: "" for answer in records.ANSWER_COLUMNS},
            "wanted": WANTED[0],
            "kinds": [],
            "note": "",
            "replace": False,
        },
    )
    st.caption(t("forms_hearing_intro", lang))
    with st.form(key, clear_on_submit=False):  # emptied by _reset_when_written, only once written
        cols = st.columns(3)
        codes = list(targets)
        code = cols[0].selectbox(
            field_label("readiness_assessments", "municipality_code", lang),
            codes,
            index=codes.index(default_code) if default_code in targets else 0,
            format_func=targets.get,
            key=f"{key}_municipality",
        )
        assessed_on = cols[1].date_input(
            t("forms_hearing_date", lang).format(
                label=field_label("readiness_assessments", "assessed_on", lang),
                year=fiscal_year_label(fiscal_year, lang),
            ),
            value=min(max(context.as_of, first), last),
            min_value=first,
            max_value=min(last, max(context.as_of, first)),
            format=DATE_FORMAT,
            key=f"{key}_date",
        )
        step = cols[2].selectbox(
            field_label("readiness_assessments", "step", lang),
            STEPS,
            index=None,
            placeholder=t("forms_hearing_pick", lang),
            format_func=lambda s: step_text(s, lang),
            key=f"{key}_step",
        )
        scores, answers = {}, {}
        for score_column, answer_column in zip(records.SCORE_COLUMNS, records.ANSWER_COLUMNS, strict=True):
            item, score_cell, answer_cell = st.columns([2, 1, 5], vertical_alignment="bottom")
            item.markdown(f"**{pick(READINESS_ITEMS[score_column], lang)}**")
            scores[score_column] = score_cell.selectbox(
                t("forms_hearing_score", lang),
                SCORES,
                index=None,
                placeholder=t("forms_hearing_pick", lang),
                key=f"{key}_{score_column}",
            )
            answers[answer_column] = answer_cell.text_input(
                t("forms_hearing_answer", lang), max_chars=2000, key=f"{key}_{answer_column}"
            )
        cols = st.columns([2, 3])
        wanted = cols[0].radio(
            field_label("readiness_assessments", "talent_support_wanted", lang),
            WANTED,
            format_func=lambda w: t(f"forms_hearing_wanted_{w}", lang),
            key=f"{key}_wanted",
        )
        kinds = cols[1].multiselect(
            field_label("readiness_assessments", "talent_support_kinds", lang),
            TALENT_SUPPORT_KINDS,
            format_func=_vocabulary("readiness_assessments", "talent_support_kinds", lang),
            help=t("forms_hearing_kinds_help", lang),
            placeholder=t("forms_hearing_kinds_pick", lang),
            key=f"{key}_kinds",
        )
        note = st.text_input(
            field_label("readiness_assessments", "note", lang), max_chars=2000, key=f"{key}_note"
        )
        replace = st.checkbox(t("forms_hearing_replace", lang), key=f"{key}_replace")
        if st.form_submit_button(t("forms_hearing_submit", lang), type="primary"):
            _write(
                key,
                "record_hearing",
                t("forms_hearing_done", lang).format(
                    municipality=targets.get(code, code), year=fiscal_year_label(fiscal_year, lang)
                ),
                {
                    "municipality_code": code,
                    "fiscal_year": fiscal_year,
                    "assessed_on": assessed_on,
                    "step": step,
                    "scores": scores,
                    "answers": {column: text.strip() for column, text in answers.items()},
                    "talent_support_wanted": {"yes": True, "no": False}.get(wanted),
                    "talent_support_kinds": kinds,
                    "note": note.strip(),
                    "replace": replace,
                },
            )


def new_engagement(key: str = "engagement_form") -> None:
    """Record an engagement with municipalities' top layers: kind, title, who took part at which level,
    the liaisons present and what was promised (follow-ups).

    The municipalities chosen first take the level chosen beside them; a municipality also picked
    under 「首長が参加」 or 「幹部が参加」 takes that level (the highest it is picked under), so mixed
    levels fit one engagement (a form cannot add a picker per choice before it is submitted).
    Follow-ups: FOLLOWUP_SLOTS rows of promise, by whom and due day; blank rows are left out.
    """
    context = shell.current()
    lang = context.lang
    targets = visibility.municipalities(reference.target_labels(context.region_id, lang))
    if not targets:
        st.info(t("forms_out_of_scope", lang))
        return
    people = liaison_labels(consultations_readers.liaisons(), lang)
    mine = visibility.my_liaison(people)
    slots = {
        f"{name}_{slot}": default
        for slot in range(FOLLOWUP_SLOTS)
        for name, default in (("promise", ""), ("promised_by", ""), ("due", None))
    }
    defaults = _reset_when_written(
        key,
        {
            "date": context.as_of,
            "kind": ENGAGEMENT_KINDS[0],
            "title": "",
            "note": "",
            "municipalities": [],
            "level": PARTICIPANT_LEVELS[0],
            "mayors": [],
            "executives": [],
            "liaisons": [mine] if mine else [],
            **slots,
        },
    )
    with st.form(key, clear_on_submit=False):  # emptied by _reset_when_written, only once written
        cols = st.columns(3)
        held_on = _day(cols[0], "engagements", "held_on", defaults["date"], key, context)
        kind = cols[1].selectbox(
            field_label("engagements", "kind", lang),
            ENGAGEMENT_KINDS,
            format_func=_vocabulary("engagements", "kind", lang),
            key=f"{key}_kind",
        )
        level = cols[2].selectbox(
            field_label("engagements", "participant_level", lang),
            PARTICIPANT_LEVELS,
            format_func=_vocabulary("engagement_participants", "participant_level", lang),
            help=t("forms_engagement_level_help", lang),
            key=f"{key}_level",
        )
        title = st.text_input(field_label("engagements", "title", lang), max_chars=100, key=f"{key}_title")
        codes = st.multiselect(
            t("forms_engagement_municipalities", lang),
            list(targets),
            format_func=targets.get,
            placeholder=t("forms_engagement_pick", lang),
            key=f"{key}_municipalities",
        )
        cols = st.columns(2)
        by_level = {}
        for column, name, level_name in ((cols[0], "mayors", "首長"), (cols[1], "executives", "幹部")):
            by_level[level_name] = column.multiselect(
                t(f"forms_engagement_{name}", lang),
                list(targets),
                format_func=targets.get,
                placeholder=t("forms_engagement_pick", lang),
                key=f"{key}_{name}",
            )
        st.session_state.setdefault(f"{key}_liaisons", defaults["liaisons"])  # the person logged in
        present = st.multiselect(
            field_label("engagements", "liaisons", lang),
            list(people),
            format_func=people.get,
            placeholder=t("forms_engagement_pick_liaisons", lang),
            key=f"{key}_liaisons",
        )
        note = st.text_area(field_label("engagements", "note", lang), max_chars=2000, key=f"{key}_note")
        st.markdown(f"**{t('forms_engagement_followups', lang)}**")
        promised = []
        for slot in range(FOLLOWUP_SLOTS):
            cols = st.columns([3, 2, 1.4])
            promised.append(
                {
                    "promise": cols[0].text_input(
                        field_label("engagement_followups", "promise", lang),
                        max_chars=500,
                        key=f"{key}_promise_{slot}",
                    ),
                    "promised_by": cols[1].text_input(
                        field_label("engagement_followups", "promised_by", lang),
                        max_chars=100,
                        key=f"{key}_promised_by_{slot}",
                    ),
                    "due_on": cols[2].date_input(
                        field_label("engagement_followups", "due_on", lang),
                        value=None,
                        format=DATE_FORMAT,
                        key=f"{key}_due_{slot}",
                    ),
                }
            )
        if st.form_submit_button(t("forms_engagement_submit", lang), type="primary"):
            participants = dict.fromkeys(codes, level)
            for level_name in ("幹部", "首長"):  # the highest level picked wins
                participants.update(dict.fromkeys(by_level[level_name], level_name))
            followups = [
                {
                    "promise": row["promise"].strip(),
                    "promised_by": row["promised_by"].strip(),
                    "due_on": row["due_on"],
                }
                for row in promised
            ]
            _write(
                key,
                "record_engagement",
                t("forms_engagement_done", lang).format(
                    title=title.strip(), day=date_label(held_on, lang), count=len(participants)
                ),
                {
                    "held_on": held_on,
                    "kind": kind,
                    "title": title.strip(),
                    "note": note.strip(),
                    "participants": participants,
                    "liaisons": present,
                    "followups": followups,
                },
            )
    _confirm_duplicate(key, lang)


def complete_followup(choices: dict[int, str], key: str = "followup_form") -> None:
    """Mark one open follow-up done (its done day up to the reference day)."""
    context = shell.current()
    lang = context.lang
    if not choices:
        return
    defaults = _reset_when_written(key, {"date": context.as_of})
    with st.form(key, clear_on_submit=False):
        cols = st.columns([3, 1])
        followup_id = cols[0].selectbox(
            t("forms_followup_pick", lang), list(choices), format_func=choices.get, key=f"{key}_followup"
        )
        done_on = _day(cols[1], "engagement_followups", "done_on", defaults["date"], key, context)
        if st.form_submit_button(t("forms_followup_submit", lang), type="primary"):
            _write(
                key,
                "complete_followup",
                t("forms_followup_done", lang).format(
                    promise=choices[followup_id], day=date_label(done_on, lang)
                ),
                {"followup_id": followup_id, "done_on": done_on},
            )


def new_push(key: str = "push_form") -> None:
    """Record information pushed through LoGoチャット: its field, title and recipients."""
    context = shell.current()
    lang = context.lang
    targets = reference.target_labels(context.region_id, lang)
    regions = reference.region_labels(lang)
    field_names = visibility.fields(consultations_readers.field_labels(lang))
    region_ids = list(regions)
    defaults = _reset_when_written(
        key,
        {
            "date": context.as_of,
            "field": next(iter(field_names)),
            "title": "",
            "to": PUSH_TO[0],
            "region": context.region_id if context.region_id in regions else region_ids[0],
            "municipalities": [],
            "body": "",
        },
    )
    with st.form(key, clear_on_submit=False):
        cols = st.columns(3)
        pushed_on = _day(cols[0], "chat_pushes", "pushed_on", defaults["date"], key, context)
        field_id = _choose(cols[1], "chat_pushes", "field_id", field_names, f"{key}_field", lang)
        title = cols[2].text_input(
            field_label("chat_pushes", "title", lang), max_chars=100, key=f"{key}_title"
        )
        body = st.text_area(
            field_label("chat_pushes", "body", lang),
            max_chars=10_000,
            help=t("forms_push_body_help", lang),
            key=f"{key}_body",
        )
        to = st.radio(
            t("forms_push_to", lang),
            PUSH_TO,
            format_func=lambda choice: t(f"forms_push_to_{choice}", lang),
            horizontal=True,
            key=f"{key}_to",
        )
        cols = st.columns([1, 2])
        region = cols[0].selectbox(
            t("forms_push_region", lang),
            region_ids,
            index=region_ids.index(defaults["region"]),
            format_func=regions.get,
            key=f"{key}_region",
        )
        chosen = cols[1].multiselect(
            t("forms_push_municipalities", lang),
            list(targets),
            format_func=targets.get,
            placeholder=t("forms_engagement_pick", lang),
            key=f"{key}_municipalities",
        )
        if st.form_submit_button(t("forms_push_submit", lang), type="primary"):
            recipients = {"all": writes.ALL_TARGETS, "region": region}.get(to, chosen)
            _write(
                key,
                "record_push",
                t("forms_push_done", lang).format(title=title.strip(), day=date_label(pushed_on, lang)),
                {
                    "pushed_on": pushed_on,
                    "field_id": field_id,
                    "title": title.strip(),
                    "body": body.strip(),
                    "recipients": recipients,
                },
            )
    _confirm_duplicate(key, lang)
