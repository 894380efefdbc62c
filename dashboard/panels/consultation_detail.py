"""One consultation on the 相談案件 page, in a dialog over the table: its facts, support actions, audit
history as sentences, the 事例紹介 matcher and the forms that change it.

The dialog opens where the person is looking, for a row selected in the table or a link with ?id=;
it stays open across the writes of its forms (a full rerun keeps ?id=) and closing it removes ?id=.
Streamlit allows one dialog per run; this is the page's only one.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import shell, visibility
from dashboard.panels import corrections as corrections_panel
from dashboard.panels import forms, referral_forms
from dashboard.panels import matcher as matcher_panel
from dashboard.readers import consultations as consultations_readers
from dashboard.readers import referrals as referral_readers
from liaison import consultations as consultations_builders
from liaison import referrals as referral_builders
from liaison import safe_text
from liaison.fiscal import date_label
from liaison.i18n import localized, t, term
from liaison.records import audit_view


def _shown(value) -> str:
    """A fact as a person reads it: '—' for a blank (None, NaN, NaT or empty text), never 'None' or 'nan'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return "—"
    return str(value)


SEEN = "consultations_selected_seen"  # the table row last opened, so a closed dialog stays closed


def follow_selection(selected_id: str | None) -> None:
    """Open the dialog (set ?id=) when the table's selected row changes; a kept selection reopens nothing."""
    if selected_id == st.session_state.get(SEEN):
        return
    st.session_state[SEEN] = selected_id
    if selected_id is not None:
        st.query_params["id"] = selected_id


def _closed() -> None:
    """on_dismiss: the dialog was closed, so the URL no longer names the consultation."""
    st.query_params.pop("id", None)


def show(chosen_id: str, lang: str) -> None:
    """The detail of consultation `chosen_id` (from the URL) in a dialog, or a warning when there is none."""
    if not chosen_id.isdigit():
        return
    record = consultations_readers.detail(int(chosen_id))
    if record.empty:
        st.warning(t("consultations_detail_missing", lang).format(id=safe_text.markdown(chosen_id)))
        return
    dialog = st.dialog(t("consultations_detail", lang), width="large", on_dismiss=_closed)
    dialog(_detail)(record.iloc[0], lang)


def _detail(row: pd.Series, lang: str) -> None:
    """The dialog's content (a fragment: its widgets rerun only it; a write reruns the whole page)."""
    forms.show_flash(
        "consultations_status_form",
        "consultations_support_form",
        "consultations_referral_form",
        "consultations_response_form",
        "consultations_correct",
    )
    referrals = referral_readers.for_consultation(int(row["consultation_id"]), shell.current().as_of)
    st.markdown(f"#### #{int(row['consultation_id'])} {safe_text.markdown(row['title'])}")
    facts = [
        (t("consultations_municipality", lang), row[localized("municipality_name", lang)]),
        (t("consultations_field", lang), row[localized("field_name", lang)]),
        (t("consultations_status", lang), consultations_builders.status_label(row["status"], lang)),
        (t("consultations_col_received", lang), date_label(row["received_on"])),
        (t("consultations_channel", lang), term("consultations", "channel", row["channel"], lang)),
        (t("consultations_owner", lang), row["owner_name"] if pd.notna(row["owner_name"]) else "—"),
        (t("consultations_referred", lang), "、".join(dict.fromkeys(referrals["department_name"]))),
        (t("consultations_closed_on", lang), date_label(row["closed_on"])),
    ]
    st.markdown(
        "　".join(
            f"**{safe_text.markdown(label)}**: {safe_text.markdown(_shown(value))}" for label, value in facts
        )
    )
    st.text(_shown(row["detail"]))  # plain text: never interpreted as markdown or HTML
    st.markdown(f"##### {t('consultations_actions', lang)}")
    actions = consultations_readers.support_actions(int(row["consultation_id"])).copy()
    actions["support_type"] = [
        term("support_actions", "support_type", kind, lang) for kind in actions["support_type"]
    ]
    if actions.empty:
        st.caption(t("none_yet", lang))
    else:
        st.dataframe(
            actions,
            hide_index=True,
            width="stretch",
            placeholder="—",
            column_config={
                "action_id": None,
                "acted_on": st.column_config.DateColumn(
                    t("consultations_acted_on", lang), format="YYYY-MM-DD"
                ),
                "support_type": t("consultations_support", lang),
                "liaison_name": t("consultations_owner", lang),
                "note": t("consultations_note", lang),
            },
        )

    _referrals(referrals, lang)

    with st.expander(t("consultations_matcher", lang)):
        matcher_panel.show_similar_cases(
            row["municipality_code"], row["field_id"], lang, "consultations_matcher"
        )
    if visibility.writes("consultations") and st.toggle(
        t("consultations_update", lang), key="consultations_update_open"
    ):
        forms.change_status(row, "consultations_status_form")
        forms.add_support_action(row, "consultations_support_form")
        st.markdown(f"###### {t('referrals_add', lang)}")
        referral_forms.add_referral(row, "consultations_referral_form")
        waiting = referrals[referrals["outcome"] == referral_builders.AWAITING]
        if not waiting.empty:
            st.markdown(f"###### {t('referrals_respond', lang)}")
            referral_forms.record_response(waiting, "consultations_response_form")
    if visibility.writes("consultations") and st.toggle(  # 修正・取り消し
        t("corrections_open", lang), key="consultations_correct_open"
    ):
        consultation_id = int(row["consultation_id"])
        corrections_panel.correct(
            "consultations",
            consultation_id,
            "consultations_correct",
            "consultations_correct",
            on_voided=_closed,
        )
        if not actions.empty:
            corrections_panel.pick_and_correct(
                "support_actions",
                {
                    int(action.action_id): f"{date_label(action.acted_on)} {action.support_type}"
                    for action in actions.itertuples()
                },
                t("corrections_pick_action", lang),
                "consultations_correct_action",
                "consultations_correct",
            )
    st.markdown(f"##### {t('consultations_history', lang)}")
    history = consultations_readers.history(int(row["consultation_id"]))
    if history.empty:
        st.caption(t("consultations_no_history", lang))
    else:
        st.dataframe(
            audit_view.readable(history, lang, consultations_readers.history_names(lang)),
            hide_index=True,
            width="stretch",
            key="consultations_history_table",
        )


def _referrals(referrals: pd.DataFrame, lang: str) -> None:
    """The consultation's referrals: to whom, what was asked, by when, and what the department did."""
    st.markdown(f"##### {t('referrals_in_dialog', lang)}")
    if referrals.empty:
        st.caption(t("referrals_none", lang))
        return
    shown = pd.DataFrame(
        {
            t("referrals_col_department", lang): referrals["department_name"],
            t("referrals_col_referred", lang): referrals["referred_on"],
            t("referrals_col_request", lang): referrals["request"],
            t("referrals_col_due", lang): referrals["due_on"],
            t("referrals_col_outcome", lang): [
                referral_builders.outcome_label(outcome, lang)
                + (f" {t('referrals_overdue_mark', lang)}" if overdue else "")
                for outcome, overdue in zip(referrals["outcome"], referrals["is_overdue"], strict=True)
            ],
            t("referrals_col_response", lang): referrals["response"],
            t("referrals_col_responded", lang): referrals["responded_on"],
        }
    )
    dates = ("referrals_col_referred", "referrals_col_due", "referrals_col_responded")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        placeholder="—",
        key="consultations_referrals_table",
        column_config={t(c, lang): st.column_config.DateColumn(format="YYYY-MM-DD") for c in dates},
    )
