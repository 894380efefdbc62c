"""AppTest per role on a real-kind store with data: which pages, controls and texts each role gets.

The store is the seeded demo store with its kind flipped to real (store_meta.is_demo), so the login gate
runs and each test logs in as one role (tests/roles.py). Restricted readers are also called directly as
閲覧 after an administrator's session filled their caches: Streamlit's caches are shared by every session,
so the permission check must come before any cached value is returned.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from datetime import date

import pandas as pd
import pytest
import streamlit as st
from app_pages import open_page
from streamlit import config

from dashboard import auth
from liaison import access, backup, store
from liaison.consultations import Filters
from liaison.i18n import t
from liaison.referrals import AWAITING
from tests import roles

FY = "2025"  # the demo's records; a real store dates itself today
ALL_PAGES = {
    "map", "municipality", "region", "consultations", "referrals", "visits", "planner",
    "readiness", "relations", "seminar", "figures", "admin", "roster", "audit", "accounts", "brief", "digest", "dialogue", "talent",
}  # fmt: skip
AGGREGATE_PAGES = {"map", "municipality", "region", "readiness", "figures", "brief", "digest", "talent"}
LIAISON_PAGES = AGGREGATE_PAGES | {
    "consultations",
    "referrals",
    "visits",
    "planner",
    "relations",
    "seminar",
    "dialogue",
}
PAGES = {
    "閲覧": AGGREGATE_PAGES,
    "地域リエゾン": LIAISON_PAGES,
    "分野リエゾン": LIAISON_PAGES,
    "関係部署": AGGREGATE_PAGES | {"referrals"},
    "管理者": ALL_PAGES,
}


class _NoBackups:
    """Stands in for the app's daily-backup thread: these tests are about reading, not backups."""

    def __init__(self, *args, **kwargs):
        pass

    def start(self):
        pass

    def stop(self):
        pass

    def join(self, timeout=None):
        pass


@pytest.fixture(scope="module")
def real_kind_store(store_template, tmp_path_factory):
    """The seeded demo store as a real store (is_demo = false), with one account per role."""
    path = tmp_path_factory.mktemp("real_kind") / "real.duckdb"
    shutil.copyfile(store_template, path)
    con = store.connect(path)
    try:
        con.execute("update store_meta set value = 'false' where key = 'is_demo'")
        assert not store.is_demo(store.read_meta(con))
        roles.principals(con)  # the accounts, before the app opens the file
    finally:
        con.close()
    return path


@contextmanager
def app_on_real_store(path, point_app, monkeypatch):
    """Point the app at a real-kind store on loopback (no daily backups); yields a connection for
    logging in. Shared by the page tests of every role (brief, digest…)."""
    before = (config.get_option("server.address"), config.get_where_defined("server.address"))
    config.set_option("server.address", "127.0.0.1")
    monkeypatch.setattr(backup, "DailyBackups", _NoBackups)
    point_app(path)
    st.session_state.pop(auth.PRINCIPAL_KEY, None)  # bare mode keeps one session state per process
    con = store.connect(path)
    try:
        yield con
    finally:
        from dashboard import db

        st.session_state.pop(auth.PRINCIPAL_KEY, None)
        db.release_store()
        con.close()
        config.set_option("server.address", before[0], where_defined=before[1])


@pytest.fixture
def real_app(real_kind_store, point_app, monkeypatch):
    with app_on_real_store(real_kind_store, point_app, monkeypatch) as con:
        yield con


def login(monkeypatch, con, role: str) -> access.Principal:
    st.session_state.pop(auth.PRINCIPAL_KEY, None)
    return roles.login_as(monkeypatch, con, role)


def navigation(at) -> set[str]:
    return {page.url_path or "map" for page in at.session_state["shell_pages"]}


def rendered(at) -> str:
    """Everything the page drew, as text: every element's protobuf and every table's cells."""
    parts = []
    stack = [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        children = getattr(node, "children", None)
        if children:
            stack.extend(children.values())
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    return "\n".join(parts)


def keys(at, kind: str) -> set[str]:
    return {element.key for element in at.get(kind) if getattr(element, "key", None)}


def busiest_municipality(con) -> str:
    return con.execute(
        "select municipality_code from consultations group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()[0]


@pytest.mark.parametrize("role", roles.ROLES)
def test_navigation_lists_the_pages_of_the_role(role, real_app, monkeypatch):
    login(monkeypatch, real_app, role)
    at = open_page(None, fy=FY)
    assert not at.exception
    assert navigation(at) == PAGES[role]
    assert t("demo_notice", "ja") not in [w.value for w in at.warning]


def test_viewer_profile_shows_aggregates_but_no_consultation_text(real_app, monkeypatch):
    code = busiest_municipality(real_app)
    login(monkeypatch, real_app, "閲覧")
    at = open_page("views/profile.py", code=code, fy=FY)
    assert not at.exception
    assert at.metric  # the tiles
    assert at.get("plotly_chart")  # the radar and the visits chart
    shown = rendered(at)
    titles = [row[0] for row in real_app.execute("select title from consultations").fetchall()]
    assert titles
    assert not [title for title in titles if title in shown]
    assert not at.get("download_button")
    assert "municipality_matcher_open" not in keys(at, "toggle")
    assert t("profile_text_restricted", "ja") in [c.value for c in at.caption]
    # the hearing's words are aggregates in words: shown to 閲覧 too
    assert t("hearing_answers", "ja") in [h.value for h in at.subheader]


def test_admin_profile_lists_the_latest_consultations(real_app, monkeypatch):
    code = busiest_municipality(real_app)
    login(monkeypatch, real_app, "管理者")
    at = open_page("views/profile.py", code=code, fy=FY)
    assert not at.exception
    latest = real_app.execute(
        "select title from consultations where municipality_code = $code order by received_on desc limit 1",
        {"code": code},
    ).fetchone()[0]
    assert latest in rendered(at)
    assert "municipality_matcher_open" in keys(at, "toggle")


@pytest.mark.parametrize("role", ["閲覧", "分野リエゾン", "関係部署"])
def test_readiness_page_has_no_hearing_form_for_those_who_may_not_record_one(role, real_app, monkeypatch):
    login(monkeypatch, real_app, role)
    at = open_page("views/readiness.py", fy=FY)
    assert not at.exception
    assert at.get("plotly_chart")
    assert "readiness_correct_open" not in keys(at, "toggle")
    assert "readiness_hearing_form_municipality" not in keys(at, "selectbox")


@pytest.mark.parametrize("role", ["地域リエゾン", "管理者"])
def test_readiness_page_offers_the_hearing_form_to_who_may_record(role, real_app, monkeypatch):
    login(monkeypatch, real_app, role)
    at = open_page("views/readiness.py", fy=FY)
    assert not at.exception
    assert "readiness_correct_open" in keys(at, "toggle")
    assert "readiness_hearing_form_municipality" in keys(at, "selectbox")


def _visit_form(monkeypatch, con, role: str):
    who = login(monkeypatch, con, role)
    at = open_page("views/visits.py", fy=FY)
    assert not at.exception
    at.toggle(key="visits_form_open").set_value(True).run()
    assert not at.exception
    return who, at


def test_regional_liaison_visit_form_defaults_to_them_and_offers_their_region_only(real_app, monkeypatch):
    who, at = _visit_form(monkeypatch, real_app, "地域リエゾン")
    assert who.liaison_id and who.region_ids
    assert at.selectbox(key="visits_form_liaison").value == who.liaison_id
    offered = set(at.selectbox(key="visits_form_municipality").options)
    theirs = {
        name
        for (name,) in real_app.execute(
            "select name_ja from municipalities where is_liaison_target and region_id in"
            " (select unnest($regions::varchar[]))",
            {"regions": sorted(who.region_ids)},
        ).fetchall()
    }
    assert offered and offered <= theirs


def test_field_liaison_visit_form_defaults_to_them(real_app, monkeypatch):
    who, at = _visit_form(monkeypatch, real_app, "分野リエゾン")
    assert at.selectbox(key="visits_form_liaison").value == who.liaison_id
    topics = at.selectbox(key="visits_form_topic").options
    assert len(topics) == 1 + len(who.field_ids)  # （なし） and their fields


def test_admin_visit_form_offers_every_municipality(real_app, monkeypatch):
    _, at = _visit_form(monkeypatch, real_app, "管理者")
    targets = real_app.execute("select count(*) from municipalities where is_liaison_target").fetchone()[0]
    assert len(at.selectbox(key="visits_form_municipality").options) == targets


def test_consultation_form_defaults_the_owner_to_the_liaison(real_app, monkeypatch):
    who = login(monkeypatch, real_app, "地域リエゾン")
    at = open_page("views/consultations.py", fy=FY)
    at.toggle(key="consultations_new_open").set_value(True).run()
    assert not at.exception
    assert at.selectbox(key="consultations_new_form_owner").value == who.liaison_id


def test_department_sees_only_its_referrals_and_the_response_form(real_app, monkeypatch):
    who = login(monkeypatch, real_app, "関係部署")
    department = who.department_id
    awaiting = real_app.execute(
        "select count(*) from referrals where department_id = $d and outcome = $awaiting",
        {"d": department, "awaiting": AWAITING},
    ).fetchone()[0]
    at = open_page("views/referrals.py", fy=FY)
    assert not at.exception
    name = real_app.execute(
        "select name_ja from departments where department_id = $d", {"d": department}
    ).fetchone()[0]
    assert at.selectbox(key="referrals_department").options == [name]
    column = t("referrals_col_department", "ja")
    for key in ("referrals_open_table", "referrals_summary_table"):
        tables = [frame.value for frame in at.dataframe if frame.key == key]
        for table in tables:
            named = table[column] if column in table.columns else table.iloc[:, 0]
            assert set(named) == {name}, (key, set(named))
        if key == "referrals_open_table" and tables:
            assert "link" not in tables[0].columns  # the consultation page is not theirs
    has_form = "referrals_response_form_which" in keys(at, "selectbox")
    assert has_form == (awaiting > 0), awaiting
    assert not at.get("download_button")


def test_department_referral_readers_confine_to_its_department(real_app, monkeypatch):
    from dashboard.readers import referrals as referral_readers

    who = login(monkeypatch, real_app, "関係部署")
    asked_other = real_app.execute(
        "select min(department_id) from departments where department_id <> $d", {"d": who.department_id}
    ).fetchone()[0]
    waiting = referral_readers.open_referrals(date(2025, 11, 30), None, asked_other)
    assert set(waiting["department_id"]) <= {who.department_id}
    consultation = real_app.execute("select min(consultation_id) from referrals").fetchone()[0]
    found = referral_readers.for_consultation(int(consultation), date(2025, 11, 30))
    assert set(found["department_id"]) <= {who.department_id}


def test_void_and_restore_only_for_the_administrator(real_app, monkeypatch):
    login(monkeypatch, real_app, "地域リエゾン")
    at = open_page("views/consultations.py", fy=FY)
    assert navigation(at) == LIAISON_PAGES
    consultation = real_app.execute("select min(consultation_id) from consultations").fetchone()[0]
    at = open_page("views/consultations.py", fy=FY, id=str(consultation))
    assert not at.exception
    at.toggle(key="consultations_correct_open").set_value(True).run()
    assert not at.exception
    labels = {tab.label for tab in at.tabs}
    assert t("corrections_void", "ja") not in labels


def test_administrator_gets_the_void_tab(real_app, monkeypatch):
    login(monkeypatch, real_app, "管理者")
    consultation = real_app.execute("select min(consultation_id) from consultations").fetchone()[0]
    at = open_page("views/consultations.py", fy=FY, id=str(consultation))
    at.toggle(key="consultations_correct_open").set_value(True).run()
    assert not at.exception
    assert t("corrections_void", "ja") in {tab.label for tab in at.tabs}


def _filters() -> Filters:
    return Filters(date_from=date(2025, 4, 1), date_to=date(2025, 11, 30), trend_from=date(2024, 4, 1))


def _restricted_calls(con):
    """(name, call) of every restricted reader, each with arguments that find something."""
    from dashboard.readers import admin, corrections, matcher, profile, referrals, relations, roster, seminar
    from dashboard.readers import consultations as consultations_readers

    cid, code, field_id = con.execute(
        "select consultation_id, municipality_code, field_id from consultations order by 1 limit 1"
    ).fetchone()
    liaison_id = con.execute("select min(liaison_id) from liaisons").fetchone()[0]
    as_of = date(2025, 11, 30)
    return {
        "consultations.view": lambda: consultations_readers.view(_filters(), as_of, "ja"),
        "consultations.export": lambda: consultations_readers.export(_filters(), as_of),
        "consultations.detail": lambda: consultations_readers.detail(cid),
        "consultations.support_actions": lambda: consultations_readers.support_actions(cid),
        "consultations.history": lambda: consultations_readers.history(cid),
        "corrections.history": lambda: corrections.history("consultations", cid),
        "corrections.visits_of_year": lambda: corrections.visits_of_year(2025, None),
        "corrections.hearings_of_year": lambda: corrections.hearings_of_year(2025, None),
        "corrections.voided": corrections.voided,
        "corrections.visits_list_table": lambda: corrections.visits_list_table(2025, None, "ja"),
        "matcher.similar_cases": lambda: matcher.similar_cases(code, field_id, 2025),
        "matcher.matcher_view": lambda: matcher.matcher_view(code, field_id, 2025, "ja"),
        "relations.followups": lambda: relations.followups(None, as_of),
        "roster.open_consultations": lambda: roster.open_consultations(liaison_id),
        "seminar.slides": lambda: seminar.slides("prefecture", None, (), 2025, as_of, "ja"),
        "seminar.map_picture": lambda: seminar.map_picture("prefecture", None, (), 2025, as_of, "ja"),
        "referrals.open_referrals": lambda: referrals.open_referrals(as_of, None, None),
        "referrals.for_consultation": lambda: referrals.for_consultation(cid, as_of),
        "referrals.referred_consultation": lambda: referrals.referred_consultation(cid, as_of),
        "admin.export_records": lambda: admin.export_records("consultations", 2025, None),
        "admin.backup_archive": admin.backup_archive,
        "profile.latest": lambda: profile.profile(code, 2025, "ja").latest,
        "profile.table_latest": lambda: profile.table(code, 2025, "ja", "latest"),  # the page's Arrow table
    }


def test_restricted_readers_refuse_the_viewer_even_after_an_admin_warmed_the_cache(real_app, monkeypatch):
    calls = _restricted_calls(real_app)
    login(monkeypatch, real_app, "管理者")
    warmed = {}
    for name, call in calls.items():
        warmed[name] = call()  # fills the shared caches
    assert len(warmed["profile.latest"]) > 0
    assert (
        isinstance(warmed["consultations.detail"], pd.DataFrame) and not warmed["consultations.detail"].empty
    )

    login(monkeypatch, real_app, "閲覧")
    for name, call in calls.items():
        if name == "profile.latest":
            assert call().empty, "the profile hands 閲覧 no consultation titles"
            continue
        with pytest.raises(access.PermissionDenied):
            call()
        st.session_state.pop(auth.PRINCIPAL_KEY, None)


@pytest.mark.parametrize("role", [role for role in roles.ROLES if role != "管理者"])
def test_only_the_administrator_may_restore_a_backup(real_app, real_kind_store, role):
    from dashboard.readers import admin

    who = roles.principals(real_app)[role]
    before = real_app.execute("select count(*) from audit_log").fetchone()[0]
    with pytest.raises(access.PermissionDenied):
        admin.restore_archive(b"not even a zip", who)  # refused before the app's connection is touched
    assert real_app.execute("select count(*) from audit_log").fetchone()[0] == before
    assert real_kind_store.exists()


def test_department_may_not_read_consultation_text(real_app, monkeypatch):
    from dashboard.readers import consultations as consultations_readers
    from dashboard.readers import seminar

    login(monkeypatch, real_app, "関係部署")
    cid = real_app.execute("select min(consultation_id) from consultations").fetchone()[0]
    with pytest.raises(access.PermissionDenied):
        consultations_readers.detail(cid)
    with pytest.raises(access.PermissionDenied):
        seminar.slides("prefecture", None, (), 2025, date(2025, 11, 30), "ja")


def test_department_reads_only_the_consultations_referred_to_it(real_app, monkeypatch):
    from dashboard.readers import referrals as referral_readers

    who = login(monkeypatch, real_app, "関係部署")
    as_of = date(2025, 11, 30)
    theirs = real_app.execute(
        "select min(consultation_id) from referrals where department_id = $d", {"d": who.department_id}
    ).fetchone()[0]
    other = real_app.execute(
        "select min(consultation_id) from consultations where consultation_id not in"
        " (select consultation_id from referrals where department_id = $d)",
        {"d": who.department_id},
    ).fetchone()[0]
    detail = referral_readers.referred_consultation(int(theirs), as_of)
    assert len(detail) == 1 and detail.iloc[0]["title"]
    with pytest.raises(access.PermissionDenied):
        referral_readers.referred_consultation(int(other), as_of)
    login(monkeypatch, real_app, "閲覧")
    with pytest.raises(access.PermissionDenied):
        referral_readers.referred_consultation(int(theirs), as_of)


def test_planner_defaults_to_the_liaison_logged_in(real_app, monkeypatch):
    who = login(monkeypatch, real_app, "分野リエゾン")
    at = open_page("views/planner.py", fy=FY)
    assert not at.exception
    assert at.session_state["planner_liaison"] == who.liaison_id
