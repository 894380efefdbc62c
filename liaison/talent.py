"""人材支援の希望: the hearing's wish for support through digital talent, on a map and in a list, for the 推進体制
study: who wants it, what kind, at which step, and what is open there (plain pandas and pydeck, no Streamlit)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from liaison import figures, mapdeck
from liaison.i18n import is_missing, localized, t, term
from liaison.map import Metric

WISH_COLORS = [
    "#f3dfa2",
    "#a6cee3",
    "#1f78b4",
]  # 0 未確認 (pale amber: not the greys of 神戸市 and no data), 1 希望しない, 2 希望する
WISHED = 2


def wish_metric() -> Metric:
    """The map's categorical metric: 0 not asked, 1 does not want it, 2 wants it (no hearing: no data)."""
    return Metric(
        "talent_support_wish",
        "talent_support_wish",
        "",
        "",
        "categorical",
        True,
        categories=tuple(
            (color, t(f"talent_wish_{level}", "ja"), t(f"talent_wish_{level}", "en"))
            for level, color in enumerate(WISH_COLORS)
        ),
    )


def wish_map(wishes: pd.DataFrame, lang: str = "ja", region_id: str | None = None):
    """The municipality map coloured by the wish (talent_wishes.sql); 神戸市 grey."""
    return mapdeck.build_map(wishes, wish_metric(), lang, region_id)


def in_scope(wishes: pd.DataFrame, region_id: str | None) -> pd.DataFrame:
    targets = wishes[wishes["is_liaison_target"]]
    return targets if region_id is None else targets[targets["region_id"] == region_id]


@dataclass(frozen=True)
class TalentView:
    wanted: int  # figure talent_support_wanted
    heard: int
    table: pd.DataFrame
    codes: tuple[str, ...]


def talent_view(
    wishes: pd.DataFrame, region_id: str | None, lang: str = "ja", only_wanted: bool = True
) -> TalentView:
    """The page's count and list: those that want support first (or only), with step and open issues."""
    scope = in_scope(wishes, region_id)
    wanted = scope[scope["talent_support_wish"] == WISHED]
    rows = (
        wanted
        if only_wanted
        else scope.sort_values("talent_support_wish", ascending=False, na_position="last")
    )
    sep = ", " if lang == "en" else "、"
    table = pd.DataFrame(
        {
            t("talent_col_municipality", lang): rows[localized("name", lang)],
            t("talent_col_region", lang): rows[localized("region_name", lang)],
            figures.get("talent_support_wish").label(lang): [
                "—" if is_missing(w) else t(f"talent_wish_{int(w)}", lang)
                for w in rows["talent_support_wish"]
            ],
            t("talent_col_kinds", lang): [
                "—"
                if is_missing(kinds)
                else sep.join(
                    term("readiness_assessments", "talent_support_kinds", k, lang)
                    for k in str(kinds).split("、")
                )
                for kinds in rows["talent_support_kinds"]
            ],
            figures.get("step_latest").label(lang): [
                figures.get("step_latest").text(s, lang) for s in rows["step"]
            ],
            figures.get("open_all").heading(lang): rows["open_consultations"].astype(int),
            t("talent_col_open_fields", lang): rows[localized("open_fields", lang)].fillna("—"),
            t("talent_col_issues", lang): rows["answer_issue_awareness"].fillna("—"),
        }
    )
    return TalentView(
        wanted=len(wanted),
        heard=int(scope["talent_support_wish"].notna().sum()),
        table=table.reset_index(drop=True),
        codes=tuple(rows["code"]),
    )
