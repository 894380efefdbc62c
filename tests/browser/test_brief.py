"""訪問前ブリーフィング in a real browser: opened from the planner, then its PDF downloaded (one A4 page).

Run: .venv/bin/python -m pytest tests/browser/test_brief.py -q   (screenshot and PDF in tests/artifacts/)
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from .conftest import RUN_FINISHED

pytestmark = pytest.mark.browser


def test_open_a_brief_from_the_planner_and_download_it(new_page, app_url, artifacts, tmp_path):
    page = new_page()
    page.goto(f"{app_url}/planner")
    page.wait_for_selector(RUN_FINISHED)
    link = page.get_by_role("link", name=re.compile("訪問前ブリーフィング: 加東市"))
    link.wait_for()
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(re.compile(r"/brief\?.*code=282286"))
    page.wait_for_selector(RUN_FINISHED)
    page.locator("h3").filter(has_text="加東市").first.wait_for()
    page.get_by_text("規則2 要訪問の部署").first.wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(artifacts / "brief.png"), full_page=True)

    button = page.get_by_role("button", name=re.compile("PDF"))
    button.wait_for(timeout=60_000)
    with page.expect_download() as info:
        button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "brief_282286_2025-11-30.pdf"
    assert target.read_bytes().startswith(b"%PDF")
    shutil.copyfile(target, artifacts / "brief.pdf")
    if shutil.which("pdfinfo"):
        facts = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
        assert "Pages:           1" in facts and "(A4)" in facts
