"""相談案件: filter the consultations, see them in charts, open one for its detail, history and updates.

Every filter lives in the URL (fy, from, to, region, muni, field, status, age, support, owner, q, id) so a
filtered view can be shared as a link. The line under the tiles names the period and every active filter:
a count never hides what it leaves out.
"""

import streamlit as st

from dashboard import auth, shell, visibility
from dashboard.panels import consultation_detail, consultation_filters, downloads, forms
from dashboard.panels import figures as figure_panel
from dashboard.readers import consultations as consultations_readers
from liaison import consultations as consultations_builders
from liaison import figures, safe_text
from liaison.i18n import t

context = shell.current()
lang = context.lang

st.title(t("page_consultations", lang))
forms.show_flash(
    "consultations_new_form", "consultations_correct_voided"
)  # the detail dialog shows its own forms' confirmations
# A toggle, not an expander: an expander's content runs on every rerun even while folded.
if visibility.writes("consultations") and st.toggle(
    t("consultations_new", lang), key="consultations_new_open"
):
    forms.new_consultation("consultations_new_form")

filters, period_param, scope = consultation_filters.read(context)
view = consultations_readers.view(filters, context.as_of, lang)

# --- headline counts, and what they count over ---
tiles = st.columns(4)
values = (view.total, view.open, view.open_over_90, view.closed)
if period_param != consultation_filters.CUSTOM and filters.only_period_and_region():
    # the 年度's cases as every page counts them: the catalogue's figures, comparable with the map's
    subject = figures.PREFECTURE if context.region_id is None else figures.region_subject(context.region_id)
    for column, key, value in zip(tiles, consultations_builders.FISCAL_YEAR_FIGURES, values, strict=True):
        figure_panel.tile(column, key, value, subject=subject, lang=lang, where="consultations")
else:  # under a filter: the labels say so, and the line below names every filter
    helps = consultations_builders.tile_help(context.as_of, lang)
    for column, name, value in zip(tiles, ("count", "open", "over_90", "closed"), values, strict=True):
        label = t("consultations_" + name, lang)
        column.metric(label, f"{value:,}", help=helps[name])
st.caption(safe_text.markdown(scope))  # names chosen by users (search text) are escaped

if view.total == 0:
    st.info(t("consultations_none", lang))
else:
    # --- charts: the reader picks which (each drawn chart costs every rerun); the choice is in the URL ---
    chart_names = {
        name: t(f"consultations_chart_{name}", lang)
        for name in consultation_filters.CHARTS
        if name in view.figures
    }
    st.session_state["consultations_charts"] = [
        c for c in st.session_state["consultations_charts"] if c in chart_names
    ]
    chosen_charts = st.segmented_control(
        t("consultations_charts", lang),
        list(chart_names),
        selection_mode="multi",
        format_func=chart_names.get,
        key="consultations_charts",
    )
    shell.save("consultations_charts")
    if st.query_params.get("charts") != (",".join(chosen_charts) or "none"):
        st.query_params["charts"] = ",".join(chosen_charts) or "none"
    for pair in range(0, len(chosen_charts), 2):
        for column, name in zip(st.columns(2), chosen_charts[pair : pair + 2], strict=False):
            column.subheader(chart_names[name])
            column.plotly_chart(view.figures[name], key=f"consultations_fig_{name}")

    # --- the table ---
    st.caption(t("consultations_table_note", lang).format(shown=view.table.num_rows, total=view.total))
    event = st.dataframe(
        view.table,
        hide_index=True,
        width="stretch",
        height=360,
        placeholder="—",  # a closed case has no age, a new one no owner: never "None"
        on_select="rerun",
        selection_mode="single-row",
        key="consultations_table",
        column_config={
            "consultation_id": st.column_config.NumberColumn("ID", format="%d"),
            "received_on": st.column_config.DateColumn(
                t("consultations_col_received", lang), format="YYYY-MM-DD"
            ),
            "municipality": t("consultations_municipality", lang),
            "field": t("consultations_field", lang),
            "title": t("consultations_col_title", lang),
            "status": t("consultations_status", lang),
            "age_days": st.column_config.NumberColumn(t("consultations_col_age", lang), format="%d"),
            "owner_name": t("consultations_owner", lang),
            "support": t("consultations_col_support", lang),
        },
    )
    who = auth.principal()  # a download is built outside this run: the export is asked for as this person
    downloads.export_buttons(
        lambda: consultations_readers.export(filters, context.as_of, who),
        f"consultations_{period_param}",
        "consultations_export",
        lang,
    )
    rows = (event or {}).get("selection", {}).get("rows", [])
    consultation_detail.follow_selection(str(view.ids[rows[0]]) if rows else None)

# --- one consultation (a selected row or ?id=): detail, support actions, history, updates, in a dialog ---
consultation_detail.show(st.query_params.get("id", ""), lang)
