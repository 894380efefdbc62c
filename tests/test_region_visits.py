"""圏域 and 巡回記録: their queries against the raw tables, the due-a-visit rule, and one AppTest per page."""

from __future__ import annotations

import json
from datetime import date

import map_shown
import pandas as pd
import pytest
from app_pages import open_page

from dashboard import db
from liaison import map as map_builders
from liaison import paths, region, visits
from liaison.queries import run_query

APP = str(paths.ROOT / "app.py")
FY = 2025
START = pd.Timestamp(2025, 4, 1)


@pytest.fixture(scope="module")
def raw_visits(con):
    return con.execute("select * from visits").df()


@pytest.fixture(scope="module")
def region_rows(con, as_of):
    return run_query("region_municipalities", con=con, fiscal_year=FY, as_of=as_of, region_id=None)


@pytest.fixture(scope="module")
def coverage(con, as_of):
    return run_query("visit_coverage_by_municipality", con=con, fiscal_year=FY, as_of=as_of, region_id=None)


# --------------------------------------------------------------------------- queries


def test_region_municipalities_agree_with_the_map_metrics(con, as_of, region_rows):
    """Every liaison target once (not 神戸市), with the same visits, open cases and readiness as the map."""
    assert len(region_rows) == 40 and "281000" not in set(region_rows["code"])
    metrics = run_query("municipality_metrics", con=con, fiscal_year=FY, as_of=as_of).set_index("code")
    rows = region_rows.set_index("code")
    for column in ("visits_fy", "open_consultations", "readiness_index", "step"):
        assert (rows[column] == metrics.loc[rows.index, column]).all(), column
    assert rows["visits_fy"].sum() == 259
    assert rows["open_consultations"].sum() == 234


def test_region_municipalities_last_visits_and_oldest_case(con, as_of, region_rows, raw_visits):
    rows = region_rows.set_index("code")
    columns = {
        "自治体DX担当": ("last_municipal_dx_on", "days_since_municipal_dx"),
        "地域社会DX担当": ("last_community_dx_on", "days_since_community_dx"),
        "首長・幹部": ("last_executive_on", "days_since_executive"),
    }
    for (code, department), department_visits in raw_visits.groupby(["municipality_code", "department"]):
        last_col, days_col = columns[department]
        last = department_visits["visited_on"].max()
        assert rows.loc[code, last_col] == last
        assert rows.loc[code, days_col] == (as_of - last.date()).days
    consultations = con.execute("select * from consultations where status in ('受付', '対応中', '保留')").df()
    oldest = consultations.groupby("municipality_code")["received_on"].min()
    for code, received in oldest.items():
        assert rows.loc[code, "oldest_open_days"] == (as_of - received.date()).days


def test_region_filter(con, as_of):
    awaji = run_query("region_municipalities", con=con, fiscal_year=FY, as_of=as_of, region_id="awaji")
    assert list(awaji["name_ja"]) == ["洲本市", "南あわじ市", "淡路市"]
    assert awaji["visits_fy"].sum() == 19
    kobe = run_query("region_municipalities", con=con, fiscal_year=FY, as_of=as_of, region_id="kobe")
    assert kobe.empty  # 神戸市 is outside the programme


def test_coverage_has_every_pair_and_matches_raw_counts(coverage, raw_visits, as_of):
    assert len(coverage) == 40 * 3
    assert coverage["visits_fy"].sum() == 259
    this_year = raw_visits[
        (raw_visits["visited_on"] >= START) & (raw_visits["visited_on"] <= pd.Timestamp(as_of))
    ]
    counts = this_year.groupby(["municipality_code", "department"]).size()
    got = coverage.set_index(["code", "department"])
    for key, count in counts.items():
        assert got.loc[key, "visits_fy"] == count
    assert (got["visits_fy"] > 0).sum() == len(counts)  # zero everywhere else
    lasts = raw_visits.groupby(["municipality_code", "department"])["visited_on"].max()
    for key, last in lasts.items():
        assert got.loc[key, "last_visited_on"] == last
        assert got.loc[key, "days_since_last_visit"] == (as_of - last.date()).days
    never = got[got["last_visited_on"].isna()]
    assert never["days_since_last_visit"].isna().all() and (never["visits_fy"] == 0).all()


def test_past_year_is_measured_at_its_end(con, as_of, raw_visits):
    past = run_query("visit_coverage_by_municipality", con=con, fiscal_year=2024, as_of=as_of, region_id=None)
    in_2024 = raw_visits[
        (raw_visits["visited_on"] >= "2024-04-01") & (raw_visits["visited_on"] <= "2025-03-31")
    ]
    assert past["visits_fy"].sum() == len(in_2024)
    assert past["last_visited_on"].max() <= pd.Timestamp(2025, 3, 31)


def test_visits_by_fiscal_month(con, as_of, raw_visits):
    monthly = run_query("visits_by_fiscal_month", con=con, fiscal_year=FY, as_of=as_of, region_id=None)
    assert len(monthly) == 12 * 3
    assert list(monthly["calendar_month"].drop_duplicates()) == [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
    assert monthly["visits"].sum() == 259
    assert monthly[monthly["fiscal_month"] > 8]["visits"].isna().all()  # December onwards: not yet
    november = raw_visits[raw_visits["visited_on"].dt.strftime("%Y-%m") == "2025-11"]
    got = monthly[monthly["fiscal_month"] == 8].set_index("department")["visits"]
    assert got.to_dict() == november.groupby("department").size().to_dict()
    tajima = run_query("visits_by_fiscal_month", con=con, fiscal_year=FY, as_of=as_of, region_id="tajima")
    expected = con.execute(
        "select count(*) from visits inner join municipalities on visits.municipality_code = municipalities.code"
        " where region_id = 'tajima' and visited_on between '2025-04-01' and $as_of",
        {"as_of": as_of},
    ).fetchall()[0][0]
    assert tajima["visits"].sum() == expected == 32


def test_region_liaisons(con, as_of):
    liaisons = run_query("region_liaisons", con=con, fiscal_year=FY, as_of=as_of, region_id="tajima")
    regional = liaisons[liaisons["kind"] == "地域"]
    assert list(regional["liaison_id"]) == ["R-tajima-1", "R-tajima-2"]
    field = liaisons[liaisons["kind"] == "分野"]
    assert len(field) > 0
    activity = field["visits_fy"] + field["consultations_fy"] + field["support_actions_fy"]
    assert (activity > 0).all()
    owned = con.execute(
        "select count(*) from consultations inner join municipalities on municipality_code = code"
        " where region_id = 'tajima' and owner_liaison_id = 'R-tajima-1'"
        " and received_on between '2025-04-01' and $as_of",
        {"as_of": as_of},
    ).fetchall()[0][0]
    assert regional.set_index("liaison_id").loc["R-tajima-1", "consultations_fy"] == owned


# --------------------------------------------------------------------------- the due-a-visit rule and builders


@pytest.mark.parametrize(
    ("days", "expected"), [(None, True), (pd.NA, True), (0, False), (90, False), (91, True), (400, True)]
)
def test_due_after_more_than_n_days_or_never(days, expected):
    assert visits.is_due(days, 90) is expected


@pytest.mark.parametrize(("raw", "days"), [("60", 60), ("0", 90), ("abc", 90), (None, 90), ("9999", 90)])
def test_overdue_days_from_a_url(raw, days):
    assert visits.clamp_overdue_days(raw) == days


def test_region_view_counts_due_departments(region_rows):
    for overdue_days in (30, 90, 180):
        view = region.region_view(region_rows, overdue_days)
        expected = sum(
            visits.is_due(region_rows[column].iloc[i], overdue_days)
            for i in range(len(region_rows))
            for column in ("days_since_municipal_dx", "days_since_community_dx")
        )
        assert view.due == expected
        assert view.slots == 80
    assert [region.region_view(region_rows, n).due for n in (30, 90, 180)] == [55, 36, 25]
    table = region.region_view(region_rows, 90).table
    assert table.kinds["自治体DX"] == "date" and table.kinds["最古（日）"] == "int"
    assert isinstance(table.frame["自治体DX"].dropna().iloc[0], date)
    any_due = [
        visits.is_due(a, 90) or visits.is_due(b, 90)
        for a, b in zip(
            region_rows["days_since_municipal_dx"], region_rows["days_since_community_dx"], strict=True
        )
    ]
    assert list(table.frame["要訪問"] != "") == any_due


def test_coverage_view_agrees_with_the_region_view(coverage, region_rows):
    view = visits.coverage_view(coverage, 90)
    assert view.due == region.region_view(region_rows, 90).due == 36
    assert (view.visits_fy, view.municipalities, view.visited, view.both_visited) == (259, 40, 40, 20)
    assert len(view.due_cells) == view.due == len(view.overdue.frame)
    flagged = sum(
        str(cell).endswith("⚠") for column in view.matrix.frame for cell in view.matrix.frame[column]
    )
    assert flagged == view.due
    assert not any(label.startswith("首長・幹部") for _, label in view.due_cells)  # not on the round
    days = view.overdue.frame["経過日数"]
    assert days.isna().sum() == 2 and list(days.dropna()) == sorted(days.dropna(), reverse=True)


def test_month_table_and_chart(con, as_of):
    monthly = run_query("visits_by_fiscal_month", con=con, fiscal_year=FY, as_of=as_of, region_id=None)
    table = visits.month_table(monthly)
    assert list(table.columns)[1:] == [*visits.month_labels("ja"), "合計"]
    assert table["合計"].sum() == 259 and table["4月"].notna().all() and table["3月"].isna().all()
    figure = visits.month_chart(monthly, "en")
    assert [trace.name for trace in figure.data] == [
        "Municipal DX dept.",
        "Community DX dept.",
        "Mayor / executives",
    ]
    assert list(figure.data[0].x) == [
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Jan",
        "Feb",
        "Mar",
    ]


def test_kpis_and_region_page_count_the_same_municipalities(con, as_of, region_rows):
    metrics = run_query("municipality_metrics", con=con, fiscal_year=FY, as_of=as_of)
    assert (
        map_builders.summarize(metrics).municipalities == region.region_view(region_rows, 90).municipalities
    )


# --------------------------------------------------------------------------- AppTest: 圏域


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_region_page_headline_from_a_shared_link(app_env):
    at = open_page("views/region.py", region="awaji")
    assert not at.exception
    assert at.title[0].value == "圏域"
    assert at.selectbox(key="region_region").value == "awaji"
    assert tiles(at) == {
        "対象市町数": "3",
        "訪問件数（年度）": "19",
        "未完了の相談（全期間）": "10",
        "要訪問の部署（90日超）": "2 / 6",
    }
    table = at.dataframe[0].value
    assert list(table["市町"]) == ["洲本市", "南あわじ市", "淡路市"]
    assert "神戸市" not in set(table["市町"])
    assert table.loc[2, "要訪問"] == "⚠ 地域社会DX"
    assert at.query_params["region"] == "awaji" and at.query_params["overdue"] == "90"
    assert map_shown.map_of(at)["zoom"] > 9  # zoomed to the region, not the prefecture


def test_region_page_defaults_to_the_first_region(app_env):
    at = open_page("views/region.py")
    assert at.selectbox(key="region_region").value == "hanshin_minami"
    assert tiles(at)["対象市町数"] == "3"


def test_changing_the_region_changes_the_table_and_the_sidebar(app_env):
    at = open_page("views/region.py", region="awaji")
    at.selectbox(key="region_region").select("tajima").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 5
    assert tiles(at)["対象市町数"] == "5"
    assert at.selectbox(key="sidebar_region").value == "tajima"  # the page and the sidebar agree
    assert at.query_params["region"] == "tajima"


def test_region_page_follows_the_sidebar(app_env):
    at = open_page("views/region.py", region="awaji")
    at.selectbox(key="sidebar_region").select("tamba").run()
    assert at.selectbox(key="region_region").value == "tamba"
    assert tiles(at)["対象市町数"] == str(len(at.dataframe[0].value))


def test_overdue_days_change_the_flags(app_env):
    at = open_page("views/region.py", region="tajima")
    assert tiles(at)["要訪問の部署（90日超）"] == "4 / 10"
    at.number_input(key="region_overdue_days").set_value(30).run()
    assert tiles(at)["要訪問の部署（30日超）"] == "8 / 10"
    assert at.query_params["overdue"] == "30"
    flagged = (at.dataframe[0].value["要訪問"] != "").sum()
    at.number_input(key="region_overdue_days").set_value(180).run()
    assert tiles(at)["要訪問の部署（180日超）"] == "3 / 10"
    assert (at.dataframe[0].value["要訪問"] != "").sum() < flagged


def test_selecting_a_row_opens_the_profile(app_env):
    at = open_page("views/region.py", region="awaji")
    at.session_state["region_table"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith("淡路市")
    assert at.query_params["code"] == "282260"


def test_clicking_the_map_opens_the_profile(app_env):
    at = open_page("views/region.py", region="awaji")
    at.session_state["region_map"] = {"selection": {"code": "282057"}}
    at.run()
    assert at.title[0].value.startswith("洲本市")


def test_region_page_in_english(app_env):
    at = open_page("views/region.py", region="awaji", lang="en")
    assert at.title[0].value == "Region"
    assert list(at.dataframe[0].value["Municipality"]) == ["Sumoto City", "Minamiawaji City", "Awaji City"]
    assert at.dataframe[0].value.loc[2, "Visit due"] == "⚠ Community DX"


def test_overdue_days_from_the_url_and_kept_across_pages(app_env):
    at = open_page("views/region.py", region="tajima", overdue="180")
    assert at.number_input(key="region_overdue_days").value == 180
    at.query_params.clear()
    at.switch_page("views/visits.py").run()
    assert at.number_input(key="visits_overdue_days").value == 180


# --------------------------------------------------------------------------- AppTest: 巡回記録


def test_visits_page_matrix_and_headline(app_env):
    at = open_page("views/visits.py")
    assert not at.exception
    assert at.title[0].value == "巡回記録"
    assert tiles(at) == {
        "訪問件数（年度）": "259",
        "年度内に訪問した市町": "40 / 40",
        "両部署を訪問した市町": "20 / 40",
        "要訪問の部署（90日超）": "36 / 80",
    }
    matrix, overdue = at.dataframe[0].value, at.dataframe[1].value
    assert len(matrix) == 40 and "神戸市" not in set(matrix["市町"])
    counts = [c for c in matrix.columns if c.endswith("件数")]
    assert int(matrix[counts].to_numpy().sum()) == 259
    assert len(overdue) == 36
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["name"] for trace in chart["data"]] == ["自治体DX担当", "地域社会DX担当", "首長・幹部"]
    assert chart["data"][0]["x"][0] == "4月" and chart["data"][0]["x"][-1] == "3月"


def test_sidebar_region_filters_the_visits_page(app_env):
    at = open_page("views/visits.py")
    at.selectbox(key="sidebar_region").select("awaji").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 3
    assert tiles(at)["訪問件数（年度）"] == "19"
    assert tiles(at)["要訪問の部署（90日超）"] == "2 / 6"
    assert "淡路" in at.caption[0].value


def test_visits_page_overdue_days_and_month_table(app_env):
    at = open_page("views/visits.py", overdue="30")
    assert tiles(at)["要訪問の部署（30日超）"] == "55 / 80"
    at.toggle(key="visits_show_month_table").set_value(True).run()
    months = at.dataframe[1].value
    assert list(months["合計"]) == [199, 38, 22]


def test_visits_page_past_year(app_env):
    at = open_page("views/visits.py")
    at.selectbox(key="sidebar_fiscal_year").select(2024).run()
    assert tiles(at)["訪問件数（年度）"] != "259"
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert all(y is not None for y in chart["data"][0]["y"])  # a whole past year: every month counted


def test_a_logged_visit_shows_after_after_write(app_env_writable):
    """The lead's visit form writes, then calls db.after_write("visits"): both pages show it at once."""
    from dashboard import cache
    from dashboard.readers import region as region_readers
    from dashboard.readers import visits as visits_readers
    from liaison import store

    assert visits_readers.coverage_view in cache.readers(["visits"])
    assert region_readers.region_view in cache.readers(["visits", "liaisons"])
    at = open_page("views/visits.py")
    assert tiles(at)["訪問件数（年度）"] == "259"
    con = store.connect(app_env_writable)
    try:
        con.execute(
            "insert into visits (visited_on, municipality_code, liaison_id, department, purpose)"
            " values ('2025-11-30', '282260', 'R-awaji-1', '地域社会DX担当', '定期巡回')"
        )
    finally:
        con.close()
    db.after_write("visits")
    at.run()
    assert tiles(at)["訪問件数（年度）"] == "260"
    assert (
        tiles(at)["要訪問の部署（90日超）"] == "35 / 80"
    )  # 淡路市's community DX department is no longer due


# --------------------------------------------------------------------------- the benchmark's large store


def test_large_store_gives_the_pages_real_work(tmp_path, as_of):
    """bench/large_store.py (at a small size): visits this 年度 in every region and 分野リエゾン at work."""
    import sys

    sys.path.insert(0, str(paths.ROOT / "bench"))
    try:
        from large_store import build_large
    finally:
        sys.path.remove(str(paths.ROOT / "bench"))
    from liaison import store

    con = store.connect(build_large(tmp_path / "large.duckdb", consultations=20_000, visits=5_000, years=3))
    try:
        coverage = run_query(
            "visit_coverage_by_municipality", con=con, fiscal_year=FY, as_of=as_of, region_id=None
        )
        in_year = con.execute(
            "select count(*) from visits where visited_on between '2025-04-01' and $as_of", {"as_of": as_of}
        ).fetchall()[0][0]
        assert coverage["visits_fy"].sum() == in_year > 1000
        assert coverage.groupby("region_id")["visits_fy"].sum().min() > 0
        liaisons = run_query("region_liaisons", con=con, fiscal_year=FY, as_of=as_of, region_id="tajima")
        assert (liaisons["kind"] == "分野").sum() >= 5
    finally:
        con.close()
