"""Builders of the 橋渡し page: open referrals by department and age, overdue flagged, and the tables.

Frames in (the readers' referrals_open and referrals_by_department rows), figures and display frames out;
no queries, no Streamlit. Department names are the users' own text, escaped for plotly's markup.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from liaison.charts import FONT
from liaison.i18n import localized, t, term
from liaison.records.schema_lists import ENUMS

AWAITING = ENUMS[("referrals", "outcome")][0]  # 依頼中

# Age of a referral awaiting its department: days since it was referred.
AGE_BUCKETS = ((0, 14, "0–14日", "0–14 days"), (15, 30, "15–30日", "15–30 days"),
               (31, 60, "31–60日", "31–60 days"), (61, None, "61日以上", "61+ days"))  # fmt: skip
AGE_COLORS = ("#56B4E9", "#0072B2", "#E69F00", "#D55E00")
OVERDUE_COLOR = "#CC0000"


def age_bucket(days: int, lang: str = "ja") -> str:
    for low, high, ja, en in AGE_BUCKETS:
        if days >= low and (high is None or days <= high):
            return en if lang == "en" else ja
    return AGE_BUCKETS[0][3] if lang == "en" else AGE_BUCKETS[0][2]


def headline(open_referrals: pd.DataFrame) -> tuple[int, int]:
    """(回答待ちの橋渡し, 期限超過の橋渡し) of the referrals_open rows."""
    return len(open_referrals), int(open_referrals["is_overdue"].sum()) if len(open_referrals) else 0


def by_department_and_age(open_referrals: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Horizontal stacked bars: per department, its waiting referrals by age; overdue ones outlined in red
    and counted in the hover."""
    frame = open_referrals.assign(bucket=[age_bucket(int(d), lang) for d in open_referrals["age_days"]])
    totals = frame.groupby("department_name").size().sort_values(kind="stable")
    departments = list(totals.index)
    fig = go.Figure()
    for (_, _, ja, en), color in zip(AGE_BUCKETS, AGE_COLORS, strict=True):
        label = en if lang == "en" else ja
        part = frame[frame["bucket"] == label]
        counts = part.groupby("department_name").size().reindex(departments, fill_value=0)
        overdue = (
            part[part["is_overdue"]].groupby("department_name").size().reindex(departments, fill_value=0)
        )
        fig.add_bar(
            y=[html.escape(str(name)) for name in departments],
            x=[int(n) for n in counts],
            name=label,
            orientation="h",
            marker={
                "color": color,
                "line": {"color": [OVERDUE_COLOR if n else color for n in overdue], "width": 2},
            },
            customdata=[int(n) for n in overdue],
            hovertemplate="%{y}: %{x}"
            + (" (overdue %{customdata})" if lang == "en" else "（うち期限超過 %{customdata}）")
            + "<extra>"
            + html.escape(label)
            + "</extra>",
        )
    fig.update_layout(
        barmode="stack",
        height=max(240, 34 * len(departments) + 90),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"family": FONT},
        legend={"orientation": "h", "y": -0.15},
        xaxis={"title": t("referrals_col_open", lang), "dtick": 1 if totals.max() < 10 else None},
    )
    return fig


def open_table(open_referrals: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """The referrals awaiting an answer as the page lists them (oldest first), overdue flagged."""
    return pd.DataFrame(
        {
            "consultation_id": open_referrals["consultation_id"].astype(int),
            t("referrals_col_overdue", lang): [
                t("referrals_overdue_mark", lang) if flag else "" for flag in open_referrals["is_overdue"]
            ],
            t("referrals_col_department", lang): open_referrals["department_name"],
            t("referrals_col_age", lang): open_referrals["age_days"].astype(int),
            t("referrals_col_referred", lang): open_referrals["referred_on"],
            t("referrals_col_due", lang): open_referrals["due_on"],
            t("referrals_col_municipality", lang): open_referrals[localized("municipality_name", lang)],
            t("referrals_col_title", lang): open_referrals["title"],
            t("referrals_col_request", lang): open_referrals["request"],
        }
    )


def department_table(by_department: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """Per department: awaiting, overdue, all referrals, each outcome, median days to an answer."""
    outcome = {
        "answered": "回答あり",
        "done": "対応完了",
        "declined": "対応不可",
    }
    return pd.DataFrame(
        {
            t("referrals_col_department", lang): by_department["department_name"],
            t("referrals_col_open", lang): by_department["open_referrals"].astype(int),
            t("referrals_col_overdue_n", lang): by_department["overdue_referrals"].astype(int),
            t("referrals_col_total", lang): by_department["referrals"].astype(int),
            **{
                term("referrals", "outcome", value, lang): by_department[column].astype(int)
                for column, value in outcome.items()
            },
            t("referrals_col_median", lang): by_department["median_days_to_answer"],
        }
    )


def outcome_label(outcome: str, lang: str = "ja") -> str:
    return term("referrals", "outcome", outcome, lang)
