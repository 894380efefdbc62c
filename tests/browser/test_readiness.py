"""The DX推進状況 and トップ層・情報提供 pages in a real browser: charts and the map draw, offline, no errors.

Screenshots: tests/artifacts/readiness*.png and relations*.png.
"""

from __future__ import annotations

import numpy as np
import pytest

from .conftest import Recorder
from .test_browser import (
    KOBE_GREY,
    console_errors,
    heading_with,
    near,
    request_is_local,
    wait_for_map,
    wait_for_run,
)

pytestmark = pytest.mark.browser

PLOTLY = '[data-testid="stPlotlyChart"]'
TALL = {"width": 1400, "height": 3000}


def drawn_marks(page, index: int) -> int:
    """Bars, points or heatmap images drawn in the index-th plotly chart (0 while it is still empty)."""
    chart = page.locator(PLOTLY).nth(index)
    chart.locator(".main-svg").first.wait_for(state="visible")
    return chart.locator(".bars path, .points path, .heatmaplayer image, .hm image").count()


def wait_for_marks(page, index: int, timeout_ms: int = 20_000) -> int:
    waited = 0
    while (count := drawn_marks(page, index)) == 0 and waited < timeout_ms:
        page.wait_for_timeout(200)
        waited += 200
    return count


def choose_section(page, label: str, shows: str) -> None:
    """Click a segmented-control option by its label; wait until the section's text `shows` and the run ends."""
    page.get_by_role("radio", name=label, exact=True).click()
    page.get_by_text(shows).first.wait_for()
    wait_for_run(page)


def assert_clean(recorder: Recorder) -> None:
    outside = sorted({url for url in recorder.requests if not request_is_local(url)})
    assert not outside, f"requests to other hosts: {outside}"
    errors = console_errors(recorder)
    assert not errors, "console errors:\n" + "\n".join(errors)


def test_readiness_page_draws(new_page, app_url, artifacts):
    recorder = Recorder()
    page = new_page(recorder)
    page.set_viewport_size(TALL)  # Streamlit scrolls inside the app, so a full-page shot needs a tall window
    page.goto(f"{app_url}/readiness")
    wait_for_run(page)
    heading_with(page, "DX推進状況")
    page.get_by_test_id("stMetric").nth(3).wait_for()  # the page streams in: wait for the last tile
    page.get_by_text("ステップ0 認識共有・機運醸成").first.wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_test_id("stMetric").count() == 4
    assert wait_for_marks(page, 0) >= 12  # step gap: three bars per step
    assert wait_for_marks(page, 1) >= 1  # heatmap
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "readiness.png"))

    for label, shows, name in (
        ("8項目の分布", "その点数（1〜5）の市町", "readiness_distribution"),
        ("圏域別のステップ", "圏域ごとに、その年度のヒアリング", "readiness_regions"),
        ("前年度との比較", "両方でヒアリングした市町", "readiness_change"),
    ):
        choose_section(page, label, shows)
        assert wait_for_marks(page, 1) >= 8, label
        page.wait_for_timeout(400)
        page.locator(PLOTLY).nth(1).screenshot(path=str(artifacts / f"{name}.png"))
    assert_clean(recorder)


def test_relations_page_draws(new_page, app_url, artifacts):
    recorder = Recorder()
    page = new_page(recorder)
    page.set_viewport_size(TALL)
    page.goto(f"{app_url}/relations")
    wait_for_run(page)
    heading_with(page, "トップ層")
    page.get_by_test_id("stMetric").nth(3).wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    image = wait_for_map(page)
    pixels = np.asarray(image, dtype=int)
    grey = near(pixels, KOBE_GREY, 12) & (pixels.max(axis=-1) - pixels.min(axis=-1) <= 4)
    assert grey.sum() > 500, "神戸市 is not drawn grey"
    dialogue = near(pixels, (44, 127, 184), 30)  # the darkest class: mayor dialogue held
    assert dialogue.sum() > 200, "no municipality drawn in the mayor-dialogue colour"
    assert page.get_by_text("首長対話済").count() >= 1  # legend
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "relations.png"))

    choose_section(page, "首長・幹部との関わり", "点の大きさは参加市町の数")
    assert wait_for_marks(page, 0) >= 5  # one marker per engagement
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "relations_timeline.png"))

    choose_section(page, "LoGoチャットでの情報提供", "分野ごとの配信件数")
    assert wait_for_marks(page, 0) >= 10  # a bar per field with pushes
    page.get_by_test_id("stDataFrame").first.wait_for()
    assert page.get_by_test_id("stDataFrame").count() == 1
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts / "relations_pushes.png"))
    assert_clean(recorder)
