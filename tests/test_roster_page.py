"""The リエゾン名簿 page: the roster table, and its forms (add, edit, retire with a handover) writing through
the roster's write API, the table following at once, the add form emptied, a double submit caught."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from liaison import paths, store

APP = str(paths.ROOT / "app.py")


def open_roster(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if lang:
        at.query_params["lang"] = lang
    at.run()  # st.navigation registers the pages on the first run
    at.switch_page("views/roster.py")
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def one(path, statement: str, **params):
    con = store.connect(path)
    try:
        return con.execute(statement, params).fetchone()
    finally:
        con.close()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def table(at: AppTest):
    return at.dataframe[0].value


def test_roster_lists_every_person_once(app_env):
    at = open_roster()
    assert at.title[0].value == "リエゾン名簿"
    frame = table(at)
    total, active = one(app_env, "select count(*), count(*) filter (where is_active) from liaisons")
    assert len(frame) == total and frame["ID"].is_unique
    assert f"在任 {active} 人" in at.caption[0].value
    row = frame.set_index("ID").loc["R-tajima-1"]
    assert row["担当"] == "地域:但馬" and row["所属"] == "デジタル戦略課"
    owned = one(
        app_env,
        "select count(*) from consultations where owner_liaison_id = 'R-tajima-1' and status in ('受付', '対応中', '保留')",
    )[0]
    assert row["担当中の未完了相談"] == owned
    at.toggle(key="roster_show_retired").set_value(False).run()
    assert len(table(at)) == active


def test_roster_in_english(app_env):
    at = open_roster("en")
    assert at.title[0].value == "Liaison roster"
    assert "Assignments" in table(at).columns


def test_add_a_person_then_a_double_submit_is_caught(app_env_writable):
    at = open_roster()
    at.text_input(key="roster_add_name").input("新井 <b>花子</b>")
    at.text_input(key="roster_add_contact").input("内線 3120")
    at.multiselect(key="roster_add_regions").select("tajima")
    button(at, "名簿に追加する").click().run()
    assert not at.exception, at.exception
    assert "花子" in at.success[0].value and "<b>" not in at.success[0].value  # the name is escaped
    assert one(app_env_writable, "select name_ja, contact from liaisons where liaison_id = 'L-0001'") == (
        "新井 <b>花子</b>",
        "内線 3120",
    )
    assert "L-0001" in set(table(at)["ID"])  # the table follows at once (its cache was cleared)
    assert at.text_input(key="roster_add_name").value == ""  # the form is emptied
    # the same person again at once: held back until confirmed
    at.text_input(key="roster_add_name").input("新井 <b>花子</b>")
    at.text_input(key="roster_add_contact").input("内線 3120")
    at.multiselect(key="roster_add_regions").select("tajima")
    button(at, "名簿に追加する").click().run()
    assert any("同じ内容のリエゾンが" in w.value for w in at.warning)
    assert one(app_env_writable, "select count(*) from liaisons where name_ja = '新井 <b>花子</b>'") == (1,)


def test_a_refused_add_keeps_what_was_typed(app_env_writable):
    at = open_roster()
    at.text_input(key="roster_add_name").input("分野 太郎")
    at.multiselect(key="roster_add_fields").select(
        "genai"
    )  # 分野 needs デジタル改革課; the section is 戦略課
    button(at, "名簿に追加する").click().run()
    assert any("デジタル改革課のリエゾンだけが持てます" in e.value for e in at.error)
    assert at.text_input(key="roster_add_name").value == "分野 太郎"
    assert one(app_env_writable, "select count(*) from liaisons where name_ja = '分野 太郎'") == (0,)


def test_edit_a_person(app_env_writable):
    at = open_roster()
    at.selectbox(key="roster_edit_who").select("R-tajima-1").run()
    at.text_input(key="roster_edit_R-tajima-1_contact").input("内線 9999")
    button(at, "変更を保存する").click().run()
    assert not at.exception, at.exception
    assert one(app_env_writable, "select contact from liaisons where liaison_id = 'R-tajima-1'") == (
        "内線 9999",
    )
    assert table(at).set_index("ID").loc["R-tajima-1", "連絡先"] == "内線 9999"


def test_retire_with_one_owner_for_all(app_env_writable):
    at = open_roster()
    at.selectbox(key="roster_retire_who").select("R-tajima-1").run()
    button(at, "退任を登録する").click().run()  # nobody named to take the open consultations over
    assert any("引き継ぐリエゾンを指定してください" in e.value for e in at.error)
    assert one(app_env_writable, "select is_active from liaisons where liaison_id = 'R-tajima-1'") == (True,)
    at.selectbox(key="roster_retire_R-tajima-1_all").select("R-tajima-2")
    button(at, "退任を登録する").click().run()
    assert not at.exception, at.exception
    assert one(app_env_writable, "select is_active from liaisons where liaison_id = 'R-tajima-1'") == (False,)
    assert one(
        app_env_writable,
        "select count(*) from consultations where owner_liaison_id = 'R-tajima-1' and status in ('受付', '対応中', '保留')",
    ) == (0,)
    row = table(at).set_index("ID").loc["R-tajima-1"]
    assert row["状態"] == "退任" and row["担当"] == "" and row["担当中の未完了相談"] == 0
    # the retired person leaves the retire picker
    assert "R-tajima-1" not in at.selectbox(key="roster_retire_who").options
