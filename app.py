"""Router: page config, the shared sidebar, navigation. No queries or charts here."""

import streamlit as st

from dashboard import shell
from liaison.i18n import t

st.set_page_config(page_title="兵庫県 DX推進リエゾン", layout="wide")
context = shell.sidebar()
page = st.navigation(
    [
        st.Page("views/map.py", title=t("page_map", context.lang), default=True),
        st.Page("views/municipality.py", title=t("page_municipality", context.lang), url_path="municipality"),
        st.Page("views/seminar.py", title=t("seminar_page", context.lang), url_path="seminar"),
    ]
)
shell.demo_notice(context)
page.run()
shell.footer(context)
