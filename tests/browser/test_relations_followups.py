"""An engagement entered through the form in a real browser, executives at one municipality and a
follow-up promised: the relationship map draws that municipality in the executives colour and the
follow-up tiles count the promise.

Screenshots: /tmp/engage2/relations_followups_before.png and relations_followups_after.png (and the
test's artifacts folder).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from liaison import figures, store
from liaison.i18n import t
from liaison.localserver import AppServer

from .conftest import SERVER_START_TIMEOUT, Recorder
from .logins import add_first_admin, log_in
from .test_browser import heading_with, near, wait_for_map, wait_for_run
from .test_going_live import metric_value
from .test_readiness import TALL, assert_clean

pytestmark = pytest.mark.browser
EXECUTIVES_GREEN = (127, 205, 187)  # the relationship map's middle class: executives reached
SHOTS = Path("/tmp/engage2")


def executive_pixels(page) -> int:
    pixels = np.asarray(wait_for_map(page), dtype=int)
    return int(near(pixels, EXECUTIVES_GREEN, 20).sum())


def test_an_engagement_with_a_followup_changes_the_map_and_the_tiles(new_page, artifacts, tmp_path):
    db = add_first_admin(store.init(tmp_path / "real.duckdb"))
    open_tile = figures.get("open_followups").label("ja")
    reached_tile = figures.get("top_reached_municipalities").label("ja")
    SHOTS.mkdir(parents=True, exist_ok=True)

    with AppServer(db, tmp_path / "streamlit.log", timeout=SERVER_START_TIMEOUT) as server:
        recorder = Recorder()
        page = new_page(recorder)
        page.set_viewport_size(TALL)
        log_in(page, server.url, "/relations")
        wait_for_run(page)
        heading_with(page, "トップ層")
        assert metric_value(page, open_tile) == "0"
        before = executive_pixels(page)
        page.screenshot(path=str(SHOTS / "relations_followups_before.png"))

        page.get_by_text(t("relations_log_engagement", "ja")).click()
        wait_for_run(page)
        kind = page.locator('[data-testid="stSelectbox"]').filter(has_text="種類")
        kind.click()
        page.get_by_role("option", name="圏域市町デジタル部門担当者会議").click()
        page.get_by_label("名称").fill("圏域担当者会議（豊岡）")
        picker = page.locator('[data-testid="stMultiSelect"]').filter(
            has_text=t("forms_engagement_executives", "ja")
        )
        picker.locator("input").click()
        picker.locator("input").fill("豊岡")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.get_by_label("フォローアップの内容").first.fill("窓口DXの事例を送る")
        page.get_by_label("約束した人").first.fill("県デジタル戦略課")
        page.get_by_role("button", name=t("forms_engagement_submit", "ja")).click()
        wait_for_run(page)
        page.get_by_text("圏域担当者会議（豊岡）（").wait_for()  # the flash
        assert metric_value(page, open_tile) == "1"
        assert metric_value(page, reached_tile).startswith("1 / ")
        after = executive_pixels(page)
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / "relations_followups_after.png"))
        assert after > before + 200, "豊岡市 is not drawn in the executives colour"
        page.screenshot(path=str(artifacts / "relations_followups_after.png"))
        assert_clean(recorder)

    con = store.connect(db)
    try:
        stored = con.execute(
            "select engagement_participants.municipality_code, participant_level, promise"
            " from engagement_participants inner join engagement_followups using (engagement_id)"
        ).fetchall()
    finally:
        con.close()
    assert stored == [("282090", "幹部", "窓口DXの事例を送る")]
