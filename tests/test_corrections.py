"""修正と取り消し: edit every field, void with a reason, restore — figures, history, imports and the UI follow.

Numbers are hand-checked on the seeded demo store (reference day 2025-11-30): 芦屋市 (282065) was last
visited at its 自治体DX担当 on 2025-09-18 (visit 619, 73 days before), the one before on 2025-08-13
(109 days, past the 90-day 要訪問 line); its 地域社会DX担当 on 2025-11-14. FY2025 has 259 visits and 30
municipalities 要訪問; 芦屋市 had 10 visits in FY2025, 5 of them to 自治体DX担当 (461, 495, 531, 573, 619).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from liaison import map as map_builders
from liaison import paths, safe_text, store
from liaison.queries import run_query
from liaison.records import (
    ValidationError,
    audit_view,
    corrections,
    exporting,
    referrals,
    source_keys,
    writes,
)
from liaison.records.preview import preview

TODAY = date(2025, 11, 30)
ASHIYA, AKASHI = "282065", "282031"
APP = str(paths.ROOT / "app.py")


@pytest.fixture
def db(writable_store):
    connection = store.connect(writable_store)
    yield connection
    connection.close()


def _figures(db) -> dict:
    metrics = run_query("municipality_metrics", con=db, fiscal_year=2025, as_of=TODAY)
    kpis = map_builders.summarize(metrics, None)
    ashiya = metrics.set_index("code").loc[ASHIYA]
    coverage = run_query(
        "visit_coverage_by_municipality", con=db, fiscal_year=2025, as_of=TODAY, region_id=None
    )
    cell = coverage[(coverage["code"] == ASHIYA) & (coverage["department"] == "自治体DX担当")].iloc[0]
    factors = run_query(
        "visit_priority_factors",
        con=db,
        fiscal_year=2025,
        as_of=TODAY,
        region_id=None,
        liaison_id=None,
        codes=None,
        ageing_days=60,
    ).set_index("code")
    exported = exporting.records_frame(db, "visits")
    return {
        "visits_fy": kpis.visits_fy,
        "due": kpis.municipalities_due,
        "ashiya_visits_fy": int(ashiya["visits_fy"]),
        "matrix_visits": int(cell["visits_fy"]),
        "matrix_days": int(cell["days_since_last_visit"]),
        "planner_days": int(factors.loc[ASHIYA, "days_since_municipal_dx"]),
        "exported": len(exported),
    }


def test_a_voided_visit_leaves_every_figure_and_restore_brings_it_back(db):
    before = _figures(db)
    assert before == {
        "visits_fy": 259,
        "due": 30,
        "ashiya_visits_fy": 10,
        "matrix_visits": 5,
        "matrix_days": 73,
        "planner_days": 73,
        "exported": 693,
    }
    key = source_keys.current(db.cursor(), "visits", 619)
    corrections.void_record(db, "テスト担当", "visits", 619, "別の市町の訪問を誤って登録")
    assert _figures(db) == {
        "visits_fy": 258,
        "due": 31,  # 芦屋市's 自治体DX担当 now last seen 109 days ago
        "ashiya_visits_fy": 9,
        "matrix_visits": 4,
        "matrix_days": 109,
        "planner_days": 109,
        "exported": 692,
    }
    assert key not in set(exporting.records_frame(db, "visits")["管理番号"])
    voided = corrections.voided(db)
    assert voided[["table_name", "record_id", "source_key", "reason", "voided_by"]].values.tolist() == [
        ["visits", "619", key, "別の市町の訪問を誤って登録", "テスト担当"]
    ]
    restored = corrections.restore_record(db, "テスト担当", "visits", 619)
    assert (restored["visit_id"], restored["visited_on"], restored["source_key"]) == (
        619,
        date(2025, 9, 18),
        key,
    )
    assert _figures(db) == before
    assert corrections.voided(db).empty


def _profile_consultations(db, code: str) -> set[int]:
    return set(run_query("consultations_latest", con=db, code=code, limit=1000)["consultation_id"])


def test_an_edit_moves_a_consultation_and_its_support_actions_to_another_municipality(db):
    actions = db.execute(
        "select action_id from support_actions where consultation_id = 220 order by 1"
    ).fetchall()
    assert len(actions) == 3
    fy2024 = run_query("municipality_metrics", con=db, fiscal_year=2024, as_of=TODAY).set_index("code")
    assert (fy2024.loc[ASHIYA, "consultations_fy"], fy2024.loc[AKASHI, "consultations_fy"]) == (20, 27)
    assert 220 in _profile_consultations(db, ASHIYA) and 220 not in _profile_consultations(db, AKASHI)
    referral_id = referrals.add_referral(
        db, "テスト担当", today=TODAY, consultation_id=220, department="情報政策課",
        referred_on=date(2025, 3, 1), request="システム標準化の相談先",
    )  # fmt: skip

    def waiting_in(code: str) -> list[int]:
        region = db.execute(
            "select region_id from municipalities where code = $code", {"code": code}
        ).fetchone()[0]
        found = run_query(
            "referrals_open",
            con=db,
            as_of=TODAY,
            overdue_days=30,
            region_id=region,
            department_id=None,
        )
        return found["referral_id"].astype(int).tolist()

    assert referral_id in waiting_in(ASHIYA) and referral_id not in waiting_in(AKASHI)

    corrections.edit_record(
        db, "テスト担当", "consultations", 220, {"municipality_code": "明石市"}, today=TODAY
    )

    assert 220 not in _profile_consultations(db, ASHIYA) and 220 in _profile_consultations(db, AKASHI)
    fy2024 = run_query("municipality_metrics", con=db, fiscal_year=2024, as_of=TODAY).set_index("code")
    assert (fy2024.loc[ASHIYA, "consultations_fy"], fy2024.loc[AKASHI, "consultations_fy"]) == (19, 28)
    moved = run_query("support_actions_by_consultation", con=db, consultation_id=220)
    assert len(moved) == 3  # the support actions follow their consultation
    # and so does its referral: waiting on the department, now among 明石市's 圏域's
    assert referral_id in waiting_in(AKASHI) and referral_id not in waiting_in(ASHIYA)
    assert db.execute(
        "select consultation_id from referrals where referral_id = $id", {"id": referral_id}
    ).fetchone() == (220,)


def test_the_history_tells_each_step_with_before_and_after(db):
    corrections.edit_record(
        db, "テスト担当", "visits", 619, {"purpose": "定期巡回", "summary": "庁内DX会議に同席"}, today=TODAY
    )
    corrections.void_record(db, "テスト担当", "visits", 619, "重複登録")
    corrections.restore_record(db, "管理者", "visits", 619)
    found = run_query("record_history", con=db, table_name="visits", record_key="619")
    assert found["action"].tolist() == ["update", "void", "restore"]
    before, after = json.loads(found["before_json"][0]), json.loads(found["after_json"][0])
    assert (before["purpose"], after["purpose"]) == ("ヒアリング調査", "定期巡回")
    assert json.loads(found["after_json"][1]) == {"reason": "重複登録"}
    sentences = list(audit_view.readable(found.drop(columns="audit_id"), table_name="visits")["履歴"])
    assert sentences[0].endswith(
        "テスト担当が 目的 を ヒアリング調査 から 定期巡回 に、概要 を 自治体DX担当と意見交換（デモ） から 庁内DX会議に同席 に変更しました"
    )
    assert sentences[1].endswith("テスト担当が 訪問 を取り消しました（理由: 重複登録）")
    assert sentences[2].endswith("管理者が 訪問 を復元しました")


def test_edits_refuse_bad_values_with_the_forms_messages_and_nothing_changed(db):
    with pytest.raises(ValidationError) as refused:
        corrections.edit_record(
            db, "テスト担当", "visits", 619, {"visited_on": "2026-01-05", "department": "総務課"}, today=TODAY
        )
    said = [problem.message() for problem in refused.value.problems]
    assert said == [
        "「訪問日」: 値「2026-01-05」は未来の日付です（基準日 2025-11-30 より後）",
        "「訪問先部署」: 値「総務課」は選べない値です（選択肢: 自治体DX担当、地域社会DX担当、首長・幹部）",
    ]
    with pytest.raises(ValidationError, match="変更がありません"):
        corrections.edit_record(db, "テスト担当", "visits", 619, {"department": "自治体DX担当"}, today=TODAY)
    with pytest.raises(ValidationError, match="相談の受付日（2025-02-06）より前です"):
        first_action = db.execute(
            "select min(action_id) from support_actions where consultation_id = 220"
        ).fetchone()
        corrections.edit_record(
            db, "テスト担当", "support_actions", first_action[0], {"acted_on": "2025-02-01"}, today=TODAY
        )
    with pytest.raises(ValidationError, match="支援の対応日（2025-02-08）より後です"):
        corrections.edit_record(
            db, "テスト担当", "consultations", 220, {"received_on": "2025-02-10"}, today=TODAY
        )
    with pytest.raises(ValidationError, match="取り消しの理由を入力してください"):
        corrections.void_record(db, "テスト担当", "visits", 619, "  ")
    assert db.execute("select count(*) from audit_log where record_key = '619'").fetchone()[0] == 0


def test_reimporting_an_old_export_after_an_edit_and_a_void_adds_nothing(db):
    old = exporting.to_xlsx(exporting.records_frame(db, "visits"))
    corrections.edit_record(db, "テスト担当", "visits", 619, {"summary": "修正した概要"}, today=TODAY)
    corrections.void_record(db, "テスト担当", "visits", 573, "誤登録")
    again = preview(db, "visits", "visits.xlsx", old, today=TODAY)
    assert (again.problems, again.new_rows, again.already_present) == ([], 0, 693)
    notes = sorted(warning.reason for warning in again.warnings)
    assert notes == [
        "その後修正された記録の以前の内容です。取り込みません（登録内容はそのままです）",
        "取り消された記録です（管理番号が同じ）。取り込みません（復元はデータ管理の「取り消した記録」から）",
    ]
    assert len(exporting.records_frame(db, "visits")) == 692


def test_a_new_record_gets_its_fixed_key_and_an_edit_keeps_it(db):
    fields = {
        "visited_on": TODAY,
        "municipality_code": ASHIYA,
        "liaison_id": "R-hanshin_minami-1",
        "department": "自治体DX担当",
        "purpose": "定期巡回",
    }
    first = writes.add_visit(db, "テスト担当", today=TODAY, **fields)
    second = writes.add_visit(db, "テスト担当", today=TODAY, allow_duplicate=True, **fields)
    keys = dict(
        db.execute(
            "select visit_id, source_key from visits where visit_id in (?, ?)", [first, second]
        ).fetchall()
    )
    assert keys[second] == keys[first] + "-2" and keys[first].startswith("V-")
    corrections.void_record(db, "テスト担当", "visits", second, "重複")
    third = writes.add_visit(db, "テスト担当", today=TODAY, allow_duplicate=True, **fields)
    # -2 is held by the voided record, so the next identical visit is -3
    assert (
        db.execute("select source_key from visits where visit_id = ?", [third]).fetchone()[0]
        == keys[first] + "-3"
    )
    corrections.edit_record(db, "テスト担当", "visits", first, {"summary": "書き直し"}, today=TODAY)
    assert (
        db.execute("select source_key from visits where visit_id = ?", [first]).fetchone()[0] == keys[first]
    )


def test_restore_is_refused_when_it_would_break_a_rule(db):
    hearing = db.execute(
        "select assessment_id from readiness_assessments where municipality_code = ? and fiscal_year = 2024",
        [ASHIYA],
    ).fetchone()[0]
    corrections.void_record(db, "テスト担当", "readiness_assessments", hearing, "別の年度の内容")
    writes.record_hearing(
        db,
        "テスト担当",
        today=TODAY,
        municipality_code=ASHIYA,
        fiscal_year=2024,
        assessed_on=date(2024, 10, 1),
        step=1,
        scores=dict.fromkeys(corrections.records.SCORE_COLUMNS, 2),
    )
    with pytest.raises(
        ValidationError, match="この市町の2024年度のヒアリングがその後登録されているため復元できません"
    ):
        corrections.restore_record(db, "テスト担当", "readiness_assessments", hearing)
    assert len(corrections.voided(db)) == 1  # still kept aside


def test_an_engagement_and_a_push_are_edited_with_their_child_rows(db):
    engagement = db.execute("select min(engagement_id) from engagements").fetchone()[0]
    after = corrections.edit_record(
        db,
        "テスト担当",
        "engagements",
        engagement,
        {"participants": {"明石市": "首長", "芦屋市": "幹部"}},
        today=TODAY,
    )
    assert after["participants"] == [
        {"municipality_code": AKASHI, "participant_level": "首長"},
        {"municipality_code": ASHIYA, "participant_level": "幹部"},
    ]
    push = db.execute("select min(push_id) from chat_pushes").fetchone()[0]
    after = corrections.edit_record(
        db, "テスト担当", "chat_pushes", push, {"recipients": ["芦屋市"]}, today=TODAY
    )
    assert after["recipients"] == [{"municipality_code": ASHIYA}]
    after = corrections.edit_record(
        db, "テスト担当", "chat_pushes", push, {"body": "  https://example.invalid/資料.pdf  "}, today=TODAY
    )
    assert after["body"] == "https://example.invalid/資料.pdf"  # the body or link, trimmed as a form trims it
    assert (
        db.execute("select count(*) from chat_push_recipients where push_id = ?", [push]).fetchone()[0] == 1
    )
    corrections.void_record(db, "テスト担当", "chat_pushes", push, "誤配信の記録")
    assert (
        db.execute("select count(*) from chat_push_recipients where push_id = ?", [push]).fetchone()[0] == 0
    )
    corrections.restore_record(db, "テスト担当", "chat_pushes", push)
    assert (
        db.execute("select count(*) from chat_push_recipients where push_id = ?", [push]).fetchone()[0] == 1
    )


def test_each_write_clears_the_caches_of_the_tables_it_touches():
    assert corrections.tables_touched("consultations") == (
        "consultations",
        "support_actions",
        "referrals",
        "voided_records",
        "audit_log",
    )
    assert corrections.tables_touched("visits") == ("visits", "voided_records", "audit_log")


# --------------------------------------------------------------------------- the UI


def _page(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()  # st.navigation registers the pages (and their url_paths) on the first run
    at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def _click(at: AppTest, label: str) -> None:
    next(button for button in at.button if button.label == label).click().run()
    assert not at.exception


def test_the_visit_dialog_edits_and_voids_a_visit(app_env_writable):
    at = _page("views/visits.py", visit="619", fy="2025")
    assert any(m.value == "#### #619" for m in at.markdown)
    at.toggle(key="visits_correct_open").set_value(True).run()
    at.selectbox(key="visits_correct_619_purpose").select("定期巡回")
    _click(at, "修正を保存する")
    assert any(safe_text.markdown("訪問 #619 を修正しました") in s.value for s in at.success)
    history = list(at.dataframe[-1].value["履歴"])
    assert history[-1].endswith("テスト担当が 目的 を ヒアリング調査 から 定期巡回 に変更しました")

    at.text_input(key="visits_correct_void_619_reason").input("重複登録")
    _click(at, "取り消す")
    assert [e.value for e in at.error] == ["取り消すには「この記録を取り消します」にチェックを入れてください"]
    at.checkbox(key="visits_correct_void_619_confirm").check()
    _click(at, "取り消す")
    assert any(
        safe_text.markdown("訪問 #619 を取り消しました（理由: 重複登録）") in s.value for s in at.success
    )
    assert "visit" not in at.query_params, "the dialog closed"
    listed = next(frame for frame in at.dataframe if "番号" in frame.value.columns)
    assert 619 not in set(listed.value["番号"]) and len(listed.value) == 258


def test_the_data_page_lists_the_voided_and_restores_them(app_env_writable, writable_store):
    connection = store.connect(writable_store)
    try:
        corrections.void_record(connection, "テスト担当", "visits", 619, "重複登録")
    finally:
        connection.close()
    at = _page("views/admin.py")
    table = next(frame for frame in at.dataframe if "理由" in frame.value.columns)
    assert table.value[["種類", "番号", "理由", "取り消した人"]].values.tolist() == [
        ["訪問", "619", "重複登録", "テスト担当"]
    ]
    _click(at, "復元")
    assert any(safe_text.markdown("訪問 #619 を復元しました") in s.value for s in at.success)
    assert any("取り消した記録はありません" in c.value for c in at.caption)


def test_the_consultation_dialog_edits_and_voids_a_consultation(app_env_writable):
    at = _page("views/consultations.py", id="220")
    at.toggle(key="consultations_correct_open").set_value(True).run()
    at.selectbox(key="consultations_correct_220_municipality").select("282031")
    _click(at, "修正を保存する")
    assert any(safe_text.markdown("相談 #220 を修正しました") in s.value for s in at.success)
    facts = next(m.value for m in at.markdown if "**市町**" in m.value)
    assert "**市町**: 明石市" in facts
    at.text_input(key="consultations_correct_void_220_reason").input("二重登録")
    at.checkbox(key="consultations_correct_void_220_confirm").check()
    _click(at, "取り消す")
    assert any(
        safe_text.markdown("相談 #220 を取り消しました（理由: 二重登録）") in s.value for s in at.success
    )
    assert "id" not in at.query_params, "the dialog closed"


def test_a_referral_is_voided_on_its_own_and_restored(db):
    """A referral made in error leaves the 橋渡し page's waiting list and comes back on restore."""
    referral_id = referrals.add_referral(
        db,
        "テスト担当",
        today=TODAY,
        consultation_id=220,
        department="情報政策課",
        referred_on=date(2025, 3, 1),
    )

    def waiting() -> set[int]:
        found = run_query(
            "referrals_open",
            con=db,
            as_of=TODAY,
            overdue_days=30,
            region_id=None,
            department_id=None,
        )
        return set(found["referral_id"].astype(int))

    assert referral_id in waiting()
    corrections.void_record(db, "テスト担当", "referrals", referral_id, "別の相談と取り違えた")
    assert referral_id not in waiting()
    assert db.execute("select count(*) from support_actions where consultation_id = 220").fetchone() == (3,)
    with pytest.raises(TypeError, match="not editable"):
        corrections.edit_record(db, "テスト担当", "referrals", referral_id, {"request": "x"}, today=TODAY)
    corrections.restore_record(db, "管理者", "referrals", referral_id)
    assert referral_id in waiting()
    history = run_query("record_history", con=db, table_name="referrals", record_key=str(referral_id))
    assert history["action"].tolist() == ["insert", "void", "restore"]


@pytest.mark.parametrize("region_id", [None, "tajima"])
def test_the_visits_list_reads_the_years_visits_as_visits_records_has_them(con, region_id):
    """visits_of_year (the visits page's list) gives visits_records' rows of the 年度, without numbering every visit."""
    records = run_query(
        "visits_records",
        con=con,
        region_id=region_id,
        codes=None,
        fiscal_year=2025,
        date_from=None,
        date_to=None,
    )
    listed = run_query("visits_of_year", con=con, region_id=region_id, fiscal_year=2025)
    assert len(listed) > 0
    assert listed.equals(records[list(listed.columns)].reset_index(drop=True))
