"""事例紹介 matcher: "who has solved this" — municipalities with completed cases in a field, ranked by similarity.

Candidates (queries/similar_case_candidates.sql, whose frame rank_candidates takes): liaison-target
municipalities other than the asker (so never 神戸市) with at least one consultation in the field whose status
is 完了 and which closed by the end of the 年度.
橋渡し済 does not count: a case handed to another department is not evidence the municipality solved it.

A candidate must also be at least as strong as the asker in the field's related hearing items (FIELD_ITEMS):
the mean of those items in its latest hearing up to the 年度 must be ≥ the asker's. Equal counts (they solved
the case from the same footing). A candidate with no hearing is left out (its strength cannot be shown); when
the asker has no hearing, strength is not compared and the reasons say so.

similarity (0..1) = Σ MATCH_WEIGHTS[component] × credit, each credit in 0..1:
- population_band: 1 when both are in the same band of POPULATION_BANDS (2020 census); a missing population
  gives no credit (several towns' figures are not in the reference data) and the reason says so.
- kind: 1 for the same kind (市/町).
- region: 1 for the same 圏域.
- step: STEP_CREDIT by candidate step − asker step: same step or one ahead 1, one behind or two ahead 0.5,
  else 0 (a municipality just ahead on the 手順書 has walked the road the asker is on).
Ties: higher similarity first, then the larger margin in the related items, then more solved cases, then code.
Every component appears in the reasons, matched or not, in the order above, then the strength margin.

The panel's display table and its field picker are built at the end (plain pandas; the panel lays them out).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from liaison.i18n import READINESS_ITEMS, localized, t, term

ITEMS = tuple(READINESS_ITEMS)

# Field → the hearing items that show a municipality is equipped for it. Fields not listed use all eight.
FIELD_ITEMS: dict[str, tuple[str, ...]] = {
    "awareness": ("score_staff_mindset", "score_issue_awareness"),
    "policy": ("score_vision", "score_top_commitment"),
    "structure": ("score_structure", "score_top_commitment"),
    "talent": ("score_talent_profile", "score_talent_policy"),
    "frontyard": ("score_progress", "score_structure"),
    "standardization": ("score_progress", "score_structure"),
    "payments": ("score_progress", "score_structure"),
    "mynumber": ("score_progress", "score_issue_awareness"),
    "security": ("score_structure", "score_progress"),
    "ai_rpa": ("score_progress", "score_talent_profile"),
    "telework": ("score_progress", "score_staff_mindset"),
    "genai": ("score_talent_profile", "score_staff_mindset"),
    "data_bi": ("score_talent_profile", "score_progress"),
    "smartcity": ("score_vision", "score_top_commitment"),
    "transport": ("score_vision", "score_progress"),
    "health": ("score_vision", "score_progress"),
    "disaster": ("score_vision", "score_progress"),
    "tourism": ("score_vision", "score_progress"),
}

MATCH_WEIGHTS: dict[str, float] = {"population_band": 0.35, "kind": 0.15, "region": 0.20, "step": 0.30}
STEP_CREDIT = {0: 1.0, 1: 1.0, -1: 0.5, 2: 0.5}  # candidate step − asker step → credit; others 0

# (lower bound inclusive, label ja, label en), ascending; a band runs up to the next lower bound.
POPULATION_BANDS = (
    (0, "1万人未満", "under 10k"),
    (10_000, "1万〜5万人", "10k–50k"),
    (50_000, "5万〜20万人", "50k–200k"),
    (200_000, "20万人以上", "200k+"),
)
LANGS = ("ja", "en")
SEPARATORS = {"ja": "、", "en": "; "}
ITEM_SEPARATORS = {"ja": "／", "en": ", "}  # item names contain ・ themselves (人材育成方針・目標)
COLUMNS = [
    "rank",
    "code",
    "name_ja",
    "name_en",
    "similarity",
    "reasons_ja",
    "reasons_en",
    "case_titles",
    "case_ids",
]


def related_items(field_id: str) -> tuple[str, ...]:
    """The hearing items a field leans on (all eight for a field not in FIELD_ITEMS)."""
    return FIELD_ITEMS.get(field_id, ITEMS)


def population_band(population) -> int | None:
    """Index into POPULATION_BANDS, or None when the population is unknown."""
    if _missing(population):
        return None
    return max(i for i, (lower, _, _) in enumerate(POPULATION_BANDS) if population >= lower)


def rank_candidates(candidates: pd.DataFrame, *, field_id: str, limit: int | None = 5) -> pd.DataFrame:
    """Municipalities of a similar_case_candidates frame that solved cases in `field_id`, most similar first.

    Filtered, scored and ranked as the module docstring says (pure). Columns: rank, code, name_ja, name_en,
    similarity, reasons_ja, reasons_en, case_titles (list[str], newest first), case_ids (list[int]), then
    region_id, kind, population_2020, step, cases, last_closed_on, related_mean, related_margin and one
    sim_<component> column per MATCH_WEIGHTS key.
    """
    items = related_items(field_id)
    rows = []
    for row in candidates.to_dict("records"):
        scored = _score(row, items)
        if scored is not None:
            rows.append(scored)
    extra = ["region_id", "kind", "population_2020", "step", "cases", "last_closed_on", "related_mean"]
    extra += ["related_margin", *(f"sim_{c}" for c in MATCH_WEIGHTS)]
    if not rows:
        return pd.DataFrame(columns=COLUMNS + extra)
    ranked = pd.DataFrame(rows)
    ranked["_margin"] = ranked["related_margin"].fillna(0.0)
    ranked = ranked.sort_values(
        ["similarity", "_margin", "cases", "code"], ascending=[False, False, False, True], kind="stable"
    ).drop(columns="_margin")
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    ranked = ranked[COLUMNS + extra].reset_index(drop=True)
    return ranked if limit is None else ranked.head(limit)


def default_field(fields: pd.DataFrame) -> str | None:
    """The field to show first for a municipality (consultation_fields_by_municipality.sql's frame).

    Its most frequent open-consultation field; with none open, its most frequent field; ties by sort order.
    """
    if fields.empty:
        return None
    for column in ("open_consultations", "consultations"):
        busiest = fields[fields[column] > 0]
        if not busiest.empty:
            return str(
                busiest.sort_values([column, "sort_order"], ascending=[False, True])["field_id"].iloc[0]
            )
    return str(fields.sort_values("sort_order")["field_id"].iloc[0])


def _missing(value) -> bool:
    return value is None or value is pd.NA or value != value


def _mean(row: dict, items: tuple[str, ...], prefix: str = "") -> float | None:
    values = [row[prefix + item] for item in items]
    if any(_missing(v) for v in values):
        return None
    return sum(values) / len(values)


def _say(key: str, **values) -> dict[str, str]:
    return {
        lang: t(key, lang).format(**{k: v[lang] if isinstance(v, dict) else v for k, v in values.items()})
        for lang in LANGS
    }


def _score(row: dict, items: tuple[str, ...]) -> dict | None:
    """One candidate's similarity, components and reasons; None when it is left out."""
    mine, theirs = _mean(row, items, "asker_"), _mean(row, items)
    if theirs is None:
        return None
    margin = None if mine is None else theirs - mine
    if margin is not None and margin < -1e-9:
        return None

    credit, reasons = {}, []
    band, asker_band = population_band(row["population_2020"]), population_band(row["asker_population_2020"])
    if band is None or asker_band is None:
        credit["population_band"] = 0.0
        reasons.append(_say("matcher_reason_band_unknown"))
    else:
        credit["population_band"] = 1.0 if band == asker_band else 0.0
        label = {"ja": POPULATION_BANDS[band][1], "en": POPULATION_BANDS[band][2]}
        reasons.append(
            _say(
                "matcher_reason_band_same" if band == asker_band else "matcher_reason_band_other", band=label
            )
        )

    same_kind = row["kind"] == row["asker_kind"]
    credit["kind"] = 1.0 if same_kind else 0.0
    kind = {"ja": row["kind"], "en": term("municipalities", "kind", row["kind"], "en").lower()}
    reasons.append(_say("matcher_reason_kind_same" if same_kind else "matcher_reason_kind_other", kind=kind))

    same_region = row["region_id"] == row["asker_region_id"]
    credit["region"] = 1.0 if same_region else 0.0
    region = {"ja": row["region_name_ja"], "en": row["region_name_en"]}
    reasons.append(
        _say("matcher_reason_region_same" if same_region else "matcher_reason_region_other", region=region)
    )

    step, asker_step = row["step"], row["asker_step"]
    if _missing(step) or _missing(asker_step):
        credit["step"] = 0.0
        reasons.append(_say("matcher_reason_step_unknown"))
    else:
        gap = int(step) - int(asker_step)
        credit["step"] = STEP_CREDIT.get(gap, 0.0)
        key = {0: "same", 1: "next"}.get(gap, "near" if gap in STEP_CREDIT else "far")
        reasons.append(_say(f"matcher_reason_step_{key}", step=int(step), asker=int(asker_step)))

    names = {lang: ITEM_SEPARATORS[lang].join(t_item(item, lang) for item in items) for lang in LANGS}
    if margin is None:
        reasons.append(_say("matcher_reason_no_baseline"))
    elif margin > 1e-9:
        reasons.append(_say("matcher_reason_stronger", items=names, diff=f"{margin:.2f}"))
    else:
        reasons.append(_say("matcher_reason_equal", items=names))

    similarity = round(sum(MATCH_WEIGHTS[c] * credit[c] for c in MATCH_WEIGHTS), 3)
    return {
        "code": row["code"],
        "name_ja": row["name_ja"],
        "name_en": row["name_en"],
        "similarity": similarity,
        **{f"reasons_{lang}": SEPARATORS[lang].join(r[lang] for r in reasons) for lang in LANGS},
        "case_titles": [str(title) for title in row["case_titles"]],
        "case_ids": [int(case_id) for case_id in row["case_ids"]],
        "region_id": row["region_id"],
        "kind": row["kind"],
        "population_2020": row["population_2020"],
        "step": row["step"],
        "cases": int(row["cases"]),
        "last_closed_on": row["last_closed_on"],
        "related_mean": round(theirs, 3),
        "related_margin": None if margin is None else round(margin, 3),
        **{f"sim_{c}": credit[c] for c in MATCH_WEIGHTS},
    }


def t_item(item: str, lang: str) -> str:
    """A hearing item's short name."""
    ja, en = READINESS_ITEMS[item]
    return en if lang == "en" else ja


# --------------------------------------------------------------------------- the panel's table and picker


def matcher_table(ranked: pd.DataFrame, lang: str) -> pd.DataFrame:
    """rank_candidates' frame as the panel shows it: rank, name, similarity, reasons, the cases' titles."""
    return pd.DataFrame(
        {
            t("matcher_col_rank", lang): ranked["rank"].astype(int),
            t("matcher_col_name", lang): ranked[localized("name", lang)],
            t("matcher_col_similarity", lang): ranked["similarity"].astype(float),
            t("matcher_col_reasons", lang): ranked[localized("reasons", lang)],
            t("matcher_col_cases", lang): [list(titles) for titles in ranked["case_titles"]],
        }
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
        name, count = row[localized("name", lang)], int(row["open_consultations"])
        if count:
            name = f"{name}（未完了{count}件）" if lang == "ja" else f"{name} ({count} open)"
        labels[row["field_id"]] = name
    return FieldChoices(ids=tuple(fields["field_id"]), labels=labels, default=default_field(fields))


@dataclass(frozen=True)
class MatcherView:
    table: pd.DataFrame  # empty when nobody qualifies
    caption: str


def matcher_view(ranked: pd.DataFrame, field_id: str, lang: str) -> MatcherView:
    items = ITEM_SEPARATORS[lang].join(t_item(i, lang) for i in related_items(field_id))
    return MatcherView(
        table=matcher_table(ranked, lang), caption=t("matcher_caption", lang).format(items=items)
    )
