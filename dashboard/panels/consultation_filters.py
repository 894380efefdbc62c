"""The 相談案件 page's filter widgets: seeded from the URL on first visit, kept across page switches,
written back to the URL so a filtered view can be shared."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import shell
from dashboard.readers import consultations as consultations_readers
from liaison import consultations as consultations_builders
from liaison.consultations import Filters
from liaison.fiscal import fiscal_year_label, fiscal_year_of
from liaison.i18n import t

CUSTOM = "custom"
CHARTS = ("field", "trend", "ageing", "support", "referrals")
DEFAULT_CHARTS = ["field", "trend"]
ANYONE = ""  # a string, not None: a selectbox showing None shows its placeholder instead
ANY_AGE = 0  # likewise: the 経過日数 filter's "any age"


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


def url_age() -> int:
    """The 経過日数 threshold from the URL (age=90), if it is one of the offered ones."""
    raw = st.query_params.get("age", "")
    return int(raw) if raw.isdigit() and int(raw) in consultations_builders.AGE_THRESHOLDS else ANY_AGE


def read(context: shell.Context) -> tuple[Filters, str, str]:
    """Draw the filters; returns them, the period's URL value (a 年度 or "custom") and the line that names
    the period and every active filter (plain text, to be escaped)."""
    lang = context.lang
    en = lang == "en"
    options = consultations_readers.filter_options(context.region_id, lang, fiscal_year_of(context.as_of))
    muni_names, field_names, liaison_names = options.municipalities, options.fields, options.liaisons
    years = list(options.years)
    url_fy = st.query_params.get("fy")
    period_default = CUSTOM if url_fy == CUSTOM else context.fiscal_year
    shell.seed("consultations_period", period_default)
    shell.seed("consultations_muni", url_list("muni", muni_names))
    shell.seed("consultations_field", url_list("field", field_names))
    shell.seed("consultations_status", url_list("status", consultations_builders.STATUSES))
    shell.seed("consultations_support", url_list("support", consultations_builders.SUPPORT_TYPES))
    shell.seed(
        "consultations_owner",
        st.query_params.get("owner") if st.query_params.get("owner") in liaison_names else ANYONE,
    )
    shell.seed("consultations_text", st.query_params.get("q", ""))
    shell.seed("consultations_age", url_age())
    url_charts = st.query_params.get("charts")
    shell.seed(
        "consultations_charts",
        DEFAULT_CHARTS if url_charts is None else [c for c in url_charts.split(",") if c in CHARTS],
    )
    # A municipality chosen before the sidebar region changed is dropped rather than left invisible.
    st.session_state["consultations_muni"] = [
        c for c in st.session_state["consultations_muni"] if c in muni_names
    ]

    row1 = st.columns([1.2, 2, 2, 2, 1.4])
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
        consultations_builders.STATUSES,
        key="consultations_status",
        format_func=lambda s: consultations_builders.status_label(s, lang),
        placeholder=t("consultations_any", lang),
    )
    min_age = row1[4].selectbox(
        t("consultations_age", lang),
        [ANY_AGE, *consultations_builders.AGE_THRESHOLDS],
        key="consultations_age",
        format_func=lambda days: consultations_builders.age_label(days, lang, short=True),
        help=t("consultations_age_help", lang),
    )
    for key in (
        "consultations_period",
        "consultations_muni",
        "consultations_field",
        "consultations_status",
        "consultations_age",
    ):
        shell.save(key)

    # Support type, owner and free text: folded away unless asked for (or given in the link), since
    # every widget drawn costs each rerun. Folded means "not filtering".
    shell.seed("consultations_more", any(st.query_params.get(name) for name in ("support", "owner", "q")))
    chosen_support, owner, text = [], None, ""
    if st.toggle(t("consultations_more_filters", lang), key="consultations_more"):
        row2 = st.columns([2, 2, 3])
        chosen_support = row2[0].multiselect(
            t("consultations_support", lang),
            consultations_builders.SUPPORT_TYPES,
            key="consultations_support",
            format_func=lambda s: consultations_builders.SUPPORT_EN[s] if en else s,
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
        text = (
            row2[2].text_input(t("consultations_text", lang), key="consultations_text", max_chars=100).strip()
        )
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
        "age": str(min_age) if min_age else None,
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
        min_age_days=min_age or None,
    )
    scope = consultations_builders.describe_scope(
        filters,
        context.as_of,
        lang,
        fiscal_year=None if period == CUSTOM else period,
        region=options.region_name,
        municipalities=tuple(muni_names[c] for c in chosen_munis),
        fields=tuple(field_names[f] for f in chosen_fields),
        owner=liaison_names.get(owner) if owner else None,
    )
    return filters, params["fy"], scope
