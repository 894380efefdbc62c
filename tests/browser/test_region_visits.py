"""圏域 and 巡回記録 in a real browser: the region's map draws, a table row opens the profile, the
visits page draws its chart, and neither page calls out or logs an error.

Screenshots: tests/artifacts/region.png (top), region_bottom.png (map), region_map.png, visits.png.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from .conftest import Recorder
from .test_browser import (
    colour_stats,
    console_errors,
    heading_with,
    request_is_local,
    wait_for_map,
    wait_for_run,
)

pytestmark = pytest.mark.browser

REGION = "tajima"  # 但馬: five municipalities, far from 神戸市
GRID = '[data-testid="stDataFrame"]'


def wait_for_grid(page, index: int = 0, min_width: int = 300) -> None:
    """Until the index-th table has laid out (its canvas reaches its width)."""
    grid = page.locator(GRID).nth(index).locator("canvas").first
    grid.wait_for(state="attached")
    deadline = time.monotonic() + 20
    while (grid.bounding_box() or {"width": 0})["width"] < min_width and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert grid.bounding_box()["width"] >= min_width, "the table did not lay out"


def test_region_page_draws_its_map(new_page, app_url, artifacts):
    recorder = Recorder()
    page = new_page(recorder)
    page.goto(f"{app_url}/region?region={REGION}")
    wait_for_run(page)
    assert heading_with(page, "圏域") == "圏域"
    image = wait_for_map(page)
    image.save(artifacts / "region_map.png")
    page.screenshot(path=str(artifacts / "region_bottom.png"))  # the map, scrolled into view
    page.locator("h1").first.scroll_into_view_if_needed()
    wait_for_grid(page)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "region.png"))  # headline and table

    distinct, painted = colour_stats(image)
    assert distinct > 50 and painted > 0.3, f"{distinct} colours, {painted:.1%} painted"
    # Zoomed to 但馬: its five municipalities fill the view, coloured by days since the last visit.
    pixels = np.asarray(image, dtype=int)
    coloured = (pixels.max(axis=-1) - pixels.min(axis=-1)) > 40
    assert coloured.mean() > 0.15, f"only {coloured.mean():.1%} of the map is coloured"
    assert page.get_by_text("但馬（但馬県民局）").count() == 1
    assert page.get_by_test_id("stMetric").count() == 4
    assert "region=tajima" in page.url and "overdue=90" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0

    outside = sorted({url for url in recorder.requests if not request_is_local(url)})
    assert not outside, f"requests to other hosts: {outside}"
    page.wait_for_timeout(500)
    assert not console_errors(recorder), console_errors(recorder)


def test_selecting_a_region_row_opens_the_profile(new_page, app_url):
    page = new_page()
    page.goto(f"{app_url}/region?region=awaji")
    wait_for_run(page)
    wait_for_grid(page)
    grid = page.locator(GRID).first
    box = grid.bounding_box()
    # The first column holds the row-selection checkboxes; rows are about 35 px under a 35 px header.
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 * 2 + 17)  # third row: 淡路市
    page.wait_for_url(re.compile(r"/municipality\?"))
    wait_for_run(page)
    assert "淡路市" in heading_with(page, "淡路市")
    assert "code=282260" in page.url


def test_visits_page_draws_matrix_and_chart(new_page, app_url, artifacts):
    recorder = Recorder()
    page = new_page(recorder)
    page.goto(f"{app_url}/visits")
    wait_for_run(page)
    assert heading_with(page, "巡回記録") == "巡回記録"
    page.get_by_test_id("stPlotlyChart").first.locator(".main-svg").first.wait_for(state="visible")
    wait_for_grid(page, 0)
    wait_for_grid(page, 1)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "visits.png"))
    bars = page.locator('[data-testid="stPlotlyChart"] .barlayer path')
    assert bars.count() >= 8 * 3 - 3, f"only {bars.count()} bars drawn"
    assert page.get_by_test_id("stMetric").count() == 4
    assert page.locator('[data-testid="stException"]').count() == 0
    outside = sorted({url for url in recorder.requests if not request_is_local(url)})
    assert not outside, f"requests to other hosts: {outside}"
    assert not console_errors(recorder), console_errors(recorder)
