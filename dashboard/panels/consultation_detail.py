"""One consultation on the 相談案件 page: its facts, support actions, audit history, the 事例紹介 matcher
and the forms that change it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.panels import forms
from dashboard.panels import matcher as matcher_panel
from dashboard.readers import consultations as consultations_readers
from liaison import consultations as consultations_builders
from liaison import safe_text
from liaison.fiscal import date_label
from liaison.i18n import localized, t, term
from liaison.records import audit_view


def _shown(value) -> str:
    """A fact as a person reads it: '—' for a blank (None, NaN, NaT or empty text), never 'None' or 'nan'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return "—"
    return str(value)


def show(chosen_id: str, lang: str) -> None:
    """The detail of consultation `chosen_id` (from the URL), or a warning when there is none."""
    if chosen_id.isdigit():
        record = consultations_readers.detail(int(chosen_id))
        st.divider()
        st.subheader(t("consultations_detail", lang))
        if record.empty:
            st.warning(t("consultations_detail_missing", lang).format(id=safe_text.markdown(chosen_id)))
        else:
            row = record.iloc[0]
            st.markdown(f"#### #{int(row['consultation_id'])} {safe_text.markdown(row['title'])}")
            facts = [
                (
                    t("consultations_municipality", lang),
                    row[localized("municipality_name", lang)],
                ),
                (t("consultations_field", lang), row[localized("field_name", lang)]),
                (t("consultations_status", lang), consultations_builders.status_label(row["status"], lang)),
                (t("consultations_col_received", lang), date_label(row["received_on"])),
                (t("consultations_channel", lang), term("consultations", "channel", row["channel"], lang)),
                (t("consultations_owner", lang), row["owner_name"] if pd.notna(row["owner_name"]) else "—"),
                (t("consultations_referred", lang), row["referred_department"] or "—"),
                (t("consultations_closed_on", lang), date_label(row["closed_on"])),
            ]
            st.markdown(
                "　".join(
                    f"**{safe_text.markdown(label)}**: {safe_text.markdown(_shown(value))}"
                    for label, value in facts
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

            with st.expander(t("consultations_matcher", lang)):
                matcher_panel.show_similar_cases(
                    row["municipality_code"], row["field_id"], lang, "consultations_matcher"
                )
            if st.toggle(t("consultations_update", lang), key="consultations_update_open"):
                forms.change_status(row, "consultations_status_form")
                forms.add_support_action(row, "consultations_support_form")
            st.markdown(f"##### {t('consultations_history', lang)}")
            history = consultations_readers.history(int(row["consultation_id"]))
            if history.empty:
                st.caption(t("consultations_no_history", lang))
            else:
                st.dataframe(
                    audit_view.readable(history),
                    hide_index=True,
                    width="stretch",
                    placeholder="—",
                    key="consultations_history_table",
                )
