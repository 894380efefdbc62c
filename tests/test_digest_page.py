"""AppTests of the 関係部署への共有 page on the digest store (tests/test_digest.py's week), per role."""

from __future__ import annotations

import pytest
from app_pages import open_page
from test_digest import WEEK, fill
from test_roles_pages import app_on_real_store, login, rendered

from liaison import store
from tests import roles

FY = "2025"


@pytest.fixture(scope="module")
def digest_store(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("digest_page") / "small.duckdb", fill)
    con = store.connect(path)
    try:
        roles.principals(con)  # the 関係部署 account is tied to the first department: 情報政策課
    finally:
        con.close()
    return path


@pytest.fixture
def digest_app(digest_store, point_app, monkeypatch):
    with app_on_real_store(digest_store, point_app, monkeypatch) as con:
        yield con


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_liaison_sees_the_whole_week(digest_app, monkeypatch):
    login(monkeypatch, digest_app, "地域リエゾン")
    at = open_page("views/digest.py", fy=FY)
    assert not at.exception
    assert tiles(at) == {
        "新しい相談": "1", "更新された相談": "2", "訪問": "2", "橋渡し": "1", "部署の回答": "1", "期限超過の橋渡し": "1",
    }  # fmt: skip
    assert "マイナカードの申請支援" in rendered(at)
    assert at.get("download_button")


def test_department_sees_only_its_part(digest_app, monkeypatch):
    login(monkeypatch, digest_app, "地域リエゾン")
    assert not open_page("views/digest.py", fy=FY).exception  # fills the cache first
    login(monkeypatch, digest_app, "関係部署")
    at = open_page("views/digest.py", fy=FY, department="2")  # asks for 防災課: gets its own
    assert not at.exception
    assert tiles(at)["新しい相談"] == "1" and tiles(at)["部署の回答"] == "0"
    shown = rendered(at)
    assert "交付窓口の体制" in shown  # its own referral's request
    assert "助言済み" not in shown and "人材育成の研修計画" not in shown


def test_viewer_gets_counts_only(digest_app, monkeypatch):
    login(monkeypatch, digest_app, "閲覧")
    at = open_page("views/digest.py", fy=FY)
    assert not at.exception
    assert tiles(at)["更新された相談"] == "2"
    assert "マイナカードの申請支援" not in rendered(at) and at.info


def test_bad_period_changes_nothing(digest_app, monkeypatch):
    login(monkeypatch, digest_app, "地域リエゾン")
    at = open_page("views/digest.py", fy=FY, to="2025-13-01")
    assert not at.exception and at.error


def test_pdf_of_the_department_part(digest_app, monkeypatch, tmp_path):
    import shutil
    import subprocess

    from liaison import localserver

    if not localserver.CHROMIUM.exists() or shutil.which("pdftotext") is None:
        pytest.skip("needs Chromium and poppler-utils")
    login(monkeypatch, digest_app, "関係部署")
    at = open_page("views/digest.py", fy=FY)
    at.button(key="digest_make_pdf").click().run()
    assert not at.exception
    (button,) = [
        b
        for b in at.get("download_button")
        if b.proto.id.endswith("digest_download_pdf") or "PDF" in b.proto.label
    ]
    pdf = at.session_state["digest_pdf"][1]
    assert pdf.startswith(b"%PDF")
    target = tmp_path / "digest.pdf"
    target.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "関係部署への共有" in text and "交付窓口の体制" in text
    assert "助言済み" not in text and "人材育成の研修計画" not in text  # not the department's


def test_list_holds_the_longest_waiting_overdue_and_the_excel_every_one(digest_app, monkeypatch):
    import io

    import openpyxl

    from dashboard.readers import digest as digest_readers
    from liaison import digest

    monkeypatch.setattr(digest, "OVERDUE_LISTED", 0)  # the week has one overdue referral: list none of it
    login(monkeypatch, digest_app, "地域リエゾン")
    at = open_page("views/digest.py", fy=FY, **{"from": "2025-11-23"})  # a period of its own: fresh caches
    assert not at.exception
    assert tiles(at)["期限超過の橋渡し"] == "1"
    assert "1 件のうち、待ちの長い 0 件" in " ".join(c.value for c in at.caption)
    assert "期限超過の橋渡し" not in set(at.dataframe[-1].value["種類"])
    # the download button's data is made when asked for; this is the function it calls
    made = digest_readers.digest_xlsx(*WEEK, None, "ja")()
    sheet = openpyxl.load_workbook(io.BytesIO(made)).active
    kinds = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert kinds.count("期限超過の橋渡し") == 1 and len(kinds) == 8  # the whole week
