"""Browser fixtures: a demo store, `streamlit run app.py` on a free local port, headless Chromium.

Chromium is the Debian package at /usr/bin/chromium, driven by Playwright without
`playwright install` (that would download a browser). Without it the browser tests skip;
with REQUIRE_BROWSER=1 (CI) they fail instead, so a missing browser cannot pass silently.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from liaison import paths, store
from liaison.localserver import CHROMIUM, CHROMIUM_ARGS, RUN_FINISHED, AppServer  # noqa: F401 - re-exported to tests

MISSING_BROWSER = "Chromium not installed: apt-get install -y chromium fonts-noto-cjk"
VIEWPORT = {"width": 1400, "height": 1400}  # tall enough for the whole map without scrolling
ARTIFACTS = paths.ROOT / "tests" / "artifacts"
SERVER_START_TIMEOUT = 60  # seconds
HERE = Path(__file__).resolve().parent


@functools.cache
def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return MISSING_BROWSER
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright not installed: .venv/bin/pip install -r requirements.txt"
    return None


def _required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


def _is_browser_test(item) -> bool:
    return HERE in Path(item.path).resolve().parents


def pytest_collection_modifyitems(config, items):
    """Without a browser, skip these tests before any fixture starts a server."""
    problem = browser_problem()
    if problem is None or _required():
        return
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.skip(reason=problem))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    """With REQUIRE_BROWSER=1 (CI), a missing browser fails each test with the reason."""
    problem = browser_problem()
    if problem is not None and _required() and _is_browser_test(item):
        pytest.fail(problem, pytrace=False)


@pytest.fixture(scope="session")
def browser_available() -> bool:
    """False only when the tests are about to fail for a missing browser (REQUIRE_BROWSER=1)."""
    return browser_problem() is None


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def app_url(browser_available, tmp_path_factory) -> Iterator[str | None]:
    """Base URL of `streamlit run app.py` serving a freshly built demo store."""
    if not browser_available:
        yield None  # the test fails with the reason before using it
        return
    folder = tmp_path_factory.mktemp("browser-app")
    db = store.build(folder / "demo.duckdb")
    with serving(db, folder / "streamlit.log") as url:
        yield url


@contextmanager
def serving(db: Path, log: Path) -> Iterator[str]:
    """The base URL of serve.py on `db` while the block runs; a server that does not start fails the test."""
    try:
        server = AppServer(db, log, timeout=SERVER_START_TIMEOUT).__enter__()
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield server.url
    finally:
        server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def playwright_driver(browser_available):
    """The one Playwright of the session: its sync API runs an event loop, so a second one cannot start."""
    if not browser_available:
        yield None  # the test fails with the reason before using it
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


def launch_chromium(pw, profile: Path, **options):
    """A headless Chromium of the project's (offline flags, Japanese locale) with its own profile."""
    context = pw.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        locale="ja-JP",
        **options,
    )
    context.set_default_timeout(60_000)
    return context


@pytest.fixture(scope="session")
def browser_context(playwright_driver, tmp_path_factory):
    """One headless Chromium with a fresh profile for the whole session."""
    if playwright_driver is None:
        yield None
        return
    context = launch_chromium(
        playwright_driver, tmp_path_factory.mktemp("chromium-profile"), viewport=VIEWPORT
    )
    try:
        yield context
    finally:
        context.close()


@dataclass
class Recorder:
    """Everything a page asked the network for and said on its console."""

    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str, str]] = field(default_factory=list)  # (type, text, source URL)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)  # "404 http://…", to explain console errors

    def _response(self, response) -> None:
        if response.status >= 400:
            self.failed_responses.append(f"{response.status} {response.url}")

    def attach(self, page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda socket_: self.requests.append(socket_.url))
        page.on(
            "console",
            lambda message: self.console.append(
                (message.type, message.text, (message.location or {}).get("url", ""))
            ),
        )
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("response", self._response)


@pytest.fixture
def new_page(browser_context):
    """A factory of recorded tabs; every tab opened is closed after the test."""
    opened = []

    def make(recorder: Recorder | None = None):
        page = browser_context.new_page()
        if recorder is not None:
            recorder.attach(page)
        opened.append(page)
        return page

    yield make
    for page in opened:
        page.close()
