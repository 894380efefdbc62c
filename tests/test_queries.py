"""Named queries against the seeded store: real numbers, checked against the raw tables."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from demo_pins import DUE_2025

from liaison import map as map_builders
from liaison.queries import run_query


@pytest.fixture(scope="module")
def metrics_2025(con, as_of):
    return run_query("municipality_metrics", con=con, fiscal_year=2025, as_of=as_of)


def test_metrics_one_row_per_municipality(metrics_2025):
    assert len(metrics_2025) == 41
    assert metrics_2025["code"].is_unique


def test_pinned_headline_figures(metrics_2025):
    """The seeded demo gives these exact figures; a change here is a change of the generator."""
    summary = map_builders.summarize(metrics_2025)
    assert summary == map_builders.Kpis(
        municipalities=40,
        consultations_fy=453,
        open_all=234,
        visits_fy=259,
        municipalities_due=DUE_2025,
        readiness_latest_mean=2.78,
    )


def test_metrics_match_raw_tables(con, metrics_2025, as_of):
    raw = con.execute("select * from consultations").df()
    in_year = raw[
        (raw["received_on"] >= pd.Timestamp(2025, 4, 1)) & (raw["received_on"] <= pd.Timestamp(as_of))
    ]
    expected = in_year.groupby("municipality_code").size()
    got = metrics_2025.set_index("code")["consultations_fy"]
    for code, count in expected.items():
        assert got[code] == count
    assert got["281000"] == 0
    himeji = metrics_2025.set_index("code").loc["282014"]
    assert himeji["consultations_per_10k"] == round(10000 * himeji["consultations_fy"] / 530495, 2)
    open_now = raw[raw["status"].isin(["受付", "対応中", "保留"])].groupby("municipality_code").size()
    assert metrics_2025.set_index("code")["open_consultations"].sum() == open_now.sum()


def test_days_since_last_visit_and_coverage(con, metrics_2025, as_of):
    visits = con.execute("select * from visits where municipality_code = '282014'").df()
    last = visits["visited_on"].max().date()
    row = metrics_2025.set_index("code").loc["282014"]
    assert row["days_since_last_visit"] == (as_of - last).days
    this_year = visits[visits["visited_on"] >= pd.Timestamp(2025, 4, 1)]
    departments = set(this_year["department"]) & {"自治体DX担当", "地域社会DX担当"}
    assert row["department_coverage"] == len(departments) / 2


def test_readiness_index_is_mean_of_eight_items(con, metrics_2025):
    scores = con.execute(
        "select columns('^score_') "  # the eight scores (migration 007 added words beside them)
        "from readiness_assessments where municipality_code = '282049' and fiscal_year = 2025"
    ).fetchone()
    half_up = (Decimal(sum(scores)) / 8).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )  # 四捨五入, as DuckDB rounds
    assert metrics_2025.set_index("code").loc["282049", "readiness_index"] == float(half_up)


def test_past_year_is_measured_at_its_end(con, as_of):
    past = run_query("municipality_metrics", con=con, fiscal_year=2024, as_of=as_of)
    total = con.execute(
        "select count(*) from consultations where received_on between '2024-04-01' and '2025-03-31'"
    ).fetchone()[0]
    assert past["consultations_fy"].sum() == total
    assert past["days_since_last_visit"].max() <= 365 + 366


def test_future_year_has_no_records(con):
    early = run_query("municipality_metrics", con=con, fiscal_year=2023, as_of=date(2024, 3, 31))
    assert early["consultations_fy"].sum() == 0
    assert early["readiness_index"].isna().all()


def test_fiscal_years(con):
    assert list(run_query("fiscal_years", con=con)["fiscal_year"]) == [2025, 2024]


def test_profile_and_unknown_code(con):
    profile = run_query("municipality_profile", con=con, code="282014")
    assert profile.loc[0, "name_ja"] == "姫路市"
    assert profile.loc[0, "region_name_ja"] == "中播磨"
    assert run_query("municipality_profile", con=con, code="999999").empty


def test_region_filter(con):
    assert len(run_query("municipalities_by_region", con=con, region_id=None)) == 41
    assert sorted(run_query("municipalities_by_region", con=con, region_id="awaji")["name_ja"]) == [
        "南あわじ市",
        "洲本市",
        "淡路市",
    ]


def test_readiness_by_item(con):
    items = run_query("readiness_by_item", con=con, code="282014", fiscal_year=2025)
    assert len(items) == 16
    assert set(items["fiscal_year"]) == {2024, 2025}


def test_latest_consultations_newest_first(con):
    latest = run_query("consultations_latest", con=con, code="282014", limit=5)
    assert len(latest) == 5
    assert latest["received_on"].is_monotonic_decreasing


def test_visits_by_month_adds_up(con):
    monthly = run_query("visits_by_month", con=con, code="282014")
    total = con.execute("select count(*) from visits where municipality_code = '282014'").fetchone()[0]
    assert monthly["visits"].sum() == total


def test_engagements_of_model_municipality(con):
    engagements = run_query("engagements_by_municipality", con=con, code="282014")
    assert (engagements["kind"] == "首長対話").sum() == 2


def test_region_kpis_sum_to_prefecture(metrics_2025):
    whole = map_builders.summarize(metrics_2025)
    regions = [map_builders.summarize(metrics_2025, r) for r in metrics_2025["region_id"].unique()]
    assert sum(k.consultations_fy for k in regions) == whole.consultations_fy
    assert sum(k.municipalities for k in regions) == 40


def test_as_of_bounds_counts(con):
    day = date(2025, 6, 30)
    early = run_query("municipality_metrics", con=con, fiscal_year=2025, as_of=day)
    total = con.execute(
        "select count(*) from consultations where received_on between '2025-04-01' and $day", {"day": day}
    ).fetchone()[0]
    assert early["consultations_fy"].sum() == total
    assert early["days_since_last_visit"].min() >= 0
    assert day - timedelta(days=1) < day
