"""Who is acting: the login gate every run passes, and the principal the pages and the write API get.

A demo store is open without login (fictional data; the page says so). A real store is served only
with login: a local account's session cookie (set by the login routes, dashboard/login_routes.py), the
prefecture's directory through `st.login` (OIDC, `[auth]` in .streamlit/secrets.toml), or — only when
configured — a user-name header set by an authenticating reverse proxy. Every run checks the session
in the store (8 hours at most, 30 minutes idle), so a reload keeps the login and a stale one ends.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from urllib.parse import urlencode, urlparse

import streamlit as st

from dashboard import db
from dashboard.login_paths import LOGIN_PATH, LOGOUT_PATH, NEXT_COOKIE, NEXT_TTL, OIDC_PATH, SESSION_COOKIE
from liaison import access, accounts, safe_text, store
from liaison.accounts import login
from liaison.i18n import t

PRINCIPAL_KEY = "auth_principal"  # no widget has this key, so a browser cannot set it
IDENTITY_KEY = "auth_identity_session"  # the session key of a directory / header login
_PENDING_NEXT: dict[str, tuple[float, str]] = {}  # nonce -> (expires, path): consumed once


def _cookie(name: str) -> str | None:
    """A cookie of the request that opened this session (the websocket's; HttpOnly ones included)."""
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no browser (bare mode)
        return None
    return value if isinstance(value, str) else None  # AppTest's stand-in client answers with a mock


def _header(name: str) -> str | None:
    try:
        value = st.context.headers.get(name)
    except Exception:
        return None
    return value if isinstance(value, str) else None


def settings() -> dict:
    """`[liaison.auth]` of .streamlit/secrets.toml (or {}): oidc_provider, trusted_header, local."""
    try:
        section = st.secrets.get("liaison", {}).get("auth", {})
        return dict(section)
    except FileNotFoundError:
        return {}
    except Exception:  # a malformed secrets.toml must not open the app: no method configured
        return {}


def oidc_configured() -> bool:
    """Whether `[auth]` names an identity provider (st.login then works)."""
    try:
        section = st.secrets.get("auth", {})
        return bool(section) and bool(section.get("redirect_uri"))
    except Exception:
        return False


def trusted_header() -> str | None:
    """The header an authenticating proxy sets to the user name, when configured (off by default)."""
    name = str(settings().get("trusted_header", "")).strip()
    return name or None


def local_enabled() -> bool:
    """Local accounts (login name and password) are on unless `[liaison.auth] local = false`."""
    return bool(settings().get("local", True))


def next_target() -> str:
    """This page's path and query string, to come back to after the login."""
    try:
        path = urlparse(st.context.url or "").path or "/"
    except Exception:
        path = "/"
    query = urlencode({key: st.query_params.get(key) for key in st.query_params})
    return path + (f"?{query}" if query else "")


def remember_next(path: str) -> str:
    """Keep a deep link for the directory login's return; the nonce goes into a cookie."""
    now = time.monotonic()
    for nonce, (expires, _) in list(_PENDING_NEXT.items()):
        if expires < now:
            _PENDING_NEXT.pop(nonce, None)
    nonce = secrets.token_urlsafe(16)
    _PENDING_NEXT[nonce] = (now + NEXT_TTL, path)
    return nonce


def take_next(nonce: str | None) -> str | None:
    """The deep link kept under `nonce`, once (None when unknown or expired)."""
    if not nonce:
        return None
    found = _PENDING_NEXT.pop(nonce, None)
    if found is None or found[0] < time.monotonic():
        return None
    return found[1]


def pending_deep_link() -> str | None:
    """After a directory login: the deep link asked for before it (once per session), else None."""
    if st.session_state.get("auth_deep_link_done") or st.session_state.get("auth_method") != "oidc":
        return None
    st.session_state["auth_deep_link_done"] = True
    return take_next(_cookie(NEXT_COOKIE))


def _oidc_session(con) -> login.Session | None:
    """The session of a directory login (st.user), created on its first run; None when not logged in."""
    if not oidc_configured():
        return None
    try:
        user = st.user
        if not user.get("is_logged_in"):
            return None
    except Exception:
        return None
    identity = str(user.get("email") or user.get("preferred_username") or "").strip()
    claims = f"{user.get('iss', '')}|{user.get('sub', '')}|{user.get('iat', '')}"
    key = "oidc:" + hashlib.sha256(claims.encode("utf-8")).hexdigest()
    try:
        login.login_identity(con, identity, "oidc", key)
    except login.LoginRefused as refused:
        st.session_state["auth_refused"] = str(refused)
        return None
    return login.resume(con, key)


def _header_session(con) -> login.Session | None:
    name = trusted_header()
    if name is None:
        return None
    identity = (_header(name) or "").strip()
    if not identity:
        return None
    key = st.session_state.get(IDENTITY_KEY)
    if key is None or not key.startswith(f"header:{identity}:"):
        key = f"header:{identity}:{os.urandom(16).hex()}"
        try:
            login.login_identity(con, identity, "header", key)
        except login.LoginRefused as refused:
            st.session_state["auth_refused"] = str(refused)
            return None
        st.session_state[IDENTITY_KEY] = key
    return login.resume(con, key)


def _local_session(con) -> login.Session | None:
    secret = _cookie(SESSION_COOKIE)
    if not secret:
        return None
    return login.resume(con, login.key_of(secret))


def resolve() -> access.Principal | None:
    """The principal of this run, or None when nobody is logged in (a real store then shows the login)."""
    con = db.connection()
    if store.is_demo(db.store_meta()):
        return access.demo_visitor()
    for method in (_local_session, _oidc_session, _header_session):
        session = method(con)
        if session is not None:
            st.session_state["auth_method"] = session.principal.method
            st.session_state["auth_session_key"] = session.key
            return session.principal
    return None


def gate(lang: str) -> access.Principal:
    """Pass when someone is logged in (or the store is the demo); else draw the login screen and stop."""
    con = db.connection()
    if not store.is_demo(db.store_meta()) and not accounts.has_admin(con):
        st.error(t("auth_no_admin", lang), icon="🛑")
        st.stop()
    found = resolve()
    if found is None:
        st.session_state.pop(PRINCIPAL_KEY, None)
        login_screen(lang)
        st.stop()
    st.session_state[PRINCIPAL_KEY] = found
    return found


_LINK_STYLE = (
    "display:inline-block;margin:.25rem 0;padding:.45rem .9rem;border-radius:.5rem;text-decoration:none;"
    "font-size:.95rem;border:1px solid {border};background:{background};color:{color};"
)


def same_tab_link(label: str, url: str, *, primary: bool = False) -> None:
    """A link drawn as a button that opens in this tab (st.link_button always opens a new one, which
    would leave this tab on the login screen and log in, or out, somewhere else)."""
    colours = (
        {"border": "#0b5cad", "background": "#0b5cad", "color": "#fff"}
        if primary
        else {"border": "#c4c9d0", "background": "#fff", "color": "#31333f"}
    )
    st.html(
        f'<a href="{safe_text.attribute(url)}" style="{_LINK_STYLE.format(**colours)}">'
        f"{safe_text.attribute(label)}</a>"
    )


def login_screen(lang: str) -> None:
    """The login choices: the directory (st.login), local accounts (the login form route)."""
    st.title(t("auth_title", lang))
    refused = st.session_state.pop("auth_refused", None)
    if refused:
        st.error(safe_text.markdown(refused), icon="🛑")
    target = next_target()
    if oidc_configured():
        same_tab_link(t("auth_oidc", lang), f"{OIDC_PATH}?{urlencode({'next': target})}", primary=True)
    if local_enabled():
        same_tab_link(t("auth_local", lang), f"{LOGIN_PATH}?{urlencode({'next': target})}")
    st.caption(t("auth_caption", lang))


def principal() -> access.Principal:
    """The person this run acts for (set by `gate`); the write API and restricted readers get it."""
    found = st.session_state.get(PRINCIPAL_KEY)
    if found is None:
        found = resolve()
        if found is None:
            raise access.PermissionDenied(
                access.Principal(login_name="", display_name="未ログイン", role="閲覧"), "操作"
            )
        st.session_state[PRINCIPAL_KEY] = found
    return found


def current_user() -> str:
    """The audit name of the person logged in (what the audit log records for this run)."""
    return principal().actor


def logout_link(lang: str) -> None:
    """The sidebar's line: who is logged in, as what, and the logout link (none on the demo)."""
    who = principal()
    if who.method == "demo":
        st.caption(t("auth_demo_open", lang))
        return
    st.caption(safe_text.markdown(t("auth_who", lang).format(name=who.display_name, role=who.role)))
    if who.method == "oidc":
        if st.button(t("auth_logout", lang), key="auth_logout"):
            key = st.session_state.get("auth_session_key")
            if key:
                login.logout(db.connection(), key)
            st.logout()
    elif who.method == "local":
        same_tab_link(t("auth_logout", lang), LOGOUT_PATH)
