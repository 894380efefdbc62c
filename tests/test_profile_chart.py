"""The 市町カルテ's visits-by-month chart: a lone month draws as one month-wide bar, ticked once."""

from __future__ import annotations

from datetime import date

import pandas as pd

from liaison import profile


def test_one_month_of_visits_is_a_month_wide_bar_ticked_monthly():
    visits = pd.DataFrame({"month_on": [date(2026, 12, 1)], "department": ["自治体DX担当"], "visits": [1]})
    fig = profile.visits_by_month(visits)
    drawn = [trace for trace in fig.data if len(trace.x)]
    assert len(drawn) == 1 and list(drawn[0].width) == [profile.MONTH_BAR_MS]
    assert fig.layout.xaxis.dtick == "M1"


def test_years_of_visits_leave_the_ticks_to_plotly():
    months = pd.date_range("2023-04-01", "2026-03-01", freq="MS").date
    visits = pd.DataFrame({"month_on": months, "department": "自治体DX担当", "visits": 1})
    assert profile.visits_by_month(visits).layout.xaxis.dtick is None
