"""データ管理 page and the visit form: the page draws, exports count what the store holds, a visit is logged."""

from streamlit.testing.v1 import AppTest

from dashboard import db
from liaison import paths, store

APP = str(paths.ROOT / "app.py")


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()  # st.navigation registers the pages (and their url_paths) on the first run
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def test_data_admin_page_offers_import_export_and_backup(app_env):
    at = open_page("views/admin.py")
    assert [h.value for h in at.header] == [
        "取り込み（Excel / CSV）",
        "出力（CSV / Excel）",
        "バックアップと復元",
    ]
    assert "記録者: テスト担当" in [c.value for c in at.caption]
    rows = next(m for m in at.metric if m.label == "件数")
    assert rows.value == "259"  # 令和7年度 visits, in the import format
    at.selectbox(key="admin_export_kind").select("consultations").run()
    assert next(m for m in at.metric if m.label == "件数").value == "453"
    restore = next(b for b in at.button if b.label == "復元する")
    assert restore.disabled, "restore needs a file and a confirmation"


def test_visit_form_logs_a_visit_that_counts_at_once(app_env_writable):
    at = open_page("views/visits.py")
    assert at.metric[0].value == "259"
    at.toggle(key="visits_form_open").set_value(True).run()
    at.selectbox(key="visits_form_municipality").select("282014")
    at.selectbox(key="visits_form_department").select("地域社会DX担当")
    at.text_area(key="visits_form_summary").input("定期巡回。<script>alert(1)</script> も文字として残る")
    next(b for b in at.button if b.label == "訪問を記録する").click().run()
    assert not at.exception
    assert at.metric[0].value == "260"
    assert any("姫路市への訪問" in s.value for s in at.success)
    con = store.connect(app_env_writable)
    try:
        summary, actor = con.execute(
            "select summary, actor from visits join audit_log on record_key = visit_id::varchar "
            "and table_name = 'visits' order by visit_id desc limit 1"
        ).fetchone()
    finally:
        con.close()
    assert summary == "定期巡回。<script>alert(1)</script> も文字として残る"
    assert actor == "テスト担当"


def test_visit_form_cannot_pick_a_day_after_the_data_date(app_env):
    at = open_page("views/visits.py")
    at.toggle(key="visits_form_open").set_value(True).run()
    assert at.date_input(key="visits_form_date").value.isoformat() == "2025-11-30"
    assert at.date_input(key="visits_form_date").proto.max == "2025-11-30"


def test_restore_replaces_the_store_the_app_holds_open(app_env_writable):
    """The page's restore path: back up, change the store, release the app's connection, restore."""
    from liaison import backup

    at = open_page("views/visits.py")  # the app now holds the store open
    payload = backup.create_backup(db.connection().cursor())
    db.connection().execute("delete from audit_log")  # a change the restore must undo
    db.connection().execute(
        "insert into audit_log (actor, table_name, record_key, action) values ('x', 'v', '1', 'insert')"
    )
    report = backup.restore_backup(payload, db.release_store())
    assert report.replaced_existing
    at.run()  # the next run opens the restored store through a fresh connection
    assert not at.exception
    assert at.metric[0].value == "259"
    count = db.connection().execute("select count(*) from audit_log where actor = 'x'").fetchone()[0]
    assert count == 0
