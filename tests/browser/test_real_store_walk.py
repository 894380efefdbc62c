"""Issue 11's acceptance walk: a new user starts a real store and, through the pages alone, enters the
roster, a visit, a consultation referred to a department (and its answer), a hearing, an engagement and a
push, then corrects one record and voids another; afterwards the store holds exactly those records, each
with its audit rows.

Screenshots after each step: /tmp/walk/NN_<step>.png (and tests/artifacts/walk_NN_<step>.png).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from liaison import figures, store
from liaison.i18n import step_text, t
from liaison.localserver import AppServer

from .conftest import SERVER_START_TIMEOUT, Recorder
from .logins import ADMIN, ADMIN_NAME, ADMIN_PASSWORD, accounts_cli, fill_login_form
from .test_browser import heading_with, wait_for_map, wait_for_run
from .test_going_live import assert_no_demo_notice, metric_value, run
from .test_readiness import TALL, assert_clean

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/walk")
DIALOG = '[role="dialog"]'
GRID = '[data-testid="stDataFrame"]'
STEP_TIMEOUT = 30_000  # ms: any one wait of the walk

DEPARTMENT = "情報政策課"
REGIONAL = "山田 太郎"  # 地域リエゾン of 但馬
FIELD = "佐藤 花子"  # 分野リエゾン of セキュリティ
VISIT_SUMMARY = "初回の定期巡回：情報政策担当と顔合わせ"
VISIT_SUMMARY_FIXED = "初回の定期巡回：情報政策担当・総務課と顔合わせ"
CONSULTATION = "窓口DXの進め方を相談したい"
REQUEST = "基幹系システムとの連携可否を確認してください"
ANSWER = "標準準拠後であれば連携可能と回答"
HEARING_ANSWER = "令和8年度中にDX推進計画を策定する予定"
ENGAGEMENT = "首長対話（豊岡市・窓口DX）"
PROMISE = "書かない窓口の先行事例を送る"
PUSH = "セキュリティ研修の案内"
VOID_REASON = "配信先を誤って登録したため"
SCORES = (3, 2, 2, 3, 1, 2, 2, 4)  # the eight hearing items, in the form's order


class Walk:
    """The page being walked, the steps' screenshots and the few widget moves every step needs."""

    def __init__(self, page, base_url: str, artifacts: Path):
        self.page, self.base_url, self.artifacts = page, base_url, artifacts
        self.step = 0

    def goto(self, path: str, heading: str) -> None:
        self.page.goto(self.base_url + path)
        wait_for_run(self.page)
        heading_with(self.page, heading)
        assert_no_demo_notice(self.page)

    def shot(self, name: str, full_page: bool = False) -> None:
        self.step += 1
        self.page.wait_for_timeout(400)  # let the grids and the flash paint
        target = SHOTS / f"{self.step:02d}_{name}.png"
        self.page.screenshot(path=str(target), full_page=full_page)
        shutil.copy(target, self.artifacts / f"walk_{target.name}")

    def flash(self, text: str, scope=None) -> None:
        """The success message of a write (st.success), which holds `text`."""
        where = scope if scope is not None else self.page
        where.locator('[data-testid="stAlertContentSuccess"]').filter(has_text=text).first.wait_for()
        wait_for_run(self.page)

    def toggle(self, label: str, scope=None) -> None:
        (scope if scope is not None else self.page).get_by_text(label, exact=True).click()
        self.page.wait_for_timeout(300)  # the rerun starts: do not take the run before it as its end
        wait_for_run(self.page)

    def choose(self, label: str, option: str, scope=None, nth: int = 0) -> None:
        """Pick the option showing `option` in the selectbox labelled `label`."""
        self._combobox(label, option, scope, nth)

    def pick(self, label: str, option: str, scope=None) -> None:
        """Add the option showing `option` to the multiselect labelled `label`."""
        self._combobox(label, option, scope, 0)
        self.page.keyboard.press("Escape")

    def _combobox(self, label: str, option: str, scope, nth: int) -> None:
        where = scope if scope is not None else self.page
        # a handle: an open list hides the rest of the page from the accessibility tree (aria-hidden)
        box = where.get_by_role("combobox", name=label, exact=True).nth(nth).element_handle()
        listed = self.page.get_by_role("option").filter(has_text=option).first
        for attempt in range(3):  # an open list closes when the page scrolls (a chart still laying out)
            box.click()
            box.fill(option)  # the options are drawn only when in view: narrow the list first
            try:
                listed.click(timeout=5_000)
                return
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                self.page.keyboard.press("Escape")

    def form(self, submit: str, scope=None):
        """The form whose submit button reads `submit` (matched on text: an open list hides roles)."""
        where = scope if scope is not None else self.page
        return where.locator('[data-testid="stForm"]').filter(has_text=submit).first

    def wait_for_cell(self, text: str, grid) -> None:
        grid.locator('[role="gridcell"]').filter(has_text=text).first.wait_for(state="attached")

    @staticmethod
    def cells(grid) -> str:
        """What a table holds, cell by cell: the grid draws on a canvas, its cells are the canvas's
        fallback content (hidden, so read as textContent)."""
        grid.locator('[role="gridcell"]').first.wait_for(state="attached")
        return " | ".join(grid.locator('[role="gridcell"]').all_text_contents())

    def select_first_row(self, index: int = 0) -> None:
        """Tick the first row of the index-th table (its selection column)."""
        grid = self.page.locator(GRID).nth(index)
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        self.page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
        self.page.locator(DIALOG).wait_for()
        wait_for_run(self.page)


def test_a_new_user_walks_a_real_store_through_the_pages(new_page, artifacts, tmp_path):
    db = tmp_path / "real.duckdb"
    made = run("-m", "liaison.store", "init", "--db", str(db))
    assert made.returncode == 0, made.stdout + made.stderr
    accounts_cli(db, "create-admin", ADMIN, "--name", ADMIN_NAME, password=ADMIN_PASSWORD)
    SHOTS.mkdir(parents=True, exist_ok=True)

    with AppServer(db, tmp_path / "streamlit.log", timeout=SERVER_START_TIMEOUT) as server:
        recorder = Recorder()
        page = new_page(recorder)
        page.set_default_timeout(STEP_TIMEOUT)
        page.set_viewport_size(TALL)
        walk = Walk(page, server.url, artifacts)
        try:
            _walk(walk)
        except Exception:
            page.screenshot(path=str(SHOTS / "failed.png"), full_page=True)
            raise
        assert_clean(recorder)

    _assert_store(db)


def _walk(walk: Walk) -> None:
    page = walk.page
    # a real store asks for a login first: the first administrator, through the login form
    page.goto(walk.base_url + "/")
    wait_for_run(page)
    page.get_by_role("link", name="ログイン名とパスワードでログイン").click()
    fill_login_form(page, ADMIN, ADMIN_PASSWORD)
    page.wait_for_url(walk.base_url + "/")
    walk.goto("/", t("app_title", "ja"))

    # データ管理: the department a referral needs
    walk.goto("/admin", t("page_data_admin", "ja"))
    page.get_by_role("heading", name=t("departments_header", "ja")).scroll_into_view_if_needed()
    walk.toggle(t("departments_add", "ja"))
    form = page.locator('[data-testid="stForm"]').filter(has=page.get_by_label("部署名"))
    form.get_by_label("部署名").fill(DEPARTMENT)
    form.get_by_label("所属部局").fill("企画部")
    form.get_by_role("button", name=t("departments_add_submit", "ja"), exact=True).click()
    walk.flash(f"{DEPARTMENT}を追加しました")
    page.get_by_role("heading", name=t("departments_header", "ja")).scroll_into_view_if_needed()
    walk.shot("department")

    # リエゾン名簿: a 地域リエゾン of 但馬 and a 分野リエゾン of セキュリティ
    walk.goto("/roster", t("roster_page", "ja"))
    submit = t("roster_add_submit", "ja")
    form = page.locator('[data-testid="stForm"]').filter(has=page.get_by_role("button", name=submit))
    form.get_by_label("氏名").fill(REGIONAL)
    walk.pick(t("roster_regions", "ja"), "但馬", form)
    form.get_by_role("button", name=submit).click()
    walk.flash(f"{REGIONAL}を名簿に追加しました")
    form.get_by_label("氏名").fill(FIELD)
    walk.choose("所属", "デジタル改革課", form)
    walk.pick(t("roster_fields", "ja"), "セキュリティ", form)
    form.get_by_role("button", name=submit).click()
    walk.flash(f"{FIELD}を名簿に追加しました")
    assert "在任 2 人" in page.locator("body").inner_text()
    walk.wait_for_cell(FIELD, page.locator(GRID).first)
    shown = walk.cells(page.locator(GRID).first)
    assert REGIONAL in shown and FIELD in shown and "但馬" in shown and "セキュリティ" in shown, shown
    walk.shot("roster")

    _visit(walk)
    _consultation_with_referral(walk)
    _hearing(walk)
    _engagement_and_push(walk)
    _correct_the_visit(walk)
    _void_the_push(walk)


def _visit(walk: Walk) -> None:
    page = walk.page
    walk.goto("/visits", t("visits_page", "ja"))
    walk.toggle(t("visits_log_visit", "ja"))
    submit = t("forms_visit_submit", "ja")
    form = walk.form(submit)
    walk.choose("市町", "豊岡市", form)
    walk.choose("リエゾン", REGIONAL, form)
    form.get_by_label("概要").fill(VISIT_SUMMARY)
    form.get_by_role("button", name=submit).click()
    walk.flash("豊岡市への訪問（")
    assert metric_value(page, figures.get("visits_fy").label("ja")) == "1"
    visits = page.locator(GRID).last  # 訪問記録の一覧
    walk.wait_for_cell(VISIT_SUMMARY, visits)
    shown = walk.cells(visits)
    assert "豊岡市" in shown and REGIONAL in shown, shown
    visits.scroll_into_view_if_needed()
    walk.shot("visit")


def _consultation_with_referral(walk: Walk) -> None:
    page = walk.page
    walk.goto("/consultations", t("page_consultations", "ja"))
    walk.toggle(t("consultations_new", "ja"))
    submit = t("forms_consultation_submit", "ja")
    form = walk.form(submit)
    walk.choose("市町", "豊岡市", form)
    walk.choose("分野", "フロントヤード改革", form)
    form.get_by_label("件名").fill(CONSULTATION)
    form.get_by_label("内容").fill("書かない窓口を来年度から始めたい。庁内の基幹系との連携が課題。")
    walk.choose("担当リエゾン", REGIONAL, form)
    form.get_by_role("button", name=submit).click()
    walk.flash(f"相談「{CONSULTATION}」を登録しました")
    assert metric_value(page, figures.get("consultations_fy").label("ja")) == "1"
    walk.toggle(t("consultations_new", "ja"))  # folded again: the table and its dialog are the subject
    walk.wait_for_cell(CONSULTATION, page.locator(GRID).first)
    walk.select_first_row(0)
    dialog = page.locator(DIALOG)
    assert f"#1 {CONSULTATION}" in dialog.inner_text()

    walk.toggle(t("consultations_update", "ja"), dialog)
    submit = t("referrals_add_submit", "ja")
    form = walk.form(submit, dialog)
    form.get_by_label("依頼内容").fill(REQUEST)
    form.get_by_role("button", name=submit).click()
    walk.flash(f"{DEPARTMENT}への橋渡しを登録しました", dialog)
    referrals = dialog.locator(GRID).filter(has=page.locator('[role="gridcell"]', has_text=REQUEST))
    walk.wait_for_cell(REQUEST, referrals)
    assert DEPARTMENT in walk.cells(referrals)
    walk.shot("consultation_referred")

    walk.goto("/referrals", t("referrals_title", "ja"))  # 橋渡し: the one open referral, by department
    assert (
        metric_value(page, figures.get("referrals_open").label("ja", days=figures.REFERRAL_OVERDUE_DAYS))
        == "1"
    )
    walk.wait_for_cell(DEPARTMENT, page.locator(GRID).first)
    walk.shot("referrals_open")

    walk.goto("/consultations?id=1", t("page_consultations", "ja"))  # the department answers
    dialog.wait_for()
    wait_for_run(page)
    walk.toggle(t("consultations_update", "ja"), dialog)  # a new session: the forms folded again
    submit = t("referrals_respond_submit", "ja")
    form = walk.form(submit, dialog)
    form.scroll_into_view_if_needed()
    walk.choose("結果", "回答あり", form)
    form.get_by_label("部署の回答・対応").fill(ANSWER)
    form.get_by_role("button", name=submit).click()
    walk.flash(f"{DEPARTMENT}の回答を登録しました", dialog)
    walk.wait_for_cell(ANSWER, referrals)
    dialog.get_by_text(t("referrals_in_dialog", "ja")).scroll_into_view_if_needed()
    walk.shot("consultation_answered")
    page.keyboard.press("Escape")
    page.locator(DIALOG).wait_for(state="detached")


def _hearing(walk: Walk) -> None:
    page = walk.page
    walk.goto("/readiness", t("readiness_title", "ja"))
    page.get_by_test_id("stExpander").filter(has_text=t("forms_hearing_heading", "ja")).locator(
        "summary"
    ).click()
    submit = t("forms_hearing_submit", "ja")
    form = walk.form(submit)
    form.scroll_into_view_if_needed()
    walk.choose("市町", "豊岡市", form)
    walk.choose("ステップ", step_text(2, "ja"), form)
    for i, score in enumerate(SCORES):
        walk.choose(t("forms_hearing_score", "ja"), str(score), form, nth=i)
    form.get_by_label(t("forms_hearing_answer", "ja")).first.fill(HEARING_ANSWER)
    form.get_by_role("button", name=submit).click()
    walk.flash("豊岡市の")
    assert metric_value(page, figures.get("heard_fy").label("ja")).startswith("1 / ")
    walk.shot("hearing")
    walk.goto("/municipality?code=282090", "豊岡市")  # 市町カルテ: the hearing's words beside its radar
    page.get_by_text(HEARING_ANSWER).first.wait_for()
    page.get_by_text(HEARING_ANSWER).first.scroll_into_view_if_needed()
    walk.shot("hearing_on_profile")


def _engagement_and_push(walk: Walk) -> None:
    page = walk.page
    walk.goto("/relations", t("relations_title", "ja"))
    walk.toggle(t("relations_log_engagement", "ja"))
    submit = t("forms_engagement_submit", "ja")
    form = walk.form(submit)
    form.get_by_label("名称").fill(ENGAGEMENT)
    walk.pick(t("forms_engagement_municipalities", "ja"), "豊岡市", form)  # at the default level: 首長
    walk.pick("出席リエゾン", REGIONAL, form)
    form.get_by_label("フォローアップの内容").first.fill(PROMISE)
    form.get_by_label("約束した人").first.fill(REGIONAL)
    form.get_by_role("button", name=submit).click()
    walk.flash(f"{ENGAGEMENT}（")
    walk.toggle(t("relations_log_engagement", "ja"))  # folded: the map in view
    assert metric_value(page, figures.get("mayor_dialogue_municipalities").label("ja")).startswith("1 / ")
    assert metric_value(page, figures.get("open_followups").label("ja")) == "1"
    wait_for_map(page)
    walk.shot("relations_map_engagement")

    walk.toggle(t("relations_log_push", "ja"))
    submit = t("forms_push_submit", "ja")
    form = walk.form(submit)
    walk.choose("分野", "セキュリティ", form)
    form.get_by_label("件名").fill(PUSH)
    form.get_by_text(t("forms_push_to_region", "ja"), exact=True).click()
    walk.choose(t("forms_push_region", "ja"), "但馬", form)
    form.get_by_role("button", name=submit).click()
    walk.flash(f"「{PUSH}」（")
    walk.toggle(t("relations_log_push", "ja"))
    assert metric_value(page, figures.get("pushes_fy").label("ja")) == "1"
    walk.shot("push")


def _correct_the_visit(walk: Walk) -> None:
    """修正: the visit's summary gains a word and it moves to 香美町; its history says so."""
    page = walk.page
    walk.goto("/visits", t("visits_page", "ja"))
    visits = page.locator(GRID).last
    walk.wait_for_cell(VISIT_SUMMARY, visits)
    walk.select_first_row(page.locator(GRID).count() - 1)
    dialog = page.locator(DIALOG)
    walk.toggle(t("corrections_open", "ja"), dialog)
    submit = t("corrections_edit_submit", "ja")
    form = walk.form(submit, dialog)
    walk.choose("市町", "香美町", form)
    form.get_by_label("概要").fill(VISIT_SUMMARY_FIXED)
    form.get_by_role("button", name=submit).click()
    walk.flash("訪問 #1 を修正しました", dialog)
    assert VISIT_SUMMARY_FIXED in dialog.inner_text() and "香美町" in dialog.inner_text()
    history = dialog.locator(GRID).last
    walk.wait_for_cell("香美町", history)
    sentences = walk.cells(history)
    assert "豊岡市" in sentences and "香美町" in sentences, sentences
    walk.toggle(t("corrections_open", "ja"), dialog)  # folded: the history in view
    form.wait_for(state="detached")
    dialog.locator(GRID).last.scroll_into_view_if_needed()
    walk.shot("visit_history_after_correction")
    page.keyboard.press("Escape")
    page.locator(DIALOG).wait_for(state="detached")


def _void_the_push(walk: Walk) -> None:
    """取り消し: the push, with a reason; データ管理 lists it with 復元."""
    page = walk.page
    walk.goto("/relations", t("relations_title", "ja"))
    walk.toggle(t("corrections_relations_section", "ja"))
    page.get_by_role("tab", name=t("corrections_pick_push", "ja")).click()
    panel = (
        page.get_by_role("tabpanel")
        .filter(visible=True)
        .filter(has=page.get_by_role("tab", name=t("corrections_void", "ja")))
    )
    panel.get_by_role("tab", name=t("corrections_void", "ja")).click()
    reason = page.get_by_label(t("corrections_void_reason", "ja")).filter(visible=True)
    reason.fill(VOID_REASON)
    page.get_by_text(t("corrections_void_confirm", "ja")).filter(visible=True).click()
    page.get_by_role("button", name=t("corrections_void_submit", "ja")).filter(visible=True).click()
    walk.flash(f"理由: {VOID_REASON}")
    assert metric_value(page, figures.get("pushes_fy").label("ja")) == "0"
    walk.shot("push_voided")

    walk.goto("/admin", t("page_data_admin", "ja"))
    page.get_by_role("heading", name=t("corrections_voided_title", "ja")).scroll_into_view_if_needed()
    voided = page.locator(GRID).filter(has=page.locator('[role="gridcell"]', has_text=VOID_REASON))
    walk.wait_for_cell(VOID_REASON, voided)
    page.get_by_role("button", name=t("corrections_restore", "ja"), exact=True).wait_for()
    walk.shot("admin_voided")


def _assert_store(db: Path) -> None:
    """Exactly what was entered, each record with one audit row, plus the answer, the edit and the void."""
    con = store.connect(db)
    try:

        def rows(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        assert rows("select name_ja, section from departments") == [(DEPARTMENT, "企画部")]
        assert rows("select name_ja, section from liaisons order by liaison_id") == [
            (REGIONAL, "デジタル戦略課"),
            (FIELD, "デジタル改革課"),
        ]
        assert rows("select kind, region_id, field_id from liaison_assignments order by liaison_id") == [
            ("地域", "tajima", None),
            ("分野", None, "security"),
        ]
        assert rows("select municipality_code, liaison_id, summary from visits") == [
            ("285854", "L-0001", VISIT_SUMMARY_FIXED)  # moved from 豊岡市 to 香美町, summary corrected
        ]
        assert rows("select municipality_code, field_id, title, owner_liaison_id from consultations") == [
            ("282090", "frontyard", CONSULTATION, "L-0001")
        ]
        assert rows("select consultation_id, request, outcome, response from referrals") == [
            (1, REQUEST, "回答あり", ANSWER)
        ]
        hearing = rows(
            "select municipality_code, step, score_vision, score_top_commitment, score_structure,"
            " score_staff_mindset, score_talent_profile, score_talent_policy, score_progress,"
            " score_issue_awareness, answer_vision from readiness_assessments"
        )
        assert hearing == [("282090", 2, *SCORES, HEARING_ANSWER)]
        assert rows("select title from engagements") == [(ENGAGEMENT,)]
        assert rows("select municipality_code, participant_level from engagement_participants") == [
            ("282090", "首長")
        ]
        assert rows("select liaison_id from engagement_liaisons") == [("L-0001",)]
        assert rows("select promise, promised_by from engagement_followups") == [(PROMISE, REGIONAL)]
        assert rows("select count(*) from chat_pushes") == [(0,)]  # voided: kept in voided_records
        voided = rows("select table_name, record_id, reason, record_json from voided_records")
        assert [row[:3] for row in voided] == [("chat_pushes", "1", VOID_REASON)]
        snapshot = json.loads(voided[0][3])
        assert snapshot["row"]["title"] == PUSH and snapshot["row"]["recipient_scope"] == "tajima"
        assert len(snapshot["children"]["chat_push_recipients"]) == 5  # 但馬's five municipalities

        assert rows("select table_name, record_key, action from audit_log order by audit_id") == [
            ("accounts", "1", "insert"),  # the first administrator (create-admin)
            ("departments", "1", "insert"),
            ("liaisons", "L-0001", "insert"),  # with the assignment
            ("liaisons", "L-0002", "insert"),
            ("visits", "1", "insert"),
            ("consultations", "1", "insert"),
            ("referrals", "1", "insert"),
            ("referrals", "1", "update"),  # the department's answer
            ("readiness_assessments", "1", "insert"),
            ("engagements", "1", "insert"),  # with its participant, liaison and follow-up
            ("chat_pushes", "1", "insert"),
            ("visits", "1", "update"),  # the correction
            ("chat_pushes", "1", "void"),
        ]
    finally:
        con.close()
