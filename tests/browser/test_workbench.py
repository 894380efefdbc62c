"""The workbench in a real browser: upload a Shift_JIS CSV through データ管理 and see the count change.

Runs against its own server and store copy, so the rows it adds never reach the other browser tests.
"""

from __future__ import annotations

import re
import shutil

import pytest

from liaison import figures
from liaison.i18n import t
from liaison.localserver import AppServer
from liaison.records import import_format

from .conftest import RUN_FINISHED, SERVER_START_TIMEOUT

pytestmark = pytest.mark.browser

ROWS = [
    [
        "",
        "R7.11.20",
        "姫路市",
        "生成AI",
        "メール",
        "議事録要約への生成AI活用",
        "試行の進め方の相談",
        "受付",
        "",
        "",
    ],
    [
        "",
        "令和7年11月21日",
        "２８２０１４",
        "セキュリティ",
        "電話",
        "USBメモリ運用の見直し",
        "",
        "対応中",
        "",
        "",
    ],
]


@pytest.fixture(scope="module")
def workbench_url(browser_available, store_template, tmp_path_factory):
    if not browser_available:
        yield None
        return
    folder = tmp_path_factory.mktemp("workbench-app")
    db = folder / "workbench.duckdb"
    shutil.copyfile(store_template, db)
    with AppServer(db, folder / "streamlit.log", timeout=SERVER_START_TIMEOUT) as server:
        yield server.url


def upload(page, path) -> None:
    """Hand the file to the import uploader once the page's first run is over and the widget is live.

    RUN_FINISHED also matches before a fresh session's first run has started, so wait for the
    page's own content first; a file handed over mid-run can be dropped when the run replaces the widget.
    """
    page.get_by_role("button", name="テンプレート（Excel）をダウンロード").wait_for()
    page.wait_for_selector(RUN_FINISHED)
    page.wait_for_timeout(500)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(path))


def matching_count(page, label: str = figures.get("consultations_fy").label("ja")) -> int:
    """The 相談案件 count tile: the 年度's figure, or under a filter the tile saying so."""
    tile = page.locator('[data-testid="stMetric"]', has_text=label)
    return int(tile.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def test_upload_a_cp932_csv_and_the_count_changes(workbench_url, new_page, artifacts, tmp_path):
    csv_path = tmp_path / "相談_取り込み.csv"
    lines = [",".join(import_format.HEADERS["consultations"])] + [",".join(row) for row in ROWS]
    csv_path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))

    page = new_page()
    page.goto(f"{workbench_url}/consultations?fy=2025")
    page.wait_for_selector(RUN_FINISHED)
    before = matching_count(page)
    assert before == 453

    # The kind comes from the link: clicking the radio re-keys the uploader, and a rerun racing the
    # upload could hand the file to the uploader that is about to be replaced.
    page.goto(f"{workbench_url}/admin?kind=consultations")
    page.wait_for_selector(RUN_FINISHED)
    assert page.get_by_test_id("stMainBlockContainer").get_by_role("radio", name="相談案件").is_checked()
    upload(page, csv_path)
    page.get_by_text(re.compile("新規 2 件を登録できます")).wait_for()
    commit = page.get_by_role("button", name="この内容で登録する")
    commit.wait_for()
    page.wait_for_selector(RUN_FINISHED)
    page.screenshot(path=str(artifacts / "import_preview.png"), full_page=True)
    commit.click()
    page.get_by_text(re.compile("2 件を登録しました")).wait_for()

    page.goto(f"{workbench_url}/consultations?fy=2025&q=生成AI活用")
    page.wait_for_selector(RUN_FINISHED)
    assert matching_count(page, t("consultations_count", "ja")) >= 1
    page.goto(f"{workbench_url}/consultations?fy=2025")
    page.wait_for_selector(RUN_FINISHED)
    assert matching_count(page) == before + 2
    page.screenshot(path=str(artifacts / "consultations_after_import.png"), full_page=True)

    # The same file again adds nothing (stable keys), and says so.
    # The kind comes from the link: clicking the radio re-keys the uploader, and a rerun racing the
    # upload could hand the file to the uploader that is about to be replaced.
    page.goto(f"{workbench_url}/admin?kind=consultations")
    page.wait_for_selector(RUN_FINISHED)
    assert page.get_by_test_id("stMainBlockContainer").get_by_role("radio", name="相談案件").is_checked()
    upload(page, csv_path)
    page.get_by_text(re.compile("すべての行が登録済みです")).wait_for()
