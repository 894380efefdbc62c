"""県内マップ: the 41 municipalities coloured by a chosen metric, KPIs above, click to drill down."""

import streamlit as st

from dashboard import shell
from dashboard.readers import map as map_readers
from dashboard.readers import reference
from liaison import map as map_builders
from liaison.i18n import localized, t
from liaison.mapdeck import MUNICIPALITY_LAYER, legend_html

context = shell.current()
lang = context.lang

shell.seed("map_metric", map_builders.get(st.query_params.get("metric")).key)
summary = map_readers.headline(context.fiscal_year, context.as_of, context.region_id)

st.title(t("app_title", lang))
tiles = st.columns(5)
tiles[0].metric(t("kpi_consultations", lang), f"{summary.consultations_fy:,}")
tiles[1].metric(t("kpi_open", lang), f"{summary.open_consultations:,}")
tiles[2].metric(t("kpi_visits", lang), f"{summary.visits_fy:,}")
tiles[3].metric(t("kpi_not_visited", lang), f"{summary.not_visited_90_days} / {summary.municipalities}")
tiles[4].metric(
    t("kpi_readiness", lang), "—" if summary.mean_readiness is None else f"{summary.mean_readiness:.2f}"
)

metric_key = st.selectbox(
    t("metric", lang),
    list(map_builders.METRICS),
    key="map_metric",
    format_func=lambda key: map_builders.METRICS[key].label(lang),
)
shell.save("map_metric")
st.query_params["metric"] = metric_key
st.query_params["fy"] = str(context.fiscal_year)
if context.region_id:  # a filtered map can be shared as a link
    st.query_params["region"] = context.region_id
else:
    st.query_params.pop("region", None)
metric = map_builders.get(metric_key)

deck, legend = map_readers.map_deck(context.fiscal_year, context.as_of, metric_key, lang, context.region_id)
event = st.pydeck_chart(
    deck, on_select="rerun", selection_mode="single-object", key="map_selection", height=640
)
st.markdown(legend_html(legend, metric.label(lang)), unsafe_allow_html=True)
st.caption(t("map_hint", lang))

objects = (event or {}).get("selection", {}).get("objects", {}).get(MUNICIPALITY_LAYER, [])
if objects:
    clicked = objects[0].get("properties", objects[0]).get("code")
    if clicked in reference.municipality_codes():
        st.switch_page(
            "views/profile.py",
            query_params={"code": clicked, "metric": metric_key, "fy": str(context.fiscal_year)},
        )

if st.toggle("市町別の値を表で表示" if lang == "ja" else "Show values as a table", key="map_show_table"):
    name_col = localized("name", lang)
    region_col = localized("region_name", lang)
    frame = map_readers.municipality_metrics(context.fiscal_year, context.as_of)
    rows = frame if context.region_id is None else frame[frame["region_id"] == context.region_id]
    table = rows[[name_col, region_col]].copy()
    table[metric.label(lang)] = [
        metric.format(v, lang) if target else "対象外"
        for v, target in zip(rows[metric_key], rows["is_liaison_target"], strict=True)
    ]
    st.dataframe(table, hide_index=True, width="stretch")
