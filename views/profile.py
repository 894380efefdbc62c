"""市町カルテ (served at /municipality): one municipality's profile, reached by a map click or /municipality?code=282014."""

import streamlit as st

from dashboard import shell, visibility
from dashboard.panels import figures as figure_panel
from dashboard.panels.matcher import show_similar_cases
from dashboard.readers import map as map_readers
from dashboard.readers import profile as profile_readers
from dashboard.readers import reference
from liaison import figures, safe_text
from liaison import map as map_builders
from liaison.i18n import t

# figure catalogue key -> municipality_metrics column
PROFILE_FIGURES = {
    "readiness_latest": "readiness_index",
    "step_latest": "step",
    "consultations_fy": "consultations_fy",
    "open_all": "open_consultations",
    "days_since_last_visit": "days_since_last_visit",
}

context = shell.current()
lang = context.lang
back_params = {"metric": map_builders.get(st.query_params.get("metric")).key, "fy": str(context.fiscal_year)}
st.page_link("views/map.py", label=t("back_to_map", lang), query_params=shell.link_params(back_params))

code = shell.municipality_from_url(
    reference.municipalities().set_index("code"), t("choose_municipality", lang), "municipality_choice", lang
)

st.query_params.update({"code": code, **back_params})
view = profile_readers.profile(code, context.fiscal_year, lang)
st.title(view.title)
st.caption(view.subtitle)
if not view.is_liaison_target:
    st.info(t("outside_programme", lang))
    st.stop()

for column, (label, value) in zip(st.columns(len(view.tiles)), view.tiles, strict=True):
    column.metric(label, value)
# The municipality's figures as the map, the 圏域 page and the deck show them (the catalogue's, same query).
metrics = map_readers.municipality_figures(context.fiscal_year, context.as_of, code)
subject = figures.municipality_subject(code)
for column, (key, source) in zip(st.columns(len(PROFILE_FIGURES)), PROFILE_FIGURES.items(), strict=True):
    figure_panel.tile(column, key, metrics[source], subject=subject, lang=lang, where="profile")
if view.step_caption:
    st.caption(view.step_caption)
st.page_link(
    "views/brief.py",
    label=t("brief_open", lang),
    icon=":material/description:",
    query_params=shell.link_params({"code": code, "fy": str(context.fiscal_year)}),
)

left, right = st.columns(2)
with left:
    st.subheader(t("readiness_radar", lang))
    if view.has_readiness:
        st.plotly_chart(
            profile_readers.readiness_radar(code, context.fiscal_year, lang), key="municipality_radar"
        )
    else:
        st.write(t("none_yet", lang))
with right:
    # the hearing's words beside its radar, wrapped; answers_text (answers_markdown) escapes the stored words
    st.subheader(t("hearing_answers", lang))
    if view.answers.empty:
        st.write(t("none_yet", lang))
    else:
        st.markdown(view.answers_text)
        st.markdown(f"**{t('hearing_talent_support', lang)}**: {safe_text.markdown(view.talent_support)}")

left, right = st.columns(2)
with left:
    st.subheader(t("liaisons", lang))
    st.write(view.liaisons or t("none_yet", lang))
with right:
    st.subheader(t("latest_consultations", lang))
    if not visibility.may("read_text"):  # consultation titles are restricted text (閲覧 sees counts only)
        st.caption(t("profile_text_restricted", lang))
    elif view.latest.empty:
        st.write(t("none_yet", lang))
    else:
        st.dataframe(
            profile_readers.table(code, context.fiscal_year, lang, "latest"), hide_index=True, width="stretch"
        )

st.subheader(t("visits_over_time", lang))
if view.has_visits:
    st.plotly_chart(profile_readers.visits_chart(code, lang), key="municipality_visits")
else:
    st.write(t("none_yet", lang))

st.subheader(t("engagements", lang))
if view.engagements.empty:
    st.write(t("none_yet", lang))
else:
    st.dataframe(
        profile_readers.table(code, context.fiscal_year, lang, "engagements"),
        hide_index=True,
        width="stretch",
    )

# On demand: ranking the candidates is the costliest part of the profile and not every visit needs it.
# The similar cases are named by their titles: only for those who may read them.
if visibility.may("read_text"):
    st.subheader(t("matcher_heading", lang))
    if st.toggle(t("matcher_show", lang), key="municipality_matcher_open"):
        show_similar_cases(code, None, lang, "municipality")
