"""Plotly figures for the profile page; plain builders, no Streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from liaison.fiscal import fiscal_year_label
from liaison.i18n import READINESS_ITEMS

FONT = "Noto Sans CJK JP, Noto Sans JP, sans-serif"
# Okabe–Ito colours: distinguishable with colour-vision deficiencies.
DEPARTMENT_COLORS = {"自治体DX担当": "#0072B2", "地域社会DX担当": "#E69F00", "首長・幹部": "#009E73"}
DEPARTMENT_EN = {
    "自治体DX担当": "Municipal DX dept.",
    "地域社会DX担当": "Community DX dept.",
    "首長・幹部": "Mayor / executives",
}
# Long axis labels wrap so they are not cut off in a half-width column.
RADAR_BREAKS = {
    "トップのコミットメント": "トップの<br>コミットメント",
    "求めるデジタル人材像": "求める<br>デジタル<br>人材像",
    "人材育成方針・目標": "人材育成<br>方針・目標",
}
YEAR_STYLES = [("#0072B2", "solid"), ("#999999", "dot")]


def readiness_radar(items: pd.DataFrame, fiscal_year: int, lang: str = "ja") -> go.Figure:
    """Radar of the eight hearing items: this 年度 against the previous one."""
    order = list(READINESS_ITEMS)
    labels = [READINESS_ITEMS[k][1 if lang == "en" else 0] for k in order]
    labels = [RADAR_BREAKS.get(label, label) for label in labels]
    fig = go.Figure()
    for year, style in zip((fiscal_year, fiscal_year - 1), YEAR_STYLES, strict=True):
        rows = items[items["fiscal_year"] == year].set_index("item")
        if rows.empty:
            continue
        scores = [int(rows.loc[k, "score"]) for k in order]
        fig.add_trace(
            go.Scatterpolar(
                r=scores + scores[:1],
                theta=labels + labels[:1],
                name=fiscal_year_label(year, lang),
                line={"color": style[0], "dash": style[1], "width": 3 if year == fiscal_year else 2},
                fill="toself" if year == fiscal_year else "none",
                opacity=0.85,
            )
        )
    fig.update_layout(
        polar={"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5]}},
        font={"family": FONT, "size": 13},
        margin={"l": 80, "r": 80, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.1},
        height=420,
    )
    return fig


def visits_by_month(visits: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Stacked monthly bars of visits, one colour per department."""
    fig = go.Figure()
    for department, color in DEPARTMENT_COLORS.items():
        rows = visits[visits["department"] == department]
        fig.add_trace(
            go.Bar(
                x=rows["month_on"],
                y=rows["visits"],
                marker_color=color,
                name=DEPARTMENT_EN[department] if lang == "en" else department,
            )
        )
    fig.update_layout(
        barmode="stack",
        font={"family": FONT, "size": 13},
        height=320,
        margin={"l": 40, "r": 20, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.25},
        yaxis={"title": "件" if lang == "ja" else "visits", "dtick": 1},
        xaxis={"tickformat": "%Y-%m"},
    )
    return fig
