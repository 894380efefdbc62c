"""English in a real browser: ?lang=en survives a reload and the sidebar's page links, and a language
switch relabels the sidebar's pickers on the same rerun (the browser keeps a picker's old label otherwise).

Screenshot: tests/artifacts/profile_en.png (the 市町カルテ in English).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from .conftest import Recorder
from .test_browser import console_errors, heading_with, wait_for_run

pytestmark = pytest.mark.browser

SIDEBAR = '[data-testid="stSidebar"]'
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def lang_of(page) -> str | None:
    return parse_qs(urlparse(page.url).query).get("lang", [None])[0]


def picker_text(page, label: str, where: str = SIDEBAR) -> str:
    """What the selectbox labelled `label` shows (its combobox input's value)."""
    box = page.locator(where).get_by_test_id("stSelectbox").filter(has_text=label)
    return box.get_by_role("combobox").input_value()


def test_english_survives_reload_and_page_links(new_page, app_url, artifacts):
    recorder = Recorder()
    page = new_page(recorder)
    page.goto(f"{app_url}/municipality?code=282090&lang=en")
    wait_for_run(page)
    assert heading_with(page, "Toyooka") == "Toyooka City"
    page.wait_for_timeout(500)  # let the charts settle for the screenshot
    page.screenshot(path=str(artifacts / "profile_en.png"), full_page=True)

    page.reload()
    wait_for_run(page)
    heading_with(page, "Toyooka")
    assert lang_of(page) == "en"

    # a page link of the sidebar's navigation (no query string of its own)
    page.locator(SIDEBAR).get_by_role("link", name="Visits", exact=True).click()
    wait_for_run(page)
    page.wait_for_function("() => new URLSearchParams(location.search).get('lang') === 'en'")
    page.reload()
    wait_for_run(page)
    heading_with(page, "Visits")
    assert picker_text(page, "Fiscal year").startswith("FY")
    assert console_errors(recorder) == []


def test_switching_language_relabels_the_pickers_at_once(new_page, app_url):
    page = new_page()
    page.goto(f"{app_url}/?region=tajima")
    wait_for_run(page)
    assert "但馬" in picker_text(page, "圏域")
    assert "令和" in picker_text(page, "年度")
    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('lang') === 'en'")
    wait_for_run(page)
    heading_with(page, "Hyogo DX Liaison Dashboard")
    region, year = picker_text(page, "Region"), picker_text(page, "Fiscal year")
    assert "Tajima" in region and not JAPANESE.search(region), region
    assert "FY" in year and not JAPANESE.search(year), year
    metric = picker_text(page, "Map metric", '[data-testid="stMain"]')
    assert not JAPANESE.search(metric), metric

    page.reload()
    wait_for_run(page)
    assert "Tajima" in picker_text(page, "Region")
    page.locator(SIDEBAR).get_by_text("日本語", exact=True).click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('lang')")
    wait_for_run(page)
    assert "但馬" in picker_text(page, "圏域")
