"""The 事例紹介 panel: "who has solved this", shown on the profile page and the consultation detail."""

from __future__ import annotations

import streamlit as st

from dashboard import shell
from dashboard.readers import matcher as matcher_readers
from liaison.i18n import t

ROW_HEIGHT = 68  # above 4rem Streamlit wraps cell text, so the reasons show in full


def show_similar_cases(code: str, field_id: str | None, lang: str, key_prefix: str) -> None:
    """Draw the ranked candidates for municipality `code` in `field_id`.

    With `field_id` None a field picker is shown first, defaulting to the municipality's most frequent
    open-consultation field. Case titles are user text: they are shown in st.dataframe, never as HTML.
    """
    context = shell.current()
    if field_id is None:
        choices = matcher_readers.field_choices(code, lang)
        if not choices.ids:
            return
        field_id = st.selectbox(
            t("matcher_field", lang),
            choices.ids,
            index=choices.ids.index(choices.default),
            format_func=choices.labels.get,
            key=f"{key_prefix}_matcher_field_{code}",  # per municipality: each opens on its own default
        )

    view = matcher_readers.matcher_view(code, field_id, context.fiscal_year, lang)
    if view.table.empty:
        st.info(t("matcher_none", lang))
    else:
        st.dataframe(
            view.table,
            hide_index=True,
            width="stretch",
            key=f"{key_prefix}_matcher_table",
            row_height=ROW_HEIGHT,
            height=38 + ROW_HEIGHT * len(view.table),
            column_config={
                t("matcher_col_rank", lang): st.column_config.NumberColumn(width=48),
                t("matcher_col_name", lang): st.column_config.TextColumn(width=90),
                t("matcher_col_similarity", lang): st.column_config.ProgressColumn(
                    format="%.2f", min_value=0.0, max_value=1.0, width=90
                ),
                t("matcher_col_reasons", lang): st.column_config.TextColumn(width=420),
                t("matcher_col_cases", lang): st.column_config.ListColumn(width=280),
            },
        )
    st.caption(view.caption)
