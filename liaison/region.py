"""The 圏域 page's display tables: one region's municipalities (visits per department, due flags) and liaisons."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from liaison import figures
from liaison.i18n import localized, t
from liaison.visits import (
    DUE_MARK,
    ROUND_DEPARTMENTS,
    Table,
    as_dates,
    department_label,
    department_short,
    is_due,
)

# region_municipalities.sql's (last visit, days since) columns per department
_REGION_COLUMNS = {
    "自治体DX担当": ("last_municipal_dx_on", "days_since_municipal_dx"),
    "地域社会DX担当": ("last_community_dx_on", "days_since_community_dx"),
    "首長・幹部": ("last_executive_on", "days_since_executive"),
}


def _due_text(departments: list[str], lang: str) -> str:
    if not departments:
        return ""
    return f"{DUE_MARK} " + ("・" if lang == "ja" else ", ").join(
        department_short(d, lang) for d in departments
    )


@dataclass(frozen=True)
class RegionView:
    table: Table
    municipalities: int
    visits_fy: int
    open_consultations: int
    due: int  # departments due a visit
    slots: int  # departments that can be due (two per municipality)


def region_view(frame: pd.DataFrame, overdue_days: int, lang: str = "ja") -> RegionView:
    """The region page's table and headline from region_municipalities.sql."""
    name_col = localized("name", lang)
    due_by_row = [
        [d for d in ROUND_DEPARTMENTS if is_due(row[_REGION_COLUMNS[d][1]], overdue_days)]
        for _, row in frame.iterrows()
    ]
    columns: dict[str, list] = {
        t("region_col_municipality", lang): list(frame[name_col]),
        t("region_col_overdue", lang): [_due_text(due, lang) for due in due_by_row],
    }
    kinds = {t("region_col_municipality", lang): "text", t("region_col_overdue", lang): "text"}
    helps = {t("region_col_overdue", lang): t("region_overdue_help", lang)}
    for department, (last_col, _) in _REGION_COLUMNS.items():
        label = department_short(department, lang)  # the date says what it is; the tooltip says more
        columns[label] = as_dates(frame[last_col])
        kinds[label] = "date"
        helps[label] = f"{department_label(department, lang)}: {t('region_col_last_help', lang)}"
    numbers = {  # figure -> (column, kind): short headings, name and definition in their tooltips
        "visits_fy": ("visits_fy", "int"),
        "open_all": ("open_consultations", "int"),
        "oldest_open_days": ("oldest_open_days", "int"),
        "readiness_latest": ("readiness_index", "decimal"),
        "step_latest": ("step", "int"),
    }
    catalogued = {}
    for key, (source, kind) in numbers.items():
        figure = figures.get(key)
        heading = figure.heading(lang)
        columns[heading] = [figure.value(value) for value in frame[source]]
        kinds[heading] = kind
        helps[heading] = figure.tooltip(lang)
        catalogued[heading] = key
    table = pd.DataFrame(columns)
    for label, kind in kinds.items():
        if kind == "int":
            table[label] = table[label].astype("Int64")
        elif kind == "decimal":
            table[label] = table[label].astype("Float64")
    return RegionView(
        table=Table(table, kinds, list(frame["code"]), helps, catalogued),
        municipalities=len(frame),
        visits_fy=int(frame["visits_fy"].sum()),
        open_consultations=int(frame["open_consultations"].sum()),
        due=sum(len(due) for due in due_by_row),
        slots=len(ROUND_DEPARTMENTS) * len(frame),
    )


def liaison_table(liaisons: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """The region's 地域リエゾン, then the 分野リエゾン active there, from region_liaisons.sql."""
    field_col = localized("field_name", lang)
    roles = [
        t("region_liaisons_regional", lang)
        if kind == "地域"
        else (
            f"{t('region_role_field', lang)} ({field})"
            if lang == "en"
            else f"{t('region_role_field', lang)}（{field}）"
        )
        for kind, field in zip(liaisons["kind"], liaisons[field_col], strict=True)
    ]
    return pd.DataFrame(
        {
            t("region_col_liaison", lang): list(liaisons["name_ja"]),
            t("region_col_role", lang): roles,
            t("region_col_visits", lang): list(liaisons["visits_fy"]),
            t("region_col_consultations", lang): list(liaisons["consultations_fy"]),
            t("region_col_actions", lang): list(liaisons["support_actions_fy"]),
        }
    )
