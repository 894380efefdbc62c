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
        "関係部署の一覧",  # migration 009
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


def _audit_rows(path) -> int:
    con = store.connect(path)
    try:
        return con.execute("select count(*) from audit_log where table_name = 'visits'").fetchone()[0]
    finally:
        con.close()


def _fill_visit(at: AppTest) -> None:
    at.selectbox(key="visits_form_municipality").select("282022")  # 尼崎市
    at.selectbox(key="visits_form_department").select("地域社会DX担当")
    at.selectbox(key="visits_form_purpose").select("個別支援")
    at.text_area(key="visits_form_summary").input("ガイドラインの相談")


def test_visit_form_clears_and_a_second_identical_visit_waits_for_confirmation(app_env_writable):
    at = open_page("views/visits.py")
    at.toggle(key="visits_form_open").set_value(True).run()
    empty = {
        "municipality": at.selectbox(key="visits_form_municipality").value,
        "department": at.selectbox(key="visits_form_department").value,
        "purpose": at.selectbox(key="visits_form_purpose").value,
    }
    assert empty["municipality"] == "282014"  # the first in the list
    audits = _audit_rows(app_env_writable)
    _fill_visit(at)
    next(b for b in at.button if b.label == "訪問を記録する").click().run()
    assert not at.exception
    assert at.metric[0].value == "260"
    assert at.text_area(key="visits_form_summary").value == "", "the form is empty again"
    assert at.selectbox(key="visits_form_municipality").value == empty["municipality"]
    assert at.selectbox(key="visits_form_department").value == empty["department"]
    assert at.selectbox(key="visits_form_purpose").value == empty["purpose"]
    assert _audit_rows(app_env_writable) == audits + 1

    _fill_visit(at)  # the same visit again, moments later (a second click)
    next(b for b in at.button if b.label == "訪問を記録する").click().run()
    assert not at.exception
    assert at.metric[0].value == "260", "nothing written"
    assert _audit_rows(app_env_writable) == audits + 1
    warning = at.warning[-1].value
    assert warning.startswith("同じ内容の訪問が 1 分以内に登録されています（ID ")
    assert warning.endswith("重複でなければ「それでも登録する」を押してください")
    assert at.text_area(key="visits_form_summary").value == "ガイドラインの相談", (
        "a refused submit keeps its text"
    )

    next(b for b in at.button if b.label == "それでも登録する").click().run()
    assert not at.exception
    assert at.metric[0].value == "261"
    assert _audit_rows(app_env_writable) == audits + 2
    assert not [b for b in at.button if b.label == "それでも登録する"]
    assert at.text_area(key="visits_form_summary").value == ""


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


LAST_YEAR = ["日付", "市町村名", "担当課", "用務", "訪問者", "内容", "天気"]


def _last_year_csv(*rows: list[str]) -> bytes:
    return "\r\n".join(",".join(row) for row in [LAST_YEAR, *rows]).encode("cp932")


def _mapping_boxes(at: AppTest) -> dict[str, object]:
    """The mapping step's selectboxes by label, in the file's column order (their keys end in it)."""
    boxes = [box for box in at.selectbox if box.key and box.key.startswith("admin_map_visits_")]
    return {box.label: box for box in sorted(boxes, key=lambda box: int(box.key.rsplit("_", 1)[1]))}


def test_a_file_in_last_years_headers_imports_after_mapping_and_the_next_maps_itself(app_env_writable):
    at = open_page("views/admin.py")
    first = _last_year_csv(
        ["2025/6/2", "姫路市", "自治体DX担当", "定期巡回", "山本 由美", "昨年度様式の記録", "晴れ"],
        ["R7.6.3", "豊岡市", "地域社会DX担当", "定期巡回", "山本 由美", "<b>二件目</b>", "雨"],
    )
    at.file_uploader(key="admin_upload_visits").set_value(("昨年度_訪問.csv", first, "text/csv")).run()
    assert not at.exception, at.exception
    assert "見出しの対応（このファイル独自の見出し）" in [s.value for s in at.subheader]
    boxes = _mapping_boxes(at)
    assert list(boxes) == [f"ファイルの列「{h}」" for h in LAST_YEAR]  # every file column, in order
    assert [box.value for box in boxes.values()] == [
        "visited_on", "municipality_code", "department", "", "liaison_id", "summary", "",
    ]  # fmt: skip
    assert any("取り込まない列: 「用務」、「天気」" in w.value for w in at.warning)
    assert any("必須の列に対応するファイルの列がありません: 目的" in e.value for e in at.error)
    assert not any(b.label == "この内容で登録する" for b in at.button)

    boxes["ファイルの列「用務」"].select("purpose").run()  # the user maps the one column we could not
    assert not at.exception, at.exception
    assert any("取り込まない列: 「天気」" in w.value for w in at.warning)
    assert any("新規 2 件を登録できます" in s.value for s in at.success)
    next(b for b in at.button if b.label == "この内容で登録する").click().run()
    assert not at.exception, at.exception
    assert any("2 件を登録しました（昨年度_訪問.csv）" in s.value for s in at.success)

    # the second file with the same headers: the remembered mapping fills every box, it imports as is
    second = _last_year_csv(["2025/7/1", "姫路市", "自治体DX担当", "個別支援", "山本 由美", "三件目", "曇り"])
    at.file_uploader(key="admin_upload_visits").set_value(("今年度_訪問.csv", second, "text/csv")).run()
    assert not at.exception, at.exception
    assert any("前回保存した対応を使っています" in i.value and "テスト担当" in i.value for i in at.info)
    assert _mapping_boxes(at)["ファイルの列「用務」"].value == "purpose"
    assert any("新規 1 件を登録できます" in s.value for s in at.success)
    next(b for b in at.button if b.label == "この内容で登録する").click().run()
    assert any("1 件を登録しました（今年度_訪問.csv）" in s.value for s in at.success)

    con = store.connect(app_env_writable)
    try:
        summaries = con.execute(
            "select summary from visits where summary in ('昨年度様式の記録', '<b>二件目</b>', '三件目') order by 1"
        ).fetchall()
        maps = con.execute("select kind, saved_by from import_column_maps").fetchall()
    finally:
        con.close()
    assert summaries == [("<b>二件目</b>",), ("三件目",), ("昨年度様式の記録",)]
    assert maps == [("visits", "テスト担当")]


def test_header_texts_from_the_file_are_escaped(app_env):
    at = open_page("views/admin.py")
    header = ["日付", "[link](http://x)", "<img src=x>"]
    payload = ("\r\n".join([",".join(header), "2025/6/2,a,b"]) + "\r\n").encode("utf-8")
    at.file_uploader(key="admin_upload_visits").set_value(("x.csv", payload, "text/csv")).run()
    assert not at.exception, at.exception
    labels = [box.label for box in _mapping_boxes(at).values()]
    assert labels[1] == "ファイルの列「\\[link\\]\\(http\\:\\/\\/x\\)」"  # no link
    assert labels[2] == "ファイルの列「\\<img src\\=x\\>」"  # shown as text, never HTML
