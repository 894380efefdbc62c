"""The 相談案件 page's view-model and its figures: one set of filters → counts, plotly figures, the table."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from liaison import records
from liaison.charts import FONT
from liaison.fiscal import fiscal_year_label
from liaison.frozen_figure import freeze
from liaison.i18n import localized

STATUSES = records.STATUS_ORDER  # the schema's statuses in display order: open first, then closed
STATUS_EN = {
    "受付": "Received",
    "対応中": "In progress",
    "保留": "On hold",
    "橋渡し済": "Referred",
    "完了": "Done",
}
# Okabe–Ito, open states warm and closed states cool, so the stack reads as "how much is still open".
STATUS_COLORS = {
    "受付": "#E69F00",
    "対応中": "#D55E00",
    "保留": "#CC79A7",
    "橋渡し済": "#56B4E9",
    "完了": "#0072B2",
}
SUPPORT_TYPES = records.SUPPORT_TYPES  # the schema's order
SUPPORT_EN = {
    "専門的な助言": "Expert advice",
    "関係部署への橋渡し": "Referral to a department",
    "事例紹介": "Case introduction",
    "事業者紹介": "Vendor introduction",
}
AGE_BUCKETS = [(0, 30, "0–30日", "0–30 days"), (31, 90, "31–90日", "31–90 days"),
               (91, 180, "91–180日", "91–180 days"), (181, None, "181日以上", "181+ days")]  # fmt: skip
FISCAL_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
YEAR_COLORS = ["#0072B2", "#999999", "#E69F00", "#009E73"]

TABLE_ROWS = 1000
# The filtered list as exported: every matching row, not only the ones shown, with Japanese headers.
EXPORT_COLUMNS = {
    "consultation_id": "管理番号",
    "received_on": "受付日",
    "municipality_code": "市町コード",
    "municipality_name_ja": "市町",
    "field_name_ja": "分野",
    "channel": "受付方法",
    "title": "件名",
    "status": "状況",
    "age_days": "経過日数",
    "owner_name": "担当リエゾン",
    "referred_department": "橋渡し先",
    "closed_on": "完了日",
    "support": "支援",
}


@dataclass(frozen=True)
class Filters:
    """The page's filters; hashable so it can key a cache. Empty tuples and None mean "any"."""

    date_from: date
    date_to: date
    trend_from: date  # the trend also loads the previous 年度
    region_id: str | None = None
    codes: tuple[str, ...] = ()
    field_ids: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    support_types: tuple[str, ...] = ()
    owner_id: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class ConsultationsView:
    total: int
    open: int
    open_over_90: int
    closed: int
    figures: dict[str, go.Figure]  # frozen: do not modify
    table: (
        pa.Table
    )  # newest TABLE_ROWS rows, display columns; Arrow so st.dataframe need not convert per rerun
    ids: tuple[int, ...]  # consultation_id of each table row, for a row selection


# --------------------------------------------------------------------------- figures


def _layout(fig: go.Figure, height: int, lang: str, y_title: str | None = None) -> go.Figure:
    fig.update_layout(
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.15},
        yaxis_title=y_title,
    )
    return fig


def status_label(status: str, lang: str) -> str:
    return STATUS_EN.get(status, status) if lang == "en" else status


def _facet(facets: pd.DataFrame, name: str) -> pd.DataFrame:
    return facets[facets["facet"] == name]


def counts(facets: pd.DataFrame) -> dict[str, int]:
    """total, open, open_over_90, closed."""
    rows = _facet(facets, "count")
    return {key: int(n) for key, n in zip(rows["key"], rows["n"], strict=True)}


def by_field_and_status(facets: pd.DataFrame, field_names: dict[str, str], lang: str = "ja") -> go.Figure:
    """Horizontal bars per DX field, stacked by status; largest field on top."""
    rows = _facet(facets, "field_status")
    table = rows.pivot_table(index="key", columns="key2", values="n", aggfunc="sum", fill_value=0)
    order = table.sum(axis=1).sort_values().index  # plotly draws the first category at the bottom
    labels = [field_names.get(field_id, field_id) for field_id in order]
    fig = go.Figure()
    for status in STATUSES:
        if status in table:
            fig.add_trace(
                go.Bar(
                    y=labels,
                    x=[int(v) for v in table.loc[order, status]],
                    orientation="h",
                    name=status_label(status, lang),
                    marker_color=STATUS_COLORS[status],
                )
            )
    fig.update_layout(barmode="stack")
    return _layout(fig, max(260, 24 * len(order) + 80), lang)


def monthly_trend(facets: pd.DataFrame, lang: str = "ja", as_of: date | None = None) -> go.Figure:
    """Consultations per month of the 年度 (April → March), one line per 年度; months after `as_of` are blank."""
    rows = _facet(facets, "month")
    months = [f"{m}月" if lang == "ja" else f"{m:02d}" for m in FISCAL_MONTHS]
    fig = go.Figure()
    years = sorted({int(y) for y in rows["key"]}, reverse=True)
    for index, year in enumerate(years):
        per_month = {
            int(m): int(n)
            for m, n in zip(
                rows.loc[rows["key"] == str(year), "key2"],
                rows.loc[rows["key"] == str(year), "n"],
                strict=True,
            )
        }
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[
                    None if as_of and date(year + (m < 4), m, 1) > as_of else per_month.get(m, 0)
                    for m in FISCAL_MONTHS
                ],
                mode="lines+markers",
                name=fiscal_year_label(year, lang),
                line={"color": YEAR_COLORS[index % len(YEAR_COLORS)], "width": 3 if index == 0 else 2},
            )
        )
    return _layout(fig, 300, lang, "件" if lang == "ja" else "consultations")


def age_bucket_counts(facets: pd.DataFrame, lang: str = "ja") -> pd.Series:
    """Open consultations per age bucket (days since received, at the data's "today")."""
    rows = _facet(facets, "age")
    found = {int(k): int(n) for k, n in zip(rows["key"], rows["n"], strict=True)}
    return pd.Series(
        {(en if lang == "en" else ja): found.get(i, 0) for i, (_, _, ja, en) in enumerate(AGE_BUCKETS)}
    )


def ageing(facets: pd.DataFrame, lang: str = "ja") -> go.Figure:
    buckets = age_bucket_counts(facets, lang)
    colors = ["#F0E442", "#E69F00", "#D55E00", "#882255"]
    fig = go.Figure(
        go.Bar(x=list(buckets.index), y=list(buckets.values), marker_color=colors, text=buckets.values)
    )
    return _layout(fig, 280, lang, "件" if lang == "ja" else "open items")


def support_mix(facets: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """How many of the consultations received each of the four kinds of support."""
    rows = _facet(facets, "support")
    found = {k: int(n) for k, n in zip(rows["key"], rows["n"], strict=True)}
    labels = [SUPPORT_EN[s] if lang == "en" else s for s in SUPPORT_TYPES]
    fig = go.Figure(
        go.Pie(
            labels=labels,
            values=[found.get(s, 0) for s in SUPPORT_TYPES],
            hole=0.45,
            sort=False,
            marker={"colors": ["#0072B2", "#009E73", "#E69F00", "#CC79A7"]},
            textinfo="value+percent",
        )
    )
    return _layout(fig, 300, lang)


def has_referrals(facets: pd.DataFrame) -> bool:
    return not _facet(facets, "referral").empty


def referrals(facets: pd.DataFrame, lang: str = "ja", top: int = 12) -> go.Figure:
    """Referrals per receiving department (free text from users, so escaped for plotly's markup)."""
    rows = _facet(facets, "referral").sort_values(["n", "key"], ascending=[False, True]).head(top)
    rows = rows.iloc[::-1]  # largest on top
    fig = go.Figure(
        go.Bar(
            y=[html.escape(str(d)) for d in rows["key"]],
            x=[int(n) for n in rows["n"]],
            orientation="h",
            marker_color="#56B4E9",
        )
    )
    return _layout(fig, max(220, 26 * len(rows) + 60), lang)


# --------------------------------------------------------------------------- the view


def build(
    facets: pd.DataFrame, rows: pd.DataFrame, field_names: dict[str, str], as_of: date, lang: str
) -> ConsultationsView:
    """`facets` from queries/consultation_facets.sql, `rows` the newest TABLE_ROWS matching rows."""
    count = counts(facets)
    figures = {}
    if count.get("total", 0):
        figures = {
            "field": by_field_and_status(facets, field_names, lang),
            "ageing": ageing(facets, lang),
            "trend": monthly_trend(facets, lang, as_of),
            "support": support_mix(facets, lang),
        }
        if has_referrals(facets):
            figures["referrals"] = referrals(facets, lang)
    table = pd.DataFrame(
        {
            "consultation_id": rows["consultation_id"],
            "received_on": rows["received_on"],
            "municipality": rows[localized("municipality_name", lang)],
            "field": rows[localized("field_name", lang)],
            "title": rows["title"],
            "status": [status_label(s, lang) for s in rows["status"]],
            "age_days": rows["age_days"],
            "owner_name": rows["owner_name"],
            "support": rows["support"],
        }
    )
    return ConsultationsView(
        total=count.get("total", 0),
        open=count.get("open", 0),
        open_over_90=count.get("open_over_90", 0),
        closed=count.get("closed", 0),
        figures={name: freeze(figure) for name, figure in figures.items()},
        table=pa.Table.from_pandas(table, preserve_index=False),
        ids=tuple(int(i) for i in rows["consultation_id"]),
    )


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The filtered rows with Japanese headers, dates without times."""
    out = frame.assign(received_on=frame["received_on"].dt.date, closed_on=frame["closed_on"].dt.date)
    return out[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS)
