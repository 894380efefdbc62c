"""Everything the 相談案件 page shows for one set of filters, built once and kept in a cache."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

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
    "channel": "受付経路",
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
    table: pd.DataFrame  # newest TABLE_ROWS rows, display columns
    ids: tuple[int, ...]  # consultation_id of each table row, for a row selection


def build(loaded: pd.DataFrame, filters: Filters, as_of: date, lang: str) -> ConsultationsView:
    """`loaded` is the query result from filters.trend_from; the page's period starts at date_from."""
    frame = loaded[loaded["received_on"] >= pd.Timestamp(filters.date_from)]
    open_rows = frame[frame["is_open"]]
    figures = {}
    if not frame.empty:
        figures = {
            "field": charts.by_field_and_status(frame, lang),
            "ageing": charts.ageing(frame, lang),
            "trend": charts.monthly_trend(loaded, lang, as_of),
            "support": charts.support_mix(frame, lang),
        }
        if frame["referred_department"].notna().any():
            figures["referrals"] = charts.referrals(frame, lang)
    shown = frame.head(TABLE_ROWS)
    en = lang == "en"
    table = pd.DataFrame(
        {
            "consultation_id": shown["consultation_id"],
            "received_on": shown["received_on"],
            "municipality": shown["municipality_name_en" if en else "municipality_name_ja"],
            "field": shown["field_name_en" if en else "field_name_ja"],
            "title": shown["title"],
            "status": [charts.status_label(s, lang) for s in shown["status"]],
            "age_days": shown["age_days"],
            "owner_name": shown["owner_name"],
            "support": shown["support"],
        }
    )
    return ConsultationsView(
        total=len(frame),
        open=len(open_rows),
        open_over_90=int((open_rows["age_days"] > 90).sum()),
        closed=int((~frame["is_open"]).sum()),
        figures={name: freeze(figure) for name, figure in figures.items()},
        table=table.reset_index(drop=True),
        ids=tuple(int(i) for i in shown["consultation_id"]),
    )


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The filtered rows with Japanese headers, dates without times."""
    out = frame.assign(received_on=frame["received_on"].dt.date, closed_on=frame["closed_on"].dt.date)
    return out[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS)
