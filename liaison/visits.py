"""Which departments are due a visit, and the display tables of the 巡回記録 page (no Streamlit).

A department is *due* when its last visit is more than N days before "now" (the earlier of the
reference date and the 年度's end), or when it was never visited. Only the two departments the
liaisons visit on their regular round can be due; visits to mayors and executives are occasional.

The rule, the departments and the Table shape are shared with the 圏域 page's builder (liaison/region.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from liaison.charts import DEPARTMENT_COLORS, FONT
from liaison.fiscal import date_label
from liaison.i18n import localized, t, term
from liaison.records import DEPARTMENTS  # the schema's visits.department values, in its order

ROUND_DEPARTMENTS = DEPARTMENTS[:2]  # on the regular round: only these can be due a visit
DEFAULT_OVERDUE_DAYS = 90
MIN_OVERDUE_DAYS, MAX_OVERDUE_DAYS = 1, 730
DUE_MARK = "⚠"


@dataclass(frozen=True)
class Table:
    """A frame ready for st.dataframe, its column kinds (date/int/decimal/text) and one code per row."""

    frame: pd.DataFrame
    kinds: dict[str, str]
    codes: list[str]
    helps: dict[str, str] = field(default_factory=dict)  # column tooltips where the heading is short
    figures: dict[str, str] = field(default_factory=dict)  # column heading -> figure catalogue key


def department_label(department: str, lang: str = "ja") -> str:
    return term("visits", "department", department, lang)


def clamp_overdue_days(value) -> int:
    """N from a URL or widget: an integer within the allowed range, else the default."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_OVERDUE_DAYS
    return days if MIN_OVERDUE_DAYS <= days <= MAX_OVERDUE_DAYS else DEFAULT_OVERDUE_DAYS


def is_due(days_since, overdue_days: int) -> bool:
    """True when a department's last visit is more than `overdue_days` ago, or it was never visited."""
    return bool(pd.isna(days_since) or days_since > overdue_days)


def department_short(department: str, lang: str = "ja") -> str:
    """自治体DX / 地域社会DX / 首長・幹部 (Municipal DX / Community DX / Mayor / executives): for headings."""
    return department_label(department, lang).removesuffix("担当").removesuffix(" dept.")


def _flagged_date(day, is_flagged: bool, lang: str) -> str:
    """A matrix cell: the date (ISO, as every table shows dates), '—' when never, and ⚠ when due."""
    text = date_label(day)
    return f"{text} {DUE_MARK}" if is_flagged else text


def as_dates(values: pd.Series) -> list:
    """Datetime values as datetime.date (None when missing), so the table sorts and shows them as dates."""
    return [None if pd.isna(v) else v.date() for v in values]


# --------------------------------------------------------------------------- 巡回記録 page


@dataclass(frozen=True)
class CoverageView:
    matrix: Table
    due_cells: list[tuple[int, str]]  # (row, column label) of each department due a visit
    overdue: Table
    visits_fy: int
    municipalities: int
    visited: int  # municipalities with any visit in the 年度
    both_visited: int  # municipalities whose two round departments were both visited in the 年度
    due: int
    slots: int


def coverage_view(coverage: pd.DataFrame, overdue_days: int, lang: str = "ja") -> CoverageView:
    """The coverage matrix, the overdue list and the headline from visit_coverage_by_municipality.sql."""
    name_col = localized("name", lang)
    region_col = localized("region_name", lang)
    municipality, region = t("region_col_municipality", lang), t("visits_col_region", lang)
    count_word, last_word = t("visits_col_count", lang), t("region_col_last", lang)

    coverage = coverage.assign(
        is_due=[
            department in ROUND_DEPARTMENTS and is_due(days, overdue_days)
            for department, days in zip(
                coverage["department"], coverage["days_since_last_visit"], strict=True
            )
        ]
    )
    codes = list(dict.fromkeys(coverage["code"]))  # query order: region, then code
    by_code = coverage.set_index(["code", "department"])
    first = coverage.drop_duplicates("code").set_index("code")
    columns: dict[str, list] = {
        municipality: [first.loc[c, name_col] for c in codes],
        region: [first.loc[c, region_col] for c in codes],
    }
    kinds = {municipality: "text", region: "text"}
    due_cells: list[tuple[int, str]] = []
    for department in DEPARTMENTS:
        label = department_short(department, lang)
        count_label, last_label = f"{label} {count_word}", f"{label} {last_word}"
        rows = by_code.xs(department, level="department").loc[codes]
        columns[count_label] = list(rows["visits_fy"])
        # A flagged cell reads "2025/07/10 ⚠": text that still sorts by date, marked where a person looks.
        columns[last_label] = [
            _flagged_date(day, flag, lang)
            for day, flag in zip(rows["last_visited_on"], rows["is_due"], strict=True)
        ]
        kinds[count_label], kinds[last_label] = "int", "text"
        due_cells += [(i, last_label) for i, flag in enumerate(rows["is_due"]) if flag]
    matrix = pd.DataFrame(columns)
    for label, kind in kinds.items():
        if kind == "int":
            matrix[label] = matrix[label].astype("Int64")

    late = coverage[coverage["is_due"]].sort_values(
        ["days_since_last_visit", "region_order", "code", "department_order"],
        ascending=[False, True, True, True],
        na_position="first",  # never visited first
    )
    department_col, days_col = t("visits_col_department", lang), t("visits_col_days", lang)
    overdue = pd.DataFrame(
        {
            municipality: list(late[name_col]),
            region: list(late[region_col]),
            department_col: [department_label(d, lang) for d in late["department"]],
            last_word: as_dates(late["last_visited_on"]),
            days_col: list(late["days_since_last_visit"]),
        }
    ).astype({days_col: "Int64"})
    overdue_kinds = {
        municipality: "text",
        region: "text",
        department_col: "text",
        last_word: "date",
        days_col: "int",
    }

    per_municipality = coverage.groupby("code")
    round_visits = coverage[coverage["department"].isin(ROUND_DEPARTMENTS) & (coverage["visits_fy"] > 0)]
    return CoverageView(
        matrix=Table(matrix, kinds, codes),
        due_cells=due_cells,
        overdue=Table(overdue, overdue_kinds, list(late["code"])),
        visits_fy=int(coverage["visits_fy"].sum()),
        municipalities=len(codes),
        visited=int((per_municipality["visits_fy"].sum() > 0).sum()),
        both_visited=int((round_visits.groupby("code").size() == len(ROUND_DEPARTMENTS)).sum()),
        due=int(coverage["is_due"].sum()),
        slots=len(ROUND_DEPARTMENTS) * len(codes),
    )


def month_labels(lang: str = "ja") -> list[str]:
    """The 年度's months in order, April first: 4月 … 3月 (Apr … Mar)."""
    months = [*range(4, 13), 1, 2, 3]
    if lang == "en":
        names = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
        return [names[m - 1] for m in months]
    return [f"{m}月" for m in months]


def month_table(monthly: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """Departments × months of the 年度 (April first) with a total; months still to come are blank."""
    labels = month_labels(lang)
    rows = []
    for department in DEPARTMENTS:
        counts = monthly[monthly["department"] == department].sort_values("fiscal_month")["visits"]
        row = {t("visits_col_department", lang): department_label(department, lang)}
        row.update(dict(zip(labels, counts, strict=True)))
        row[t("visits_total", lang)] = int(counts.sum())
        rows.append(row)
    table = pd.DataFrame(rows)
    return table.astype({label: "Int64" for label in [*labels, t("visits_total", lang)]})


def month_chart(monthly: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Stacked bars of visits per month of the 年度, one colour per department."""
    labels = month_labels(lang)
    fig = go.Figure()
    for department in DEPARTMENTS:
        counts = monthly[monthly["department"] == department].sort_values("fiscal_month")["visits"]
        fig.add_trace(
            go.Bar(
                x=labels,
                y=[None if pd.isna(v) else int(v) for v in counts],
                name=department_label(department, lang),
                marker_color=DEPARTMENT_COLORS[department],
            )
        )
    fig.update_layout(
        barmode="stack",
        font={"family": FONT, "size": 13},
        height=340,
        margin={"l": 40, "r": 20, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.15, "traceorder": "normal"},
        yaxis={"rangemode": "tozero"},
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": labels},
    )
    return fig
