"""対話の組み立て: groups of one to four municipalities suggested for a dialogue with their top layers.

Candidates are connected groups: every member is linked to another by a common border (liaison.geography
neighbours) or the same 圏域, so a dialogue can meet in one place. Each group is scored, in plain Python, with
every weight in WEIGHTS, so a score can be recomputed by hand:

    score = Σ WEIGHTS[part] × credit(part), each credit 0..1, rounded half up to 2 decimals;
    rank by score (higher first), then more members, then the members' codes.

- fields: fields with open consultations (figure open_all) in at least two members — for one municipality, its
  own open fields — credit min(count, FIELDS_FULL) / FIELDS_FULL;
- steps: (1 − (highest step − lowest step) / 3) × the share of members with a step (figure step_latest);
- relation: the mean over members of (2 − relationship level) / 2 (figure relationship_level: 0 none,
  1 executives reached, 2 mayor dialogue held) — those whose top layers are least reached gain most;
- place: 1 when all members are in one 圏域 (a single municipality too), PLACE_NEIGHBOURS when they only
  border one another.
A draft agenda is drawn from the same frames: where each stands, the shared fields, the weakest hearing item
of the group (this 年度's mean), and the next step.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from liaison import figures
from liaison.i18n import READINESS_ITEMS, localized, pick, t
from liaison.queries import run_query

WEIGHTS: dict[str, float] = {"fields": 0.4, "steps": 0.2, "relation": 0.2, "place": 0.2}
PARTS = tuple(WEIGHTS)
FIELDS_FULL = 3
PLACE_NEIGHBOURS = 0.5
MAX_MEMBERS = 4
DEFAULT_SIZES = (2, 3, 4)  # a group by default; a single municipality's dialogue on request
AGENDA_FIELDS = 3
SEPARATORS = {"ja": "、", "en": ", "}


@dataclass(frozen=True)
class Frames:
    metrics: pd.DataFrame  # municipality_metrics: step, readiness (the map's and the profile's)
    levels: pd.DataFrame  # relationship_levels (the トップ層 page's map)
    open_fields: pd.DataFrame  # dialogue_open_fields (sums to open_all)
    heatmap: pd.DataFrame  # readiness_heatmap: this 年度's hearing items (the DX推進状況 page)


def load_frames(con: duckdb.DuckDBPyConnection, fiscal_year: int, as_of) -> Frames:
    """Every named query the suggestions read, run on `con`."""
    return Frames(
        metrics=run_query("municipality_metrics", con=con, fiscal_year=fiscal_year, as_of=as_of),
        levels=run_query("relationship_levels", con=con, fiscal_year=fiscal_year),
        open_fields=run_query("dialogue_open_fields", con=con, fiscal_year=fiscal_year, as_of=as_of),
        heatmap=run_query("readiness_heatmap", con=con, fiscal_year=fiscal_year, region_id=None, codes=None),
    )


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    region_id: str
    region_name: str
    step: int | None
    readiness: str  # as shown (figure readiness_latest)
    level: int
    fields: dict[str, int]  # field_id → open consultations
    items: dict[str, float]  # this 年度's hearing item scores


def members(frames: Frames, lang: str) -> dict[str, Member]:
    """code → Member for every liaison target, from the pages' own frames."""
    metrics, levels, open_fields, heatmap = frames.metrics, frames.levels, frames.open_fields, frames.heatmap
    level_of = dict(zip(levels["code"], levels["relationship_level"], strict=True))
    fields: dict[str, dict[str, int]] = {}
    for row in open_fields.to_dict("records"):
        fields.setdefault(row["code"], {})[row["field_id"]] = int(row["open_consultations"])
    heat = heatmap.set_index("code")
    out = {}
    for row in metrics[metrics["is_liaison_target"]].to_dict("records"):
        code = row["code"]
        items = {}
        if code in heat.index:
            items = {
                item: float(heat.loc[code, item])
                for item in READINESS_ITEMS
                if pd.notna(heat.loc[code, item])
            }
        out[code] = Member(
            code=code,
            name=row[localized("name", lang)],
            region_id=row["region_id"],
            region_name=row[localized("region_name", lang)],
            step=figures.get("step_latest").value(row["step"]),
            readiness=figures.get("readiness_latest").text(row["readiness_index"], lang),
            level=int(level_of.get(code, 0)),
            fields=fields.get(code, {}),
            items=items,
        )
    return out


def connected_groups(
    codes, region_of: dict[str, str], neighbours: dict[str, frozenset[str]], size: int = MAX_MEMBERS
):
    """Every connected group of 1..size codes (linked by a border or the same 圏域), as sorted tuples."""
    codes = sorted(codes)
    linked = {
        code: {
            other
            for other in codes
            if other != code and (other in neighbours.get(code, ()) or region_of[other] == region_of[code])
        }
        for code in codes
    }
    level = {frozenset([code]) for code in codes}
    found = set(level)
    for _ in range(size - 1):
        grown = set()
        for group in level:
            for code in set().union(*(linked[member] for member in group)) - group:
                grown.add(group | {code})
        grown -= found
        found |= grown
        level = grown
    return sorted(tuple(sorted(group)) for group in found)


def shared_fields(group: list[Member]) -> dict[str, int]:
    """field_id → members with open consultations in it (at least two; for one member, its open fields)."""
    counts: dict[str, int] = {}
    for member in group:
        for field_id in member.fields:
            counts[field_id] = counts.get(field_id, 0) + 1
    least = 1 if len(group) == 1 else 2
    return {field_id: n for field_id, n in counts.items() if n >= least}


def credits(group: list[Member]) -> dict[str, float]:
    """Each part's credit (0..1) for a group."""
    shared = shared_fields(group)
    steps = [m.step for m in group if m.step is not None]
    spread = (max(steps) - min(steps)) if steps else 3
    same_region = len({m.region_id for m in group}) == 1
    return {
        "fields": min(len(shared), FIELDS_FULL) / FIELDS_FULL,
        "steps": (1 - spread / 3) * len(steps) / len(group),
        "relation": sum((2 - m.level) / 2 for m in group) / len(group),
        "place": 1.0 if same_region else PLACE_NEIGHBOURS,
    }


def score_groups(
    people: dict[str, Member],
    neighbours: dict[str, frozenset[str]],
    *,
    sizes: tuple[int, ...] = DEFAULT_SIZES,
    within: set[str] | None = None,
    limit: int | None = 10,
) -> pd.DataFrame:
    """Connected groups ranked: rank, codes, size, score and one part_<name> column (weight × credit) each.
    `within`: only groups with at least one member among these codes (e.g. a 圏域's)."""
    region_of = {code: m.region_id for code, m in people.items()}
    rows = []
    for codes in connected_groups(people, region_of, neighbours, max(sizes)):
        if len(codes) not in sizes or (within is not None and not set(codes) & within):
            continue
        group = [people[c] for c in codes]
        parts = {part: WEIGHTS[part] * credit for part, credit in credits(group).items()}
        rows.append(
            {
                "codes": codes,
                "size": len(codes),
                "score": figures.round_half_up(sum(parts.values()), 2),
                **{f"part_{p}": figures.round_half_up(v, 2) for p, v in parts.items()},
            }
        )
    columns = ["rank", "codes", "size", "score", *(f"part_{p}" for p in PARTS)]
    if not rows:
        return pd.DataFrame(columns=columns)
    ranked = pd.DataFrame(rows)
    ranked["_key"] = ranked["codes"].map(",".join)
    ranked = ranked.sort_values(["score", "size", "_key"], ascending=[False, False, True], kind="stable")
    ranked = ranked.drop(columns="_key").reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked if limit is None else ranked.head(limit)


def field_names(open_fields: pd.DataFrame, lang: str) -> dict[str, str]:
    return dict(zip(open_fields["field_id"], open_fields[localized("field_name", lang)], strict=True))


def reasons(group: list[Member], names: dict[str, str], lang: str) -> list[str]:
    """Why the group: its shared fields, its steps, its relations with the top, its place."""
    sep = SEPARATORS[lang]
    shared = sorted(shared_fields(group).items(), key=lambda item: (-item[1], item[0]))
    if shared:
        key = "dialogue_reason_fields_one" if len(group) == 1 else "dialogue_reason_fields"
        listed = sep.join(
            t("dialogue_field_count", lang).format(field=names[f], n=n) for f, n in shared[:AGENDA_FIELDS]
        )
        said = [t(key, lang).format(fields=listed)]
    else:
        said = [t("dialogue_reason_no_fields", lang)]
    steps = [m.step for m in group if m.step is not None]
    if steps and min(steps) == max(steps):
        said.append(t("dialogue_reason_step_same", lang).format(step=steps[0]))
    elif steps:
        said.append(t("dialogue_reason_steps", lang).format(low=min(steps), high=max(steps)))
    if len(steps) < len(group):
        said.append(t("dialogue_reason_not_heard", lang).format(n=len(group) - len(steps)))
    levels = [sum(1 for m in group if m.level == level) for level in range(3)]
    said.append(sep.join(f"{t(f'relations_level_{level}', lang)} {n}" for level, n in enumerate(levels) if n))
    regions = list(dict.fromkeys(m.region_name for m in group))
    key = "dialogue_reason_same_region" if len(regions) == 1 else "dialogue_reason_neighbours"
    said.append(t(key, lang).format(regions=sep.join(regions)))
    return said


def agenda(group: list[Member], names: dict[str, str], lang: str) -> list[str]:
    """A draft agenda from the group's records."""
    sep = SEPARATORS[lang]
    places = sep.join(
        f"{m.name}（{figures.get('step_latest').text(m.step, lang)}・{m.readiness}）"
        if lang == "ja"
        else f"{m.name} ({figures.get('step_latest').text(m.step, lang)}, {m.readiness})"
        for m in group
    )
    lines = [t("dialogue_agenda_where", lang).format(places=places)]
    shared = sorted(shared_fields(group).items(), key=lambda item: (-item[1], item[0]))
    for field_id, _ in shared[:AGENDA_FIELDS]:
        total = sum(m.fields.get(field_id, 0) for m in group)
        lines.append(t("dialogue_agenda_field", lang).format(field=names[field_id], n=total))
    heard = [m for m in group if m.items]
    if heard:
        means = {
            item: sum(m.items[item] for m in heard if item in m.items) / len(heard)
            for item in READINESS_ITEMS
            if all(item in m.items for m in heard)
        }
        if means:
            weakest = min(means, key=lambda item: (means[item], list(READINESS_ITEMS).index(item)))
            lines.append(
                t("dialogue_agenda_weakest", lang).format(
                    item=pick(READINESS_ITEMS[weakest], lang),
                    mean=figures.get("readiness_fy").text(means[weakest], lang),
                )
            )
    key = (
        "dialogue_agenda_next_mayor" if any(m.level == 0 for m in group) else "dialogue_agenda_next_followup"
    )
    lines.append(t(key, lang))
    return lines


@dataclass(frozen=True)
class Suggestion:
    rank: int
    codes: tuple[str, ...]
    names: str
    score: float
    parts: dict[str, float]
    reasons: list[str]
    agenda: list[str]


def suggestions(
    ranked: pd.DataFrame, people: dict[str, Member], names: dict[str, str], lang: str
) -> list[Suggestion]:
    out = []
    for row in ranked.to_dict("records"):
        group = [people[c] for c in row["codes"]]
        out.append(
            Suggestion(
                rank=int(row["rank"]),
                codes=tuple(row["codes"]),
                names=SEPARATORS[lang].join(m.name for m in group),
                score=float(row["score"]),
                parts={part: float(row[f"part_{part}"]) for part in PARTS},
                reasons=reasons(group, names, lang),
                agenda=agenda(group, names, lang),
            )
        )
    return out
