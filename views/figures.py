"""数字の定義 (/figures): the figure catalogue as a table — every number's name, definition and source query."""

import pandas as pd
import streamlit as st

from dashboard import shell
from liaison import figures
from liaison.i18n import t
from liaison.visits import DEFAULT_OVERDUE_DAYS

context = shell.current()
lang = context.lang

st.title(t("figures_page", lang))
st.caption(t("figures_intro", lang))
catalogue = pd.DataFrame(
    {
        t("figures_col_name", lang): [
            f.label(lang, days=DEFAULT_OVERDUE_DAYS) for f in figures.FIGURES.values()
        ],
        t("figures_col_definition", lang): [
            f.help(lang, days=DEFAULT_OVERDUE_DAYS) for f in figures.FIGURES.values()
        ],
        t("figures_col_query", lang): [f"queries/{f.query}.sql" for f in figures.FIGURES.values()],
    }
)
st.dataframe(catalogue, hide_index=True, width="stretch", row_height=56)
