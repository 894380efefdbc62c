"""トップ層・情報提供: engagements with mayors and executives, relations per municipality, LoGoチャット pushes."""

import streamlit as st

from dashboard import shell, visibility
from dashboard.panels import corrections as corrections_panel
from dashboard.panels import figures as figure_panel
from dashboard.panels import forms, mapview
from dashboard.readers import relations as readers
from liaison import figures
from liaison.i18n import localized, t
from liaison.mapdeck import legend_html
from liaison.relations import (
    KINDS,
    followup_choices,
    followup_counts,
    followup_table,
    kind_label,
    push_log_table,
    timeline_table,
)

ALL_FIELDS = "all"  # a string, not None: a selectbox showing None shows a placeholder

context = shell.current()
lang, fiscal_year, region_id = context.lang, context.fiscal_year, context.region_id

st.title(t("relations_title", lang))
forms.show_flash()
# toggles, not expanders: a folded expander would still run its form
if visibility.writes("engagements") and st.toggle(
    t("relations_log_engagement", lang), key="relations_engagement_form_open"
):
    forms.new_engagement("relations_engagement_form")
if visibility.writes("chat_pushes") and st.toggle(
    t("relations_log_push", lang), key="relations_push_form_open"
):
    forms.new_push("relations_push_form")
if visibility.writes("engagements") and st.toggle(  # 修正・取り消し
    t("corrections_relations_section", lang), key="relations_correct_open"
):
    held = readers.engagements_timeline(fiscal_year, None)
    pushed = readers.chat_pushes_log(fiscal_year, None, None)
    engagement_tab, push_tab = st.tabs(
        [t("corrections_pick_engagement", lang), t("corrections_pick_push", lang)]
    )
    with engagement_tab:
        corrections_panel.pick_and_correct(
            "engagements",
            {int(e.engagement_id): f"{e.held_on:%Y-%m-%d} {e.title}" for e in held.itertuples()},
            t("corrections_pick_engagement", lang),
            "relations_correct_engagement",
        )
    with push_tab:
        corrections_panel.pick_and_correct(
            "chat_pushes",
            {int(p.push_id): f"{p.pushed_on:%Y-%m-%d} {p.title}" for p in pushed.itertuples()},
            t("corrections_pick_push", lang),
            "relations_correct_push",
        )

head = readers.relations_headline(fiscal_year, region_id)
subject = figures.PREFECTURE if region_id is None else figures.region_subject(region_id)
tiles = st.columns(4)
for column, key, value, of in (
    (tiles[0], "mayor_dialogue_municipalities", head.mayor_dialogues, head.municipalities),
    (tiles[1], "top_reached_municipalities", head.executives_reached, head.municipalities),
    (tiles[2], "engagements_fy", head.engagements, None),
    (tiles[3], "pushes_fy", head.pushes, None),
):
    figure_panel.tile(column, key, value, subject=subject, lang=lang, where="relations", of=of)

followups = readers.followups(region_id, context.as_of)
promised = followup_counts(followups)
tiles = st.columns(4)
figure_panel.tile(tiles[0], "open_followups", promised.open, subject=subject, lang=lang, where="relations")
figure_panel.tile(
    tiles[1], "overdue_followups", promised.overdue, subject=subject, lang=lang, where="relations"
)
if promised.overdue:
    st.warning(t("relations_followups_overdue", lang).format(count=promised.overdue))

view = shell.view_switch("relations", ["map", "timeline", "pushes", "followups"], lang)

if view == "map":
    st.subheader(t("relations_map", lang))
    picture, legend = readers.relationship_picture(fiscal_year, lang, region_id)
    mapview.show(picture, key="relations_map_chart", height=640, lang=lang)
    st.markdown(legend_html(legend, figures.get("relationship_level").label(lang)), unsafe_allow_html=True)
    st.caption(t("relations_map_caption", lang))
elif view == "timeline":
    st.subheader(t("relations_timeline", lang))
    shell.seed("relations_kinds", KINDS)
    kinds = st.multiselect(
        t("relations_kinds", lang), KINDS, key="relations_kinds", format_func=lambda k: kind_label(k, lang)
    )
    shell.save("relations_kinds")
    engagements = readers.engagements_timeline(fiscal_year, region_id)
    shown = engagements[engagements["kind"].isin(kinds)]
    if shown.empty:
        st.info(t("relations_none", lang))
    else:
        st.plotly_chart(
            readers.timeline_figure(fiscal_year, region_id, tuple(kinds), lang),
            key="relations_timeline_chart",
        )
        st.caption(t("relations_timeline_caption", lang))
        if st.toggle(t("relations_timeline_table", lang), key="relations_timeline_table"):
            st.dataframe(timeline_table(shown, lang), hide_index=True, width="stretch")
elif view == "followups":
    st.subheader(t("relations_followups", lang))
    st.caption(t("relations_followups_caption", lang))
    if visibility.writes("engagement_followups"):
        forms.complete_followup(followup_choices(followups, lang), "relations_followup_form")
    show_done = st.toggle(t("relations_followups_show_done", lang), key="relations_followups_show_done")
    shown = followups if show_done else followups[~followups["is_done"]]
    if shown.empty:
        st.info(t("relations_followups_none", lang))
    else:
        table = followup_table(shown, lang)
        overdue = shown["is_overdue"].to_numpy()
        st.dataframe(
            table.style.apply(
                lambda column: (
                    ["color: #b00020; font-weight: bold" if late else "" for late in overdue]
                    if column.name == t("relations_col_state", lang)
                    else [""] * len(column)
                )
            ),
            hide_index=True,
            width="stretch",
        )
else:
    st.subheader(t("relations_pushes", lang))
    st.caption(t("relations_pushes_caption", lang))
    by_field = readers.chat_pushes_by_field(fiscal_year, region_id)
    name_col = localized("field_name", lang)
    field_names = dict(zip(by_field["field_id"], by_field[name_col], strict=True))
    shell.seed("relations_field", ALL_FIELDS)
    choice = st.selectbox(
        t("relations_field", lang),
        [ALL_FIELDS, *field_names],
        key="relations_field",
        format_func=lambda f: t("relations_all_fields", lang) if f == ALL_FIELDS else field_names[f],
    )
    shell.save("relations_field")
    field_id = None if choice == ALL_FIELDS else choice
    st.plotly_chart(
        readers.pushes_figure(fiscal_year, region_id, field_id, lang), key="relations_pushes_chart"
    )
    st.markdown(f"**{t('relations_log', lang)}**")
    log = readers.chat_pushes_log(fiscal_year, region_id, field_id)
    if log.empty:
        st.write(t("relations_none", lang))
    else:
        st.dataframe(push_log_table(log, lang), hide_index=True, width="stretch", height=400)
