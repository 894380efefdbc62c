"""The server side of logging in: the local login form, logout, the start of a directory login, headers.

Mounted beside Streamlit by serve.py (st.App routes). A local login sets an HttpOnly, SameSite=Strict
cookie holding a random secret (the store keeps only its SHA-256), so a reload keeps the login and no
token ever appears in a URL; the form carries a CSRF token (double-submit cookie). `next` — the deep
link asked for — is accepted only as a path on this server.

serve.py imports this module before the server answers its first request, so the store, the accounts
and the login gate (pandas, DuckDB: about half a second) are imported by the handlers when first
called, not here; the route paths and cookie names come from dashboard/login_paths.py.
"""

from __future__ import annotations

import hmac
import html
import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from streamlit.auth_util import validate_auth_credentials
from streamlit.errors import StreamlitAuthError
from streamlit.user_info import generate_login_redirect_url

from dashboard.login_paths import LOGIN_PATH, LOGOUT_PATH, NEXT_COOKIE, NEXT_TTL, OIDC_PATH, SESSION_COOKIE

CSRF_COOKIE = "liaison_login_csrf"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "content-security-policy": "frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'",
}


def safe_next(value: str | None) -> str:
    """`value` when it is a path on this server (not another site, not these routes); else "/"."""
    if not value or len(value) > 2000 or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    if any(ord(character) < 0x20 or character == "\\" for character in value):
        return "/"
    if value.startswith("/liaison/"):
        return "/"
    return value


def _is_https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


def _set_cookie(
    response: Response, request: Request, name: str, value: str, *, max_age: int | None, path="/"
):
    response.set_cookie(
        name, value, max_age=max_age, path=path, httponly=True, samesite="strict", secure=_is_https(request)
    )


PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ログイン — 兵庫県 DX推進リエゾン</title>
<style>
body {{ font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; background: #f5f7fa;
  margin: 0; display: flex; justify-content: center; }}
main {{ background: #fff; margin-top: 8vh; padding: 2rem 2.5rem; border-radius: 8px; width: 24rem;
  box-shadow: 0 1px 4px rgba(0,0,0,.15); }}
h1 {{ font-size: 1.2rem; }} label {{ display: block; margin-top: 1rem; font-size: .9rem; }}
input[type=text], input[type=password] {{ width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }}
button {{ margin-top: 1.5rem; width: 100%; padding: .6rem; font-size: 1rem; background: #0b5cad; color: #fff;
  border: 0; border-radius: 4px; cursor: pointer; }}
.error {{ background: #fdecea; color: #8a1c1c; padding: .6rem; border-radius: 4px; margin-top: 1rem; }}
p.note {{ font-size: .8rem; color: #555; }}
</style></head>
<body><main>
<h1>兵庫県 DX推進リエゾン ダッシュボード</h1>
<p>ログイン名とパスワードを入力してください。</p>
{message}
<form method="post" action="/liaison/login">
<input type="hidden" name="csrf" value="{csrf}">
<input type="hidden" name="next" value="{next}">
<label for="login_name">ログイン名</label>
<input type="text" id="login_name" name="login_name" value="{login_name}" autocomplete="username" required autofocus>
<label for="password">パスワード</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">ログイン</button>
</form>
<p class="note">5 回続けて間違えると 15 分間ログインできなくなります。操作がないまま 30 分たつか、
ログインから 8 時間たつとログアウトします。</p>
</main></body></html>
"""


def _form(request: Request, *, next_path: str, message: str = "", login_name: str = "", status: int = 200):
    token = secrets.token_urlsafe(24)
    body = PAGE.format(
        message=f'<p class="error" role="alert">{html.escape(message)}</p>' if message else "",
        csrf=html.escape(token),
        next=html.escape(next_path),
        login_name=html.escape(login_name),
    )
    response = HTMLResponse(body, status_code=status, headers={"cache-control": "no-store"})
    _set_cookie(response, request, CSRF_COOKIE, token, max_age=1800, path="/liaison")
    return response


def _serves_logins() -> bool:
    """A real store with an administrator (the demo is open, so its login form is not served)."""
    from dashboard import db
    from liaison import store

    con = db.connection()
    return not store.is_demo(store.read_meta(con))


async def login_form(request: Request) -> Response:
    next_path = safe_next(request.query_params.get("next"))
    if not await run_in_threadpool(_serves_logins):
        return RedirectResponse(next_path, status_code=303)
    return _form(request, next_path=next_path)


async def login_submit(request: Request) -> Response:
    form = await request.form()
    next_path = safe_next(str(form.get("next") or ""))
    login_name = str(form.get("login_name") or "")[:200]
    password = str(form.get("password") or "")
    given, expected = str(form.get("csrf") or ""), request.cookies.get(CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(given, expected):
        return _form(
            request,
            next_path=next_path,
            message="フォームの有効期限が切れました。もう一度入力してください。",
            login_name=login_name,
            status=400,
        )
    from dashboard import db
    from liaison.accounts import login

    try:
        secret = await run_in_threadpool(login.login_local, db.connection(), login_name, password)
    except login.LoginRefused as refused:
        # 200, not 401: a 401 must name an HTTP authentication scheme (WWW-Authenticate), and this is a form
        return _form(request, next_path=next_path, message=str(refused), login_name=login_name)
    response = RedirectResponse(next_path, status_code=303)
    _set_cookie(response, request, SESSION_COOKIE, secret, max_age=int(login.SESSION_LIMIT.total_seconds()))
    response.delete_cookie(CSRF_COOKIE, path="/liaison")
    return response


async def logout(request: Request) -> Response:
    from dashboard import db
    from liaison.accounts import login

    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        await run_in_threadpool(login.logout, db.connection(), login.key_of(secret))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


async def oidc_start(request: Request) -> Response:
    """Remember the deep link, then hand over to Streamlit's own OIDC login (/auth/login).

    Streamlit's /auth/login takes a signed token naming the provider (what st.login sends the browser
    to), not the provider's name: the same URL is built here, for `[liaison.auth] oidc_provider` or
    the default provider of `[auth]`.
    """
    from dashboard import auth

    next_path = safe_next(request.query_params.get("next"))
    provider = str(auth.settings().get("oidc_provider", "")).strip() or "default"
    try:
        validate_auth_credentials(provider)
        target = generate_login_redirect_url(provider)
    except StreamlitAuthError:  # no usable [auth]: back to the app, which shows the login choices
        return RedirectResponse("/", status_code=303)
    response = RedirectResponse(target, status_code=303)
    if next_path != "/":
        response.set_cookie(
            NEXT_COOKIE,
            auth.remember_next(next_path),
            max_age=NEXT_TTL,
            path="/",
            httponly=True,
            samesite="lax",  # must come back with the identity provider's redirect
            secure=_is_https(request),
        )
    return response


def routes() -> list[Route]:
    return [
        Route(LOGIN_PATH, login_form, methods=["GET"]),
        Route(LOGIN_PATH, login_submit, methods=["POST"]),
        Route(LOGOUT_PATH, logout, methods=["GET"]),
        Route(OIDC_PATH, oidc_start, methods=["GET"]),
    ]


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response (websockets pass through)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.decode("latin-1").lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name not in present:
                        headers.append((name.encode("latin-1"), value.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
