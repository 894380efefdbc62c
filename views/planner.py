"""次回訪問プランナー: municipalities ranked for the next visit, by region or by liaison, with the reasons."""

import streamlit as st

from dashboard import data, planner_data, shell
from liaison import planner_view
from liaison.i18n import t

ALL = shell.ALL_REGIONS
context = shell.current()
lang = context.lang
en = lang == "en"

st.title(t("planner_title", lang))
st.caption(t("planner_caption", lang))

regions = data.regions()
regions = regions[regions["is_liaison_region"]]
region_names = dict(zip(regions["region_id"], regions["name_en" if en else "name_ja"], strict=True))
liaisons = planner_data.active_liaisons()
liaison_rows = {row["liaison_id"]: row for row in liaisons.to_dict("records")}

# The region picker follows the sidebar's 圏域 until the user picks another one here.
sidebar_region = context.region_id or ALL
if (
    "planner_region" not in st.session_state
    or st.session_state.get("planner_sidebar_region") != sidebar_region
):
    st.session_state["planner_region"] = sidebar_region
st.session_state["planner_sidebar_region"] = sidebar_region
regional = [r["liaison_id"] for r in liaison_rows.values() if r["region_id"] == context.region_id]
shell.seed("planner_scope", "region")
shell.seed("planner_liaison", regional[0] if regional else next(iter(liaison_rows), None))
shell.seed("planner_overdue_days", 90)
if st.session_state["planner_liaison"] not in liaison_rows:  # e.g. that liaison is no longer active
    st.session_state["planner_liaison"] = next(iter(liaison_rows), None)

left, middle, right = st.columns([1, 2, 1])
scope = left.radio(
    t("planner_scope", lang),
    ["region", "liaison"],
    format_func=lambda s: t(f"planner_scope_{s}", lang),
    key="planner_scope",
    horizontal=True,
)
region_id = liaison_id = None
if scope == "region":
    choice = middle.selectbox(
        t("planner_region", lang),
        [ALL, *region_names],
        format_func=lambda r: t("all_regions", lang) if r == ALL else region_names[r],
        key="planner_region",
    )
    region_id = None if choice == ALL else choice
else:
    liaison_id = middle.selectbox(
        t("planner_liaison", lang),
        list(liaison_rows),
        format_func=lambda i: planner_view.liaison_label(liaison_rows[i], lang),
        key="planner_liaison",
    )
overdue_days = right.number_input(
    t("planner_overdue_days", lang), min_value=7, max_value=365, step=10, key="planner_overdue_days"
)
for key in ("planner_scope", "planner_liaison", "planner_overdue_days"):
    if key in st.session_state:
        shell.save(key)

if scope == "liaison" and liaison_id is None:
    st.info(t("planner_none", lang))
    st.stop()
ranked = planner_data.next_visits(
    context.fiscal_year, context.as_of, region_id, liaison_id, int(overdue_days)
)
if ranked.empty:
    st.info(t("planner_none", lang))
    st.stop()

tiles = st.columns(3)
tiles[0].metric(t("planner_count", lang), f"{len(ranked)}")
tiles[1].metric(t("planner_needing_visit", lang), f"{int((ranked['score'] > 0).sum())}")
tiles[2].metric(t("planner_top", lang), ranked.iloc[0]["name_en" if en else "name_ja"])

table = planner_view.planner_table(ranked, lang)
event = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="planner_table",
    column_config={
        t("planner_col_rank", lang): st.column_config.NumberColumn(width="small"),
        t("planner_col_score", lang): st.column_config.NumberColumn(format="%.2f", width="small"),
        t("planner_col_reasons", lang): st.column_config.TextColumn(width="large"),
    },
)
st.caption(t("planner_weights", lang))

rows = (event or {}).get("selection", {}).get("rows", [])
if rows and 0 <= rows[0] < len(ranked):
    st.switch_page(
        "views/municipality.py",
        query_params={"code": ranked.iloc[rows[0]]["code"], "fy": str(context.fiscal_year)},
    )
