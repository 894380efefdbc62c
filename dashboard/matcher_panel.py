"""The 事例紹介 panel: "who has solved this", shown on the profile page and the consultation detail."""

from __future__ import annotations

import streamlit as st

from dashboard import planner_data, shell
from liaison import matcher, planner_view
from liaison.i18n import t


def show_similar_cases(code: str, field_id: str | None, lang: str, key_prefix: str) -> None:
    """Draw the ranked candidates for municipality `code` in `field_id`.

    With `field_id` None a field picker is shown first, defaulting to the municipality's most frequent
    open-consultation field. Case titles are user text: they are shown in st.dataframe, never as HTML.
    """
    context = shell.current()
    if field_id is None:
        fields = planner_data.consultation_fields(code)
        options = list(fields["field_id"])
        if not options:
            return
        labels = dict(zip(fields["field_id"], fields["name_en" if lang == "en" else "name_ja"], strict=True))
        open_counts = dict(zip(fields["field_id"], fields["open_consultations"], strict=True))
        default = matcher.default_field(fields)

        def label(option: str) -> str:
            count = int(open_counts[option])
            if not count:
                return labels[option]
            return (
                f"{labels[option]}（未完了{count}件）" if lang == "ja" else f"{labels[option]} ({count} open)"
            )

        field_id = st.selectbox(
            t("matcher_field", lang),
            options,
            index=options.index(default),
            format_func=label,
            key=f"{key_prefix}_matcher_field_{code}",  # per municipality: each opens on its own default
        )

    ranked = planner_data.similar_cases(code, field_id, context.fiscal_year)
    items = matcher.ITEM_SEPARATORS[lang].join(
        matcher.t_item(item, lang) for item in matcher.related_items(field_id)
    )
    if ranked.empty:
        st.info(t("matcher_none", lang))
    else:
        table = planner_view.matcher_table(ranked, lang)
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            key=f"{key_prefix}_matcher_table",
            column_config={
                t("matcher_col_similarity", lang): st.column_config.ProgressColumn(
                    format="%.2f", min_value=0.0, max_value=1.0, width="small"
                ),
                t("matcher_col_reasons", lang): st.column_config.TextColumn(width="large"),
                t("matcher_col_cases", lang): st.column_config.ListColumn(width="large"),
            },
        )
    st.caption(t("matcher_caption", lang).format(items=items))
