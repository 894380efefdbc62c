"""関係部署への共有 (served at /digest?from=2025-11-24&to=2025-11-30&department=3): a period's digest for departments."""

from datetime import date

import streamlit as st

from dashboard import auth, shell
from dashboard.panels import downloads
from dashboard.readers import digest as digest_readers
from dashboard.readers import referrals as referral_readers
from liaison import brief_pdf, digest, safe_text
from liaison.access.rules import DEPARTMENT
from liaison.i18n import t

context = shell.current()
lang = context.lang
st.title(t("digest_page", lang))
st.caption(t("digest_caption", lang))
who = auth.principal()

default_from, default_to = digest.default_period(context.as_of)


def _day(name: str, fallback: date) -> date:
    text = st.query_params.get(name, "")
    try:
        return date.fromisoformat(text) if text else fallback
    except ValueError:
        st.error(f"{t(f'digest_{name}', lang)}: {safe_text.markdown(text)}")
        st.stop()


shell.seed("digest_from", _day("from", default_from))
shell.seed("digest_to", _day("to", default_to))
left, middle, right = st.columns(3)
date_from = left.date_input(t("digest_from", lang), key="digest_from", max_value=context.as_of)
date_to = middle.date_input(t("digest_to", lang), key="digest_to", max_value=context.as_of)
for key in ("digest_from", "digest_to"):
    shell.save(key)

department_id = None
if who.role == DEPARTMENT:
    if who.department_id is None:
        st.error(t("digest_no_department", lang))
        st.stop()
else:
    names = referral_readers.departments()
    names = names[names["is_active"]]
    choices = dict(zip(names["department_id"].astype(int), names["name_ja"], strict=True))
    asked = st.query_params.get("department", "")
    # 0 stands for every department: a None value would show Streamlit's own 「Choose an option」
    shell.seed("digest_department", int(asked) if asked.isdigit() and int(asked) in choices else 0)
    picked = right.selectbox(
        t("digest_department", lang),
        [0, *choices],
        format_func=lambda d: t("digest_all_departments", lang) if d == 0 else choices[d],
        key="digest_department",
    )
    shell.save("digest_department")
    department_id = picked or None

try:
    digest.check_period(date_from, date_to, context.as_of)
except ValueError as problem:
    st.error(str(problem))
    st.stop()
params = {"from": date_from.isoformat(), "to": date_to.isoformat()}
if department_id is not None:
    params["department"] = str(department_id)
st.query_params.update(params)

made = digest_readers.digest(date_from, date_to, department_id, lang)
if who.role == DEPARTMENT:
    st.subheader(t("digest_own_department", lang).format(name=who.display_name))
if made.restricted:
    st.info(t("digest_restricted", lang))
tiles = st.columns(len(made.counts))
for column, (kind, value) in zip(tiles, made.counts.items(), strict=True):
    column.metric(t(f"digest_kind_{kind}", lang), f"{value:,}")

for dimension, table in (
    ("region", made.by_region),
    ("field", made.by_field),
    ("department", made.by_department),
):
    st.subheader(t(f"digest_by_{dimension}", lang))
    st.dataframe(table, hide_index=True, width="stretch")

st.subheader(t("digest_events", lang))
st.dataframe(made.events, hide_index=True, width="stretch")
if note := digest.overdue_note(made, lang):
    st.caption(note)
part = (
    who.display_name
    if who.role == DEPARTMENT
    else t("digest_all_departments", lang)
    if department_id is None
    else choices[department_id]
)
buttons = st.columns(2)
buttons[0].download_button(
    t("digest_download_xlsx", lang),
    data=digest_readers.digest_xlsx(date_from, date_to, department_id, lang),
    file_name=f"digest_{date_from.isoformat()}_{date_to.isoformat()}.xlsx",
    mime=downloads.XLSX,
    key="digest_download_xlsx",
    on_click="ignore",
)
if buttons[1].button(t("digest_make_pdf", lang), key="digest_make_pdf"):
    try:
        st.session_state["digest_pdf"] = (
            params,
            digest_readers.digest_pdf(date_from, date_to, department_id, part, lang),
        )
    except brief_pdf.PdfUnavailable as missing:
        st.info(str(missing))
ready = st.session_state.get("digest_pdf")
if ready and ready[0] == params:
    buttons[1].download_button(
        t("digest_download_pdf", lang),
        ready[1],
        file_name=f"digest_{date_from.isoformat()}_{date_to.isoformat()}.pdf",
        mime="application/pdf",
        key="digest_download_pdf",
        on_click="ignore",
    )
