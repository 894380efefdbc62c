"""The リエゾン名簿 page's forms: add a person, edit one (and their assignments), retire one with a handover.

Each calls one function of liaison.records.roster through dashboard.panels.forms._write (the write, its
audit rows, then exactly the caches of the tables it touched are cleared and the page reruns). After a
write the add form empties; a refused submit keeps what was typed; a double submit of the same new
person waits for 「それでも登録する」 as on the other forms.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import shell
from dashboard.panels.forms import DATE_FORMAT, NOBODY, _confirm_duplicate, _reset_when_written, _write
from dashboard.readers import consultations as consultations_readers
from dashboard.readers import reference
from dashboard.readers import roster as roster_readers
from liaison import roster as roster_model
from liaison import safe_text
from liaison.forms import field_label, liaison_labels
from liaison.i18n import t, term
from liaison.records import roster

SECTIONS = list(roster.SECTIONS)
KINDS = list(roster.KINDS)
HANDOVER = ("all", "each")


def _section_choice(container, key: str, lang: str, index: int = 0) -> str:
    return container.selectbox(
        field_label("liaisons", "section", lang),
        SECTIONS,
        index=index,
        format_func=lambda s: term("liaisons", "section", s, lang),
        key=key,
    )


def add_person(key: str = "roster_add") -> None:
    """A new person: name, section, contact, start day and the 圏域 / fields they cover."""
    context = shell.current()
    lang = context.lang
    regions = reference.region_labels(lang)
    fields = consultations_readers.field_labels(lang)
    defaults = _reset_when_written(
        key,
        {
            "name": "",
            "section": SECTIONS[0],
            "contact": "",
            "from": context.as_of,
            "regions": [],
            "fields": [],
        },
    )
    with st.form(key, clear_on_submit=False):
        cols = st.columns(3)
        name = cols[0].text_input(field_label("liaisons", "name_ja", lang), max_chars=100, key=f"{key}_name")
        section = _section_choice(cols[1], f"{key}_section", lang)
        contact = cols[2].text_input(
            field_label("liaisons", "contact", lang), max_chars=200, key=f"{key}_contact"
        )
        cols = st.columns(3)
        active_from = cols[0].date_input(
            field_label("liaisons", "active_from", lang),
            value=defaults["from"],
            format=DATE_FORMAT,
            key=f"{key}_from",
        )
        chosen_regions = cols[1].multiselect(
            t("roster_regions", lang),
            list(regions),
            format_func=regions.get,
            placeholder=t("roster_handover_pick", lang),
            key=f"{key}_regions",
        )
        chosen_fields = cols[2].multiselect(
            t("roster_fields", lang),
            list(fields),
            format_func=fields.get,
            placeholder=t("roster_handover_pick", lang),
            key=f"{key}_fields",
        )
        if st.form_submit_button(t("roster_add_submit", lang)):
            assignments = [("地域", r, None) for r in chosen_regions] + [
                ("分野", f, None) for f in chosen_fields
            ]
            _write(
                key,
                "add_person",
                t("roster_add_done", lang).format(name=safe_text.markdown(name.strip())),
                {
                    "name": name,
                    "section": section,
                    "contact": contact,
                    "active_from": active_from,
                    "assignments": assignments,
                },
            )
    _confirm_duplicate(key, lang)


def edit_person(key: str = "roster_edit") -> None:
    """One person's fields, their current assignments (end one, add one)."""
    context = shell.current()
    lang = context.lang
    people = roster_readers.people()
    labels = roster_model.person_labels(people, lang)
    if not labels:
        return
    liaison_id = st.selectbox(
        t("roster_person", lang), list(labels), format_func=labels.get, key=f"{key}_who"
    )
    person = people.set_index("liaison_id").loc[liaison_id]
    prefix = f"{key}_{liaison_id}"  # each person's widgets start from their stored values
    with st.form(f"{key}_form", clear_on_submit=False):
        cols = st.columns(3)
        name = cols[0].text_input(
            field_label("liaisons", "name_ja", lang),
            value=person["name_ja"],
            max_chars=100,
            key=f"{prefix}_name",
        )
        section = _section_choice(cols[1], f"{prefix}_section", lang, SECTIONS.index(person["section"]))
        contact = cols[2].text_input(
            field_label("liaisons", "contact", lang),
            value=person["contact"],
            max_chars=200,
            key=f"{prefix}_contact",
        )
        cols = st.columns(3)
        active_from = cols[0].date_input(
            field_label("liaisons", "active_from", lang),
            value=None if pd.isna(person["active_from"]) else person["active_from"],
            format=DATE_FORMAT,
            key=f"{prefix}_from",
        )
        fields = {"name": name, "section": section, "contact": contact, "active_from": active_from}
        if not person["is_active"]:
            fields["active_to"] = cols[1].date_input(
                field_label("liaisons", "active_to", lang),
                value=person["active_to"],
                max_value=context.as_of,
                format=DATE_FORMAT,
                key=f"{prefix}_to",
            )
        if st.form_submit_button(t("roster_edit_submit", lang)):
            _write(
                key,
                "edit_person",
                t("roster_edit_done", lang).format(name=safe_text.markdown(name.strip()), id=liaison_id),
                {"liaison_id": liaison_id, **fields},
            )
    if person["is_active"]:
        _assignments(key, liaison_id, person["name_ja"], context)


def _assignments(key: str, liaison_id: str, name: str, context: shell.Context) -> None:
    lang = context.lang
    held = roster_readers.assignments(liaison_id)
    current = held[held["is_current"]].to_dict("records")
    st.markdown(f"**{t('roster_assignments_now', lang)}**")
    shown = "、".join(roster_model.assignment_label(row, lang) for row in current)
    st.write(safe_text.markdown(shown) if shown else t("roster_no_assignment", lang))
    left, right = st.columns(2)
    if current:
        with left.form(f"{key}_end", clear_on_submit=False):
            st.markdown(f"**{t('roster_end_assignment', lang)}**")
            by_id = {int(row["assignment_id"]): row for row in current}
            chosen = st.selectbox(
                t("roster_assignments_now", lang),
                list(by_id),
                format_func=lambda i: roster_model.assignment_label(by_id[i], lang),
                key=f"{key}_{liaison_id}_end_which",
            )
            ended_on = st.date_input(
                field_label("liaisons", "ended_on", lang),
                value=context.as_of,
                max_value=context.as_of,
                format=DATE_FORMAT,
                key=f"{key}_{liaison_id}_end_on",
            )
            if st.form_submit_button(t("roster_end_submit", lang)):
                target = roster_model.assignment_label(by_id[chosen], lang)
                _write(
                    f"{key}_end",
                    "end_assignment",
                    t("roster_end_done", lang).format(
                        name=safe_text.markdown(name), target=safe_text.markdown(target)
                    ),
                    {"assignment_id": chosen, "ended_on": ended_on},
                )
    with right.form(f"{key}_assign", clear_on_submit=False):
        st.markdown(f"**{t('roster_add_assignment', lang)}**")
        targets = {
            **{("地域", r): name_ for r, name_ in reference.region_labels(lang).items()},
            **{("分野", f): name_ for f, name_ in consultations_readers.field_labels(lang).items()},
        }
        target = st.selectbox(
            t("roster_assignment_target", lang),
            list(targets),
            format_func=lambda pair: f"{term('liaisons', 'kind', pair[0], lang)}・{targets[pair]}",
            key=f"{key}_{liaison_id}_target",
        )
        started_on = st.date_input(
            field_label("liaisons", "started_on", lang),
            value=context.as_of,
            format=DATE_FORMAT,
            key=f"{key}_{liaison_id}_start",
        )
        if st.form_submit_button(t("roster_assignment_submit", lang)):
            _write(
                f"{key}_assign",
                "add_assignment",
                t("roster_assignment_done", lang).format(
                    name=safe_text.markdown(name), target=safe_text.markdown(targets[target])
                ),
                {"liaison_id": liaison_id, "kind": target[0], "target": target[1], "started_on": started_on},
            )


def retire_person(key: str = "roster_retire") -> None:
    """Retire an active person on a day; each open consultation they own goes to a liaison chosen here."""
    context = shell.current()
    lang = context.lang
    people = roster_readers.people()
    labels = roster_model.person_labels(people, lang, active_only=True)
    if not labels:
        st.write(t("roster_no_active", lang))
        return
    st.caption(t("roster_retire_hint", lang))
    liaison_id = st.selectbox(
        t("roster_person", lang), list(labels), format_func=labels.get, key=f"{key}_who"
    )
    owned = roster_readers.open_consultations(liaison_id).to_dict("records")
    others = {
        i: label
        for i, label in liaison_labels(consultations_readers.liaisons(), lang).items()
        if i != liaison_id
    }
    options = [NOBODY, *others]
    pick = t("roster_handover_pick", lang)
    with st.form(f"{key}_form", clear_on_submit=False):
        active_to = st.date_input(
            field_label("liaisons", "active_to", lang),
            value=context.as_of,
            max_value=context.as_of,
            format=DATE_FORMAT,
            key=f"{key}_{liaison_id}_to",
        )
        reassign: str | dict[int, str] | None = None
        if not owned:
            st.write(t("roster_retire_none_open", lang))
        else:
            st.write(t("roster_retire_open", lang).format(n=len(owned)))
            mode = st.radio(
                t("roster_handover_mode", lang),
                HANDOVER,
                format_func=lambda m: t(f"roster_handover_{m}", lang),
                horizontal=True,
                key=f"{key}_{liaison_id}_mode",
            )
            everyone = st.selectbox(
                t("roster_handover_to", lang),
                options,
                format_func=lambda i: others.get(i, pick),
                key=f"{key}_{liaison_id}_all",
            )
            each = {}
            for row in owned:
                consultation_id = int(row["consultation_id"])
                each[consultation_id] = st.selectbox(
                    safe_text.markdown(
                        roster_model.consultation_label(row, lang)
                    ),  # a title is the user's text
                    options,
                    format_func=lambda i: others.get(i, pick),
                    key=f"{key}_{liaison_id}_each_{consultation_id}",
                )
            reassign = (everyone or None) if mode == "all" else {c: o for c, o in each.items() if o}
        if st.form_submit_button(t("roster_retire_submit", lang)):
            _write(
                key,
                "retire_person",
                t("roster_retire_done", lang).format(
                    name=safe_text.markdown(people.set_index("liaison_id").loc[liaison_id, "name_ja"]),
                    id=liaison_id,
                    n=len(owned),
                ),
                {"liaison_id": liaison_id, "active_to": active_to, "reassign_to": reassign},
            )
