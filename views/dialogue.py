"""対話の組み立て (served at /dialogue): groups of 1–4 municipalities for a top-layer dialogue, scored with reasons."""

import streamlit as st

from dashboard import shell
from dashboard.readers import dialogue as dialogue_readers
from liaison import dialogue, safe_text
from liaison.i18n import t

context = shell.current()
lang = context.lang
st.title(t("dialogue_page", lang))
st.caption(t("dialogue_caption", lang))

shell.seed("dialogue_sizes", list(dialogue.DEFAULT_SIZES))
sizes = st.multiselect(t("dialogue_sizes", lang), [1, 2, 3, 4], key="dialogue_sizes")
shell.save("dialogue_sizes")
st.page_link(
    "views/seminar.py",
    label=t("dialogue_towns", lang),
    icon=":material/groups:",
    query_params=shell.link_params({"scope": "towns", "fy": str(context.fiscal_year)}),
)
if not sizes:
    st.info(t("dialogue_none", lang))
    st.stop()

found = dialogue_readers.suggestions(
    context.fiscal_year, context.as_of, context.region_id, tuple(sorted(sizes)), lang
)
if not found:
    st.info(t("dialogue_none", lang))
    st.stop()

for suggestion in found:
    with st.container(border=True):
        head, score = st.columns([4, 1])
        head.markdown(f"**{suggestion.rank}. {safe_text.markdown(suggestion.names)}**")
        score.metric(t("dialogue_col_score", lang), f"{suggestion.score:.2f}")
        parts = st.columns(len(suggestion.parts))
        for column, (part, value) in zip(parts, suggestion.parts.items(), strict=True):
            column.caption(f"{t(f'dialogue_part_{part}', lang)}: {value:.2f}")
        st.markdown("\n".join(f"- {safe_text.markdown(reason)}" for reason in suggestion.reasons))
        st.markdown(f"**{t('dialogue_agenda', lang)}**")
        st.markdown(
            "\n".join(f"{i}. {safe_text.markdown(line)}" for i, line in enumerate(suggestion.agenda, 1))
        )
        st.page_link(
            "views/seminar.py",
            label=t("dialogue_open_seminar", lang),
            icon=":material/slideshow:",
            query_params=shell.link_params(
                {
                    "scope": "municipalities",
                    "codes": ",".join(suggestion.codes),
                    "fy": str(context.fiscal_year),
                }
            ),
        )
