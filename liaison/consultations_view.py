"""Everything the 相談案件 page shows for one set of filters, built once and kept in a cache."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from liaison import consultation_charts as charts
from liaison.frozen_figure import freeze

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


def build(
    facets: pd.DataFrame, rows: pd.DataFrame, field_names: dict[str, str], as_of: date, lang: str
) -> ConsultationsView:
    """`facets` from queries/consultation_facets.sql, `rows` the newest TABLE_ROWS matching rows."""
    count = charts.counts(facets)
    figures = {}
    if count.get("total", 0):
        figures = {
            "field": charts.by_field_and_status(facets, field_names, lang),
            "ageing": charts.ageing(facets, lang),
            "trend": charts.monthly_trend(facets, lang, as_of),
            "support": charts.support_mix(facets, lang),
        }
        if charts.has_referrals(facets):
            figures["referrals"] = charts.referrals(facets, lang)
    en = lang == "en"
    table = pd.DataFrame(
        {
            "consultation_id": rows["consultation_id"],
            "received_on": rows["received_on"],
            "municipality": rows["municipality_name_en" if en else "municipality_name_ja"],
            "field": rows["field_name_en" if en else "field_name_ja"],
            "title": rows["title"],
            "status": [charts.status_label(s, lang) for s in rows["status"]],
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
