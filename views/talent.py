"""人材支援の希望 (served at /talent): who wants support through digital talent, on a map and in a list."""

import streamlit as st

from dashboard import shell
from dashboard.panels import figures as figure_panel
from dashboard.panels import mapview
from dashboard.readers import talent as talent_readers
from liaison import figures
from liaison.i18n import t
from liaison.mapdeck import legend_html

context = shell.current()
lang = context.lang
st.title(t("talent_page", lang))
st.caption(t("talent_caption", lang))

only_wanted = not st.toggle(t("talent_show_all", lang), key="talent_show_all")
made = talent_readers.view(context.fiscal_year, context.as_of, context.region_id, lang, only_wanted)
subject = figures.PREFECTURE if context.region_id is None else figures.region_subject(context.region_id)
tiles = st.columns(2)
figure_panel.tile(tiles[0], "talent_support_wanted", made.wanted, subject=subject, lang=lang, where="talent")
tiles[1].metric(t("talent_heard", lang), f"{made.heard:,}")

# The map the width of the page (a narrow column cut off the north of 但馬), the list below it
picture, legend = talent_readers.wish_picture(context.fiscal_year, context.as_of, lang, context.region_id)
mapview.show(picture, key="talent_map_chart", height=640, lang=lang)
st.markdown(legend_html(legend, figures.get("talent_support_wish").label(lang)), unsafe_allow_html=True)
if made.table.empty:
    st.info(t("talent_none", lang))
else:
    event = st.dataframe(
        made.table,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="talent_table",
    )
    rows = (event or {}).get("selection", {}).get("rows", [])
    if rows and 0 <= rows[0] < len(made.codes):
        st.switch_page(
            "views/profile.py",
            query_params=shell.link_params({"code": made.codes[rows[0]], "fy": str(context.fiscal_year)}),
        )
