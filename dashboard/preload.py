"""First paint: the browser fetches and compiles the map's script while the app's first run is under way.

Streamlit's frontend loads the code of custom components (st.components.v2, which the map is:
dashboard.panels.mapview) only when the first such element arrives, so a first visitor would wait for
the server's run and then for that module and the modules it imports. `PreloadMapScripts` (ASGI
middleware, mounted by serve.py) adds `<link rel="modulepreload">` for them to the HTML page Streamlit
serves, so the browser starts on them with the page's own scripts. (Streamlit's page preloads modules
of its own; those are not listed twice.) Nothing else changes: the same files, from the same server, in
the same order of use.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import streamlit

STATIC = Path(streamlit.__file__).parent / "static"
# Requests that are never the app's HTML page (Streamlit's API, its files, the login routes).
NOT_PAGES = ("/_stcore", "/static", "/liaison", "/auth", "/component", "/media", "/app/static", "/favicon")


JS = STATIC / "static" / "js"
CHUNK = "BidiComponent"  # the frontend's module for st.components.v2 elements
_STATIC = re.compile(rb"from\s*\"\./([A-Za-z0-9_.-]+\.js)\"")  # `from"./X.js"`


def map_modules() -> list[str]:
    """The component module and every module it imports."""
    found: list[str] = []
    todo = [script.name for script in sorted(JS.glob(f"{CHUNK}.*.js"))]
    while todo:
        name = todo.pop(0)
        if name in found or not (JS / name).is_file():
            continue
        found.append(name)
        code = (JS / name).read_bytes()
        todo += [m.decode("ascii") for m in _STATIC.findall(code)]
    return found


@cache
def preload_tags() -> bytes:
    """The link tags for the component's modules and stylesheet ('' when this Streamlit has none)."""
    tags = [f'<link rel="modulepreload" crossorigin href="./static/js/{name}" />' for name in map_modules()]
    for sheet in sorted((STATIC / "static" / "css").glob(f"{CHUNK}.*.css")):
        tags.append(f'<link rel="preload" as="style" href="./static/css/{sheet.name}" />')
    return "".join(tags).encode("ascii")


def with_tags(page: bytes) -> bytes:
    """The page with the map's tags before </head>, leaving out modules the page already preloads."""
    if b"</head>" not in page or f"{CHUNK}.".encode() in page:
        return page
    tags = b"".join(
        tag + b">"
        for tag in preload_tags().split(b">")
        if tag and (b'href="' not in tag or tag.split(b'href="', 1)[1].split(b'"', 1)[0] not in page)
    )
    return page.replace(b"</head>", tags + b"</head>", 1)


class PreloadMapScripts:
    """ASGI middleware: the preload tags in the <head> of Streamlit's HTML page."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or path.startswith(NOT_PAGES)
            or not preload_tags()
        ):
            await self.app(scope, receive, send)
            return
        # The page is small: ask for it uncompressed, so the tags can be put in.
        headers = [(name, value) for name, value in scope["headers"] if name.lower() != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        start: dict | None = None
        body: list[bytes] = []

        async def send_with_tags(message):
            nonlocal start
            if message["type"] == "http.response.start":
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                if not kind.startswith(b"text/html"):
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body)
            page = with_tags(page)
            headers = [
                (name, value) for name, value in start.get("headers", []) if name.lower() != b"content-length"
            ]
            headers.append((b"content-length", str(len(page)).encode("ascii")))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, send_with_tags)
