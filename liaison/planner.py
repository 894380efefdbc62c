"""次回訪問プランナー: municipalities ranked for the next visit, each with the reasons behind its place.

The raw factors come from queries/visit_priority_factors.sql (its caller runs it, with
ageing_days=AGEING_DAYS, and hands the frame to score_factors); the scoring is here, in plain Python, with
every weight in WEIGHTS so a liaison (or a reviewer) can recompute a score by hand:

    score = Σ points of each factor, rounded to 2 decimals; rank by score (higher = visit sooner), then code.

Factors and their points (a factor that scores 0 gives no reason):
- 自治体DX担当 overdue: not visited for more than `overdue_days` days →
  WEIGHTS["municipal_dx_overdue"] × min(days / overdue_days, 2); never visited counts as 2.
- 地域社会DX担当 overdue: the same with WEIGHTS["community_dx_overdue"] (a smaller weight: the programme
  visits these departments two or three times a year, so a long gap is less unusual).
- readiness low: latest hearing (this 年度's, else the most recent before) at step ≤ LOW_STEP or with a mean
  item score below LOW_MEAN → WEIGHTS["readiness_low"].
- readiness falling: the latest hearing's mean is at least FALL_MIN below the hearing of the 年度 before it,
  or its step is lower → WEIGHTS["readiness_falling"].
- no readiness hearing on record up to this 年度 → WEIGHTS["no_readiness"].
- open consultations ageing: WEIGHTS["open_ageing"] per open consultation older than AGEING_DAYS
  (at most OPEN_AGEING_CAP of them), plus WEIGHTS["open_very_old"] when the oldest is older than
  twice AGEING_DAYS. 保留 counts as open (as on the map).
- no top-layer contact this 年度: no engagement with a 首長/幹部 participant and no visit to the
  首長・幹部 department since 1 April → WEIGHTS["no_top_contact"].

"Now" is the earlier of `as_of` and the 年度's last day, so a past 年度 is planned as at its end.

Scope: `region_id` and `codes` narrow the 40 liaison targets (神戸市 is never included). A 地域リエゾン
(`liaison_id` of kind 地域) covers the municipalities of their region; a 分野リエゾン covers the
municipalities with a consultation in their field that was received this 年度 or is still open "now".

The page's display table and its liaison picker are built at the end (plain pandas; the page lays them out).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from liaison import figures
from liaison.i18n import localized, t


def _index(mean) -> str:
    """A readiness mean as every page writes it (the catalogue's rounding: 4.125 reads 4.13)."""
    return figures.get("readiness_latest").text(mean)


WEIGHTS: dict[str, float] = {
    "municipal_dx_overdue": 3.0,  # × min(days / overdue_days, 2)
    "community_dx_overdue": 1.5,  # × min(days / overdue_days, 2)
    "readiness_low": 2.0,
    "readiness_falling": 2.0,
    "no_readiness": 1.0,
    "open_ageing": 1.0,  # per ageing open consultation, up to OPEN_AGEING_CAP
    "open_very_old": 1.0,  # the oldest open one is older than 2 × AGEING_DAYS
    "no_top_contact": 1.5,
}
OVERDUE_CAP = 2.0  # an overdue department counts at most twice its weight (and "never visited" counts so)
LOW_STEP = 1
LOW_MEAN = 2.5
FALL_MIN = 0.25
AGEING_DAYS = 90
OPEN_AGEING_CAP = 3

# Factor → the reason it gives; the order breaks ties between equal contributions in the reasons.
FACTORS = (
    "municipal_dx_overdue",
    "community_dx_overdue",
    "readiness_low",
    "readiness_falling",
    "no_readiness",
    "open_ageing",
    "no_top_contact",
)
DEPARTMENTS = {
    "municipal_dx_overdue": ("days_since_municipal_dx", "planner_department_municipal_dx"),
    "community_dx_overdue": ("days_since_community_dx", "planner_department_community_dx"),
}
LANGS = ("ja", "en")
SEPARATORS = {"ja": "、", "en": "; "}


def score_factors(factors: pd.DataFrame, *, overdue_days: int = 90, limit: int | None = None) -> pd.DataFrame:
    """Municipalities of a visit_priority_factors frame ranked for the next visit (rank 1 = visit first).

    Columns: rank, code, name_ja, name_en, region_id, score, reasons_ja, reasons_en, then the raw
    factor columns of visit_priority_factors.sql and one `points_<factor>` column per factor.
    Pure: the app caches it separately from the query, so a new threshold re-scores without re-querying.
    """
    if overdue_days < 1:
        raise ValueError("overdue_days must be at least 1")
    rows = [_score_row(row, overdue_days) for row in factors.to_dict("records")]
    points = pd.DataFrame(
        [r[0] for r in rows], columns=[f"points_{f}" for f in FACTORS], index=factors.index, dtype=float
    )
    ranked = pd.concat([factors, points], axis=1)
    ranked["score"] = points.sum(axis=1).round(2)
    for lang in LANGS:
        ranked[f"reasons_{lang}"] = pd.Series([r[1][lang] for r in rows], index=factors.index, dtype=object)
    ranked = ranked.sort_values(["score", "code"], ascending=[False, True], kind="stable")
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    leading = ["rank", "code", "name_ja", "name_en", "region_id", "score", "reasons_ja", "reasons_en"]
    ranked = ranked[leading + [c for c in ranked.columns if c not in leading]].reset_index(drop=True)
    return ranked if limit is None else ranked.head(limit)


def _missing(value) -> bool:
    return value is None or value is pd.NA or value != value


def _score_row(row: dict, overdue_days: int) -> tuple[list[float], dict[str, str]]:
    """(points per factor in FACTORS order, {lang: reasons}) for one municipality."""
    given: list[tuple[float, int, dict[str, str]]] = []  # (points, factor order, reason per language)
    points = dict.fromkeys(FACTORS, 0.0)

    def give(factor: str, value: float, reason: dict[str, str]) -> None:
        points[factor] = value
        given.append((value, FACTORS.index(factor), reason))

    for factor, (column, department_key) in DEPARTMENTS.items():
        days = row[column]
        if _missing(days):
            give(
                factor,
                WEIGHTS[factor] * OVERDUE_CAP,
                _say("planner_reason_never_visited", department=department_key),
            )
        elif days > overdue_days:
            give(
                factor,
                WEIGHTS[factor] * min(days / overdue_days, OVERDUE_CAP),
                _say("planner_reason_overdue_days", department=department_key, days=int(days)),
            )

    step, mean = row["step"], row["readiness_mean"]
    if _missing(step):
        give("no_readiness", WEIGHTS["no_readiness"], _say("planner_reason_no_readiness"))
    else:
        if step <= LOW_STEP or mean < LOW_MEAN:
            give(
                "readiness_low",
                WEIGHTS["readiness_low"],
                _say("planner_reason_readiness_low", step=int(step), mean=_index(mean)),
            )
        previous_step, previous_mean = row["previous_step"], row["previous_readiness_mean"]
        if not _missing(previous_step):
            changes = []
            if previous_mean - mean >= FALL_MIN:
                changes.append(("planner_change_mean", _index(previous_mean), _index(mean)))
            if step < previous_step:
                changes.append(("planner_change_step", int(previous_step), int(step)))
            if changes:
                change = {
                    lang: SEPARATORS[lang].join(
                        t(key, lang).format(before=before, after=after) for key, before, after in changes
                    )
                    for lang in LANGS
                }
                give(
                    "readiness_falling",
                    WEIGHTS["readiness_falling"],
                    {
                        lang: t("planner_reason_readiness_falling", lang).format(change=change[lang])
                        for lang in LANGS
                    },
                )

    ageing = int(row["open_over_ageing"])
    if ageing:
        oldest = int(row["oldest_open_days"])
        value = WEIGHTS["open_ageing"] * min(ageing, OPEN_AGEING_CAP)
        if oldest > 2 * AGEING_DAYS:
            value += WEIGHTS["open_very_old"]
        give(
            "open_ageing",
            value,
            _say("planner_reason_open_ageing", ageing=AGEING_DAYS, count=ageing, oldest=oldest),
        )

    if int(row["top_visits_fy"]) + int(row["top_engagements_fy"]) == 0:
        give("no_top_contact", WEIGHTS["no_top_contact"], _say("planner_reason_no_top_contact"))

    ordered = sorted(given, key=lambda item: (-round(item[0], 6), item[1]))
    reasons = {lang: SEPARATORS[lang].join(reason[lang] for _, _, reason in ordered) for lang in LANGS}
    return [points[f] for f in FACTORS], reasons


def _say(key: str, department: str | None = None, **values) -> dict[str, str]:
    """A reason in both languages; `department` is a text key, translated too."""
    said = {}
    for lang in LANGS:
        extra = {} if department is None else {"department": t(department, lang)}
        said[lang] = t(key, lang).format(**values, **extra)
    return said


# --------------------------------------------------------------------------- the page's table and pickers


def _last_visit(days, lang: str) -> str:
    """「228日前」: days before "now" (the full dates are on the profile page)."""
    if days is None or days is pd.NA or days != days:
        return "記録なし" if lang == "ja" else "never"
    return f"{int(days)}日前" if lang == "ja" else f"{int(days)} days ago"


def planner_table(ranked: pd.DataFrame, lang: str) -> pd.DataFrame:
    """score_factors' frame as the page shows it: rank, name, score, reasons, last visits, open cases."""
    return pd.DataFrame(
        {
            t("planner_col_rank", lang): ranked["rank"].astype(int),
            t("planner_col_name", lang): ranked[localized("name", lang)],
            t("planner_col_score", lang): ranked["score"].astype(float),
            t("planner_col_reasons", lang): ranked[localized("reasons", lang)].replace("", "—"),
            t("planner_col_municipal_dx", lang): [
                _last_visit(d, lang) for d in ranked["days_since_municipal_dx"]
            ],
            t("planner_col_community_dx", lang): [
                _last_visit(d, lang) for d in ranked["days_since_community_dx"]
            ],
            figures.get("open_all").heading(lang): ranked["open_consultations"].astype(int),
        }
    )


def liaison_label(row: dict, lang: str) -> str:
    """「後藤 美咲（地域・北播磨）」 / "後藤 美咲 (regional, Kita-Harima)" for the liaison picker."""
    en = lang == "en"
    if row["kind"] == "地域":
        kind, area = t("planner_liaison_kind_region", lang), row[localized("region_name", lang)]
    else:
        kind, area = t("planner_liaison_kind_field", lang), row[localized("field_name", lang)]
    return f"{row['name_ja']} ({kind}, {area})" if en else f"{row['name_ja']}（{kind}・{area}）"


@dataclass(frozen=True)
class PlannerView:
    """What the planner page shows for one choice of scope, threshold and language."""

    table: pd.DataFrame
    codes: tuple[str, ...]  # row i of the table is municipality codes[i]
    needing_visit: int
    top_name: str


def planner_view(ranked: pd.DataFrame, lang: str) -> PlannerView:
    name = localized("name", lang)
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
    labels: dict[
        str, str
    ] = {}  # one entry per person, their assignments joined (liaisons_list has a row each)
    for row in rows:
        label = liaison_label(row, lang)
        if row["liaison_id"] in labels:
            roles = label[len(row["name_ja"]) :].strip(" ()（）")
            label = labels[row["liaison_id"]][:-1] + ("; " if lang == "en" else "、") + roles + label[-1]
        labels[row["liaison_id"]] = label
    return LiaisonChoices(
        ids=tuple(labels),
        labels=labels,
        regional={region: tuple(ids) for region, ids in regional.items()},
    )
