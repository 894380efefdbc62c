"""Recording a 首長対話 on a real (empty) store, in a real browser: the トップ層・情報提供 page's tile counts
it and the relationship map draws the municipality in the mayor-dialogue colour.

Screenshots: tests/artifacts/relations_record_before.png and relations_record_after.png.
"""

from __future__ import annotations

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
MAYOR_BLUE = (44, 127, 184)  # the relationship map's darkest class: mayor dialogue held


def mayor_pixels(page) -> int:
    pixels = np.asarray(wait_for_map(page), dtype=int)
    return int(near(pixels, MAYOR_BLUE, 30).sum())


def test_a_mayor_dialogue_entered_shows_on_the_tile_and_the_map(new_page, artifacts, tmp_path):
    db = add_first_admin(store.init(tmp_path / "real.duckdb"))
    con = store.connect(db)
    try:
        targets = con.execute("select count(*) from municipalities where is_liaison_target").fetchone()[0]
    finally:
        con.close()
    tile = figures.get("mayor_dialogue_municipalities").label("ja")

    with AppServer(db, tmp_path / "streamlit.log", timeout=SERVER_START_TIMEOUT) as server:
        recorder = Recorder()
        page = new_page(recorder)
        page.set_viewport_size(TALL)
        log_in(page, server.url, "/relations")
        wait_for_run(page)
        heading_with(page, "トップ層")
        assert metric_value(page, tile) == f"0 / {targets}"
        assert mayor_pixels(page) == 0, "an empty store has no mayor dialogue"
        page.screenshot(path=str(artifacts / "relations_record_before.png"))

        page.get_by_text(t("relations_log_engagement", "ja")).click()
        wait_for_run(page)
        page.get_by_label("名称").fill("首長対話（DX推進計画）")
        picker = page.locator('[data-testid="stMultiSelect"]').filter(
            has_text=t("forms_engagement_municipalities", "ja")
        )
        picker.locator("input").click()
        picker.locator("input").fill("姫路")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.get_by_role("button", name=t("forms_engagement_submit", "ja")).click()
        wait_for_run(page)
        page.get_by_text(
            "首長対話（DX推進計画）（"
        ).wait_for()  # the flash: 「…（日付・1 市町）を記録しました」
        assert metric_value(page, tile) == f"1 / {targets}"
        assert mayor_pixels(page) > 200, "姫路市 is not drawn in the mayor-dialogue colour"
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts / "relations_record_after.png"))
        assert_clean(recorder)

    con = store.connect(db)
    try:
        stored = con.execute(
            "select municipality_code, participant_level from engagement_participants"
        ).fetchall()
    finally:
        con.close()
    assert stored == [("282014", "首長")]
