"""市町カルテ: one municipality's profile, reached by a map click or /municipality?code=282014."""

import streamlit as st

from dashboard import data, shell
from liaison import charts, codes, metrics
from liaison.fiscal import date_label, fiscal_year_label
from liaison.i18n import step_text, t

context = shell.current()
lang = context.lang
back_params = {"metric": metrics.get(st.query_params.get("metric")).key, "fy": str(context.fiscal_year)}
st.page_link("views/map.py", label=t("back_to_map", lang), query_params=back_params)

munis = data.municipalities()
code = st.query_params.get("code", "")
if code not in set(munis["code"]):
    if code:
        st.error(
            f"{t('unknown_code', lang)}: {code}" + ("" if codes.is_valid(code) else "（6桁・検査数字付き）")
        )
    name_col = "name_en" if lang == "en" else "name_ja"
    choice = st.selectbox(
        t("choose_municipality", lang),
        [None] + list(munis["code"]),
        key="municipality_choice",
        format_func=lambda c: "—" if c is None else munis.set_index("code").loc[c, name_col],
    )
    if choice:
        st.query_params["code"] = choice
        st.rerun()
    st.stop()

st.query_params.update({"code": code, **back_params})
profile = data.municipality_profile(code).iloc[0]
name = profile["name_en"] if lang == "en" else profile["name_ja"]
region_name = profile["region_name_en"] if lang == "en" else profile["region_name_ja"]
st.title(f"{name}（{profile['name_kana']}）" if lang == "ja" else name)
st.caption(
    f"{region_name}・{profile['office_ja']}　/　{t('fiscal_year', lang)}: {fiscal_year_label(context.fiscal_year, lang)}"
)

if not profile["is_liaison_target"]:
    st.info(t("outside_programme", lang))
    st.stop()

items = data.readiness_by_item(code, context.fiscal_year)
this_year = items[items["fiscal_year"] == context.fiscal_year]
step = this_year["step"].iloc[0] if not this_year.empty else None

cols = st.columns(5)
population = profile["population_2020"]
cols[0].metric(
    t("population", lang), "—" if population is None or population != population else f"{int(population):,}人"
)
area = profile["area_km2"]
cols[1].metric(t("area", lang), "—" if area is None or area != area else f"{float(area):,.2f} km²")
cols[2].metric(t("region", lang), region_name)
cols[3].metric(t("kind", lang), profile["kind"])
cols[4].metric(t("step", lang), "—" if step is None else f"{int(step)}")
if step is not None:
    st.caption(step_text(step, lang))

left, right = st.columns([1, 1])
with left:
    st.subheader(t("readiness_radar", lang))
    if items.empty:
        st.write(t("none_yet", lang))
    else:
        st.plotly_chart(charts.readiness_radar(items, context.fiscal_year, lang), key="municipality_radar")
with right:
    st.subheader(t("liaisons", lang))
    liaisons = data.liaisons_by_region(profile["region_id"])
    st.write("、".join(liaisons["name_ja"]) or t("none_yet", lang))
    st.subheader(t("latest_consultations", lang))
    latest = data.consultations_latest(code, 10)
    if latest.empty:
        st.write(t("none_yet", lang))
    else:
        shown = latest.assign(received=[date_label(d.date(), lang) for d in latest["received_on"]])
        field_col = "field_name_en" if lang == "en" else "field_name_ja"
        st.dataframe(
            shown[["received", "status", field_col, "title"]].rename(
                columns={
                    "received": "受付日" if lang == "ja" else "Received",
                    field_col: "分野" if lang == "ja" else "Field",
                    "title": "件名" if lang == "ja" else "Title",
                    "status": "状況" if lang == "ja" else "Status",
                }
            ),
            hide_index=True,
            width="stretch",
        )

st.subheader(t("visits_over_time", lang))
visits = data.visits_by_month(code)
if visits.empty:
    st.write(t("none_yet", lang))
else:
    st.plotly_chart(charts.visits_by_month(visits, lang), key="municipality_visits")

st.subheader(t("engagements", lang))
engagements = data.engagements_by_municipality(code)
if engagements.empty:
    st.write(t("none_yet", lang))
else:
    st.dataframe(
        engagements.assign(held_on=[date_label(d.date(), lang) for d in engagements["held_on"]]),
        hide_index=True,
        width="stretch",
    )
