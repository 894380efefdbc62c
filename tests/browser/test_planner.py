"""The visit planner and the 事例紹介 section in a real browser: they draw, and a row click opens the profile.

Run: .venv/bin/python -m pytest tests/browser/test_planner.py -q   (screenshots in tests/artifacts/)
"""

from __future__ import annotations

import re
import time

import pytest

from .conftest import RUN_FINISHED

pytestmark = pytest.mark.browser

GRID = '[data-testid="stDataFrame"]'


def wait_for_grid(page, index: int = 0, min_width: int = 300):
    """The index-th data grid once it has laid out at its full width (it paints narrow first)."""
    grid = page.locator(GRID).nth(index)
    grid.wait_for(state="visible")
    canvas = grid.locator("canvas").first
    deadline = time.monotonic() + 20
    while (canvas.bounding_box() or {"width": 0})["width"] < min_width and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert canvas.bounding_box()["width"] >= min_width, "the table did not lay out"
    page.wait_for_timeout(300)
    return grid


def test_planner_page_draws_and_a_row_opens_the_profile(new_page, app_url, artifacts):
    page = new_page()
    page.goto(f"{app_url}/planner")
    page.wait_for_selector(RUN_FINISHED)
    page.locator("h1").filter(has_text="次回訪問プランナー").first.wait_for()
    page.get_by_test_id("stMetric").filter(has_text="加東市").wait_for()  # the first-to-visit tile
    grid = wait_for_grid(page)
    assert page.get_by_test_id("stMetric").count() == 3
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(artifacts / "planner.png"), full_page=True)

    # Click the first row's selection marker (left edge of the grid, first row under the header).
    box = grid.bounding_box()
    page.mouse.move(box["x"] + 14, box["y"] + 35 + 17)
    page.wait_for_timeout(200)
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)
    page.wait_for_url(re.compile(r"/municipality\?.*code=282286"))
    page.wait_for_selector(RUN_FINISHED)
    page.locator("h1").filter(has_text="加東市").first.wait_for()


def test_profile_shows_the_matcher_section(new_page, app_url, artifacts):
    page = new_page()
    page.goto(f"{app_url}/municipality?code=282189")
    page.wait_for_selector(RUN_FINISHED)
    heading = page.get_by_text("事例紹介の候補（同じ分野で解決した市町）")
    heading.first.wait_for()
    heading.first.scroll_into_view_if_needed()
    page.get_by_text("候補を表示する").click()
    page.wait_for_selector(RUN_FINISHED)
    grids = page.locator(GRID)
    wait_for_grid(page, grids.count() - 1)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(artifacts / "municipality_matcher.png"), full_page=True)
