"""Stored text never runs as script (issue 12): a payload that would set `window.__xss` is stored in a
consultation's title and detail, a visit's summary, an engagement's title and note, a liaison's name, a
department's name and a referral's request, and given as an uploaded file's name; every page that shows
them (the seminar's slides and the audit log included) is opened and the flag is never set.

The demo store (open without login) carries the payloads, written through the write API before the
server starts. Screenshots: tests/artifacts/xss_<page>.png.
"""

from __future__ import annotations

import pytest

from liaison import demo, store
from liaison.records import referrals, roster, writes

from .conftest import Recorder, serving
from .test_browser import wait_for_run

pytestmark = pytest.mark.browser

FLAG = "window.__xss"
PAYLOADS = (
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=1</script>",
    "[ここ](javascript:window.__xss=1)",
    '![x](x" onerror="window.__xss=1)',
    "<svg onload=window.__xss=1>",
)
PAYLOAD = " ".join(PAYLOADS)
SHORT = '<img src=x onerror="window.__xss=1">'  # for names with a length limit
CODE = "282090"  # 豊岡市 (但馬)
OPERATOR = "<img src=x onerror=window.__xss=1>"  # the audit log's actor too


@pytest.fixture(scope="module")
def xss_url(browser_available, tmp_path_factory):
    if not browser_available:
        yield None
        return
    folder = tmp_path_factory.mktemp("xss-app")
    path = store.build(folder / "demo.duckdb")
    con = store.connect(path)
    today = demo.AS_OF
    try:
        liaison_id = roster.add_person(
            con,
            OPERATOR,
            today=today,
            name=SHORT,
            section="デジタル戦略課",
            assignments=[("地域", "但馬", None)],
        )
        consultation = writes.add_consultation(
            con,
            OPERATOR,
            today=today,
            received_on=today,
            municipality_code=CODE,
            field_id="セキュリティ",
            channel="メール",
            title=PAYLOAD[:200],
            detail=PAYLOAD,
            owner_liaison_id=liaison_id,
        )
        writes.add_visit(
            con,
            OPERATOR,
            today=today,
            visited_on=today,
            municipality_code=CODE,
            liaison_id=liaison_id,
            department="自治体DX担当",
            purpose="定期巡回",
            summary=PAYLOAD,
        )
        writes.record_engagement(
            con,
            OPERATOR,
            today=today,
            held_on=today,
            kind="首長対話",
            title=SHORT,
            participants={CODE: "首長"},
            note=PAYLOAD,
            followups=[{"promise": PAYLOAD[:200], "promised_by": "県"}],
        )
        department = referrals.add_department(con, OPERATOR, today=today, name_ja=SHORT)
        referrals.add_referral(
            con,
            OPERATOR,
            today=today,
            consultation_id=consultation,
            department=department,
            referred_on=today,
            request=PAYLOAD,
        )
    finally:
        con.close()
    with serving(path, folder / "streamlit.log") as url:
        yield url


def _flag(page) -> object:
    return page.evaluate(f"() => {FLAG} ?? null")


def _visit(page, url: str, name: str, artifacts) -> None:
    page.goto(url)
    wait_for_run(page)
    page.wait_for_timeout(800)  # images that fail to load fire onerror after the run
    page.screenshot(path=str(artifacts / f"xss_{name}.png"), full_page=True)
    assert _flag(page) is None, f"{name}: a stored payload ran"


def _click_through(page, labels: list[str]) -> None:
    for label in labels:
        target = page.get_by_text(label, exact=False).first
        if target.count():
            target.click()
            page.wait_for_timeout(300)
            wait_for_run(page)


PAGES = [
    ("map", "/"),
    ("profile", f"/municipality?code={CODE}"),
    ("region", "/region?region=tajima"),
    ("consultations", "/consultations"),
    ("referrals", "/referrals"),
    ("visits", "/visits"),
    ("planner", "/planner"),
    ("readiness", "/readiness"),
    ("relations", "/relations"),
    ("figures", "/figures"),
    ("roster", "/roster"),
    ("audit", "/audit"),
    ("admin", "/admin"),
]


def test_no_stored_payload_runs_on_any_page(xss_url, new_page, artifacts):
    recorder = Recorder()
    page = new_page(recorder)
    for name, path in PAGES:
        _visit(page, xss_url + path, name, artifacts)
    # the record dialogs: a consultation's detail and the visits' detail, where the full texts show
    _visit(page, xss_url + "/consultations", "consultations_again", artifacts)
    grid_row = page.locator('[data-testid="stDataFrame"]').first
    if grid_row.count():
        grid_row.click(position={"x": 60, "y": 50})
        page.wait_for_timeout(500)
        wait_for_run(page)
    assert _flag(page) is None
    # hover the map: its tooltips show the names and values
    _visit(page, xss_url + "/", "map_hover", artifacts)
    chart = page.locator(".liaison-map").first
    box = chart.bounding_box()
    if box:
        for fx, fy in ((0.5, 0.3), (0.5, 0.5), (0.4, 0.6), (0.6, 0.7)):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(300)
    assert _flag(page) is None
    assert not [error for error in recorder.page_errors if "__xss" in error]


def test_no_payload_runs_on_the_seminar_slides(xss_url, new_page, artifacts):
    page = new_page(Recorder())
    _visit(page, xss_url + "/seminar?scope=region&region=tajima", "seminar_first", artifacts)
    for step in range(12):  # every slide of the deck, by its 次へ button
        button = page.get_by_role("button", name="次へ")
        if not button.count() or button.first.is_disabled():
            break
        button.first.click()
        page.wait_for_timeout(400)
        wait_for_run(page)
        assert _flag(page) is None, f"slide {step + 2}"
    page.screenshot(path=str(artifacts / "xss_seminar_last.png"), full_page=True)


def test_an_uploaded_file_name_does_not_run(xss_url, new_page, artifacts):
    page = new_page(Recorder())
    _visit(page, xss_url + "/admin", "admin_before_upload", artifacts)
    chooser = page.locator('input[type="file"]').first
    chooser.set_input_files(
        {
            "name": '<img src=x onerror="window.__xss=1">.csv',
            "mimeType": "text/csv",
            "buffer": "訪問日\n".encode(),
        }
    )
    page.wait_for_timeout(1500)
    wait_for_run(page)
    page.screenshot(path=str(artifacts / "xss_admin_upload.png"), full_page=True)
    assert _flag(page) is None
    assert page.get_by_text("onerror", exact=False).count() >= 1  # the name is shown, as text
