"""The page shell: the shared sidebar (年度, 圏域, language), the demo notice and the footer."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, time
from urllib.parse import parse_qsl

import streamlit as st

from dashboard import auth, db
from dashboard.panels import figures as figure_panel
from dashboard.readers import reference
from liaison import access, codes, safe_text, store
from liaison.fiscal import date_label, fiscal_year_label, fiscal_year_of
from liaison.i18n import localized, pick, t
from liaison.version import app_version

LANGS = {"ja": "日本語", "en": "English"}
LANG_PARAM = "lang"  # ?lang=en in every URL while English is chosen; absent = 日本語
CONTEXT_KEY = "shell_context"
PAGES_KEY = "shell_pages"  # the st.Page objects of this run's navigation
SAVED = "shell_saved_"
SHOWN_LANG = "shell_shown_lang"  # the language the previous run drew its widgets in
# Widget values that can be written back through st.session_state (not buttons, uploads, selections).
_PLAIN_VALUES = (str, int, float, date, time)
ALL_REGIONS = "all"  # a string, not None: a selectbox showing None shows a placeholder instead


@dataclass(frozen=True)
class Context:
    lang: str
    fiscal_year: int
    region_id: str | None
    as_of: date
    is_demo: bool


def _from_url(name: str, allowed: list, default):
    """A query-parameter value if it is one of `allowed`, else the default."""
    raw = st.query_params.get(name)
    for value in allowed:
        if raw is not None and str(value) == raw:
            return value
    return default


def sidebar() -> Context:
    """Draw the shared sidebar and remember the choices for the page about to run."""
    _store_or_stop()
    auth.gate(_from_url(LANG_PARAM, list(LANGS), st.session_state.get("sidebar_lang", "ja")))
    figure_panel.reset()
    as_of = db.as_of()
    is_demo = store.is_demo(db.store_meta())
    years = sorted(set(reference.fiscal_years()) | {fiscal_year_of(as_of)}, reverse=True)
    regions = reference.regions()
    region_ids = [ALL_REGIONS] + list(regions.loc[regions["is_liaison_region"], "region_id"])
    names = dict(
        zip(regions["region_id"], zip(regions["name_ja"], regions["name_en"], strict=True), strict=True)
    )

    defaults = {
        "sidebar_lang": _from_url(LANG_PARAM, list(LANGS), "ja"),
        "sidebar_fiscal_year": _from_url("fy", years, fiscal_year_of(as_of)),
        "sidebar_region": _from_url("region", region_ids, ALL_REGIONS),
    }
    for key, value in defaults.items():
        seed(key, value)

    with st.sidebar:
        lang = st.radio(
            "表示言語 / Language", list(LANGS), format_func=LANGS.get, key="sidebar_lang", horizontal=True
        )
        _language_switched(lang)
        fiscal_year = st.selectbox(
            t("fiscal_year", lang),
            years,
            key="sidebar_fiscal_year",
            format_func=lambda y: fiscal_year_label(y, lang),
        )
        region_id = st.selectbox(
            t("region", lang),
            region_ids,
            key="sidebar_region",
            format_func=lambda r: t("all_regions", lang) if r == ALL_REGIONS else pick(names[r], lang),
        )
        which = t("as_of_demo" if is_demo else "as_of_today", lang)
        st.caption(t("as_of_line", lang).format(date=date_label(as_of, lang), which=which))
        auth.logout_link(lang)
    for key in defaults:
        save(key)
    region_id = None if region_id == ALL_REGIONS else region_id
    context = Context(lang, int(fiscal_year), region_id, as_of, is_demo)
    st.session_state[CONTEXT_KEY] = context
    return context


def _language_switched(lang: str) -> None:
    """Keep the language in the URL; when it has just changed, relabel every widget on this same rerun.

    A selectbox, radio or segmented control sends back the label it showed, not the option. After a
    switch that label (「令和7年度（2025）」) is no longer among the new labels ("FY2025"): Streamlit
    would reset the choice, and the browser would keep drawing the old label until the page changes.
    Writing each widget's value back through st.session_state (read with the previous run's labels)
    before the widget is drawn makes Streamlit send the value with its label in the new language.
    """
    if lang == "ja":
        st.query_params.pop(LANG_PARAM, None)
    else:
        st.query_params[LANG_PARAM] = lang
    previous = st.session_state.get(SHOWN_LANG, lang)
    st.session_state[SHOWN_LANG] = lang
    if previous == lang:
        return
    for key in list(st.session_state):
        if key in ("sidebar_lang", SHOWN_LANG) or not isinstance(key, str):
            continue
        try:
            value = st.session_state[key]
        except (KeyError, st.errors.StreamlitAPIException):
            continue
        if _is_plain(value):
            st.session_state[key] = value


def _is_plain(value) -> bool:
    """A value a widget shows by a label and that st.session_state may set (not a button's bool)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (list, tuple)):
        return bool(value) and all(_is_plain(v) for v in value)
    return isinstance(value, _PLAIN_VALUES)


def link_params(params: dict | None = None) -> dict:
    """Query parameters for st.page_link / st.switch_page: `params` plus the language (lang=en)."""
    params = dict(params or {})
    lang = st.session_state.get("sidebar_lang", "ja")
    if lang != "ja":
        params[LANG_PARAM] = lang
    return params


def _store_or_stop() -> None:
    """Show why the store cannot be served (missing, held, newer, off loopback) and stop the run."""
    try:
        db.connection()
    except store.StoreError as error:
        st.error(safe_text.markdown(str(error)), icon="🛑")
        st.stop()


def seed(key: str, default) -> None:
    """Call before creating widget `key`: restore the value it had before a page switch.

    Streamlit drops a widget's state when the page switches; a plain session key survives,
    so each choice is mirrored into one by save() and restored from it here (else `default`).
    """
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(SAVED + key, default)


def save(key: str) -> None:
    """Call after creating widget `key`, so seed() can restore it on a later page."""
    st.session_state[SAVED + key] = st.session_state[key]


def view_switch(page: str, views: list[str], lang: str) -> str:
    """The page's section switch (widget `<page>_view`, first view by default), kept across page switches.

    Labels come from the texts `<page>_view` and `<page>_view_<view>`.
    """
    key = f"{page}_view"
    seed(key, views[0])
    view = st.segmented_control(
        t(key, lang),
        views,
        key=key,
        required=True,
        format_func=lambda v: t(f"{key}_{v}", lang),
    )
    save(key)
    return view


def current() -> Context:
    """The context the sidebar set in this run."""
    return st.session_state[CONTEXT_KEY]


# Which permission (liaison.access.PERMISSIONS) a page needs to be listed; others need none beyond login.
PAGE_PERMISSIONS = {
    "consultations": "read_text",
    "referrals": "read_referrals",
    "visits": "read_text",
    "planner": "read_text",
    "relations": "read_text",
    "seminar": "seminar_deck",
    "dialogue": "seminar_deck",  # it plans and opens seminar decks
    "admin": "import",
    "roster": "roster",
    "audit": "audit",
    "accounts": "accounts",
}


def navigation(sections: dict[str, list]):
    """st.navigation over the pages this person may open (a section left empty is dropped)."""
    who = auth.principal()
    allowed = {}
    for title, pages in sections.items():
        kept = [p for p in pages if access.can(who, PAGE_PERMISSIONS.get(p.url_path, "read_aggregates"))]
        if kept:
            allowed[title] = kept
    st.session_state[PAGES_KEY] = [p for pages in allowed.values() for p in pages]
    return st.navigation(allowed)


def follow_deep_link(page) -> None:
    """After a directory login (which returns to /): go on to the page and parameters asked for before it."""
    target = auth.pending_deep_link()
    if not target:
        return
    path, _, query = target.partition("?")
    wanted = path.strip("/")
    if wanted == page.url_path:
        return
    for candidate in st.session_state.get(PAGES_KEY, []):
        if candidate.url_path == wanted:
            st.switch_page(candidate, query_params=dict(parse_qsl(query)))


def demo_notice(context: Context) -> None:
    if context.is_demo:
        st.warning(t("demo_notice", context.lang), icon="⚠️")


def footer(context: Context) -> None:
    st.divider()
    st.caption(html.escape(t("footer", context.lang)))
    st.caption(html.escape(t("version_line", context.lang).format(version=app_version())))


def municipality_from_url(municipalities, label: str, key: str, lang: str) -> str:
    """The `?code=` of the URL when it is one of `municipalities` (a frame indexed by code); else the
    reason (escaped: it is URL text) and a picker that puts the chosen code in the URL, and the page stops."""
    code = st.query_params.get("code", "")
    if code in municipalities.index:
        return code
    if code:
        hint = "" if codes.is_valid(code) else t("unknown_code_hint", lang)
        st.error(safe_text.markdown(f"{t('unknown_code', lang)}: {code}{hint}"))
    name_col = localized("name", lang)
    choice = st.selectbox(
        label,
        [None, *municipalities.index],
        key=key,
        format_func=lambda c: "—" if c is None else municipalities.loc[c, name_col],
    )
    if choice:
        st.query_params["code"] = choice
        st.rerun()
    st.stop()
