"""県内マップ: the 41 municipalities (or the 圏域) coloured by a chosen metric, KPIs above, click to drill down."""

import streamlit as st

from dashboard import shell
from dashboard.panels import figures as figure_panel
from dashboard.panels import mapview
from dashboard.readers import map as map_readers
from dashboard.readers import reference
from liaison import figures
from liaison import map as map_builders
from liaison.i18n import t
from liaison.mapdeck import BY_MUNICIPALITY, BY_REGION, legend_html

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
shell.seed("map_by", BY_REGION if st.query_params.get("by") == BY_REGION else BY_MUNICIPALITY)
by = st.segmented_control(
    t("map_by", lang),
    [BY_MUNICIPALITY, BY_REGION],
    key="map_by",
    required=True,
    format_func=lambda choice: t(f"map_by_{choice}", lang),
)
shell.save("map_by")
st.query_params["metric"] = metric_key
st.query_params["fy"] = str(context.fiscal_year)
if by == BY_REGION:
    st.query_params["by"] = BY_REGION
else:
    st.query_params.pop("by", None)
if context.region_id:  # a filtered map can be shared as a link
    st.query_params["region"] = context.region_id
else:
    st.query_params.pop("region", None)
metric = map_builders.get(metric_key)
frame = map_readers.municipality_metrics(context.fiscal_year, context.as_of)

picture, legend = map_readers.map_picture(
    context.fiscal_year, context.as_of, metric_key, lang, context.region_id, by
)
map_area, ranking_area = st.columns([3, 2]) if by == BY_REGION else (st.container(), None)
with map_area:
    clicked = mapview.show(picture, key="map_selection", height=640, lang=lang, clickable=True)
    st.markdown(legend_html(legend, metric.label(lang)), unsafe_allow_html=True)
    st.caption(t("map_region_hint" if by == BY_REGION else "map_hint", lang))

if ranking_area is not None:
    with ranking_area:
        st.subheader(t("map_ranking", lang))
        st.caption(metric.region_label(lang))
        ranked = map_builders.by_region(frame, metric)
        figure_panel.record_column(
            metric.region_figure,
            map(figures.region_subject, ranked["region_id"]),
            ranked["value"],
            lang,
            "map ranking",
        )
        ranking = map_builders.region_table(ranked, metric, lang)
        columns = ["rank", "region", "value", "members"]
        if (ranking["counted"] < ranking["members"]).any():  # only when some member has no value
            columns.append("counted")
        st.dataframe(
            ranking,
            hide_index=True,
            width="stretch",
            key="map_ranking",
            placeholder="—",
            column_order=columns,
            column_config={
                "rank": st.column_config.NumberColumn(t("map_col_rank", lang), format="%d", width=48),
                "region": st.column_config.TextColumn(t("map_col_region", lang), width=120),
                "value": st.column_config.NumberColumn(
                    t("map_col_value", lang),
                    format=metric.number_format(lang),
                    help=figures.get(metric.region_figure).tooltip(lang),
                    width=80,
                ),
                "members": st.column_config.NumberColumn(t("map_col_members", lang), format="%d", width=100),
                "counted": st.column_config.NumberColumn(t("map_col_counted", lang), format="%d", width=90),
            },
        )
        st.caption(t(f"map_aggregate_{metric.aggregate}", lang))

if clicked:
    region_ids = reference.region_labels(lang)  # the liaison regions (not 神戸)
    if by == BY_REGION and clicked.get("region_id") in region_ids:
        st.switch_page(
            "views/region.py", query_params={"region": clicked["region_id"], "fy": str(context.fiscal_year)}
        )
    elif clicked.get("code") in reference.municipality_codes():
        st.switch_page(
            "views/profile.py",
            query_params={"code": clicked["code"], "metric": metric_key, "fy": str(context.fiscal_year)},
        )

if st.toggle(t("map_show_table", lang), key="map_show_table"):
    values = map_builders.value_table(frame, metric, lang, context.region_id)
    targets = frame if context.region_id is None else frame[frame["region_id"] == context.region_id]
    targets = targets[targets["is_liaison_target"].astype(bool)]
    figure_panel.record_column(
        metric.figure,
        map(figures.municipality_subject, targets["code"]),
        targets[metric_key],
        lang,
        "map table",
    )
    st.dataframe(
        values,
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config={
            "municipality": st.column_config.TextColumn(t("map_col_municipality", lang)),
            "region": st.column_config.TextColumn(t("map_col_region", lang)),
            "value": st.column_config.NumberColumn(
                metric.label(lang),
                format=metric.number_format(lang),
                help=figures.get(metric.figure).help(lang),
            ),
            "note": st.column_config.TextColumn(t("map_col_note", lang)),
        },
    )
    st.caption(t("map_table_note", lang))
