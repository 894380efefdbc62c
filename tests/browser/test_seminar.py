"""発表モード in a real browser: step through every slide (screenshots), then download the PPTX.

Run: .venv/bin/python -m pytest tests/browser/test_seminar.py -q   (screenshots: tests/artifacts/seminar_*.png)
"""

from __future__ import annotations

import pytest
from pptx import Presentation
from seminar_titles import DECK_TITLES

from .conftest import Recorder
from .test_browser import console_errors, heading_with, request_is_local, wait_for_map, wait_for_run

pytestmark = pytest.mark.browser

TITLES = DECK_TITLES["prefecture"]
KEYS = ["title", "map", "headline", "readiness", "steps", "step_gap", "issues", "next_actions"]


CHARTED = {"readiness", "steps", "step_gap", "issues"}


def wait_for_charts(page, key: str) -> None:
    """Let a slide's plotly chart or map draw before its screenshot."""
    if key == "map":
        wait_for_map(page)
    elif key in CHARTED:
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(state="visible")
    page.wait_for_timeout(500)


def test_step_through_the_slides_and_download_the_deck(new_page, app_url, artifacts, tmp_path):
    recorder = Recorder()
    page = new_page(recorder)
    page.goto(app_url + "/seminar")
    wait_for_run(page)
    heading_with(page, TITLES[0])
    assert not page.locator('section[data-testid="stSidebar"]').is_visible()  # hidden while presenting
    assert page.get_by_text("デモデータ（架空）").first.is_visible()

    seen = []
    for number, expected in enumerate(TITLES, start=1):
        seen.append(heading_with(page, expected))
        assert f"slide={KEYS[number - 1]}" in page.url  # a deep link per slide
        wait_for_charts(page, KEYS[number - 1])
        page.screenshot(path=str(artifacts / f"seminar_{number}.png"))  # not full_page: WebGL goes blank
        if number < len(TITLES):
            page.get_by_role("button", name="次へ →").click()
            wait_for_run(page)
    assert seen == TITLES
    assert page.get_by_role("button", name="次へ →").is_disabled()

    page.get_by_role("button", name="PowerPoint（PPTX）を作成").click()
    download_button = page.get_by_role("button", name="PPTXをダウンロード")
    download_button.wait_for(timeout=120_000)
    with page.expect_download() as info:
        download_button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".pptx"
    prs = Presentation(str(target))
    assert len(prs.slides) == len(TITLES)
    titles = [next(s for s in slide.shapes if s.name == "title").text_frame.text for slide in prs.slides]
    assert titles == TITLES
    page.screenshot(path=str(artifacts / "seminar_export.png"), full_page=True)  # no map on this slide

    outside = sorted({url for url in recorder.requests if not request_is_local(url)})
    assert not outside, f"requests to other hosts: {outside}"
    assert not console_errors(recorder), console_errors(recorder)


def test_deep_link_and_sidebar_toggle(new_page, app_url, artifacts):
    page = new_page()
    page.goto(app_url + "/seminar?scope=municipalities&codes=282014,282090&slide=readiness")
    wait_for_run(page)
    heading_with(page, "DX推進度：ヒアリング8項目")
    wait_for_charts(page, "readiness")
    page.screenshot(path=str(artifacts / "seminar_radar.png"))
    page.get_by_text("サイドバーを隠す（発表用）").click()
    wait_for_run(page)
    page.locator('section[data-testid="stSidebar"]').wait_for(state="visible")
