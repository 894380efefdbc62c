"""次回訪問プランナー: municipalities ranked for the next visit, by region or by liaison, with the reasons."""

import streamlit as st

from dashboard import auth, shell
from dashboard.panels import downloads
from dashboard.panels import figures as figure_panel
from dashboard.readers import planner as planner_readers
from dashboard.readers import reference
from liaison import figures
from liaison.i18n import localized, t

ALL = shell.ALL_REGIONS
ROW_HEIGHT = 76  # above 4rem Streamlit wraps cell text: three lines show every reason
HEIGHT = 720
context = shell.current()
lang = context.lang

st.title(t("planner_title", lang))
st.caption(t("planner_caption", lang))

regions = reference.regions()
regions = regions[regions["is_liaison_region"]]
region_names = dict(zip(regions["region_id"], regions[localized("name", lang)], strict=True))
liaisons = planner_readers.liaison_choices(lang)

# The region picker follows the sidebar's 圏域 until the user picks another one here.
sidebar_region = context.region_id or ALL
if (
    "planner_region" not in st.session_state
    or st.session_state.get("planner_sidebar_region") != sidebar_region
):
    st.session_state["planner_region"] = sidebar_region
st.session_state["planner_sidebar_region"] = sidebar_region
first_liaison = (liaisons.regional.get(context.region_id) or liaisons.ids or (None,))[0]
mine = auth.principal().liaison_id  # a liaison logged in plans their own visits first
if mine in liaisons.ids:
    first_liaison = mine
shell.seed("planner_scope", "region")
shell.seed("planner_liaison", first_liaison)
shell.seed("planner_overdue_days", 90)
if st.session_state["planner_liaison"] not in liaisons.ids:  # e.g. that liaison is no longer active
    st.session_state["planner_liaison"] = first_liaison

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
        t("planner_liaison", lang), liaisons.ids, format_func=liaisons.labels.get, key="planner_liaison"
    )
overdue_days = right.number_input(
    t("planner_overdue_days", lang), min_value=7, max_value=365, step=10, key="planner_overdue_days"
)
for key in ("planner_scope", "planner_liaison", "planner_overdue_days"):
    shell.save(key)

if scope == "liaison" and liaison_id is None:
    st.info(t("planner_none", lang))
    st.stop()
view = planner_readers.plan(
    context.fiscal_year, context.as_of, region_id, liaison_id, int(overdue_days), lang
)
if not view.codes:
    st.info(t("planner_none", lang))
    st.stop()

if liaison_id:  # one liaison's municipalities: a scope of its own
    subject = f"liaison:{liaison_id}"
else:
    subject = figures.PREFECTURE if region_id is None else figures.region_subject(region_id)
open_heading = figures.get("open_all").heading(lang)
figure_panel.record_column(
    "open_all", map(figures.municipality_subject, view.codes), view.table[open_heading], lang, "planner"
)
tiles = st.columns(3)
figure_panel.tile(tiles[0], "municipalities", len(view.codes), subject=subject, lang=lang, where="planner")
tiles[1].metric(t("planner_needing_visit", lang), f"{view.needing_visit}")
tiles[2].metric(t("planner_top", lang), view.top_name)

event = st.dataframe(
    view.table,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="planner_table",
    row_height=ROW_HEIGHT,
    height=min(HEIGHT, 38 + ROW_HEIGHT * len(view.codes)),
    column_config={
        t("planner_col_rank", lang): st.column_config.NumberColumn(width=48),
        t("planner_col_name", lang): st.column_config.TextColumn(width=90),
        t("planner_col_score", lang): st.column_config.NumberColumn(format="%.2f", width=64),
        t("planner_col_reasons", lang): st.column_config.TextColumn(width=440),
        t("planner_col_municipal_dx", lang): st.column_config.TextColumn(width=96),
        t("planner_col_community_dx", lang): st.column_config.TextColumn(width=96),
        open_heading: st.column_config.NumberColumn(width=72, help=figures.get("open_all").tooltip(lang)),
    },
)
downloads.export_buttons(view.table, "visit_plan", "planner_export", lang)
names = dict(zip(view.codes, view.table[t("planner_col_name", lang)], strict=True))
pick_col, link_col = st.columns([1, 2])
brief_code = pick_col.selectbox(
    t("brief_choose", lang), view.codes, format_func=names.get, key="planner_brief_code"
)
link_col.page_link(
    "views/brief.py",
    label=t("brief_open_for", lang).format(name=names[brief_code]),
    icon=":material/description:",
    query_params=shell.link_params(
        {"code": brief_code, "overdue": str(int(overdue_days)), "fy": str(context.fiscal_year)}
    ),
)
st.caption(t("planner_weights", lang))

rows = (event or {}).get("selection", {}).get("rows", [])
if rows and 0 <= rows[0] < len(view.codes):
    st.switch_page(
        "views/profile.py",
        query_params=shell.link_params({"code": view.codes[rows[0]], "fy": str(context.fiscal_year)}),
    )
