"""AppTest per page: headline figures, a widget change, a map click, deep links."""

import json

import map_shown
import pytest
from demo_pins import DUE_2025
from streamlit.testing.v1 import AppTest

from liaison import map as map_builders
from liaison import paths
from liaison.fiscal import fiscal_year_of
from liaison.queries import run_query

APP = str(paths.ROOT / "app.py")


def fills(at) -> dict:
    return map_shown.fills(map_shown.map_of(at))


@pytest.fixture
def map_page(app_env):
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    return at


def test_map_page_headline_and_demo_notice(map_page):
    at = map_page
    assert "デモデータ（架空）" in at.warning[0].value
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["相談件数（年度受付分）"] == "453"
    assert tiles["訪問件数（年度）"] == "259"
    assert tiles["要訪問の市町（90日超）"] == f"{DUE_2025} / 40"
    assert tiles["DX推進度の平均（最新）"] == "2.78"
    assert len(fills(at)) == 41  # an SVG drawn on the server: no tiles, no request leaves the browser
    assert fills(at)["281000"][:3] == [158, 158, 158]  # 神戸市 grey
    assert any("境界" in c.value and "reversejp" in c.value for c in at.caption)


def test_metric_change_changes_the_map(map_page):
    at = map_page
    before = fills(at)
    at.selectbox(key="map_metric").select("days_since_last_visit").run()
    assert not at.exception
    after = fills(at)
    assert before != after
    assert after["281000"] == before["281000"]
    assert at.query_params["metric"] == "days_since_last_visit"


def test_region_filter_changes_kpis(map_page):
    at = map_page
    at.selectbox(key="sidebar_region").select("awaji").run()
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["要訪問の市町（90日超）"].endswith("/ 3")
    assert tiles["相談件数（年度受付分）"] != "453"
    assert at.query_params["region"] == "awaji"


def test_fiscal_year_change(map_page):
    at = map_page
    at.selectbox(key="sidebar_fiscal_year").select(2024).run()
    assert {m.label: m.value for m in at.metric}["相談件数（年度受付分）"] != "453"


def test_english_labels(map_page):
    at = map_page
    at.radio(key="sidebar_lang").set_value("en").run()
    assert at.title[0].value == "Hyogo DX Liaison Dashboard"
    assert "Demo data (fictional)" in at.warning[0].value
    assert "Consultations received (FY)" in {m.label for m in at.metric}


def test_map_click_opens_profile(map_page):
    at = map_page
    at.session_state["map_selection"] = {"selection": {"code": "282014"}}
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith("姫路市")
    assert at.query_params["code"] == "282014"


def test_sidebar_choices_survive_a_map_click(app_env):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = "en"
    at.run()
    at.selectbox(key="sidebar_fiscal_year").select(2024).run()
    at.session_state["map_selection"] = {"selection": {"code": "282014"}}
    at.run()
    assert at.title[0].value == "Himeji City"
    assert at.query_params["fy"] == "2024"
    assert at.selectbox(key="sidebar_fiscal_year").value == 2024


def test_metric_kept_when_returning_through_the_navigation(map_page):
    at = map_page
    at.selectbox(key="map_metric").select("open_consultations").run()
    at.switch_page("views/profile.py")
    at.query_params["code"] = "282014"
    at.run()
    at.query_params.clear()  # the sidebar's navigation link carries no query string
    at.switch_page("views/map.py").run()
    assert at.selectbox(key="map_metric").value == "open_consultations"


def demo_metrics(con, as_of):
    return run_query("municipality_metrics", con=con, fiscal_year=fiscal_year_of(as_of), as_of=as_of)


def test_map_by_region_from_the_url_ranks_the_regions(app_env, con, as_of):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["by"] = "region"
    at.query_params["metric"] = "consultations_fy"
    at.run()
    assert not at.exception
    assert at.segmented_control(key="map_by").value == "region"
    (ranking,) = [frame.value for frame in at.dataframe]  # the value table is toggled off
    expected = map_builders.by_region(demo_metrics(con, as_of), map_builders.get("consultations_fy"))
    assert list(ranking["region"]) == list(expected["region_name_ja"])
    assert list(ranking["value"]) == list(expected["value"])
    assert list(ranking["rank"])[0] == 1 and len(ranking) == 9  # the liaison regions, not 神戸
    assert ranking["value"].sum() == 453  # the 圏域 totals add up to the 相談件数 tile
    assert {m.label: m.value for m in at.metric}["相談件数（年度受付分）"] == "453"
    region_of = demo_metrics(con, as_of).set_index("code")["region_id"]
    colours_of: dict[str, set] = {}
    for code, fill in fills(at).items():
        colours_of.setdefault(region_of[code], set()).add(tuple(fill))
    assert all(len(colours) == 1 for colours in colours_of.values())  # one colour per 圏域

    at.segmented_control(key="map_by").set_value("municipality").run()
    assert not at.exception
    assert "by" not in at.query_params
    assert len(at.dataframe) == 0


def test_map_by_region_click_opens_the_region(map_page):
    at = map_page
    at.segmented_control(key="map_by").set_value("region").run()
    assert at.query_params["by"] == "region"
    at.session_state["map_selection"] = {"selection": {"code": "282014", "region_id": "naka_harima"}}
    at.run()
    assert not at.exception
    assert at.query_params["region"] == "naka_harima"
    assert at.selectbox(key="region_region").value == "naka_harima"


def test_value_table_is_numeric_with_headers_in_the_language(map_page, con, as_of):
    at = map_page
    at.radio(key="sidebar_lang").set_value("en").run()
    at.selectbox(key="map_metric").select("department_coverage").run()
    at.toggle(key="map_show_table").set_value(True).run()
    assert not at.exception
    (table,) = at.dataframe
    frame = table.value
    assert frame["value"].dtype == "float64"
    assert frame.loc[frame["municipality"] == "Kobe City", "note"].tolist() == ["outside the programme"]
    assert frame.loc[frame["municipality"] == "Kobe City", "value"].isna().all()
    expected = demo_metrics(con, as_of).set_index("name_en")["department_coverage"] * 100
    himeji = frame.set_index("municipality").loc["Himeji City", "value"]
    assert himeji == expected["Himeji City"]
    headers = json.dumps(json.loads(table.proto.columns), ensure_ascii=False)
    assert "Municipality" in headers and "Both departments visited (FY)" in headers
    assert "name_en" not in headers and "%.0f%%" in headers
    assert any("Kobe is outside" in c.value for c in at.caption)


def open_profile(code: str) -> AppTest:
    """The profile page opened from its URL, /municipality?code=…

    AppTest matches views/profile.py to its url_path ("municipality") only once st.navigation has run.
    """
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("views/profile.py")
    at.query_params["code"] = code
    return at.run()


def test_deep_link_shows_the_municipality(app_env):
    at = open_profile("282090")
    assert not at.exception
    assert at.title[0].value == "豊岡市（とよおかし）"
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["面積"] == "697.55 km²"
    assert tiles["人口（令和2年国勢調査）"] == "77,489人"
    assert tiles["圏域"] == "但馬"
    assert "デモデータ（架空）" in at.warning[0].value
    assert len(at.get("plotly_chart")) == 2


def test_unknown_code_says_so(app_env):
    at = open_profile("999999")
    assert not at.exception
    assert "999999" in at.error[0].value


def test_kobe_is_outside_the_programme(app_env):
    at = open_profile("281000")
    assert "対象外" in at.info[0].value


def test_no_legacy_pages_folder():
    """A `pages/` folder makes Streamlit run page files without app.py (legacy multipage mode):
    in AppTest on every rerun, and on a server's first request if it is a deep link. Pages live in views/."""
    assert not (paths.ROOT / "pages").exists()


def test_sidebar_survives_reruns(map_page):
    at = map_page
    at.selectbox(key="map_metric").select("step").run()
    at.selectbox(key="sidebar_region").select("tajima").run()
    assert [w.key for w in at.sidebar.selectbox] == ["sidebar_fiscal_year", "sidebar_region"]
    assert {m.label: m.value for m in at.metric}["要訪問の市町（90日超）"].endswith("/ 5")
