"""The municipality profile as display-ready values, built once per (code, 年度, language)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from liaison.fiscal import date_label, fiscal_year_label
from liaison.i18n import step_text, t


@dataclass(frozen=True)
class ProfileView:
    title: str
    subtitle: str
    is_liaison_target: bool
    tiles: list[tuple[str, str]]
    step_caption: str
    has_readiness: bool
    liaisons: str
    latest: pd.DataFrame
    has_visits: bool
    engagements: pd.DataFrame


def build(
    profile: pd.DataFrame,
    items: pd.DataFrame,
    liaisons: pd.DataFrame,
    latest: pd.DataFrame,
    visits: pd.DataFrame,
    engagements: pd.DataFrame,
    fiscal_year: int,
    lang: str,
) -> ProfileView:
    """Turn the profile queries' frames into what the page shows."""
    row = profile.iloc[0]
    en = lang == "en"
    name = row["name_en"] if en else row["name_ja"]
    region_name = row["region_name_en"] if en else row["region_name_ja"]
    this_year = items[items["fiscal_year"] == fiscal_year]
    step = None if this_year.empty else int(this_year["step"].iloc[0])
    population, area = row["population_2020"], row["area_km2"]
    tiles = [
        (
            t("population", lang),
            "—" if pd.isna(population) else f"{int(population):,}" + ("" if en else "人"),
        ),
        (t("area", lang), "—" if pd.isna(area) else f"{float(area):,.2f} km²"),
        (t("region", lang), region_name),
        (t("kind", lang), row["kind"]),
        (t("step", lang), "—" if step is None else str(step)),
    ]
    field_col = "field_name_en" if en else "field_name_ja"
    latest_table = pd.DataFrame(
        {
            "Received" if en else "受付日": [date_label(d.date(), lang) for d in latest["received_on"]],
            "Status" if en else "状況": latest["status"],
            "Title" if en else "件名": latest["title"],
            "Field" if en else "分野": latest[field_col],
        }
    )
    engagement_table = pd.DataFrame(
        {
            "Date" if en else "日付": [date_label(d.date(), lang) for d in engagements["held_on"]],
            "Kind" if en else "種別": engagements["kind"],
            "Title" if en else "名称": engagements["title"],
            "Level" if en else "参加者": engagements["participant_level"],
        }
    )
    return ProfileView(
        title=name if en else f"{name}（{row['name_kana']}）",
        subtitle=f"{region_name}・{row['office_ja']}　/　{t('fiscal_year', lang)}: {fiscal_year_label(fiscal_year, lang)}",
        is_liaison_target=bool(row["is_liaison_target"]),
        tiles=tiles,
        step_caption="" if step is None else step_text(step, lang),
        has_readiness=not items.empty,
        liaisons="、".join(liaisons["name_ja"]),
        latest=latest_table,
        has_visits=not visits.empty,
        engagements=engagement_table,
    )
