"""Forms that forgive, in a real browser: the consultation detail opens in a dialog over the row a person
clicked (screenshot: tests/artifacts/consultation_dialog.png), its status form works inside it, closing it
drops ?id=; the visit form is empty again after a write (the browser shows the defaults too)."""

from __future__ import annotations

import re

import pytest

from liaison.i18n import t

from .test_browser import wait_for_run

pytestmark = pytest.mark.browser
DIALOG = '[role="dialog"]'


def test_selected_row_opens_the_detail_in_a_dialog_and_its_form_works(new_page, app_url, artifacts):
    page = new_page()
    page.goto(app_url + "/consultations?charts=none")
    page.get_by_role("heading", name=t("page_consultations", "ja")).wait_for()
    wait_for_run(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the first row's selection box
    dialog = page.locator(DIALOG)
    dialog.wait_for()
    wait_for_run(page)
    assert "id=" in page.url
    shown = dialog.bounding_box()
    viewport = page.viewport_size
    assert shown["y"] >= 0 and shown["y"] < viewport["height"] / 2, "opens where the person is looking"
    text = dialog.inner_text()
    assert t("consultations_detail", "ja") in text and re.search(r"#\d+ ", text)
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "consultation_dialog.png"))

    dialog.get_by_text(t("consultations_update", "ja")).click()  # the toggle: reruns only the dialog
    wait_for_run(page)
    dialog.get_by_role("button", name=t("forms_status_submit", "ja")).wait_for()
    dialog.get_by_role("button", name=t("forms_status_submit", "ja")).click()  # unchanged: refused, listed
    page.locator(DIALOG).get_by_text("変更がありません").wait_for()

    page.keyboard.press("Escape")
    page.locator(DIALOG).wait_for(state="detached")
    wait_for_run(page)
    page.wait_for_function("() => !location.search.includes('id=')")


def test_link_opens_the_dialog_and_the_visit_form_is_empty_after_a_write(new_page, app_url, artifacts):
    from playwright.sync_api import expect  # polls: the form's new value arrives after the flash

    page = new_page()
    page.goto(app_url + "/consultations?id=651&charts=none")
    page.locator(DIALOG).wait_for()
    assert "#651 " in page.locator(DIALOG).inner_text()

    page.goto(app_url + "/visits")
    page.get_by_role("heading", name=t("visits_page", "ja")).wait_for()
    wait_for_run(page)
    page.get_by_text(t("visits_log_visit", "ja")).click()
    wait_for_run(page)
    summary = page.get_by_label("概要")
    summary.fill("ブラウザからの記録")
    page.get_by_role("button", name=t("forms_visit_submit", "ja")).click()
    wait_for_run(page)
    page.get_by_text("への訪問（").wait_for()
    expect(summary).to_have_value("")
    summary.fill("ブラウザからの記録")  # the same visit again: held as a likely duplicate
    page.get_by_role("button", name=t("forms_visit_submit", "ja")).click()
    wait_for_run(page)
    page.get_by_text("同じ内容の訪問が").wait_for()
    expect(summary).to_have_value("ブラウザからの記録")  # a refused submit keeps its text
    page.get_by_role("button", name=t("forms_duplicate_confirm", "ja")).click()
    wait_for_run(page)
    page.get_by_text("への訪問（").wait_for()
    expect(summary).to_have_value("")
    page.screenshot(path=str(artifacts / "visit_form_after_write.png"))
