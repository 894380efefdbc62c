"""AppTests of the 訪問前ブリーフィング page on the small brief store (tests/brief_fixtures.py), per role.

The store is a real-kind store (no demo), so the login gate runs and each test logs in as one role. The
restricted parts (consultation titles, visit summaries, referral requests, peer cases) reach only roles
that may read text, whichever role filled the caches first.
"""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st
from app_pages import open_page
from brief_fixtures import fill
from planner_fixtures import KASAI, NISHIWAKI, ONO
from test_roles_pages import app_on_real_store, login, rendered

from dashboard import auth
from liaison import store
from tests import roles

FY = "2025"


@pytest.fixture(scope="module")
def brief_store(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("brief_page") / "small.duckdb", fill)
    con = store.connect(path)
    try:
        roles.principals(con)
    finally:
        con.close()
    return path


@pytest.fixture
def brief_app(brief_store, point_app, monkeypatch):
    with app_on_real_store(brief_store, point_app, monkeypatch) as con:
        yield con


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_liaison_sees_the_whole_brief_and_its_pdf(brief_app, monkeypatch):
    login(monkeypatch, brief_app, "地域リエゾン")
    at = open_page("views/brief.py", code=ONO, fy=FY)
    assert not at.exception
    assert at.subheader[0].value == "小野市（おのし）"
    assert {m.label: m.value for m in at.metric}["未完了の相談（全期間）"] == "2"
    shown = markdown(at)
    assert "**規則1 ステップに合った話題**" in shown and "規則3 橋渡しの回答待ち" in shown
    assert "規則5" not in shown  # the fourth rule that fired: at most three
    assert "情報政策課" in shown  # rule 3's detail
    assert "生成AIの議事録作成の試行" in rendered(at)
    (button,) = at.get("download_button")
    assert "PDF" in button.proto.label


def test_viewer_gets_no_restricted_text(brief_app, monkeypatch):
    login(monkeypatch, brief_app, "管理者")
    assert not open_page("views/brief.py", code=ONO, fy=FY).exception  # fills the caches first
    login(monkeypatch, brief_app, "閲覧")
    at = open_page("views/brief.py", code=ONO, fy=FY)
    assert not at.exception
    shown = rendered(at)
    for secret in (
        "生成AIの議事録作成の試行",
        "書かない窓口の導入",
        "AI利用の庁内規程の確認",
        "情報政策課",
        "姫路市",
    ):
        assert secret not in shown, secret
    assert "規則3 橋渡しの回答待ち" in markdown(at)  # the point itself, without its detail
    assert at.info  # says what is left out


def test_viewer_sees_no_visit_summary(brief_app, monkeypatch):
    login(monkeypatch, brief_app, "閲覧")
    at = open_page("views/brief.py", code=NISHIWAKI, fy=FY)
    assert not at.exception
    assert "窓口</b>の課題" not in rendered(at) and "窓口" not in rendered(at)


def test_department_reader_keeps_its_own_referrals(brief_app, monkeypatch):
    from dashboard.readers import brief as brief_readers

    who = login(monkeypatch, brief_app, "関係部署")
    st.session_state.pop(auth.PRINCIPAL_KEY, None)
    made = brief_readers.brief(ONO, 2025, date(2025, 11, 30), 90, "ja")
    assert set(made.referrals["department_id"]) <= {who.department_id}
    assert "依頼内容" not in made.referrals.columns and made.restricted


def test_bad_threshold_is_refused(brief_app, monkeypatch):
    login(monkeypatch, brief_app, "地域リエゾン")
    at = open_page("views/brief.py", code=KASAI, fy=FY, overdue="<b>9</b>")
    assert not at.exception
    assert at.error and "7〜365" in at.error[0].value
    assert not at.get("download_button")


def test_planner_and_profile_link_to_the_brief(brief_app, monkeypatch):
    login(monkeypatch, brief_app, "地域リエゾン")
    for page, params in (("views/planner.py", {}), ("views/profile.py", {"code": KASAI})):
        at = open_page(page, fy=FY, **params)
        assert not at.exception
        links = [link.proto.page for link in at.get("page_link")]
        assert any("brief" in link for link in links), links
