"""Router: page config, the shared sidebar, navigation. No queries or charts here."""

import streamlit as st

from dashboard import shell
from liaison.i18n import t

st.set_page_config(page_title="兵庫県 DX推進リエゾン", layout="wide")
context = shell.sidebar()
lang = context.lang
page = shell.navigation(
    {
        t("nav_overview", lang): [
            st.Page("views/map.py", title=t("page_map", lang), default=True),
            st.Page("views/profile.py", title=t("page_municipality", lang), url_path="municipality"),
        ],
        t("nav_work", lang): [
            st.Page("views/region.py", title=t("region_page", lang), url_path="region"),
            st.Page("views/consultations.py", title=t("page_consultations", lang), url_path="consultations"),
            st.Page("views/referrals.py", title=t("referrals_page", lang), url_path="referrals"),
            st.Page("views/visits.py", title=t("visits_page", lang), url_path="visits"),
            st.Page("views/planner.py", title=t("planner_title", lang), url_path="planner"),
            st.Page("views/brief.py", title=t("brief_page", lang), url_path="brief"),
            st.Page("views/digest.py", title=t("digest_page", lang), url_path="digest"),
        ],
        t("nav_analysis", lang): [
            st.Page("views/readiness.py", title=t("readiness_page", lang), url_path="readiness"),
            st.Page("views/relations.py", title=t("relations_page", lang), url_path="relations"),
            st.Page("views/talent.py", title=t("talent_page", lang), url_path="talent"),
            st.Page("views/seminar.py", title=t("seminar_page", lang), url_path="seminar"),
            st.Page("views/dialogue.py", title=t("dialogue_page", lang), url_path="dialogue"),
            st.Page("views/figures.py", title=t("figures_page", lang), url_path="figures"),
        ],
        t("nav_admin", lang): [
            st.Page("views/admin.py", title=t("page_data_admin", lang), url_path="admin"),
            st.Page("views/roster.py", title=t("roster_page", lang), url_path="roster"),
            st.Page("views/audit.py", title=t("audit_page", lang), url_path="audit"),
            st.Page("views/accounts.py", title=t("accounts_page", lang), url_path="accounts"),
        ],
    }
)
shell.follow_deep_link(page)
shell.demo_notice(context)
page.run()
shell.footer(context)
