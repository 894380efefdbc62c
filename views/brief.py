"""訪問前ブリーフィング (served at /brief?code=282189&overdue=90): one municipality on one page before a visit."""

import streamlit as st

from dashboard import shell, visibility
from dashboard.panels import figures as figure_panel
from dashboard.readers import brief as brief_readers
from dashboard.readers import reference
from liaison import brief_pdf, figures, safe_text
from liaison.i18n import t

context = shell.current()
lang = context.lang
st.title(t("brief_page", lang))

munis = reference.municipalities()
munis = munis[munis["is_liaison_target"]].set_index("code")
overdue_text = st.query_params.get("overdue", "90")
if not overdue_text.isdigit() or not 7 <= int(overdue_text) <= 365:
    st.error(t("brief_overdue_invalid", lang).format(value=safe_text.markdown(overdue_text)))
    st.stop()
overdue_days = int(overdue_text)
code = shell.municipality_from_url(munis, t("brief_choose", lang), "brief_choice", lang)

st.query_params.update({"code": code, "overdue": str(overdue_days)})
made = brief_readers.brief(code, context.fiscal_year, context.as_of, overdue_days, lang)
links = st.columns(3)
links[0].page_link(
    "views/profile.py", label=t("page_municipality", lang), query_params=shell.link_params({"code": code})
)
if visibility.may(shell.PAGE_PERMISSIONS["planner"]):  # the planner is not every role's page
    links[1].page_link("views/planner.py", label=t("planner_title", lang), query_params=shell.link_params())
st.subheader(made.title)
st.caption(f"{made.subtitle}　/　{t('brief_overdue', lang)}: {overdue_days}")
st.caption(t("brief_caption", lang))
if made.restricted:
    st.info(t("brief_restricted", lang))

subject = figures.municipality_subject(code)
columns = [column for _ in range(2) for column in st.columns(3)]  # two rows: the names stay whole
for column, (key, label, text) in zip(columns, made.tiles, strict=True):
    if key in made.tile_values:
        figure_panel.tile(column, key, made.tile_values[key], subject=subject, lang=lang, where="brief")
    else:
        column.metric(label, text)

try:
    pdf = brief_readers.brief_pdf_bytes(code, context.fiscal_year, context.as_of, overdue_days, lang)
except brief_pdf.PdfUnavailable as missing:
    links[2].info(str(missing))
else:
    links[2].download_button(
        t("brief_download_pdf", lang),
        pdf,
        file_name=f"brief_{code}_{context.as_of.isoformat()}.pdf",
        mime="application/pdf",
        key="brief_download_pdf",
        on_click="ignore",
    )

st.subheader(t("brief_points", lang))
if not made.points:
    st.write(t("brief_no_points", lang))
for point in made.points:
    detail = f"  \n{safe_text.markdown(point.detail)}" if point.detail else ""
    st.markdown(f"**{safe_text.markdown(point.rule_name)}**　{safe_text.markdown(point.text)}{detail}")


def section(heading: str, frame, note: str = "") -> None:
    st.subheader(heading)
    if note:
        st.caption(note)
    shown = frame.drop(columns=[c for c in ("department_id",) if c in frame.columns])
    if shown.empty:
        st.write(t("brief_none", lang))
    else:
        st.dataframe(shown, hide_index=True, width="stretch")


section(t("brief_open_cases", lang), made.open_cases)
section(t("brief_visits", lang), made.visits)
left, right = st.columns(2)
with left:
    st.subheader(t("brief_readiness", lang))
    for label, text in made.readiness:
        st.markdown(f"- {safe_text.markdown(label)}: **{safe_text.markdown(text)}**")
with right:
    section(t("brief_weakest", lang), made.weakest)
left, right = st.columns(2)
with left:
    section(
        t("brief_top_contacts", lang),
        made.top_contacts,
        t("brief_top_contacts_count", lang).format(count=made.top_contacts_count, level=made.relationship),
    )
with right:
    section(
        t("brief_referrals", lang),
        made.referrals,
        t("brief_referrals_count", lang).format(count=made.referrals_count),
    )
if not made.restricted:
    section(t("brief_peers", lang), made.peers)
st.subheader(t("brief_talent", lang))
st.write(safe_text.markdown(made.talent_support))
