"""リエゾン名簿: the liaisons as people — section, assignments, contact, active from/to, open consultations
owned — with forms to add a person, edit one (and their assignments) and retire one with a handover."""

import streamlit as st

from dashboard import shell
from dashboard.panels import forms, roster_forms
from dashboard.readers import roster as roster_readers
from liaison import roster
from liaison.i18n import t

context = shell.current()
lang = context.lang

st.title(t("roster_page", lang))
people = roster_readers.people()
active = int(people["is_active"].sum())
st.caption(t("roster_caption", lang).format(active=active, retired=len(people) - active))
forms.show_flash()
show_retired = st.toggle(t("roster_show_retired", lang), value=True, key="roster_show_retired")
st.dataframe(roster.roster_table(people, lang, show_retired=show_retired), hide_index=True, placeholder="—")

add_tab, edit_tab, retire_tab = st.tabs(
    [t("roster_add", lang), t("roster_edit", lang), t("roster_retire", lang)]
)
with add_tab:
    roster_forms.add_person("roster_add")
with edit_tab:
    roster_forms.edit_person("roster_edit")
with retire_tab:
    roster_forms.retire_person("roster_retire")
