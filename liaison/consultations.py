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
from liaison.fiscal import date_label, fiscal_year_label
from liaison.frozen_figure import freeze
from liaison.i18n import localized, t

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
MONTH_EN = {1: "Jan", 2: "Feb", 3: "Mar", 4: "Apr", 5: "May", 6: "Jun",
            7: "Jul", 8: "Aug", 9: "Sep", 10: "Oct", 11: "Nov", 12: "Dec"}  # fmt: skip
# The 経過日数 filter's choices: open consultations older than N days at the reference day.
AGE_THRESHOLDS = (30, 60, 90, 180)
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
    "referred_departments": "橋渡し先",
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
    min_age_days: int | None = None  # only open consultations older than this at the reference day

    def only_period_and_region(self) -> bool:
        """True when nothing but the period and the sidebar's 圏域 narrows the cases."""
        return not (
            self.codes
            or self.field_ids
            or self.statuses
            or self.support_types
            or self.owner_id
            or self.text
            or self.min_age_days
        )


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


def month_labels(lang: str = "ja") -> list[str]:
    """The trend's x-axis: the months of a 年度, April first (4月…3月 or Apr…Mar)."""
    return [MONTH_EN[m] if lang == "en" else f"{m}月" for m in FISCAL_MONTHS]


def _month_outside(year: int, month: int, start: date | None, end: date | None) -> bool:
    """Whether month `month` of 年度 `year` lies wholly outside start…end (so it was not counted)."""
    first = date(year + (month < 4), month, 1)
    next_first = date(first.year + (month == 12), month % 12 + 1, 1)
    return (end is not None and first > end) or (start is not None and next_first <= start)


def monthly_trend(
    facets: pd.DataFrame, lang: str = "ja", as_of: date | None = None, start: date | None = None
) -> go.Figure:
    """Consultations per month of the 年度 (April → March), one line per 年度.

    Months wholly before `start` or after `as_of` (the last day counted) are blank, not zero. The x-axis is
    categorical in the fiscal order in both languages: labels like "04" would make plotly draw a numeric
    axis that runs January → December and joins December back to January.
    """
    rows = _facet(facets, "month")
    months = month_labels(lang)
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
                    None if _month_outside(year, m, start, as_of) else per_month.get(m, 0)
                    for m in FISCAL_MONTHS
                ],
                mode="lines+markers",
                name=fiscal_year_label(year, lang),
                line={"color": YEAR_COLORS[index % len(YEAR_COLORS)], "width": 3 if index == 0 else 2},
            )
        )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=months)
    fig.update_yaxes(rangemode="tozero")  # a short custom period must not look like a steep swing
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


# --------------------------------------------------------------------------- what is counted


# The tiles with only a 年度 and a 圏域 chosen (total, open, open over 90 days, closed): catalogue figures.
FISCAL_YEAR_FIGURES = ("consultations_fy", "open_fy", "open_fy_over_90", "closed_fy")


def tile_help(as_of: date, lang: str = "ja") -> dict[str, str]:
    """Each headline tile's definition in one sentence: what is counted, as of when, over which records."""
    sep = ", " if lang == "en" else "・"
    open_states = sep.join(status_label(s, lang) for s in STATUSES if s not in records.CLOSED_STATUSES)
    closed_states = sep.join(status_label(s, lang) for s in records.CLOSED_STATUSES)
    day = date_label(as_of, lang)
    return {
        key: t(f"consultations_{key}_help", lang).format(as_of=day, open=open_states, closed=closed_states)
        for key in ("count", "open", "over_90", "closed")
    }


def age_label(min_age_days: int | None, lang: str = "ja", short: bool = False) -> str:
    """The 経過日数 filter's choice: 「すべて」 or 「90日超（未完了）」 (short, for the selectbox: 「90日超」)."""
    if not min_age_days:
        return t("consultations_any", lang)
    return t("consultations_age_choice" if short else "consultations_age_over", lang).format(
        days=min_age_days
    )


def describe_scope(
    filters: Filters,
    as_of: date,
    lang: str = "ja",
    *,
    fiscal_year: int | None = None,
    region: str | None = None,
    municipalities: tuple[str, ...] = (),
    fields: tuple[str, ...] = (),
    owner: str | None = None,
) -> str:
    """One line naming the period and every active filter, so no count hides what it leaves out.

    `fiscal_year` is the chosen 年度 (None for a custom period); the other arguments are the display
    names of the chosen 圏域, 市町, 分野 and 担当. Plain text: escape it before rendering as Markdown.
    """
    start, end = date_label(filters.date_from, lang), date_label(filters.date_to, lang)
    if fiscal_year is None:
        period = t("consultations_scope_custom", lang).format(start=start, end=end)
    else:
        period = t("consultations_scope_fy", lang).format(
            fy=fiscal_year_label(fiscal_year, lang), start=start, end=end
        )
    sep = ", " if lang == "en" else "、"
    named = [
        ("consultations_scope_region", [region] if region else []),
        ("consultations_municipality", list(municipalities)),
        ("consultations_field", list(fields)),
        ("consultations_status", [status_label(s, lang) for s in filters.statuses]),
        ("consultations_support", [SUPPORT_EN[s] if lang == "en" else s for s in filters.support_types]),
        ("consultations_owner", [owner] if owner else []),
        ("consultations_scope_text", [f"「{filters.text}」" if lang == "ja" else f'"{filters.text}"']
         if filters.text else []),
        ("consultations_age", [age_label(filters.min_age_days, lang)] if filters.min_age_days else []),
    ]  # fmt: skip
    parts = [period] + [
        t("consultations_scope_part", lang).format(label=t(key, lang), values=sep.join(values))
        for key, values in named
        if values
    ]
    joiner = " · " if lang == "en" else "／"
    return t("consultations_scope", lang).format(parts=joiner.join(parts), as_of=date_label(as_of, lang))


# --------------------------------------------------------------------------- the view


def build(
    facets: pd.DataFrame,
    rows: pd.DataFrame,
    field_names: dict[str, str],
    as_of: date,
    lang: str,
    trend_from: date | None = None,
) -> ConsultationsView:
    """`facets` from queries/consultation_facets.sql, `rows` the newest TABLE_ROWS matching rows.

    `as_of` is the last day counted (the reference day, or a custom period's end); `trend_from` the first.
    """
    count = counts(facets)
    figures = {}
    if count.get("total", 0):
        figures = {
            "field": by_field_and_status(facets, field_names, lang),
            "ageing": ageing(facets, lang),
            "trend": monthly_trend(facets, lang, as_of, trend_from),
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
    """The filtered rows with Japanese headers, dates without times, whole days; blanks stay empty cells."""
    out = frame.assign(
        received_on=frame["received_on"].dt.date,
        closed_on=frame["closed_on"].dt.date,
        age_days=frame["age_days"].astype("Int64"),  # a column with blanks would otherwise write 120.0
    )
    return out[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS)
