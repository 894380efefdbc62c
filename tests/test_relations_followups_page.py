"""The トップ層・情報提供 page, issue 11 complete: an engagement with mixed levels, the liaisons present and
follow-ups through the form; a push with a body to one 圏域; an open follow-up marked done."""

from tests.test_relations_forms import count, open_relations, tile

OPEN_TILE = "未完了のフォローアップ"
OVERDUE_TILE = "期限切れのフォローアップ"


def test_engagement_form_records_levels_liaisons_and_followups(app_env_writable):
    at = open_relations()
    open_before = int(tile(at, OPEN_TILE))
    at.toggle(key="relations_engagement_form_open").set_value(True).run()
    form = "relations_engagement_form"
    at.selectbox(key=f"{form}_kind").select("圏域市町デジタル部門担当者会議")
    at.selectbox(key=f"{form}_level").select("職員")
    at.text_input(key=f"{form}_title").input("中播磨 担当者会議（臨時）")
    at.multiselect(key=f"{form}_municipalities").select("282014").select("284424")
    at.multiselect(key=f"{form}_mayors").select("284424")
    first, second = (
        count(
            app_env_writable,
            "select liaison_id from liaisons where is_active order by liaison_id offset $n limit 1",
            n=n,
        )
        for n in (0, 1)
    )
    at.multiselect(key=f"{form}_liaisons").select(first).select(second)
    at.text_input(key=f"{form}_promise_0").input("ガイドラインのひな形を送る")
    at.text_input(key=f"{form}_promised_by_0").input("県デジタル戦略課")
    next(b for b in at.button if b.label == "関わりを記録する").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("中播磨 担当者会議（臨時）" in s.value and "2 市町" in s.value for s in at.success)
    assert int(tile(at, OPEN_TILE)) == open_before + 1
    engagement = count(
        app_env_writable,
        "select engagement_id from engagements where title = $title",
        title="中播磨 担当者会議（臨時）",
    )
    levels = count(
        app_env_writable,
        "select string_agg(municipality_code || participant_level, ',' order by municipality_code)"
        " from engagement_participants where engagement_id = $id",
        id=engagement,
    )
    assert levels == "282014職員,284424首長"
    assert (
        count(
            app_env_writable,
            "select count(*) from engagement_liaisons where engagement_id = $id",
            id=engagement,
        )
        == 2
    )
    assert (
        count(
            app_env_writable,
            "select count(*) from engagement_followups where done_on is null and engagement_id = $id",
            id=engagement,
        )
        == 1
    )


def test_push_form_keeps_the_body_and_the_region_scope(app_env_writable):
    at = open_relations()
    at.toggle(key="relations_push_form_open").set_value(True).run()
    region = at.selectbox(key="relations_push_form_region").value
    at.text_input(key="relations_push_form_title").input("研修のご案内")
    at.text_area(key="relations_push_form_body").input("https://example.jp/kenshu")
    at.radio(key="relations_push_form_to").set_value("region")
    next(b for b in at.button if b.label == "情報提供を記録する").click().run()
    assert not at.exception, at.exception
    stored = count(
        app_env_writable,
        "select body || '|' || recipient_scope from chat_pushes where title = '研修のご案内'",
    )
    assert stored == f"https://example.jp/kenshu|{region}"


def test_an_open_followup_is_marked_done_from_the_page(app_env_writable):
    at = open_relations()
    open_before, overdue_before = int(tile(at, OPEN_TILE)), int(tile(at, OVERDUE_TILE))
    assert overdue_before > 0 and any("期限切れ" in w.value for w in at.warning)
    at.segmented_control(key="relations_view").set_value("followups").run()
    assert not at.exception, at.exception
    picker = at.selectbox(key="relations_followup_form_followup")
    chosen = picker.value
    overdue = count(
        app_env_writable,
        "select count(*) from engagement_followups where followup_id = $id and due_on < (select value::date"
        " from store_meta where key = 'as_of')",
        id=chosen,
    )
    next(b for b in at.button if b.label == "完了にする").click().run()
    assert not at.exception, at.exception
    assert any("完了にしました" in s.value for s in at.success)
    assert int(tile(at, OPEN_TILE)) == open_before - 1
    assert int(tile(at, OVERDUE_TILE)) == overdue_before - overdue
    assert (
        count(
            app_env_writable,
            "select count(*) from engagement_followups where followup_id = $id and done_on is not null",
            id=chosen,
        )
        == 1
    )
    assert (
        count(app_env_writable, "select count(*) from audit_log where table_name = 'engagement_followups'")
        == 1
    )
