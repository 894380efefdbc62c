"""相談案件 page: filters (and their URL), counts, charts, the detail of one consultation."""

import json
import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from liaison import consultations, paths, records, safe_text, store
from liaison.i18n import t
from liaison.queries import run_query

APP = str(paths.ROOT / "app.py")
FY2025 = {
    "date_from": date(2025, 4, 1),
    "date_to": date(2025, 11, 30),
    "as_of": date(2025, 11, 30),
    "limit": None,
}
NO_FILTERS = dict.fromkeys(
    ["region_id", "codes", "field_ids", "statuses", "support_types", "owner_id", "text", "min_age_days"], None
)


def tiles(at) -> dict:
    return {m.label: m.value for m in at.metric}


def open_page(query_params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    at.switch_page("views/consultations.py")
    at.run()
    assert not at.exception
    return at


def test_statuses_and_support_types_are_the_schemas():
    """The page's lists are the schema's, open states first so the stacked bars read as "still open"."""
    assert sorted(consultations.STATUSES) == sorted(records.STATUSES)
    assert consultations.STATUSES == ("受付", "対応中", "保留", "橋渡し済", "完了")
    assert consultations.STATUSES[-len(records.CLOSED_STATUSES) :] == records.CLOSED_STATUSES
    assert consultations.SUPPORT_TYPES == records.SUPPORT_TYPES
    assert set(consultations.STATUS_EN) == set(consultations.STATUS_COLORS) == set(records.STATUSES)
    assert set(consultations.SUPPORT_EN) == set(records.SUPPORT_TYPES)


def test_filtered_query_counts_match_the_raw_tables(con):
    frame = run_query("consultations_filtered", con, **FY2025, **NO_FILTERS)
    raw = con.execute(
        "select count(*), count(*) filter (where status in ('受付', '対応中', '保留')) from consultations "
        "where received_on between '2025-04-01' and '2025-11-30'"
    ).fetchone()
    assert (len(frame), int(frame["is_open"].sum())) == raw == (453, 169)
    referral = run_query(
        "consultations_filtered", con, **FY2025, **{**NO_FILTERS, "support_types": ["事例紹介"]}
    )
    raw_referral = con.execute(
        "select count(distinct consultation_id) from support_actions join consultations using (consultation_id) "
        "where support_type = '事例紹介' and received_on between '2025-04-01' and '2025-11-30'"
    ).fetchone()[0]
    assert len(referral) == raw_referral == 183


COUNT_FY = "select count(*) from consultations where received_on between '2025-04-01' and '2025-11-30'"


@pytest.mark.parametrize(
    ("filters", "plain_sql"),
    [
        ({"statuses": ["受付"]}, COUNT_FY + " and status = '受付'"),
        ({"field_ids": ["genai", "security"]}, COUNT_FY + " and field_id in ('genai', 'security')"),
        ({"region_id": "awaji"}, COUNT_FY + " and municipality_code in ('282243', '282260', '282057')"),
        ({"codes": ["282014"]}, COUNT_FY + " and municipality_code = '282014'"),
        ({"text": "AI"}, COUNT_FY + " and (contains(lower(title), 'ai') or contains(lower(detail), 'ai'))"),
    ],
)
def test_each_filter_narrows_like_plain_sql(con, filters, plain_sql):
    """Each filter counts what a hand-written constant query over the raw table counts."""
    frame = run_query("consultations_filtered", con, **FY2025, **{**NO_FILTERS, **filters})
    assert len(frame) == con.execute(plain_sql).fetchone()[0] > 0


@pytest.mark.parametrize(
    "filters",
    [{}, {"statuses": ["受付", "対応中"]}, {"region_id": "tajima", "text": "ai"}, {"min_age_days": 90}],
)
def test_facets_agree_with_the_rows_they_summarise(con, filters):
    """The charts (consultation_facets) and the list (consultations_filtered) share one filter macro."""
    params = {**FY2025, **NO_FILTERS, **filters}
    rows = run_query("consultations_filtered", con, **params)
    del params["limit"]
    facets = run_query("consultation_facets", con, **params, trend_from=date(2024, 4, 1))
    count_rows = facets[facets["facet"] == "count"]
    count = dict(zip(count_rows["key"], count_rows["n"], strict=True))
    assert count["total"] == len(rows)
    assert count["open"] == int(rows["is_open"].sum())
    assert count["open_over_90"] == int((rows["age_days"] > 90).sum())
    by_field = facets[facets["facet"] == "field_status"].groupby("key")["n"].sum().to_dict()
    assert by_field == rows.groupby("field_id").size().to_dict()
    months = facets[(facets["facet"] == "month") & (facets["key"] == "2025")]["n"].sum()
    assert months == len(rows)


def test_page_counts_and_a_filter_changes_them(app_env):
    at = open_page()
    assert tiles(at)["相談件数（年度受付分）"] == "453"
    assert tiles(at)["未完了の相談（年度受付分）"] == "169"
    at.multiselect(key="consultations_status").select("受付").run()
    assert not at.exception
    assert tiles(at)["該当件数（絞り込み）"] == "34"
    assert at.query_params["status"] == "受付"
    at.toggle(key="consultations_more").set_value(True).run()
    at.text_input(key="consultations_text").input("RPA").run()
    assert int(tiles(at)["該当件数（絞り込み）"]) < 34
    assert at.query_params["q"] == "RPA"


def test_filters_come_from_a_shared_link(app_env):
    at = open_page({"fy": "2025", "status": "受付,対応中", "field": "genai", "region": "awaji"})
    assert at.multiselect(key="consultations_status").value == ["受付", "対応中"]
    assert at.multiselect(key="consultations_field").value == ["genai"]
    con = store.connect(app_env)
    try:
        raw = con.execute(
            "select count(*) from consultations join municipalities on code = municipality_code "
            "where region_id = 'awaji' and field_id = 'genai' and status in ('受付', '対応中') "
            "and received_on between '2025-04-01' and '2025-11-30'"
        ).fetchone()[0]
    finally:
        con.close()
    assert tiles(at)["該当件数（絞り込み）"] == str(raw)


def test_unknown_values_in_a_link_are_ignored(app_env):
    at = open_page({"status": "<script>,受付", "field": "nope", "fy": "1999"})
    assert at.multiselect(key="consultations_status").value == ["受付"]
    assert at.multiselect(key="consultations_field").value == []


def test_detail_of_one_consultation(app_env):
    at = open_page({"id": "651"})
    texts = [m.value for m in at.markdown]
    assert any(v.startswith("#### #651 ") for v in texts)
    assert any("**市町**: 三田市" in v for v in texts)
    missing = open_page({"id": "999999"})
    assert any("999999" in w.value for w in missing.warning)


def _dialog(at: AppTest):
    """The page's dialog block (Streamlit draws dialogs in the event container, not below the table)."""
    event = at._tree[2]
    dialogs = [child for child in event.children.values() if child.type == "dialog"]
    assert len(dialogs) == 1, "exactly one dialog open"
    return dialogs[0]


def test_the_detail_opens_in_a_dialog_for_a_link_and_for_a_selected_row(app_env):
    linked = open_page({"id": "651"})
    assert _dialog(linked).proto.dialog.title == "相談の詳細"
    assert any(m.value.startswith("#### #651 ") for m in _dialog(linked).markdown)
    assert not any(m.value.startswith("#### #651 ") for m in linked.main.markdown), "not below the table"

    at = open_page()
    assert not [child for child in at._tree[2].children.values() if child.type == "dialog"]
    table = at.dataframe(key="consultations_table")
    first_id = int(table.value["consultation_id"].iloc[0])
    at.session_state["consultations_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.query_params["id"] == str(first_id)
    assert any(m.value.startswith(f"#### #{first_id} ") for m in _dialog(at).markdown)

    at.query_params.pop("id")  # what closing the dialog does (its on_dismiss); the row stays selected
    at.run()
    assert not [child for child in at._tree[2].children.values() if child.type == "dialog"], "stays closed"
    assert "id" not in at.query_params


def test_user_text_is_escaped_in_the_detail(app_env_writable):
    con = store.connect(app_env_writable)
    try:
        con.execute(
            "insert into consultations (consultation_id, received_on, municipality_code, field_id, channel, title,"
            " detail, status) values (900001, '2025-11-01', '282014', 'genai', 'メール',"
            " '![x](http://example.invalid/a.png) <script>alert(1)</script>', '<b>太字</b> :material/home:', '受付')"
        )
    finally:
        con.close()
    at = open_page({"id": "900001"})
    heading = next(m.value for m in at.markdown if m.value.startswith("#### #900001"))
    assert "\\!\\[x\\]" in heading and "\\<script\\>" in heading
    assert at.text[0].value == "<b>太字</b> :material/home:"  # st.text never interprets markup


def submit(at, label: str):
    next(button for button in at.button if button.label == label).click().run()
    assert not at.exception


def test_new_consultation_form_adds_a_row_everywhere(app_env_writable):
    at = open_page()
    assert tiles(at)["相談件数（年度受付分）"] == "453"
    at.toggle(key="consultations_new_open").set_value(True).run()
    at.selectbox(key="consultations_new_form_municipality").select("282014")
    at.selectbox(key="consultations_new_form_field").select("genai")
    at.text_input(key="consultations_new_form_title").input("生成AI利用ガイドラインの作り方")
    submit(at, "相談を登録する")
    assert tiles(at)["相談件数（年度受付分）"] == "454"
    assert any("生成AI利用ガイドラインの作り方" in s.value for s in at.success)
    at.switch_page("views/map.py").run()  # the map's KPIs read the caches the write cleared
    assert tiles(at)["相談件数（年度受付分）"] == "454"
    con = store.connect(app_env_writable)
    try:
        actor, table, action = con.execute(
            "select actor, table_name, action from audit_log order by audit_id desc limit 1"
        ).fetchone()
    finally:
        con.close()
    assert (actor, table, action) == ("テスト担当", "consultations", "insert")


def test_invalid_consultation_is_refused_and_nothing_changes(app_env_writable):
    at = open_page()
    at.toggle(key="consultations_new_open").set_value(True).run()
    submit(at, "相談を登録する")  # empty title
    assert at.error, "a specific problem is shown"
    assert "件名" in " ".join(e.value for e in at.error)
    assert tiles(at)["相談件数（年度受付分）"] == "453"


def test_status_change_and_support_action_show_in_the_history(app_env_writable):
    at = open_page({"id": "651"})
    at.toggle(key="consultations_update_open").set_value(True).run()
    at.selectbox(key="consultations_status_form_status").select("完了")
    submit(at, "状況を変更する")
    facts = next(m.value for m in at.markdown if "**状況**" in m.value)
    assert "**状況**: 完了" in facts
    at.selectbox(key="consultations_support_form_type").select("事業者紹介")
    submit(at, "支援を記録する")
    history = list(at.dataframe[-1].value["履歴"])  # one sentence per audit row, oldest first
    assert len(history) == 2
    assert history[0].endswith(
        "テスト担当が 状況 を 受付 から 完了 に、完了日 を （なし） から 2025-11-30 に変更しました"
    )
    assert "テスト担当が 支援 を登録しました（" in history[1] and "支援の種類: 事業者紹介" in history[1]
    assert all(re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} テスト担当が ", line) for line in history)
    assert not any(re.search(r"None|_id|→", line) for line in history)


def test_filtered_export_neutralises_formulas_and_opens_in_japanese_excel(writable_store):
    from liaison.records import exporting

    con = store.connect(writable_store)
    try:
        con.execute(
            "insert into consultations (consultation_id, received_on, municipality_code, field_id, channel, title,"
            " status) values (900002, '2025-11-02', '282014', 'genai', 'メール', '=HYPERLINK(\"http://x\")', '受付')"
        )
        rows = run_query("consultations_filtered", con, **FY2025, **{**NO_FILTERS, "codes": ["282014"]})
    finally:
        con.close()
    frame = consultations.export_frame(rows)
    assert list(frame.columns)[:3] == ["管理番号", "受付日", "市町コード"]
    text = exporting.to_csv(frame, encoding="cp932").decode("cp932")
    assert "'=HYPERLINK" in text and "\r\n" in text
    assert text.count("\r\n") == len(frame) + 1


def test_every_work_table_offers_csv_sjis_and_excel(app_env):
    for page, expected in [
        ("views/region.py", 3),
        ("views/visits.py", 6),
        ("views/planner.py", 3),
        ("views/consultations.py", 3),
    ]:
        at = AppTest.from_file(APP, default_timeout=30)
        at.run()
        at.switch_page(page).run()
        assert not at.exception
        for toggle in at.toggle:
            if toggle.label == "この表を出力（CSV・Excel）":
                toggle.set_value(True)
        at.run()
        labels = [button.proto.label for button in at.get("download_button")]
        assert labels.count("CSV（UTF-8 BOM付き）") * 3 == expected, (page, labels)
        assert labels.count("CSV（Shift_JIS）") == labels.count("Excel") == expected // 3


def test_reader_chooses_the_charts_and_the_link_keeps_them(app_env):
    at = open_page()
    assert len(at.get("plotly_chart")) == 2  # by field and status, monthly trend
    at = open_page({"charts": "ageing,support,referrals"})
    assert len(at.get("plotly_chart")) == 3
    assert at.query_params["charts"] == "ageing,support,referrals"
    assert [s.value for s in at.subheader][:3] == [
        "未完了案件の経過日数",
        "支援の種類（件数）",
        "橋渡し先の部署",
    ]


def test_owner_filter_says_any_until_chosen(app_env):
    at = open_page()
    assert not at.toggle(key="consultations_more").value  # folded by default
    at.toggle(key="consultations_more").set_value(True).run()
    owner = at.selectbox(key="consultations_owner")
    assert owner.value == "" and owner.format_func(owner.value) == "すべて"
    owner.select("R-tajima-1").run()
    assert at.query_params["owner"] == "R-tajima-1"
    assert int(tiles(at)["該当件数（絞り込み）"]) < 453


def test_a_link_with_a_text_filter_opens_the_more_filters(app_env):
    at = open_page({"q": "RPA"})
    assert at.toggle(key="consultations_more").value
    assert at.text_input(key="consultations_text").value == "RPA"
    at.toggle(key="consultations_more").set_value(False).run()  # folded again: no longer filtering
    assert tiles(at)["相談件数（年度受付分）"] == "453"
    assert "q" not in at.query_params


def scope_line(at) -> str:
    """The caption right under the tiles that names the period and every active filter."""
    return next(c.value for c in at.caption if c.value.startswith(("集計範囲", "Counted")))


OPEN_OVER_90_FY2025 = (
    "select count(*) from consultations where received_on between '2025-04-01' and '2025-11-30'"
    " and status in ('受付', '対応中', '保留') and date_diff('day', received_on, date '2025-11-30') > 90"
)


def test_age_filter_lists_and_exports_what_the_over_90_tile_counts(app_env, monkeypatch):
    from dashboard.panels import downloads

    exported = []  # the frame the page's download buttons would write
    monkeypatch.setattr(downloads, "export_buttons", lambda rows, *args, **kwargs: exported.append(rows()))
    over_90 = tiles(open_page())["うち90日超（年度受付分）"]
    at = open_page({"age": "90"})
    assert at.selectbox(key="consultations_age").value == 90
    shown = tiles(at)
    assert (
        shown["該当件数（絞り込み）"]
        == shown["未完了（絞り込み）"]
        == shown["うち90日超（絞り込み）"]
        == over_90
    )
    assert len(at.dataframe[0].value) == int(over_90) == len(exported[-1])
    con = store.connect(app_env)
    try:
        assert int(over_90) == con.execute(OPEN_OVER_90_FY2025).fetchone()[0] > 0
    finally:
        con.close()
    assert set(exported[-1]["状況"]) <= {"受付", "対応中", "保留"} and (exported[-1]["経過日数"] > 90).all()
    assert "経過日数：90日超（未完了）" in scope_line(at)
    at.selectbox(key="consultations_age").select(180).run()
    assert at.query_params["age"] == "180"
    assert int(tiles(at)["該当件数（絞り込み）"]) < int(over_90)
    at.selectbox(key="consultations_age").select(0).run()
    assert "age" not in at.query_params
    assert tiles(at)["相談件数（年度受付分）"] == "453"


def test_counts_name_their_period_and_filters_in_both_languages(app_env):
    at = open_page({"region": "tajima"})
    expected = "集計範囲：令和7年度（2025）に受付（2025-04-01〜2025-11-30）／圏域：但馬（2025-11-30 時点）"
    assert scope_line(at) == safe_text.markdown(expected)
    assert all(metric.proto.help for metric in at.metric), "each tile defines what it counts"
    en = open_page({"region": "tajima", "lang": "en", "age": "90"})
    assert scope_line(en) == safe_text.markdown(
        "Counted: received in FY2025 (2025-04-01 to 2025-11-30) · Region: Tajima"
        " · Age: open over 90 days (as of 2025-11-30)"
    )
    assert "2025-11-30" in next(m for m in en.metric if m.label == "Open over 90 days (filtered)").proto.help


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_none_nan_or_nat_where_a_person_reads(app_env_writable, lang):
    con = store.connect(app_env_writable)
    try:  # a case as an import leaves it: no owner, no referral, no detail
        con.execute(
            "insert into consultations (consultation_id, received_on, municipality_code, field_id, channel, title,"
            " status) values (900003, '2025-11-03', '282014', 'genai', 'メール', '担当未定の相談', '受付')"
        )
    finally:
        con.close()
    at = open_page({"lang": lang, "id": "900003", "charts": "field,trend,ageing,support,referrals"})
    texts = [
        *(m.value for m in at.markdown),
        *(c.value for c in at.caption),
        *(x.value for x in at.text),
        *(m.value for m in at.metric),
        *(s.value for s in at.subheader),
    ]
    for text in texts:
        text = text.replace(t("none_yet", "en"), "")  # the words "None yet", not a blank shown as None
        assert not re.search(r"(?<![A-Za-z])(None|nan|NaN|NaT)(?![A-Za-z])", text), text
    owner = "Owner" if lang == "en" else "担当リエゾン"
    assert any(f"**{owner}**: —" in m.value for m in at.markdown)
    table = at.dataframe[0].value
    assert table["age_days"].isna().any() and table["owner_name"].isna().any()
    for frame in at.dataframe:  # every table with a blank cell draws it as "—", not "None"
        if frame.value.isna().any().any():
            assert frame.proto.placeholder == "—"


APR_MAR = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]


@pytest.mark.parametrize(
    "period",
    [{"fy": "2025"}, {"fy": "custom", "from": "2024-11-01", "to": "2025-05-31"}],
    ids=["fy", "custom"],
)
def test_english_trend_runs_april_to_march(app_env, period):
    at = open_page({"lang": "en", "charts": "trend", **period})
    (chart,) = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["layout"]["xaxis"]["type"] == "category"
    assert spec["layout"]["xaxis"]["categoryarray"] == APR_MAR
    assert len(spec["data"]) == 2 and all(trace["x"] == APR_MAR for trace in spec["data"])
