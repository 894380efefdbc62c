"""相談案件 in a real browser, in English with the 経過日数 filter at 90 days: the tile, the line naming the
filters and the downloaded list agree (screenshot: tests/artifacts/consultations_age90_en.png)."""

from __future__ import annotations

import csv
import io

import pytest

from liaison.i18n import t

from .test_browser import wait_for_run

pytestmark = pytest.mark.browser


def metric_value(page, label: str) -> str:
    tile = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)
    )
    return tile.first.locator('[data-testid="stMetricValue"]').inner_text()


def test_age_90_in_english_lists_and_downloads_what_the_tile_counts(new_page, app_url, artifacts, tmp_path):
    page = new_page()
    page.goto(app_url + "/consultations?lang=en&age=90&charts=trend,ageing")
    page.get_by_role("heading", name=t("page_consultations", "en")).wait_for()
    wait_for_run(page)
    over_90 = metric_value(page, t("consultations_over_90", "en"))
    assert metric_value(page, t("consultations_count", "en")) == over_90
    body = page.locator("body").inner_text()
    assert "Age: open over 90 days" in body
    assert "None" not in page.locator('[data-testid="stMainBlockContainer"]').inner_text()

    page.get_by_text(t("export_show", "en")).click()
    wait_for_run(page)
    button = page.get_by_role("button", name=t("admin_csv_bom", "en"))
    button.wait_for()
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(state="visible")
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "consultations_age90_en.png"), full_page=True)
    with page.expect_download() as info:
        button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == int(over_90.replace(",", "")) > 0
    assert all(int(row["経過日数"]) > 90 for row in rows)
