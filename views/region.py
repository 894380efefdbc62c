"""圏域: one region's municipalities (visits per department, open consultations, readiness), liaisons and map.

/region?region=tajima&overdue=60 opens a region with N = 60; a row or a polygon opens the profile.
"""

import streamlit as st

from dashboard import shell
from dashboard.panels import downloads, mapview
from dashboard.panels import figures as figure_panel
from dashboard.panels.overdue import column_config, due_tile, overdue_days_input
from dashboard.readers import map as map_readers
from dashboard.readers import reference
from dashboard.readers import region as region_readers
from liaison import figures
from liaison import map as map_builders
from liaison.i18n import t
from liaison.mapdeck import legend_html

MAP_METRIC = "days_since_last_visit"
SEEN_SIDEBAR = "region_seen_sidebar"  # the sidebar's region at the previous run of this page

context = shell.current()
lang = context.lang
regions = region_readers.liaison_regions()  # {region_id: (name_ja, name_en, office_ja)}
if not regions:
    st.info(t("region_none", lang))
    st.stop()

# Arriving: a region from the URL (a shared link), else the sidebar's, else the last one shown here.
if "region_region" not in st.session_state:
    wanted = (
        st.query_params.get("region"),
        context.region_id,
        st.session_state.get(shell.SAVED + "region_region"),
    )
    st.session_state["region_region"] = next((r for r in wanted if r in regions), next(iter(regions)))
    st.session_state[SEEN_SIDEBAR] = context.region_id
# Staying: a region newly chosen in the sidebar is followed here.
elif context.region_id != st.session_state.get(SEEN_SIDEBAR):
    st.session_state[SEEN_SIDEBAR] = context.region_id
    if context.region_id in regions:
        st.session_state["region_region"] = context.region_id


def _follow_in_sidebar() -> None:
    """A region picked on this page becomes the sidebar's too, so other pages show the same region."""
    st.session_state["sidebar_region"] = st.session_state["region_region"]
    st.session_state[SEEN_SIDEBAR] = st.session_state["region_region"]


st.title(t("region_page", lang))
name_index = 1 if lang == "en" else 0
region_id = st.selectbox(
    t("region_choose", lang),
    list(regions),
    key="region_region",
    format_func=lambda r: regions[r][name_index],
    on_change=_follow_in_sidebar,
    width=320,
)
shell.save("region_region")
overdue_days = overdue_days_input("region_overdue_days", lang)
st.query_params.update({"region": region_id, "fy": str(context.fiscal_year)})

view, liaisons = region_readers.region_view(context.fiscal_year, context.as_of, region_id, overdue_days, lang)
subject = figures.region_subject(region_id)
tiles = st.columns(4)
for column, key, value in (
    (tiles[0], "municipalities", view.municipalities),
    (tiles[1], "visits_fy", view.visits_fy),
    (tiles[2], "open_all", view.open_consultations),
):
    figure_panel.tile(column, key, value, subject=subject, lang=lang, where="region")
due_tile(tiles[3], view.due, view.slots, subject=subject, lang=lang, where="region", days=overdue_days)
figure_panel.record_table(view.table, lang, "region table")

name, office = regions[region_id][name_index], regions[region_id][2]
# English has no name for the 県民局 / 県民センター: the region's English name stands alone (as on the profile).
st.subheader(name if lang == "en" else f"{name}（{office}）")
event = st.dataframe(
    view.table.frame,
    hide_index=True,
    column_config=column_config(view.table),
    on_select="rerun",
    selection_mode="single-row",
    key="region_table",
    placeholder="—",
)
st.caption(t("region_table_hint", lang))
downloads.export_buttons(view.table.frame, f"region_{region_id}_{context.fiscal_year}", "region_export", lang)
rows = (event or {}).get("selection", {}).get("rows", [])
if rows and 0 <= rows[0] < len(view.table.codes):
    st.switch_page(
        "views/profile.py",
        query_params=shell.link_params({"code": view.table.codes[rows[0]], "fy": str(context.fiscal_year)}),
    )

st.subheader(t("region_liaisons", lang))
st.dataframe(liaisons, hide_index=True, row_height=35, height=35 * (liaisons.num_rows + 1) + 3)
st.caption(t("region_liaisons_hint", lang))

st.subheader(t("region_map", lang))
picture, legend = map_readers.map_picture(context.fiscal_year, context.as_of, MAP_METRIC, lang, region_id)
clicked = mapview.show(picture, key="region_map", height=640, lang=lang, clickable=True)
st.markdown(legend_html(legend, map_builders.get(MAP_METRIC).label(lang)), unsafe_allow_html=True)
st.caption(t("region_map_hint", lang))
if clicked:
    code = clicked["code"]
    if code in reference.municipality_codes():
        st.switch_page(
            "views/profile.py", query_params=shell.link_params({"code": code, "fy": str(context.fiscal_year)})
        )
