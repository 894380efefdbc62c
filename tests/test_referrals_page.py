"""The 橋渡し page, the referrals in the consultation dialog and the departments on データ管理 (AppTest)."""

from __future__ import annotations

import re
from datetime import date

import duckdb
from app_pages import open_page


def test_the_page_shows_open_and_overdue_referrals(app_env):
    at = open_page("views/referrals.py")
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles == {"回答待ちの橋渡し": "35", "期限超過の橋渡し": "29"}
    assert len(at.get("plotly_chart")) == 1
    at.selectbox(key="referrals_department").set_value(2).run()  # 市町振興課
    assert {m.label: m.value for m in at.metric} == {
        "回答待ちの橋渡し（市町振興課）": "8",
        "期限超過の橋渡し（市町振興課）": "6",
    }
    en = open_page("views/referrals.py", lang="en")
    assert [m.label for m in en.metric] == ["Referrals awaiting the department", "Overdue referrals"]
    headings = [e.value for kind in ("title", "subheader", "caption") for e in en.get(kind)]
    columns = [c for frame in en.dataframe for c in frame.value.columns]
    # department names are the users' own words (no English name is stored), so only the page's words
    assert not [text for text in headings + columns if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text)]
    for frame in at.dataframe:  # a blank cell (no answer yet, no due day) draws as "—", not "None"
        assert frame.proto.placeholder == "—"


def test_refer_and_answer_in_the_consultation_dialog(app_env_writable):
    con = duckdb.connect(str(app_env_writable))
    try:
        case = con.execute(
            "select min(consultation_id) from consultations where status = '対応中'"
            " and consultation_id not in (select consultation_id from referrals)"
        ).fetchone()[0]
    finally:
        con.close()
    at = open_page("views/consultations.py", id=str(case))
    assert "まだ橋渡ししていません。" in [c.value for c in at.caption]
    at.toggle(key="consultations_update_open").set_value(True).run()
    at.selectbox(key="consultations_referral_form_department").set_value(5)  # 行政改革課
    at.text_area(key="consultations_referral_form_request").input("規程の確認をお願いします")
    next(b for b in at.button if b.label == "橋渡しを登録").click().run()
    assert not at.exception and not at.error
    assert "行政改革課への橋渡しを登録しました" in [s.value for s in at.success]
    at.selectbox(key="consultations_response_form_outcome").set_value("対応完了")
    next(b for b in at.button if b.label == "回答を登録").click().run()
    assert not at.exception and not at.error
    con = duckdb.connect(str(app_env_writable))
    try:
        assert con.execute(
            "select department_id, request, outcome, responded_on from referrals where consultation_id = $id",
            {"id": case},
        ).fetchall() == [(5, "規程の確認をお願いします", "対応完了", date(2025, 11, 30))]
    finally:
        con.close()


def test_departments_are_managed_on_the_data_page(app_env_writable):
    at = open_page("views/admin.py")
    assert not at.exception
    at.toggle(key="admin_department_add_open").set_value(True).run()
    at.text_input(key="department_form_name").input("デジタル改革課")
    next(b for b in at.button if b.label == "追加").click().run()
    assert "デジタル改革課を追加しました" in [s.value for s in at.success]
    at.text_input(key="department_form_name").input("情報政策課")  # already listed
    next(b for b in at.button if b.label == "追加").click().run()
    assert any("同じ名前の部署が登録済みです" in e.value for e in at.error)
