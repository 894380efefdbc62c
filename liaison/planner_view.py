"""Display tables for the visit planner and the 事例紹介 matcher (plain pandas; pages only lay them out)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from liaison import matcher
from liaison.i18n import t


def _last_visit(days, lang: str) -> str:
    """「228日前」: days before "now" (the full dates are on the profile page)."""
    if days is None or days is pd.NA or days != days:
        return "記録なし" if lang == "ja" else "never"
    return f"{int(days)}日前" if lang == "ja" else f"{int(days)} days ago"


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
                _last_visit(d, lang) for d in ranked["days_since_municipal_dx"]
            ],
            t("planner_col_community_dx", lang): [
                _last_visit(d, lang) for d in ranked["days_since_community_dx"]
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


@dataclass(frozen=True)
class PlannerView:
    """What the planner page shows for one choice of scope, threshold and language."""

    table: pd.DataFrame
    codes: tuple[str, ...]  # row i of the table is municipality codes[i]
    needing_visit: int
    top_name: str


def planner_view(ranked: pd.DataFrame, lang: str) -> PlannerView:
    name = "name_en" if lang == "en" else "name_ja"
    return PlannerView(
        table=planner_table(ranked, lang),
        codes=tuple(ranked["code"]),
        needing_visit=int((ranked["score"] > 0).sum()),
        top_name="" if ranked.empty else str(ranked[name].iloc[0]),
    )


@dataclass(frozen=True)
class LiaisonChoices:
    ids: tuple[str, ...]
    labels: dict[str, str]
    regional: dict[str, tuple[str, ...]]  # region_id → its 地域リエゾン


def liaison_choices(liaisons: pd.DataFrame, lang: str) -> LiaisonChoices:
    rows = liaisons.to_dict("records")
    regional: dict[str, list[str]] = {}
    for row in rows:
        if row["kind"] == "地域":
            regional.setdefault(row["region_id"], []).append(row["liaison_id"])
    return LiaisonChoices(
        ids=tuple(row["liaison_id"] for row in rows),
        labels={row["liaison_id"]: liaison_label(row, lang) for row in rows},
        regional={region: tuple(ids) for region, ids in regional.items()},
    )


@dataclass(frozen=True)
class FieldChoices:
    ids: tuple[str, ...]
    labels: dict[str, str]  # with the open count: 「スマートシティ（未完了2件）」
    default: str | None


def field_choices(fields: pd.DataFrame, lang: str) -> FieldChoices:
    """The matcher's field picker for one municipality (consultation_fields_by_municipality.sql)."""
    labels = {}
    for row in fields.to_dict("records"):
        name, count = row["name_en" if lang == "en" else "name_ja"], int(row["open_consultations"])
        if count:
            name = f"{name}（未完了{count}件）" if lang == "ja" else f"{name} ({count} open)"
        labels[row["field_id"]] = name
    return FieldChoices(ids=tuple(fields["field_id"]), labels=labels, default=matcher.default_field(fields))


@dataclass(frozen=True)
class MatcherView:
    table: pd.DataFrame  # empty when nobody qualifies
    caption: str


def matcher_view(ranked: pd.DataFrame, field_id: str, lang: str) -> MatcherView:
    items = matcher.ITEM_SEPARATORS[lang].join(
        matcher.t_item(i, lang) for i in matcher.related_items(field_id)
    )
    return MatcherView(
        table=matcher_table(ranked, lang), caption=t("matcher_caption", lang).format(items=items)
    )
