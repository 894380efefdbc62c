"""The import's mapping step: one selectbox per column of a file in its own format, pre-filled."""

from __future__ import annotations

import streamlit as st

from liaison import safe_text
from liaison.i18n import t
from liaison.records import header_map
from liaison.records.column_maps import Remembered
from liaison.records.header_map import HeaderMap
from liaison.records.import_format import COLUMNS

SKIP = ""  # the selectbox value of 取り込まない (a widget value must be plain and hashable)
PER_ROW = 3


def mapping_step(start: HeaderMap, remembered: Remembered | None, key: str, lang: str) -> HeaderMap:
    """Let the user map each file column (suggestion or remembered mapping first); returns the choice.

    Every header text comes from the user's file and is escaped before Streamlit renders it as Markdown.
    """
    kind = start.kind
    st.subheader(t("admin_map_title", lang))
    st.caption(t("admin_map_note", lang))
    if remembered is not None:
        st.info(
            t("admin_map_remembered", lang).format(
                saved_at=remembered.saved_at.strftime("%Y-%m-%d %H:%M"),
                saved_by=safe_text.markdown(remembered.saved_by),
            )
        )
    options = [SKIP, *(column.name for column in COLUMNS[kind])]

    def label(name: str) -> str:
        if name == SKIP:
            return t("admin_map_skip", lang)
        return next(f"{c.header(kind)}{' *' if c.required else ''}" for c in COLUMNS[kind] if c.name == name)

    targets: list[str | None] = []
    cells = st.columns(PER_ROW)
    for at, target in enumerate(start.targets):
        shown = header_map.shown_header(start.headers, at)
        chosen = cells[at % PER_ROW].selectbox(
            t("admin_map_column", lang).format(header=safe_text.markdown(shown)),
            options,
            index=options.index(target or SKIP),
            format_func=label,
            key=f"{key}_{at}",
        )
        targets.append(chosen or None)
    chosen_map = start.with_targets(targets)
    unmapped = chosen_map.unmapped()
    if unmapped:
        listed = "、".join(f"「{safe_text.markdown(name)}」" for name in unmapped)
        st.warning(t("admin_map_unmapped", lang).format(columns=listed))
    else:
        st.caption(t("admin_map_all_mapped", lang))
    missing = [c.header(kind) for c in COLUMNS[kind] if c.required and c.name not in targets]
    if missing:
        st.error(t("admin_map_missing", lang).format(columns="、".join(missing)))
    return chosen_map
