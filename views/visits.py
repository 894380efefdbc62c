"""巡回記録: visit coverage of municipalities × departments for the 年度, month by month, and who is due a visit.

Follows the sidebar's 年度 and 圏域; /visits?overdue=60 sets N.
"""

import streamlit as st

from dashboard import shell, visibility
from dashboard.panels import corrections as corrections_panel
from dashboard.panels import downloads, forms
from dashboard.panels import figures as figure_panel
from dashboard.panels.overdue import column_config, due_tile, overdue_days_input
from dashboard.readers import reference
from dashboard.readers import visits as visits_readers
from liaison import figures
from liaison.fiscal import fiscal_year_label
from liaison.i18n import localized, t

context = shell.current()
lang = context.lang
fy, as_of, region_id = context.fiscal_year, context.as_of, context.region_id

st.title(t("visits_page", lang))
if region_id is None:
    scope = t("visits_scope_all", lang)
else:
    regions = reference.regions().set_index("region_id")
    scope = regions.loc[region_id, localized("name", lang)]
st.caption(f"{scope}　/　{fiscal_year_label(fy, lang)}")
forms.show_flash("visits_form", "visits_correct_voided")  # the visit dialog shows its edits
if visibility.writes("visits") and st.toggle(
    t("visits_log_visit", lang), key="visits_form_open"
):  # a folded expander would still run it
    forms.new_visit("visits_form")
overdue_days = overdue_days_input("visits_overdue_days", lang)
st.query_params["fy"] = str(fy)

view = visits_readers.coverage_view(fy, as_of, region_id, overdue_days, lang)
subject = figures.PREFECTURE if region_id is None else figures.region_subject(region_id)
tiles = st.columns(4)
for column, key, value, of in (
    (tiles[0], "visits_fy", view.visits_fy, None),
    (tiles[1], "municipalities_visited_fy", view.visited, view.municipalities),
    (tiles[2], "both_departments_visited_fy", view.both_visited, view.municipalities),
):
    figure_panel.tile(column, key, value, subject=subject, lang=lang, where="visits", of=of)
due_tile(tiles[3], view.due, view.slots, subject=subject, lang=lang, where="visits", days=overdue_days)

st.subheader(t("visits_matrix", lang))
st.dataframe(view.matrix.frame, hide_index=True, column_config=column_config(view.matrix), placeholder="—")
st.caption(t("visits_matrix_hint", lang))
downloads.export_buttons(view.matrix.frame, f"visit_coverage_{fy}", "visits_matrix_export", lang)

st.subheader(t("visits_by_month", lang))
st.plotly_chart(visits_readers.month_chart(fy, as_of, region_id, lang), key="visits_month_chart")
if st.toggle(t("visits_month_table", lang), key="visits_show_month_table"):
    st.dataframe(visits_readers.month_table(fy, as_of, region_id, lang), hide_index=True)

st.subheader(t("visits_overdue_list", lang))
if not view.overdue.codes:
    st.write(t("visits_overdue_none", lang))
else:
    st.dataframe(
        view.overdue.frame, hide_index=True, column_config=column_config(view.overdue), placeholder="—"
    )
    downloads.export_buttons(view.overdue.frame, f"visits_due_{fy}", "visits_overdue_export", lang)

st.subheader(t("corrections_visits_list", lang))  # each visit's detail, 修正 and 取り消し in a dialog
corrections_panel.visits_list(fy, region_id, lang)
