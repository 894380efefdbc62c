"""県内マップ: the 41 municipalities coloured by a chosen metric, KPIs above, click to drill down."""

import streamlit as st

from dashboard import shell
from dashboard.panels import figures as figure_panel
from dashboard.readers import map as map_readers
from dashboard.readers import reference
from liaison import figures
from liaison import map as map_builders
from liaison.i18n import localized, t
from liaison.mapdeck import MUNICIPALITY_LAYER, legend_html

context = shell.current()
lang = context.lang

shell.seed("map_metric", map_builders.get(st.query_params.get("metric")).key)
summary = map_readers.headline(context.fiscal_year, context.as_of, context.region_id)

st.title(t("app_title", lang))
subject = figures.PREFECTURE if context.region_id is None else figures.region_subject(context.region_id)
tiles = st.columns(5)
for column, key in zip(tiles, ("consultations_fy", "open_all", "visits_fy"), strict=False):
    figure_panel.tile(column, key, getattr(summary, key), subject=subject, lang=lang, where="map")
figure_panel.tile(
    tiles[3],
    "municipalities_due",
    summary.municipalities_due,
    subject=subject,
    lang=lang,
    where="map",
    of=summary.municipalities,
    days=summary.overdue_days,
)
figure_panel.tile(
    tiles[4], "readiness_latest_mean", summary.readiness_latest_mean, subject=subject, lang=lang, where="map"
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
