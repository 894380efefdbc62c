"""Headline figures above the map, derived from the same frame the map is coloured by."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Kpis:
    consultations_fy: int
    open_consultations: int
    visits_fy: int
    not_visited_90_days: int
    mean_readiness: float | None
    municipalities: int


def summarize(metrics: pd.DataFrame, region_id: str | None = None) -> Kpis:
    """KPIs over the liaison targets (optionally one region) of municipality_metrics.sql."""
    rows = metrics[metrics["is_liaison_target"]]
    if region_id is not None:
        rows = rows[rows["region_id"] == region_id]
    days = rows["days_since_last_visit"]
    mean = rows["readiness_index"].mean()
    return Kpis(
        consultations_fy=int(rows["consultations_fy"].sum()),
        open_consultations=int(rows["open_consultations"].sum()),
        visits_fy=int(rows["visits_fy"].sum()),
        # never visited counts as not visited
        not_visited_90_days=int((days.isna() | (days > 90)).sum()),
        mean_readiness=None if pd.isna(mean) else round(float(mean), 2),
        municipalities=len(rows),
    )
