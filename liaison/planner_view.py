"""Display tables for the visit planner and the 事例紹介 matcher (plain pandas; pages only lay them out)."""

from __future__ import annotations

import pandas as pd

from liaison.fiscal import date_label
from liaison.i18n import t


def _last_visit(day, days, lang: str) -> str:
    if day is None or day is pd.NaT or day != day:
        return "記録なし" if lang == "ja" else "never"
    shown = date_label(pd.Timestamp(day).date(), lang)
    return f"{shown}（{int(days)}日前）" if lang == "ja" else f"{shown} ({int(days)} d)"


def planner_table(ranked: pd.DataFrame, lang: str) -> pd.DataFrame:
    """rank_next_visits' frame as the page shows it: rank, name, score, reasons, last visits, open cases."""
    en = lang == "en"
    return pd.DataFrame(
        {
            t("planner_col_rank", lang): ranked["rank"].astype(int),
            t("planner_col_name", lang): ranked["name_en" if en else "name_ja"],
            t("planner_col_score", lang): ranked["score"].astype(float),
            t("planner_col_reasons", lang): ranked["reasons_en" if en else "reasons_ja"].replace("", "—"),
            t("planner_col_municipal_dx", lang): [
                _last_visit(day, days, lang)
                for day, days in zip(
                    ranked["last_municipal_dx_visit_on"], ranked["days_since_municipal_dx"], strict=True
                )
            ],
            t("planner_col_community_dx", lang): [
                _last_visit(day, days, lang)
                for day, days in zip(
                    ranked["last_community_dx_visit_on"], ranked["days_since_community_dx"], strict=True
                )
            ],
            t("planner_col_open", lang): ranked["open_consultations"].astype(int),
        }
    )


def matcher_table(ranked: pd.DataFrame, lang: str) -> pd.DataFrame:
    """similar_cases' frame as the panel shows it: rank, name, similarity, reasons, the cases' titles."""
    en = lang == "en"
    return pd.DataFrame(
        {
            t("matcher_col_rank", lang): ranked["rank"].astype(int),
            t("matcher_col_name", lang): ranked["name_en" if en else "name_ja"],
            t("matcher_col_similarity", lang): ranked["similarity"].astype(float),
            t("matcher_col_reasons", lang): ranked["reasons_en" if en else "reasons_ja"],
            t("matcher_col_cases", lang): [list(titles) for titles in ranked["case_titles"]],
        }
    )


def liaison_label(row: dict, lang: str) -> str:
    """「後藤 美咲（地域・北播磨）」 / "後藤 美咲 (regional, Kita-Harima)" for the liaison picker."""
    en = lang == "en"
    if row["kind"] == "地域":
        kind, area = t("planner_liaison_kind_region", lang), row["region_name_en" if en else "region_name_ja"]
    else:
        kind, area = t("planner_liaison_kind_field", lang), row["field_name_en" if en else "field_name_ja"]
    return f"{row['name_ja']} ({kind}, {area})" if en else f"{row['name_ja']}（{kind}・{area}）"
