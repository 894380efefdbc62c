"""The map's script is preloaded from Streamlit's HTML page, and nothing else a response carries changes."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from dashboard import preload

PAGE = b"<html><head><title>x</title></head><body></body></html>"


def _call(path: str, content_type: bytes, body: bytes, accept: bytes = b"gzip") -> tuple[dict, bytes, list]:
    seen_headers = []

    async def app(scope, receive, send):
        seen_headers.append(dict(scope["headers"]))
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    sent = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "headers": [(b"accept-encoding", accept), (b"host", b"x")],
    }
    # a loop of its own in another thread: the suite's Playwright keeps one running in this one
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, preload.PreloadMapScripts(app)(scope, None, send)).result()
    start = sent[0]
    return dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:]), seen_headers


def test_the_page_gets_the_component_module_preloaded():
    assert b"BidiComponent." in preload.preload_tags()  # this Streamlit ships components as their own module
    headers, body, seen = _call("/municipality", b"text/html; charset=utf-8", PAGE)
    assert body.count(b"BidiComponent.") == 1 and body.index(b"modulepreload") < body.index(b"</head>")
    assert b"protobuf." in body  # a module the component's module imports
    assert int(headers[b"content-length"]) == len(body)
    assert b"accept-encoding" not in seen[0]  # asked uncompressed, so the tags can go in


def test_streamlits_own_page_gets_the_tags_once():
    """Streamlit's page preloads modules of its own: the map's are added, none of its own twice."""
    page = (preload.STATIC / "index.html").read_bytes()
    assert b'rel="modulepreload"' in page  # why "already has a modulepreload" could not mean "done"
    _, body, _ = _call("/", b"text/html", page)
    hrefs = [
        chunk.split(b'"', 1)[0]
        for chunk in body.split(b"modulepreload")[1:]
        for chunk in [chunk.split(b'href="', 1)[1]]
    ]
    assert len(hrefs) == len(set(hrefs)) > page.count(b"modulepreload")
    assert any(b"BidiComponent." in href for href in hrefs)
    assert preload.with_tags(body) == body  # a second pass changes nothing


def test_other_responses_pass_unchanged():
    script = b"console.log('x');" * 10
    headers, body, _ = _call("/", b"application/javascript", script)  # not HTML: as it came
    assert body == script and int(headers[b"content-length"]) == len(script)
    headers, body, seen = _call("/static/js/index.js", b"application/javascript", script)
    assert body == script and seen[0][b"accept-encoding"] == b"gzip"
    headers, body, seen = _call("/_stcore/health", b"text/html", PAGE)
    assert body == PAGE
