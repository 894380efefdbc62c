"""相談案件: filter the consultations, see them in charts, open one for its detail, history and updates.

Every filter lives in the URL (fy, from, to, region, muni, field, status, support, owner, q, id) so a
filtered view can be shared as a link.
"""

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import consultations_data as cdata
from dashboard import downloads, matcher_panel, record_forms, shell
from liaison import audit_view, safe_text
from liaison import consultation_charts as charts
from liaison.consultations_view import Filters
from liaison.fiscal import date_label, fiscal_year_label, fiscal_year_of
from liaison.i18n import t

CUSTOM = "custom"
CHARTS = ("field", "trend", "ageing", "support", "referrals")
DEFAULT_CHARTS = ["field", "trend"]
ANYONE = ""  # a string, not None: a selectbox showing None shows its placeholder instead
context = shell.current()
lang = context.lang
en = lang == "en"


def url_list(name: str, allowed) -> list:
    """A comma-separated URL parameter, keeping only allowed values."""
    raw = st.query_params.get(name, "")
    allowed = list(allowed)
    return [value for value in raw.split(",") if value in allowed]


def url_date(name: str) -> date | None:
    try:
        return date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return None


options = cdata.filter_options(context.region_id, lang, fiscal_year_of(context.as_of))
muni_names, field_names, liaison_names = options.municipalities, options.fields, options.liaisons
years = list(options.years)

st.title(t("page_consultations", lang))
record_forms.show_flash()
# A toggle, not an expander: an expander's content runs on every rerun even while folded.
if st.toggle(t("consultations_new", lang), key="consultations_new_open"):
    record_forms.new_consultation("consultations_new_form")

# --- filters (seeded from the URL on first visit, kept across page switches) ---
url_fy = st.query_params.get("fy")
period_default = CUSTOM if url_fy == CUSTOM else context.fiscal_year
shell.seed("consultations_period", period_default)
shell.seed("consultations_muni", url_list("muni", muni_names))
shell.seed("consultations_field", url_list("field", field_names))
shell.seed("consultations_status", url_list("status", charts.STATUSES))
shell.seed("consultations_support", url_list("support", charts.SUPPORT_TYPES))
shell.seed(
    "consultations_owner",
    st.query_params.get("owner") if st.query_params.get("owner") in liaison_names else ANYONE,
)
shell.seed("consultations_text", st.query_params.get("q", ""))
url_charts = st.query_params.get("charts")
shell.seed(
    "consultations_charts",
    DEFAULT_CHARTS if url_charts is None else [c for c in url_charts.split(",") if c in CHARTS],
)
# A municipality chosen before the sidebar region changed is dropped rather than left invisible.
st.session_state["consultations_muni"] = [
    c for c in st.session_state["consultations_muni"] if c in muni_names
]

row1 = st.columns([1, 2, 2, 2])
period = row1[0].selectbox(
    t("consultations_period", lang),
    [*years, CUSTOM],
    key="consultations_period",
    format_func=lambda y: (
        t("consultations_custom_period", lang) if y == CUSTOM else fiscal_year_label(y, lang)
    ),
)
if period == CUSTOM:
    start = url_date("from") or date(fiscal_year_of(context.as_of), 4, 1)
    end = url_date("to") or context.as_of
    shell.seed("consultations_dates", (start, end))
    picked = row1[0].date_input(t("consultations_date_range", lang), key="consultations_dates")
    shell.save("consultations_dates")
    date_from, date_to = (picked[0], picked[-1]) if picked else (start, end)
    trend_from = date_from
else:
    date_from, date_to = date(period, 4, 1), min(date(period + 1, 3, 31), context.as_of)
    trend_from = date(period - 1, 4, 1)  # the trend compares with the previous 年度

chosen_munis = row1[1].multiselect(
    t("consultations_municipality", lang),
    list(muni_names),
    key="consultations_muni",
    format_func=muni_names.get,
    placeholder=t("consultations_any", lang),
)
chosen_fields = row1[2].multiselect(
    t("consultations_field", lang),
    list(field_names),
    key="consultations_field",
    format_func=field_names.get,
    placeholder=t("consultations_any", lang),
)
chosen_statuses = row1[3].multiselect(
    t("consultations_status", lang),
    charts.STATUSES,
    key="consultations_status",
    format_func=lambda s: charts.status_label(s, lang),
    placeholder=t("consultations_any", lang),
)
for key in ("consultations_period", "consultations_muni", "consultations_field", "consultations_status"):
    shell.save(key)

# Support type, owner and free text: folded away unless asked for (or given in the link), since
# every widget drawn costs each rerun. Folded means "not filtering".
shell.seed("consultations_more", any(st.query_params.get(name) for name in ("support", "owner", "q")))
chosen_support, owner, text = [], None, ""
if st.toggle(t("consultations_more_filters", lang), key="consultations_more"):
    row2 = st.columns([2, 2, 3])
    chosen_support = row2[0].multiselect(
        t("consultations_support", lang),
        charts.SUPPORT_TYPES,
        key="consultations_support",
        format_func=lambda s: charts.SUPPORT_EN[s] if en else s,
        placeholder=t("consultations_any", lang),
    )
    owner = (
        row2[1].selectbox(
            t("consultations_owner", lang),
            [ANYONE, *liaison_names],
            key="consultations_owner",
            format_func=lambda i: liaison_names.get(i, t("consultations_any", lang)),
        )
        or None
    )
    text = row2[2].text_input(t("consultations_text", lang), key="consultations_text", max_chars=100).strip()
    for key in ("consultations_support", "consultations_owner", "consultations_text"):
        shell.save(key)
shell.save("consultations_more")

params = {
    "fy": CUSTOM if period == CUSTOM else str(period),
    "from": date_from.isoformat() if period == CUSTOM else None,
    "to": date_to.isoformat() if period == CUSTOM else None,
    "region": context.region_id,
    "muni": ",".join(chosen_munis) or None,
    "field": ",".join(chosen_fields) or None,
    "status": ",".join(chosen_statuses) or None,
    "support": ",".join(chosen_support) or None,
    "owner": owner,
    "q": text or None,
}
for name, value in params.items():  # only changes are written: each write is a message to the browser
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value

filters = Filters(
    date_from=date_from,
    date_to=date_to,
    trend_from=trend_from,
    region_id=context.region_id,
    codes=tuple(chosen_munis),
    field_ids=tuple(chosen_fields),
    statuses=tuple(chosen_statuses),
    support_types=tuple(chosen_support),
    owner_id=owner,
    text=text or None,
)
view = cdata.view(filters, context.as_of, lang)

# --- headline counts ---
tiles = st.columns(4)
tiles[0].metric(t("consultations_count", lang), f"{view.total:,}")
tiles[1].metric(t("consultations_open", lang), f"{view.open:,}")
tiles[2].metric(t("consultations_over_90", lang), f"{view.open_over_90:,}")
tiles[3].metric(t("consultations_closed", lang), f"{view.closed:,}")

if view.total == 0:
    st.info(t("consultations_none", lang))
else:
    # --- charts: the reader picks which (each drawn chart costs every rerun); the choice is in the URL ---
    chart_names = {name: t(f"consultations_chart_{name}", lang) for name in CHARTS if name in view.figures}
    st.session_state["consultations_charts"] = [
        c for c in st.session_state["consultations_charts"] if c in chart_names
    ]
    chosen_charts = st.segmented_control(
        t("consultations_charts", lang),
        list(chart_names),
        selection_mode="multi",
        format_func=chart_names.get,
        key="consultations_charts",
    )
    shell.save("consultations_charts")
    if st.query_params.get("charts") != (",".join(chosen_charts) or "none"):
        st.query_params["charts"] = ",".join(chosen_charts) or "none"
    for pair in range(0, len(chosen_charts), 2):
        for column, name in zip(st.columns(2), chosen_charts[pair : pair + 2], strict=False):
            column.subheader(chart_names[name])
            column.plotly_chart(view.figures[name], key=f"consultations_fig_{name}")

    # --- the table ---
    st.caption(t("consultations_table_note", lang).format(shown=view.table.num_rows, total=view.total))
    event = st.dataframe(
        view.table,
        hide_index=True,
        width="stretch",
        height=360,
        on_select="rerun",
        selection_mode="single-row",
        key="consultations_table",
        column_config={
            "consultation_id": st.column_config.NumberColumn("ID", format="%d"),
            "received_on": st.column_config.DateColumn(
                t("consultations_col_received", lang), format="YYYY-MM-DD"
            ),
            "municipality": t("consultations_municipality", lang),
            "field": t("consultations_field", lang),
            "title": t("consultations_col_title", lang),
            "status": t("consultations_status", lang),
            "age_days": st.column_config.NumberColumn(t("consultations_col_age", lang), format="%d"),
            "owner_name": t("consultations_owner", lang),
            "support": t("consultations_col_support", lang),
        },
    )
    downloads.export_buttons(
        lambda: cdata.export(filters, context.as_of),
        f"consultations_{params['fy']}",
        "consultations_export",
        lang,
    )
    rows = (event or {}).get("selection", {}).get("rows", [])
    if rows:
        st.query_params["id"] = str(view.ids[rows[0]])

# --- one consultation: detail, support actions, history ---
chosen_id = st.query_params.get("id", "")
if chosen_id.isdigit():
    record = cdata.detail(int(chosen_id))
    st.divider()
    st.subheader(t("consultations_detail", lang))
    if record.empty:
        st.warning(t("consultations_detail_missing", lang).format(id=safe_text.markdown(chosen_id)))
    else:
        row = record.iloc[0]
        st.markdown(f"#### #{int(row['consultation_id'])} {safe_text.markdown(row['title'])}")
        closed = date_label(row["closed_on"].date(), lang) if pd.notna(row["closed_on"]) else "—"
        facts = [
            (
                t("consultations_municipality", lang),
                row["municipality_name_en" if en else "municipality_name_ja"],
            ),
            (t("consultations_field", lang), row["field_name_en" if en else "field_name_ja"]),
            (t("consultations_status", lang), charts.status_label(row["status"], lang)),
            (t("consultations_col_received", lang), date_label(row["received_on"].date(), lang)),
            (t("consultations_channel", lang), row["channel"]),
            (t("consultations_owner", lang), row["owner_name"] if pd.notna(row["owner_name"]) else "—"),
            (t("consultations_referred", lang), row["referred_department"] or "—"),
            (t("consultations_closed_on", lang), closed),
        ]
        st.markdown(
            "　".join(
                f"**{safe_text.markdown(label)}**: {safe_text.markdown(value)}" for label, value in facts
            )
        )
        st.text(row["detail"])  # plain text: never interpreted as markdown or HTML
        st.markdown(f"##### {t('consultations_actions', lang)}")
        actions = cdata.support_actions(int(row["consultation_id"]))
        if actions.empty:
            st.caption(t("none_yet", lang))
        else:
            st.dataframe(
                actions,
                hide_index=True,
                width="stretch",
                column_config={
                    "action_id": None,
                    "acted_on": st.column_config.DateColumn(
                        t("consultations_acted_on", lang), format="YYYY-MM-DD"
                    ),
                    "support_type": t("consultations_support", lang),
                    "liaison_name": t("consultations_owner", lang),
                    "note": t("consultations_note", lang),
                },
            )

        with st.expander(t("consultations_matcher", lang)):
            matcher_panel.show_similar_cases(
                row["municipality_code"], row["field_id"], lang, "consultations_matcher"
            )
        if st.toggle(t("consultations_update", lang), key="consultations_update_open"):
            record_forms.change_status(row, "consultations_status_form")
            record_forms.add_support_action(row, "consultations_support_form")
        st.markdown(f"##### {t('consultations_history', lang)}")
        history = cdata.history(int(row["consultation_id"]))
        if history.empty:
            st.caption(t("consultations_no_history", lang))
        else:
            st.dataframe(
                audit_view.readable(history),
                hide_index=True,
                width="stretch",
                key="consultations_history_table",
            )
