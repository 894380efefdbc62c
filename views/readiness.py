"""DX推進状況: where municipalities stand (hearing items, 手順書 steps) against where support effort goes."""

import streamlit as st

from dashboard import shell, visibility
from dashboard.panels import corrections as corrections_panel
from dashboard.panels import figures as figure_panel
from dashboard.panels import forms
from dashboard.readers import readiness as readers
from liaison import figures
from liaison.i18n import t
from liaison.readiness import SORTS, sort_label, step_explanations

context = shell.current()
lang, fiscal_year, region_id = context.lang, context.fiscal_year, context.region_id

st.title(t("readiness_title", lang))
st.caption(t("readiness_intro", lang))
forms.show_flash()

head = readers.readiness_headline(fiscal_year, region_id)
subject = figures.PREFECTURE if region_id is None else figures.region_subject(region_id)
tiles = st.columns(4)
for column, key, value, of in (
    (tiles[0], "heard_fy", head.heard, head.municipalities),
    (tiles[1], "readiness_fy_mean", head.mean_score, None),
    (tiles[2], "early_steps_fy", head.early, head.heard),
    (tiles[3], "step3_consultations_fy", head.step3_consultations, head.consultations),
):
    figure_panel.tile(column, key, value, subject=subject, lang=lang, where="readiness", of=of)

st.subheader(t("readiness_gap_title", lang))
if head.heard == 0 and head.consultations == 0:
    st.info(t("readiness_gap_none", lang))
else:
    st.plotly_chart(readers.step_gap_figure(fiscal_year, region_id, lang), key="readiness_gap_chart")
    untied = t("readiness_gap_untied", lang).format(n=head.visits_without_step)
    st.caption(t("readiness_gap_caption", lang) + " " + untied)
st.markdown(step_explanations(lang))

view = shell.view_switch("readiness", ["heatmap", "distribution", "regions", "change"], lang)

if view == "heatmap":
    shell.seed("readiness_heatmap_sort", "region")
    sort_by = st.selectbox(
        t("readiness_sort", lang),
        SORTS,
        key="readiness_heatmap_sort",
        width=420,
        format_func=lambda key: sort_label(key, lang),
    )
    shell.save("readiness_heatmap_sort")
    shell.seed("readiness_heatmap_group", True)
    group = st.toggle(t("readiness_group", lang), key="readiness_heatmap_group")
    shell.save("readiness_heatmap_group")
    if head.heard == 0:
        st.info(t("readiness_no_hearing_yet", lang))
    st.plotly_chart(
        readers.heatmap_figure(fiscal_year, region_id, sort_by, group, lang), key="readiness_heatmap_chart"
    )
elif view == "distribution":
    st.caption(t("readiness_distribution_caption", lang))
    if head.heard == 0:
        st.info(t("readiness_no_hearing_yet", lang))
    else:
        st.plotly_chart(
            readers.distribution_figure(fiscal_year, region_id, lang), key="readiness_distribution_chart"
        )
elif view == "regions":
    st.caption(t("readiness_regions_caption", lang))
    st.plotly_chart(
        readers.steps_by_region_figure(fiscal_year, region_id, lang), key="readiness_regions_chart"
    )
else:
    changes, _ = readers.readiness_changes(fiscal_year, region_id)
    st.caption(t("readiness_change_caption", lang))
    if changes.compared == 0:
        st.info(t("readiness_change_none", lang))
    else:
        cells = st.columns(4)
        cells[0].metric(t("readiness_change_compared", lang), changes.compared)
        cells[1].metric(t("readiness_change_up", lang), changes.up)
        cells[2].metric(t("readiness_change_same", lang), changes.same)
        cells[3].metric(t("readiness_change_down", lang), changes.down)
        st.markdown(f"**{t('readiness_change_delta', lang)}**")
        st.plotly_chart(
            readers.item_change_figure(fiscal_year, region_id, lang), key="readiness_change_chart"
        )

# The yearly hearing, recorded for the sidebar's 年度 (a question left out now is lost for a year);
# its form and 修正・取り消し only for those who may record hearings (地域リエゾン, 管理者).
if visibility.writes("readiness_assessments"):
    with st.expander(t("forms_hearing_heading", lang)):
        forms.record_hearing("readiness_hearing_form")
# 修正・取り消し of a stored hearing of the 年度 (a toggle: a folded expander would still run its forms)
if visibility.writes("readiness_assessments") and st.toggle(
    t("corrections_hearing_section", lang), key="readiness_correct_open"
):
    corrections_panel.pick_and_correct(
        "readiness_assessments",
        corrections_panel.hearing_options(fiscal_year, region_id, lang),
        t("corrections_pick_hearing", lang),
        "readiness_correct",
    )
