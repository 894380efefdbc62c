"""橋渡し: referrals to the prefecture's departments awaiting an answer, by department and age, overdue flagged.

A 関係部署 contact sees only the referrals addressed to their department (the reader confines them
whatever is asked) and records the department's answer here.
"""

import streamlit as st

from dashboard import auth, shell, visibility
from dashboard.panels import figures as figure_panel
from dashboard.panels import forms, referral_forms
from dashboard.readers import referrals as readers
from liaison import figures, safe_text
from liaison import referrals as builders
from liaison.fiscal import date_label
from liaison.i18n import t

ALL = 0  # every department (an int, as the ids are)

context = shell.current()
lang, region_id = context.lang, context.region_id

st.title(t("referrals_title", lang))
st.caption(t("referrals_caption", lang).format(as_of=safe_text.markdown(date_label(context.as_of))))

summary = readers.by_department(context.as_of, region_id)
own = readers.own_department(auth.principal())  # a 関係部署 contact: their department only
if own is not None:
    summary = summary[summary["department_id"] == own]
names = dict(zip(summary["department_id"].astype(int), summary["department_name"], strict=True))
cols = st.columns([2, 1])
department = cols[0].selectbox(
    t("referrals_department_filter", lang),
    [own] if own is not None else [ALL, *names],
    format_func=lambda d: names.get(d, t("referrals_all_departments", lang)),
    key="referrals_department",
)
only_overdue = cols[1].toggle(t("referrals_only_overdue", lang), key="referrals_only_overdue")

waiting = readers.open_referrals(context.as_of, region_id, department or None)
open_n, overdue_n = builders.headline(waiting)
subject = figures.PREFECTURE if region_id is None else figures.region_subject(region_id)
suffix = f"（{names[department]}）" if department else ""
tiles = st.columns(2)
days = figures.REFERRAL_OVERDUE_DAYS
for column, key, value in ((tiles[0], "referrals_open", open_n), (tiles[1], "referrals_overdue", overdue_n)):
    if department:  # one department's count is not the catalogue's figure for the whole scope
        figure = figures.get(key)
        column.metric(
            figure.label(lang, days=days) + suffix,
            figure.text(value, lang),
            help=figure.help(lang, days=days),
        )
    else:
        figure_panel.tile(column, key, value, subject=subject, lang=lang, where="referrals", days=days)

if waiting.empty:
    st.info(t("referrals_none_open", lang))
else:
    st.subheader(t("referrals_by_department", lang))
    st.plotly_chart(builders.by_department_and_age(waiting, lang), key="referrals_age_chart")
    st.subheader(t("referrals_open_list", lang))
    shown = waiting[waiting["is_overdue"]] if only_overdue else waiting
    table = builders.open_table(shown, lang)
    links = [f"consultations?id={int(i)}" for i in table.pop("consultation_id")]
    if visibility.may("read_text"):  # the consultation page is theirs to open
        table.insert(0, "link", links)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        placeholder="—",
        key="referrals_open_table",
        column_config={
            "link": st.column_config.LinkColumn(
                t("referrals_open_consultation", lang), display_text=r"id=(\d+)"
            ),
            t("referrals_col_referred", lang): st.column_config.DateColumn(format="YYYY-MM-DD"),
            t("referrals_col_due", lang): st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
    )

if own is not None and not waiting.empty:  # what the department is asked about, read in full
    asked = {
        int(row.consultation_id): f"{row.referred_on:%Y-%m-%d} {row.title}" for row in waiting.itertuples()
    }
    chosen = st.selectbox(
        t("referrals_consultation_which", lang),
        list(asked),
        format_func=asked.get,
        key="referrals_consultation",
    )
    record = readers.referred_consultation(chosen, context.as_of)
    if not record.empty:
        st.text(
            f"{record.iloc[0]['title']}\n\n{record.iloc[0]['detail'] or '—'}"
        )  # plain text, never markdown
if own is not None and not waiting.empty and visibility.writes("referral_responses"):
    st.subheader(t("referrals_respond", lang))  # the department's answer (the hub's other half)
    forms.show_flash("referrals_response_form")
    referral_forms.record_response(waiting, "referrals_response_form")

if not summary.empty:
    st.subheader(t("referrals_summary", lang))
    st.dataframe(
        builders.department_table(summary, lang),
        hide_index=True,
        width="stretch",
        placeholder="—",  # a department with no answer yet has no median: shown as —, not None
        key="referrals_summary_table",
    )
