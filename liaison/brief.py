"""訪問前ブリーフィング: one municipality's pre-visit brief from today's data, and its talking points.

`load_frames` is the one list of the named queries a brief reads (the page's reader and the tests call it);
every frame is one the other pages read too (the profile's metrics, the planner's factors, the readiness
page's hearing, the 橋渡し page's waiting referrals, the matcher's candidates), so every number in a brief is
the number those pages show. `build` turns the frames into a Brief (plain objects, no Streamlit); `redact`
removes what a role may not read (consultation titles, visit summaries, referral requests, peer cases).

Talking points: up to MAX_POINTS, chosen by RULES in order, each at most once and shown with its rule.
1. step 0–2 (figure step_latest) and at least two thirds of this 年度's consultations on step-3 fields
   (step_gap: a field's typical_step) → talk about the step (全体方針 for 0–1, 推進体制 for 2), naming the
   weakest related hearing item (matcher.FIELD_ITEMS of the fields policy / structure) in this 年度's hearing;
2. 自治体DX担当 or 地域社会DX担当 not visited for more than the overdue threshold (or never) → propose a visit;
3. a referral waiting on its department for more than REFERRAL_OVERDUE_DAYS days → its state and its holder;
4. an open consultation older than planner.AGEING_DAYS days in a field where the matcher finds a peer → 事例紹介;
5. no top-layer contact this 年度 (the planner's count) and this 年度's readiness at least FALL_MIN below the
   last 年度's (figure readiness_fy, as shown) → propose a 首長対話.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from liaison import figures, matcher, planner
from liaison.fiscal import date_label, fiscal_year_label
from liaison.i18n import READINESS_ITEMS, is_missing, localized, pick, t, term
from liaison.profile import talent_support_text
from liaison.queries import run_query

MAX_POINTS = 3
FALL_MIN = 0.3
STEP3_SHARE = (2, 3)  # at least two thirds
PEERS_PER_FIELD = 3
REFERRAL_WAIT_DAYS = figures.REFERRAL_OVERDUE_DAYS  # "waiting for more than 30 days"
OPEN_AGE_DAYS = planner.AGEING_DAYS  # "older than 90 days"
VISIT_DEPARTMENTS = ("自治体DX担当", "地域社会DX担当")  # the two the 要訪問 rule watches
DEPARTMENTS = ("自治体DX担当", "地域社会DX担当", "首長・幹部")
STEP_FIELD = {0: "policy", 1: "policy", 2: "structure"}  # the step's topic → its related hearing items
STEP_TOPIC = {0: "brief_topic_policy", 1: "brief_topic_policy", 2: "brief_topic_structure"}
RULES = (1, 2, 3, 4, 5)
# The figures a brief heads with: catalogue key → municipality_metrics column (the profile's tiles).
HEAD_FIGURES = {
    "readiness_latest": "readiness_index",
    "step_latest": "step",
    "consultations_fy": "consultations_fy",
    "open_all": "open_consultations",
    "days_since_last_visit": "days_since_last_visit",
}


@dataclass(frozen=True)
class Frames:
    """The named queries' frames for one municipality (see load_frames)."""

    profile: pd.DataFrame
    metrics: pd.DataFrame
    factors: pd.DataFrame
    heatmap: pd.DataFrame
    items: pd.DataFrame
    step_gap: pd.DataFrame
    open_cases: pd.DataFrame
    last_visits: pd.DataFrame
    top_contacts: pd.DataFrame
    levels: pd.DataFrame
    referrals: pd.DataFrame
    peers: dict[str, pd.DataFrame]  # field_id of an open consultation → the matcher's ranking


def load_frames(con: duckdb.DuckDBPyConnection, code: str, fiscal_year: int, as_of) -> Frames:
    """Every named query a brief reads, run on `con` (the same queries and parameters as the pages)."""
    fy = fiscal_year
    open_cases = run_query("brief_open_consultations", con=con, code=code, fiscal_year=fy, as_of=as_of)
    peers = {
        field_id: matcher.rank_candidates(
            run_query("similar_case_candidates", con=con, code=code, field_id=field_id, fiscal_year=fy),
            field_id=field_id,
            limit=PEERS_PER_FIELD,
        )
        for field_id in dict.fromkeys(open_cases["field_id"])
    }
    waiting = run_query(  # referrals_open's rows of this municipality, read without the other 54,000
        "brief_referrals", con=con, code=code, as_of=as_of, overdue_days=figures.REFERRAL_OVERDUE_DAYS
    )
    return Frames(
        profile=run_query("municipality_profile", con=con, code=code),
        metrics=run_query("municipality_metrics", con=con, fiscal_year=fy, as_of=as_of),
        factors=run_query(
            "visit_priority_factors",
            con=con,
            fiscal_year=fy,
            as_of=as_of,
            region_id=None,
            liaison_id=None,
            codes=[code],
            ageing_days=planner.AGEING_DAYS,
        ),
        heatmap=run_query("readiness_heatmap", con=con, fiscal_year=fy, region_id=None, codes=[code]),
        items=run_query("readiness_by_item", con=con, code=code, fiscal_year=fy),
        step_gap=run_query("step_gap", con=con, fiscal_year=fy, region_id=None, codes=[code]),
        open_cases=open_cases,
        last_visits=run_query("brief_last_visits", con=con, code=code, fiscal_year=fy, as_of=as_of),
        top_contacts=run_query("brief_top_contacts", con=con, code=code, fiscal_year=fy, as_of=as_of),
        levels=run_query("relationship_levels", con=con, fiscal_year=fy),
        referrals=waiting,
        peers=peers,
    )


@dataclass(frozen=True)
class TalkingPoint:
    """One talking point: the rule that chose it (1–5), its text (aggregates only) and its detail
    (restricted text: titles, departments, peers; '' when redacted)."""

    rule: int
    rule_name: str
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Brief:
    code: str
    title: str
    subtitle: str
    is_liaison_target: bool
    tiles: list[tuple[str, str, str]]  # (figure key, label, text)
    tile_values: dict[str, object]  # figure key → its raw value (the page records what it shows)
    open_cases: pd.DataFrame  # field, status, received, age, last action, title (restricted)
    open_more: int  # open consultations beyond the table (none on screen; the PDF lists at most a page)
    visits: pd.DataFrame  # department, last visit, days, purpose, summary (restricted)
    readiness: list[tuple[str, str]]  # (label, text): this 年度 and last 年度, step now and then
    weakest: pd.DataFrame  # item, score, answer (this 年度's weakest hearing items)
    top_contacts: pd.DataFrame  # date, kind, title, level
    top_contacts_count: int
    relationship: str
    referrals: pd.DataFrame  # department, referred, days, overdue, request (restricted)
    referrals_count: int  # figure referrals_open for this municipality
    peers: pd.DataFrame  # field, peer, similarity, reasons, case (restricted)
    talent_support: str
    points: list[TalkingPoint]
    restricted: tuple[str, ...] = field(default_factory=tuple)  # sections whose restricted parts were removed


def _row(frame: pd.DataFrame, code: str) -> dict | None:
    rows = frame[frame["code"] == code].to_dict("records")
    return rows[0] if rows else None


def _shown(key: str, value):
    """A figure's value as every page shows it (the catalogue's rounding)."""
    return figures.get(key).value(value)


def build(frames: Frames, code: str, fiscal_year: int, as_of, overdue_days: int, lang: str = "ja") -> Brief:
    """The brief of municipality `code` from its frames (pure)."""
    if overdue_days < 1:
        raise ValueError("overdue_days must be at least 1")
    en = lang == "en"
    profile = frames.profile.iloc[0]
    name = profile["name_en"] if en else profile["name_ja"]
    region = profile[localized("region_name", lang)]
    subtitle = t("brief_subtitle", lang).format(
        region=region, fiscal_year=fiscal_year_label(fiscal_year, lang), as_of=date_label(as_of)
    )
    metrics = _row(frames.metrics, code) or {}
    tiles = [
        (key, figures.get(key).label(lang), figures.get(key).text(metrics.get(column), lang))
        for key, column in HEAD_FIGURES.items()
    ]
    factors = _row(frames.factors, code)
    heat = _row(frames.heatmap, code) or {}
    level_row = _row(frames.levels, code) or {}
    level = level_row.get("relationship_level")
    relationship = "—" if is_missing(level) else t(f"relations_level_{int(level)}", lang)
    tiles.append(("relationship_level", figures.get("relationship_level").label(lang), relationship))

    this_year = frames.items[frames.items["fiscal_year"] == fiscal_year]
    readiness = [
        (
            f"{figures.get('readiness_fy').label(lang)}・{fiscal_year_label(fiscal_year, lang)}",
            figures.get("readiness_fy").text(heat.get("mean_score"), lang),
        ),
        (
            f"{figures.get('readiness_fy').label(lang)}・{fiscal_year_label(fiscal_year - 1, lang)}",
            figures.get("readiness_fy").text(heat.get("previous_mean_score"), lang),
        ),
        (t("brief_step_now", lang), figures.get("step_latest").text(heat.get("step"), lang)),
        (t("brief_step_before", lang), figures.get("step_latest").text(heat.get("previous_step"), lang)),
    ]
    weakest = weakest_items(this_year, tuple(READINESS_ITEMS), lang)

    open_cases = frames.open_cases
    field_col = localized("field_name", lang)
    open_table = pd.DataFrame(
        {
            t("brief_col_field", lang): open_cases[field_col],
            t("brief_col_status", lang): [
                term("consultations", "status", s, lang) for s in open_cases["status"]
            ],
            t("brief_col_received", lang): [date_label(d) for d in open_cases["received_on"]],
            t("brief_col_age", lang): open_cases["age_days"].astype(int),
            t("brief_col_last_action", lang): [
                t("brief_no_action", lang)
                if is_missing(day)
                else f"{date_label(day)} {term('support_actions', 'support_type', kind, lang)}"
                for day, kind in zip(
                    open_cases["last_action_on"], open_cases["last_action_type"], strict=True
                )
            ],
            t("brief_col_title", lang): open_cases["title"],
        }
    )
    visits = frames.last_visits.set_index("department")
    visit_rows = []
    for department in DEPARTMENTS:
        seen = department in visits.index
        row = visits.loc[department] if seen else None
        visit_rows.append(
            {
                t("brief_col_department", lang): term("visits", "department", department, lang),
                t("brief_col_last_visit", lang): date_label(row["visited_on"])
                if seen
                else t("brief_never", lang),
                t("brief_col_days", lang): int(row["days_since"]) if seen else None,
                t("brief_col_purpose", lang): term("visits", "purpose", row["purpose"], lang)
                if seen
                else "—",
                t("brief_col_summary", lang): (str(row["summary"]) or "—") if seen else "—",
            }
        )
    contacts = frames.top_contacts
    contact_table = pd.DataFrame(
        {
            t("brief_col_date", lang): [date_label(d) for d in contacts["contact_on"]],
            t("brief_col_kind", lang): [
                t("brief_contact_visit", lang) if kind == "訪問" else term("engagements", "kind", kind, lang)
                for kind in contacts["kind"]
            ],
            t("brief_col_what", lang): [
                term("visits", "purpose", title, lang) if kind == "訪問" else title
                for kind, title in zip(contacts["kind"], contacts["title"], strict=True)
            ],
            t("brief_col_level", lang): [
                term("visits", "department", level, lang)
                if kind == "訪問"
                else term("engagement_participants", "participant_level", level, lang)
                for kind, level in zip(contacts["kind"], contacts["level"], strict=True)
            ],
        }
    )
    top_count = 0 if factors is None else int(factors["top_visits_fy"]) + int(factors["top_engagements_fy"])
    referrals = frames.referrals
    referral_table = pd.DataFrame(
        {
            t("brief_col_department", lang): referrals["department_name"],
            t("brief_col_referred", lang): [date_label(d) for d in referrals["referred_on"]],
            t("brief_col_days", lang): referrals["age_days"].astype(int),
            t("brief_col_overdue", lang): ["⚠" if bool(o) else "" for o in referrals["is_overdue"]],
            t("brief_col_request", lang): referrals["request"],
            "department_id": referrals["department_id"],
        }
    )
    peer_rows = []
    for field_id, ranked in frames.peers.items():
        field_name = open_cases.loc[open_cases["field_id"] == field_id, field_col].iloc[0]
        for peer in ranked.head(1).to_dict("records"):
            peer_rows.append(
                {
                    t("brief_col_field", lang): field_name,
                    t("brief_col_peer", lang): peer[localized("name", lang)],
                    t("brief_col_similarity", lang): f"{peer['similarity']:.2f}",
                    t("brief_col_case", lang): (peer["case_titles"] or [""])[0],
                }
            )
    peer_columns = [t(k, lang) for k in ("brief_col_field", "brief_col_peer", "brief_col_similarity")]
    peers = pd.DataFrame(peer_rows, columns=[*peer_columns, t("brief_col_case", lang)])
    points = talking_points(frames, code, fiscal_year, overdue_days, lang)
    return Brief(
        code=code,
        title=name if en else f"{name}（{profile['name_kana']}）",
        subtitle=subtitle,
        is_liaison_target=bool(profile["is_liaison_target"]),
        tiles=tiles,
        tile_values={key: metrics.get(column) for key, column in HEAD_FIGURES.items()},
        open_cases=open_table,
        open_more=0,
        visits=pd.DataFrame(visit_rows).astype({t("brief_col_days", lang): "Int64"}),
        readiness=readiness,
        weakest=weakest,
        top_contacts=contact_table,
        top_contacts_count=top_count,
        relationship=relationship,
        referrals=referral_table,
        referrals_count=len(referrals),
        peers=peers,
        talent_support=talent_support_text(this_year, lang) or t("brief_no_hearing", lang),
        points=points,
    )


def weakest_items(this_year: pd.DataFrame, items: tuple[str, ...], lang: str, limit: int = 3) -> pd.DataFrame:
    """Of `items`, those at the lowest score in the year's hearing (the radar's order, at most `limit`),
    with the hearing's words."""
    rows = this_year[this_year["item"].isin(items)].set_index("item")
    columns = [t(k, lang) for k in ("hearing_item", "hearing_score", "hearing_answer")]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    lowest = int(rows["score"].min())
    chosen = [
        item for item in READINESS_ITEMS if item in rows.index and int(rows.loc[item, "score"]) == lowest
    ]
    chosen = chosen[:limit]
    return pd.DataFrame(
        {
            columns[0]: [pick(READINESS_ITEMS[item], lang) for item in chosen],
            columns[1]: [lowest] * len(chosen),
            columns[2]: [
                t("hearing_not_recorded", lang)
                if is_missing(rows.loc[item, "answer"])
                else str(rows.loc[item, "answer"])
                for item in chosen
            ],
        }
    )


def talking_points(
    frames: Frames, code: str, fiscal_year: int, overdue_days: int, lang: str
) -> list[TalkingPoint]:
    """The rules that fire, in order, at most MAX_POINTS of them."""
    chosen = []
    for rule in RULES:
        point = RULE_CHECKS[rule](frames, code, fiscal_year, overdue_days, lang)
        if point is not None:
            chosen.append(point)
        if len(chosen) == MAX_POINTS:
            break
    return chosen


def _point(rule: int, lang: str, text: str, detail: str = "") -> TalkingPoint:
    return TalkingPoint(rule, t(f"brief_rule_{rule}", lang), text, detail)


def _rule_step(
    frames: Frames, code: str, fiscal_year: int, overdue_days: int, lang: str
) -> TalkingPoint | None:
    metrics = _row(frames.metrics, code) or {}
    step = _shown("step_latest", metrics.get("step"))
    if step is None or step > 2:
        return None
    total = int(frames.step_gap["consultations"].sum())
    step3 = int(frames.step_gap.loc[frames.step_gap["step"] == 3, "consultations"].sum())
    if total == 0 or step3 * STEP3_SHARE[1] < total * STEP3_SHARE[0]:
        return None
    this_year = frames.items[frames.items["fiscal_year"] == fiscal_year]
    weakest = weakest_items(this_year, matcher.related_items(STEP_FIELD[step]), lang, limit=1)
    if weakest.empty:
        item = t("brief_no_hearing", lang)
    else:
        row = weakest.iloc[0]
        item = t("brief_item_named", lang).format(
            item=row.iloc[0], score=int(row.iloc[1]), answer=row.iloc[2]
        )
    text = t("brief_point_1", lang).format(
        step=step, topic=t(STEP_TOPIC[step], lang), step3=step3, total=total, item=item
    )
    return _point(1, lang, text)


def _rule_visit(
    frames: Frames, code: str, fiscal_year: int, overdue_days: int, lang: str
) -> TalkingPoint | None:
    factors = _row(frames.factors, code)
    if factors is None:
        return None
    columns = dict(
        zip(VISIT_DEPARTMENTS, ("days_since_municipal_dx", "days_since_community_dx"), strict=True)
    )
    due = []
    for department, column in columns.items():
        days = factors[column]
        shown = term("visits", "department", department, lang)
        if is_missing(days):
            due.append(t("planner_reason_never_visited", lang).format(department=shown))
        elif int(days) > overdue_days:
            due.append(t("planner_reason_overdue_days", lang).format(department=shown, days=int(days)))
    if not due:
        return None
    text = t("brief_point_2", lang).format(due=("; " if lang == "en" else "、").join(due), days=overdue_days)
    return _point(2, lang, text)


def _rule_referral(
    frames: Frames, code: str, fiscal_year: int, overdue_days: int, lang: str
) -> TalkingPoint | None:
    waiting = frames.referrals[frames.referrals["age_days"] > REFERRAL_WAIT_DAYS]
    if waiting.empty:
        return None
    oldest = waiting.sort_values(["age_days", "referral_id"], ascending=[False, True]).iloc[0]
    state = t("brief_state_overdue", lang) if bool(oldest["is_overdue"]) else t("brief_state_waiting", lang)
    text = t("brief_point_3", lang).format(
        count=len(waiting), days=int(oldest["age_days"]), limit=REFERRAL_WAIT_DAYS, state=state
    )
    detail = t("brief_point_3_detail", lang).format(
        department=oldest["department_name"],
        referred=date_label(oldest["referred_on"]),
        title=oldest["title"],
    )
    return _point(3, lang, text, detail)


def _rule_peer(
    frames: Frames, code: str, fiscal_year: int, overdue_days: int, lang: str
) -> TalkingPoint | None:
    old = frames.open_cases[frames.open_cases["age_days"] > OPEN_AGE_DAYS]
    for case in old.sort_values(["age_days", "consultation_id"], ascending=[False, True]).to_dict("records"):
        ranked = frames.peers.get(case["field_id"])
        if ranked is None or ranked.empty:
            continue
        peer = ranked.iloc[0]
        text = t("brief_point_4", lang).format(
            field=case[localized("field_name", lang)], days=int(case["age_days"]), limit=OPEN_AGE_DAYS
        )
        detail = t("brief_point_4_detail", lang).format(
            peer=peer[localized("name", lang)],
            similarity=f"{peer['similarity']:.2f}",
            case=(peer["case_titles"] or [""])[0],
            title=case["title"],
        )
        return _point(4, lang, text, detail)
    return None


def _rule_dialogue(
    frames: Frames, code: str, fiscal_year: int, overdue_days: int, lang: str
) -> TalkingPoint | None:
    factors = _row(frames.factors, code)
    heat = _row(frames.heatmap, code) or {}
    if factors is None or int(factors["top_visits_fy"]) + int(factors["top_engagements_fy"]) > 0:
        return None
    now, before = (
        _shown("readiness_fy", heat.get("mean_score")),
        _shown("readiness_fy", heat.get("previous_mean_score")),
    )
    if now is None or before is None or figures.round_half_up(before - now, 2) < FALL_MIN:
        return None
    text = t("brief_point_5", lang).format(
        before=figures.get("readiness_fy").text(before, lang),
        after=figures.get("readiness_fy").text(now, lang),
    )
    return _point(5, lang, text)


RULE_CHECKS = {1: _rule_step, 2: _rule_visit, 3: _rule_referral, 4: _rule_peer, 5: _rule_dialogue}


# --------------------------------------------------------------------------- who may read what

FULL = "full"  # read_text: everything
AGGREGATE = "aggregate"  # no read_text (閲覧, 関係部署): counts and dates, no titles, summaries or requests


def redact(
    brief: Brief, lang: str, department_id: int | None = None, may_read_referrals: bool = False
) -> Brief:
    """The brief without restricted text: consultation titles, visit summaries, referral requests and
    departments (a 関係部署 contact keeps the rows addressed to their department, without the request),
    the peer cases (the matcher names consultations) and the talking points' details."""
    title, summary, request = (
        t(k, lang) for k in ("brief_col_title", "brief_col_summary", "brief_col_request")
    )
    referrals = brief.referrals.drop(columns=[request])
    if not may_read_referrals:
        referrals = referrals.iloc[0:0]
    elif department_id is not None:
        referrals = referrals[referrals["department_id"] == department_id].reset_index(drop=True)
    return dataclasses.replace(
        brief,
        open_cases=brief.open_cases.drop(columns=[title]),
        visits=brief.visits.drop(columns=[summary]),
        referrals=referrals,
        peers=brief.peers.iloc[0:0],
        points=[dataclasses.replace(point, detail="") for point in brief.points],
        restricted=("open_cases", "visits", "referrals", "peers", "points"),
    )
