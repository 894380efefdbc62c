"""The トップ層・情報提供 page's forms: an engagement and a LoGoチャット push each add one record, and the
page's tiles count it at once."""

from streamlit.testing.v1 import AppTest

from liaison import paths, safe_text, store

APP = str(paths.ROOT / "app.py")
MAYOR_TILE = "首長対話を行った市町（年度）"
ENGAGEMENTS_TILE = "トップ層向けの場（年度・件）"
PUSHES_TILE = "LoGoチャット配信（年度・件）"


def open_relations() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()  # st.navigation registers the pages on the first run
    at.switch_page("views/relations.py")
    at.run()
    assert not at.exception, at.exception
    return at


def tile(at: AppTest, label: str) -> str:
    return next(m for m in at.metric if m.label == label).value


def without_mayor_dialogue(path) -> tuple[str, str]:
    """A liaison-target municipality with no 首長対話 at all in the demo store: (code, name)."""
    con = store.connect(path)
    try:
        return con.execute(
            "select code, name_ja from municipalities where is_liaison_target and code not in ("
            " select engagement_participants.municipality_code from engagement_participants"
            " inner join engagements on engagements.engagement_id = engagement_participants.engagement_id"
            " where engagements.kind = '首長対話') order by code limit 1"
        ).fetchone()
    finally:
        con.close()


def count(path, statement: str, **params) -> int:
    con = store.connect(path)
    try:
        return con.execute(statement, params).fetchone()[0]
    finally:
        con.close()


def test_engagement_form_adds_a_mayor_dialogue_the_tiles_count(app_env_writable):
    code, name = without_mayor_dialogue(app_env_writable)
    at = open_relations()
    mayors, engagements = tile(at, MAYOR_TILE), tile(at, ENGAGEMENTS_TILE)
    done, of = (int(part) for part in mayors.replace(",", "").split(" / "))
    at.toggle(key="relations_engagement_form_open").set_value(True).run()
    at.selectbox(key="relations_engagement_form_kind").select("首長対話")
    at.selectbox(key="relations_engagement_form_level").select("首長")
    at.text_input(key="relations_engagement_form_title").input("首長対話 <b>DX</b>")
    at.multiselect(key="relations_engagement_form_municipalities").select(code)
    next(b for b in at.button if b.label == "関わりを記録する").click().run()
    assert not at.exception, at.exception
    assert tile(at, MAYOR_TILE) == f"{done + 1} / {of}"
    assert int(tile(at, ENGAGEMENTS_TILE).replace(",", "")) == int(engagements.replace(",", "")) + 1
    # the title is the user's text: escaped for Markdown (no HTML, links or images)
    assert any(
        safe_text.markdown("首長対話 <b>DX</b>") in s.value and "1 市町" in s.value for s in at.success
    )
    assert at.text_input(key="relations_engagement_form_title").value == ""  # the form is emptied
    assert count(app_env_writable, "select count(*) from audit_log where table_name = 'engagements'") == 1
    stored = count(
        app_env_writable,
        "select count(*) from engagement_participants inner join engagements"
        " on engagements.engagement_id = engagement_participants.engagement_id"
        " where municipality_code = $code and participant_level = '首長' and kind = '首長対話'",
        code=code,
    )
    assert stored == 1, name


def test_engagement_form_without_a_municipality_writes_nothing(app_env_writable):
    at = open_relations()
    before = tile(at, ENGAGEMENTS_TILE)
    at.toggle(key="relations_engagement_form_open").set_value(True).run()
    at.text_input(key="relations_engagement_form_title").input("DX推進懇談会")
    next(b for b in at.button if b.label == "関わりを記録する").click().run()
    assert not at.exception
    assert any("参加した市町を一つ以上選んでください" in e.value for e in at.error)
    assert tile(at, ENGAGEMENTS_TILE) == before
    assert at.text_input(key="relations_engagement_form_title").value == "DX推進懇談会"  # kept to fix


def test_push_form_adds_a_push_to_a_region(app_env_writable):
    at = open_relations()
    pushes = int(tile(at, PUSHES_TILE).replace(",", ""))
    recipients = count(app_env_writable, "select count(*) from chat_push_recipients")
    at.toggle(key="relations_push_form_open").set_value(True).run()
    region = at.selectbox(key="relations_push_form_region").value
    in_region = count(
        app_env_writable,
        "select count(*) from municipalities where is_liaison_target and region_id = $region",
        region=region,
    )
    at.text_input(key="relations_push_form_title").input("生成AIの事例集")
    at.radio(key="relations_push_form_to").set_value("region")
    next(b for b in at.button if b.label == "情報提供を記録する").click().run()
    assert not at.exception, at.exception
    assert int(tile(at, PUSHES_TILE).replace(",", "")) == pushes + 1
    assert any("生成AIの事例集" in s.value for s in at.success)
    added = count(app_env_writable, "select count(*) from chat_push_recipients") - recipients
    assert added == in_region > 0
