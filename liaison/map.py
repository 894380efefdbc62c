"""The 県内マップ's builders over municipality_metrics.sql: the metrics it may be coloured by, the headline figures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from liaison.figures import round_half_up
from liaison.visits import DEFAULT_OVERDUE_DAYS, is_due


@dataclass(frozen=True)
class Metric:
    """A column of municipality_metrics.sql the map (or another page's map) may be coloured by."""

    key: str  # a column of municipality_metrics.sql
    label_ja: str
    label_en: str
    unit_ja: str
    unit_en: str
    kind: str  # "sequential" or "categorical"
    higher_is_better: bool
    decimals: int = 0
    percent: bool = False
    # categorical metrics with their own classes: (colour, label_ja, label_en) for values 0, 1, 2…
    categories: tuple[tuple[str, str, str], ...] = ()

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_ja

    def format(self, value, lang: str = "ja") -> str:
        """A value as shown in tooltips, tables and the legend."""
        if pd.isna(value):  # None, NaN and pd.NA (nullable integer columns)
            return "データなし" if lang == "ja" else "no data"
        number = float(value)
        if self.categories:
            _, label_ja, label_en = self.categories[int(number)]
            return label_en if lang == "en" else label_ja
        if self.percent:
            return f"{number * 100:.0f}%"
        if self.key == "step":
            return f"ステップ{int(number)}" if lang == "ja" else f"Step {int(number)}"
        unit = self.unit_en if lang == "en" else self.unit_ja
        text = f"{number:,.{self.decimals}f}"
        return f"{text}{unit}" if lang == "ja" else f"{text} {unit}".rstrip()


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "readiness_index",
            "DX推進度（ヒアリング8項目の平均）",
            "Readiness index (mean of 8 items)",
            "",
            "",
            "sequential",
            True,
            decimals=2,
        ),
        Metric(
            "step",
            "自治体DX全体手順書のステップ",
            "Step of the national DX procedure",
            "",
            "",
            "categorical",
            True,
        ),
        Metric("consultations_fy", "相談件数（年度）", "Consultations this FY", "件", "", "sequential", True),
        Metric(
            "consultations_per_10k",
            "人口1万人あたり相談件数（年度）",
            "Consultations per 10,000 residents",
            "件",
            "",
            "sequential",
            True,
            decimals=2,
        ),
        Metric("open_consultations", "未完了の相談件数", "Open consultations", "件", "", "sequential", False),
        Metric(
            "days_since_last_visit",
            "最終訪問からの日数",
            "Days since the last visit",
            "日",
            "days",
            "sequential",
            False,
        ),
        Metric(
            "department_coverage",
            "両部署（自治体DX・地域社会DX）の訪問率（年度）",
            "Share of the two departments visited this FY",
            "",
            "",
            "sequential",
            True,
            percent=True,
        ),
    )
}
DEFAULT_METRIC = "readiness_index"


def get(key: str | None) -> Metric:
    """The metric for a key from the URL or a widget; unknown keys fall back to the default."""
    return METRICS.get(key or "", METRICS[DEFAULT_METRIC])


# --------------------------------------------------------------------------- headline figures
# Derived from the same frame the map is coloured by; the field names are the figure catalogue's keys.


@dataclass(frozen=True)
class Kpis:
    municipalities: int
    consultations_fy: int
    open_all: int
    visits_fy: int
    municipalities_due: int  # either round department overdue (liaison.visits.is_due)
    readiness_latest_mean: float | None
    overdue_days: int = DEFAULT_OVERDUE_DAYS


def summarize(
    metrics: pd.DataFrame, region_id: str | None = None, overdue_days: int = DEFAULT_OVERDUE_DAYS
) -> Kpis:
    """KPIs over the liaison targets (optionally one region) of municipality_metrics.sql."""
    rows = metrics[metrics["is_liaison_target"]]
    if region_id is not None:
        rows = rows[rows["region_id"] == region_id]
    due = [
        is_due(municipal, overdue_days) or is_due(community, overdue_days)
        for municipal, community in zip(
            rows["days_since_municipal_dx"], rows["days_since_community_dx"], strict=True
        )
    ]
    mean = rows["readiness_index"].mean()  # the mean of the values as shown (2 decimals)
    return Kpis(
        municipalities=len(rows),
        consultations_fy=int(rows["consultations_fy"].sum()),
        open_all=int(rows["open_consultations"].sum()),
        visits_fy=int(rows["visits_fy"].sum()),
        municipalities_due=sum(due),
        readiness_latest_mean=None if pd.isna(mean) else round_half_up(float(mean), 2),
        overdue_days=overdue_days,
    )
