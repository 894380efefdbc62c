"""Forms of 関係部署 and 橋渡し: refer a consultation, record the department's answer (in the consultation
dialog), and add, edit or retire a department (データ管理).

Each calls one function of liaison.records.referrals through forms._write (validation, the row and its
audit row in one transaction, then exactly the caches of the touched tables cleared and a rerun).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import shell
from dashboard.panels import forms
from dashboard.readers import referrals as referral_readers
from liaison import records
from liaison.forms import field_label
from liaison.i18n import t, term
from liaison.records import referrals

ANSWERS = list(referrals.ANSWERS)


def _department_options(lang: str, *, active_only: bool) -> dict[int, str]:
    listed = referral_readers.departments()
    if active_only:
        listed = listed[listed["is_active"]]
    retired = t("departments_retired", lang)
    return {
        int(row["department_id"]): row["name_ja"] + ("" if row["is_active"] else retired)
        for row in listed.to_dict("records")
    }


def add_referral(record: pd.Series, key: str = "referral_form") -> None:
    """Refer this consultation to a department in use: the day, what is asked, optionally a due day."""
    context = shell.current()
    lang = context.lang
    options = _department_options(lang, active_only=True)
    if not options:
        st.info(t("referrals_no_departments", lang))
        return
    defaults = forms._reset_when_written(
        key, {"date": context.as_of, "department": next(iter(options)), "request": "", "has_due": False}
    )
    with st.form(key, clear_on_submit=False):
        cols = st.columns(3)
        department = forms._choose(cols[0], "referrals", "department_id", options, f"{key}_department", lang)
        referred_on = forms._day(cols[1], "referrals", "referred_on", defaults["date"], key, context)
        has_due = cols[2].checkbox(t("referrals_no_due", lang), key=f"{key}_has_due")
        due_on = cols[2].date_input(
            field_label("referrals", "due_on", lang),
            value=context.as_of,
            format=forms.DATE_FORMAT,
            key=f"{key}_due",
            label_visibility="collapsed",
        )
        request = st.text_area(
            field_label("referrals", "request", lang), max_chars=records.TEXT_MAX, key=f"{key}_request"
        )
        if st.form_submit_button(t("referrals_add_submit", lang), type="primary"):
            forms._write(
                key,
                "add_referral",
                t("referrals_add_done", lang).format(department=options[department]),
                {
                    "consultation_id": int(record["consultation_id"]),
                    "department": department,
                    "referred_on": referred_on,
                    "request": request.strip(),
                    "due_on": due_on if has_due else None,
                },
                api=referrals,
            )


def record_response(waiting: pd.DataFrame, key: str = "referral_response_form") -> None:
    """The department's answer to one of the consultation's referrals awaiting it."""
    context = shell.current()
    lang = context.lang
    choices = {
        int(row["referral_id"]): f"{row['department_name']}（{row['referred_on']:%Y-%m-%d}）"
        for row in waiting.to_dict("records")
    }
    forms._reset_when_written(key, {"date": context.as_of, "outcome": ANSWERS[0], "response": ""})
    with st.form(key, clear_on_submit=False):
        cols = st.columns(3)
        referral_id = cols[0].selectbox(
            t("referrals_respond_which", lang), list(choices), format_func=choices.get, key=f"{key}_which"
        )
        outcome = cols[1].selectbox(
            field_label("referrals", "outcome", lang),
            ANSWERS,
            format_func=lambda value: term("referrals", "outcome", value, lang),
            key=f"{key}_outcome",
        )
        responded_on = forms._day(cols[2], "referrals", "responded_on", context.as_of, key, context)
        response = st.text_area(
            field_label("referrals", "response", lang), max_chars=records.TEXT_MAX, key=f"{key}_response"
        )
        if st.form_submit_button(t("referrals_respond_submit", lang), type="primary"):
            forms._write(
                key,
                "record_response",
                t("referrals_respond_done", lang).format(department=choices[referral_id].split("（")[0]),
                {
                    "referral_id": referral_id,
                    "outcome": outcome,
                    "responded_on": responded_on,
                    "response": response.strip(),
                },
                api=referrals,
            )


def add_department(key: str = "department_form") -> None:
    """Add a department to the list of 関係部署."""
    lang = shell.current().lang
    forms._reset_when_written(key, {"name": "", "section": "", "contact": ""})
    with st.form(key, clear_on_submit=False):
        cols = st.columns(3)
        name = cols[0].text_input(
            field_label("departments", "name_ja", lang), max_chars=100, key=f"{key}_name"
        )
        section = cols[1].text_input(
            field_label("departments", "section", lang), max_chars=100, key=f"{key}_section"
        )
        contact = cols[2].text_input(
            field_label("departments", "contact", lang), max_chars=100, key=f"{key}_contact"
        )
        if st.form_submit_button(t("departments_add_submit", lang), type="primary"):
            forms._write(
                key,
                "add_department",
                t("departments_add_done", lang).format(name=name.strip()),
                {"name_ja": name, "section": section, "contact": contact},
                api=referrals,
            )


def edit_department(key: str = "department_edit_form") -> None:
    """Rename a department, change its 所属部局 or contact, or take it out of use (or back)."""
    lang = shell.current().lang
    listed = referral_readers.departments()
    if listed.empty:
        return
    options = _department_options(lang, active_only=False)
    chosen = st.selectbox(
        t("departments_which", lang), list(options), format_func=options.get, key=f"{key}_which"
    )
    row = listed[listed["department_id"] == chosen].iloc[0]
    with st.form(f"{key}_{chosen}", clear_on_submit=False):
        cols = st.columns(4)
        name = cols[0].text_input(
            field_label("departments", "name_ja", lang), value=row["name_ja"], max_chars=100
        )
        section = cols[1].text_input(
            field_label("departments", "section", lang), value=row["section"], max_chars=100
        )
        contact = cols[2].text_input(
            field_label("departments", "contact", lang), value=row["contact"], max_chars=100
        )
        active = cols[3].checkbox(field_label("departments", "is_active", lang), value=bool(row["is_active"]))
        if st.form_submit_button(t("departments_edit_submit", lang)):
            forms._write(
                key,
                "edit_department",
                t("departments_edit_done", lang).format(name=name.strip()),
                {
                    "department_id": chosen,
                    "name_ja": name,
                    "section": section,
                    "contact": contact,
                    "is_active": active,
                },
                api=referrals,
            )


def departments_section(lang: str) -> None:
    """The データ管理 page's list of 関係部署: the table, then the forms to add, edit or retire one."""
    st.header(t("departments_header", lang))
    st.caption(t("departments_caption", lang))
    forms.show_flash("department_form", "department_edit_form")
    listed = referral_readers.departments()
    st.dataframe(
        listed,
        hide_index=True,
        width="stretch",
        key="admin_departments_table",
        column_config={
            "department_id": None,
            "name_ja": field_label("departments", "name_ja", lang),
            "section": field_label("departments", "section", lang),
            "contact": field_label("departments", "contact", lang),
            "is_active": st.column_config.CheckboxColumn(field_label("departments", "is_active", lang)),
            "referrals": t("departments_col_referrals", lang),
            "open_referrals": t("departments_col_open", lang),
        },
    )
    if st.toggle(t("departments_add", lang), key="admin_department_add_open"):
        add_department("department_form")
    if st.toggle(t("departments_edit", lang), key="admin_department_edit_open"):
        edit_department("department_edit_form")
