"""Going live from an empty start, as a new administrator would: `init`, import a CSV, serve, look.

The commands run as subprocesses (`python -m liaison.store init`, `python -m liaison.records import
--commit`), the app runs on 127.0.0.1 against the new real store, and Chromium shows no demo notice,
the imported count on the map's KPIs and on 相談案件, and a drawn map.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

from liaison import figures, paths, records, store
from liaison.fiscal import fiscal_year_of
from liaison.i18n import t
from liaison.localserver import AppServer
from liaison.records import import_format

from .conftest import RUN_FINISHED, SERVER_START_TIMEOUT, Recorder
from .logins import add_first_admin, log_in
from .test_browser import console_errors, request_is_local, wait_for_charts_and_table, wait_for_map

pytestmark = pytest.mark.browser

COMMAND_TIMEOUT = 120  # seconds per command
MUNICIPALITIES = ["姫路市", "豊岡市", "西宮市", "洲本市", "丹波篠山市", "たつの市", "香美町"]
FIELD_IDS = ["genai", "security", "ai_rpa", "frontyard", "standardization"]
TITLES = [
    "議事録要約への生成AI活用",
    "USBメモリ運用の見直し",
    "RPAで定型入力を自動化したい",
    "窓口のキャッシュレス化",
    "標準準拠システムへの移行計画",
    "職員向けAI研修の企画",
    "庁内ネットワーク分離の相談",
]
N = len(TITLES)


def run(*args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "LIAISON_DB"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )


def field_names() -> dict[str, str]:
    with open(paths.REFERENCE / "dx_fields.csv", encoding="utf-8", newline="") as file:
        return {row["field_id"]: row["name_ja"] for row in csv.DictReader(file)}


def received_dates(today: date) -> list[date]:
    """N dates in the current 年度, none after today (all today on 1 April)."""
    start = date(fiscal_year_of(today), 4, 1)
    return [max(start, today - timedelta(days=5 * i)) for i in range(N)]


def write_consultations(path, today: date) -> None:
    """N open consultations (状況 blank or 受付, no 担当) in UTF-8 with BOM, the template's headers."""
    names = field_names()
    headers = import_format.HEADERS["consultations"]
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=headers)
        writer.writeheader()
        for i, (received, title) in enumerate(zip(received_dates(today), TITLES, strict=True)):
            writer.writerow(
                {
                    "受付日": received.isoformat(),
                    "市町": MUNICIPALITIES[i % len(MUNICIPALITIES)],
                    "分野": names[FIELD_IDS[i % len(FIELD_IDS)]],
                    "受付方法": records.CHANNELS[i % len(records.CHANNELS)],
                    "件名": title,
                    "内容": "新しい体制での最初の相談記録",
                    "状況": "" if i % 2 else "受付",
                }
            )


def metric_value(page, label: str) -> str:
    tile = page.locator('[data-testid="stMetric"]', has_text=label)
    return tile.locator('[data-testid="stMetricValue"]').inner_text()


def assert_no_demo_notice(page) -> None:
    body = page.locator("body").inner_text()
    assert t("demo_notice", "ja") not in body
    assert "デモデータ" not in body
    assert "デモの基準日" not in body


def test_a_new_administrator_goes_live(new_page, artifacts, tmp_path):
    db = tmp_path / "real.duckdb"
    made = run("-m", "liaison.store", "init", "--db", str(db))
    assert made.returncode == 0, made.stdout + made.stderr
    assert db.exists()

    today = store.today()
    csv_path = tmp_path / "相談_初回取り込み.csv"
    write_consultations(csv_path, today)
    imported = run(
        "-m", "liaison.records", "import", "--db", str(db), "--kind", "consultations",
        str(csv_path), "--commit", "--actor", "新任の管理者",
    )  # fmt: skip
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert f"{N} 件を登録しました" in imported.stdout
    add_first_admin(db)  # a real store is served to logged-in people only

    with AppServer(db, tmp_path / "streamlit.log", timeout=SERVER_START_TIMEOUT) as server:
        assert server.url.startswith("http://127.0.0.1:")
        recorder = Recorder()
        page = new_page(recorder)
        log_in(page, server.url, "/")
        page.get_by_role("heading", name=t("app_title", "ja")).wait_for()
        page.wait_for_selector(RUN_FINISHED)
        assert metric_value(page, figures.get("consultations_fy").label("ja")) == str(N)
        assert metric_value(page, figures.get("open_all").label("ja")) == str(N)
        assert metric_value(page, figures.get("visits_fy").label("ja")) == "0"
        wait_for_map(page)
        assert_no_demo_notice(page)
        assert "今日・日本時間" in page.get_by_test_id("stSidebar").inner_text()
        page.screenshot(path=str(artifacts / "going_live_map.png"), full_page=True)

        page.goto(server.url + "/consultations")
        page.get_by_role("heading", name=t("page_consultations", "ja")).wait_for()
        page.wait_for_selector(RUN_FINISHED)
        assert metric_value(page, figures.get("consultations_fy").label("ja")) == str(N)
        assert metric_value(page, figures.get("open_fy").label("ja")) == str(N)
        assert_no_demo_notice(page)
        wait_for_charts_and_table(page)
        page.screenshot(path=str(artifacts / "going_live_consultations.png"), full_page=True)

        assert [url for url in recorder.requests if not request_is_local(url)] == []
        assert console_errors(recorder) == [], server.log_tail()
