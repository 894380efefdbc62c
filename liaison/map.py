"""The 県内マップ's builders over municipality_metrics.sql: the metrics it may be coloured by, the headline figures."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from liaison import figures
from liaison.figures import round_half_up
from liaison.i18n import localized, t
from liaison.visits import DEFAULT_OVERDUE_DAYS, is_due


@dataclass(frozen=True)
class Metric:
    """A column of municipality_metrics.sql the map (or another page's map) may be coloured by."""

    key: str  # a column of municipality_metrics.sql
    figure: str  # its figure in the catalogue (liaison.figures): name, definition, rounding
    unit_ja: str
    unit_en: str
    kind: str  # "sequential" or "categorical"
    higher_is_better: bool
    decimals: int = 0
    percent: bool = False
    # categorical metrics with their own classes: (colour, label_ja, label_en) for values 0, 1, 2…
    categories: tuple[tuple[str, str, str], ...] = ()
    # How a 圏域's value is made from its liaison-target members (神戸市 excluded), see by_region():
    # "sum" (counts), "rate_per_10k" (Σ consultations / Σ population × 10,000), "mean", or
    # "median" (lower median, so a categorical metric stays one of its classes).
    aggregate: str = "mean"
    region_figure: str = ""  # the catalogue's figure for a 圏域's value (by_region)

    def label(self, lang: str) -> str:
        return figures.get(self.figure).label(lang)

    def region_label(self, lang: str) -> str:
        return figures.get(self.region_figure).label(lang)

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
        text = f"{round_half_up(number, self.decimals):,.{self.decimals}f}"  # 4.125 reads 4.13, as everywhere
        return f"{text}{unit}" if lang == "ja" else f"{text} {unit}".rstrip()

    def number_format(self, lang: str = "ja") -> str:
        """A printf-style format for st.column_config.NumberColumn (percent values arrive × 100)."""
        if self.key == "step":
            return "ステップ%d" if lang == "ja" else "Step %d"
        if self.percent:
            return "%.0f%%"
        unit = self.unit_en if lang == "en" else self.unit_ja
        number = f"%.{self.decimals}f"
        return f"{number}{unit}" if lang == "ja" else f"{number} {unit}".rstrip()


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "readiness_index",
            "readiness_latest",
            "",
            "",
            "sequential",
            True,
            decimals=2,
            aggregate="mean",  # 圏域: mean over members with a hearing
            region_figure="readiness_latest_mean",
        ),
        Metric(
            "step",
            "step_latest",
            "",
            "",
            "categorical",
            True,
            aggregate="median",  # 圏域: lower median step of members with a hearing
            region_figure="step_median",
        ),
        Metric(
            "consultations_fy",
            "consultations_fy",
            "件",
            "",
            "sequential",
            True,
            aggregate="sum",  # 圏域: total of the members
            region_figure="consultations_fy",
        ),
        Metric(
            "consultations_per_10k",
            "consultations_per_10k",
            "件",
            "",
            "sequential",
            True,
            decimals=2,
            aggregate="rate_per_10k",  # 圏域: Σ consultations / Σ population × 10,000
            region_figure="consultations_per_10k",
        ),
        Metric(
            "open_consultations",
            "open_all",
            "件",
            "",
            "sequential",
            False,
            aggregate="sum",  # 圏域: total of the members
            region_figure="open_all",
        ),
        Metric(
            "days_since_last_visit",
            "days_since_last_visit",
            "日",
            "days",
            "sequential",
            False,
            aggregate="mean",  # 圏域: mean over members visited at least once
            region_figure="days_since_last_visit_mean",
        ),
        Metric(
            "department_coverage",
            "department_coverage",
            "",
            "",
            "sequential",
            True,
            percent=True,
            aggregate="mean",  # 圏域: mean share over the members
            region_figure="department_coverage_mean",
        ),
    )
}
DEFAULT_METRIC = "readiness_index"


def get(key: str | None) -> Metric:
    """The metric for a key from the URL or a widget; unknown keys fall back to the default."""
    return METRICS.get(key or "", METRICS[DEFAULT_METRIC])


# --------------------------------------------------------------------------- the map by 圏域

REGION_COLUMNS = ["rank", "region_id", "region_name_ja", "region_name_en", "value", "members", "counted"]


def _aggregate(rows: pd.DataFrame, metric: Metric) -> float:
    if metric.aggregate == "rate_per_10k":  # weighted by population, not a mean of the members' rates
        known = rows[rows["population_2020"].notna()]  # a member without a population counts in neither sum
        population = float(known["population_2020"].sum())
        count = float(known["consultations_fy"].sum())
        return round(count / population * 10_000, 2) if population else math.nan
    values = pd.Series(rows[metric.key].to_numpy(dtype="float64", na_value=math.nan)).dropna()
    if metric.aggregate == "sum":
        return float(values.sum()) if len(values) else math.nan
    if not len(values):
        return math.nan
    if metric.aggregate == "median":
        return float(sorted(values)[(len(values) - 1) // 2])
    if metric.aggregate == "mean":
        return float(values.mean())
    raise ValueError(f"unknown aggregate {metric.aggregate!r} of {metric.key}")


def _shown_value(value: float, metric: Metric) -> float:
    """A 圏域's value rounded as its catalogue figure shows it (half up), so the table, the map and the
    KPI tiles read the same digits."""
    shown = figures.get(metric.region_figure).value(value)
    return math.nan if shown is None else float(shown)


def by_region(metrics: pd.DataFrame, metric: Metric) -> pd.DataFrame:
    """One row per 圏域: `metric` over its liaison-target members (神戸市 excluded), ranked best first.

    `metrics` is the frame of municipality_metrics.sql. Columns: rank (1 = best by
    higher_is_better, ties share a rank, no value ranks last with <NA>), region_id, region names,
    value (by the metric's `aggregate`), members (liaison targets) and counted (members with a value).
    """
    targets = metrics[metrics["is_liaison_target"].astype(bool)]
    rows = []
    for region_id, members in targets.groupby("region_id", sort=False):
        rows.append(
            {
                "region_id": region_id,
                "region_name_ja": members["region_name_ja"].iloc[0],
                "region_name_en": members["region_name_en"].iloc[0],
                "value": _shown_value(_aggregate(members, metric), metric),
                "members": len(members),
                "counted": int(members[metric.key].notna().sum()),
            }
        )
    frame = pd.DataFrame(rows, columns=REGION_COLUMNS[1:])
    frame["value"] = frame["value"].astype("float64")
    frame["rank"] = frame["value"].rank(method="min", ascending=not metric.higher_is_better).astype("Int64")
    frame = frame.sort_values(["rank", "region_id"], na_position="last", kind="stable")
    return frame[REGION_COLUMNS].reset_index(drop=True)


def _shown(values: pd.Series, metric: Metric) -> pd.Series:
    """Values as numbers for a NumberColumn with metric.number_format(): percents × 100."""
    numbers = pd.Series(values.to_numpy(dtype="float64", na_value=math.nan), index=values.index)
    return numbers * 100 if metric.percent else numbers


def region_table(ranking: pd.DataFrame, metric: Metric, lang: str = "ja") -> pd.DataFrame:
    """by_region()'s ranking for the page: rank, region (in `lang`), value (a number), members, counted."""
    return pd.DataFrame(
        {
            "rank": ranking["rank"],
            "region": ranking[localized("region_name", lang)],
            "value": _shown(ranking["value"], metric),
            "members": ranking["members"],
            "counted": ranking["counted"],
        }
    )


def value_table(
    metrics: pd.DataFrame, metric: Metric, lang: str = "ja", region_id: str | None = None
) -> pd.DataFrame:
    """The map's values per municipality: municipality, region (in `lang`), value (a number), note.

    Municipalities outside the programme (神戸市) get an empty value, so the column sorts as
    numbers, and 「対象外」 in the note.
    """
    rows = metrics if region_id is None else metrics[metrics["region_id"] == region_id]
    target = rows["is_liaison_target"].astype(bool)
    return pd.DataFrame(
        {
            "municipality": rows[localized("name", lang)],
            "region": rows[localized("region_name", lang)],
            "value": _shown(rows[metric.key], metric).where(target),
            "note": target.map({True: "", False: t("map_outside", lang)}),
        }
    ).reset_index(drop=True)


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
