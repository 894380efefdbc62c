"""A small hand-made store for the planner and matcher tests: every expected rank can be worked out by hand.

rank_next_visits and similar_cases rank on any store as the app's readers do: the named query, then the builder.

The reference data (41 municipalities) is real; records exist only for the municipalities below.
"Now" is 2025-11-30 (令和7年度, window 2025-04-01..2025-11-30).

北播磨 (kita_harima), for the planner (overdue 90 days; see liaison/planner.py WEIGHTS):
  西脇市 282138  自治体DX 10日前, 地域社会DX 60日前, step 2 mean 3.0 both years, 首長対話 this 年度 → 0
  三木市 282154  自治体DX 150日 → 3×150/90 = 5.0; 地域社会DX exactly 90 days → 0;
                 top contact only last 年度 → 1.5                                                   → 6.5
  小野市 282189  地域社会DX never → 1.5×2 = 3.0; step 1 mean 2.00 → low 2.0;
                 mean 2.50→2.00 → falling 2.0; no top contact 1.5                                   → 8.5
  加西市 282201  地域社会DX 160日 → 1.5×160/90 = 2.667; open 210/121/29 days → 2 ageing + oldest>180 → 3.0 → 5.67
  加東市 282286  both departments 120日 → 4.0 + 2.0; no hearing 1.0; only a 職員 at an engagement → 1.5 → 8.5
  多可町 283657  step 3→2 → falling 2.0; one open case 97 days → 1.0; a 首長・幹部 visit counts as contact → 3.0
  ranking: 小野市 8.5, 加東市 8.5 (tie → code), 三木市 6.5, 加西市 5.67, 多可町 3.0, 西脇市 0

デジタル人材育成 (talent) cases, for the matcher (asker 小野市: 市, 1万〜5万, 北播磨, step 1, talent items 2/2):
  西脇市   完了×2, 市 1–5万 北播磨, step 2, talent 3/3 (+1.0)   → 0.35+0.15+0.20+0.30 = 1.00
  加西市   完了,   市 1–5万 北播磨, step 3, talent 4/4 (+2.0)   → 0.35+0.15+0.20+0.15 = 0.85
  多可町   完了,   町 1–5万 北播磨, step 2, talent 3/3 (+1.0)   → 0.35+0.00+0.20+0.30 = 0.85
  三木市   完了,   市 5–20万 北播磨, step 2, talent 3/3 (+1.0)  → 0.00+0.15+0.20+0.30 = 0.65
  赤穂市   完了,   市 population unknown, 西播磨, step 1, talent 2/3 (+0.5) → 0.15+0.30 = 0.45
  姫路市   完了 (last 年度), 市 20万+, 中播磨, step 3, talent 4/4 (+2.0) → 0.15+0.15 = 0.30
  excluded: 加東市 (no hearing), 相生市 (weaker: talent 1/1), 宍粟市 (only 橋渡し済), 神戸市, 小野市 itself.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from liaison import matcher, planner
from liaison.queries import run_query

AS_OF = date(2025, 11, 30)
NISHIWAKI, MIKI, ONO, KASAI, KATO, TAKA = "282138", "282154", "282189", "282201", "282286", "283657"
AKO, HIMEJI, AIOI, SHISO, KOBE = "282120", "282014", "282081", "282278", "281000"
PLANNER_ORDER = [ONO, KATO, MIKI, KASAI, TAKA, NISHIWAKI]
ITEMS = (
    "score_vision",
    "score_top_commitment",
    "score_structure",
    "score_staff_mindset",
    "score_talent_profile",
    "score_talent_policy",
    "score_progress",
    "score_issue_awareness",
)


def rank_next_visits(
    con: duckdb.DuckDBPyConnection,
    *,
    fiscal_year: int,
    as_of: date,
    region_id: str | None = None,
    liaison_id: str | None = None,
    codes: list[str] | None = None,
    overdue_days: int = 90,
    limit: int | None = None,
) -> pd.DataFrame:
    """The planner's ranking (dashboard/readers/planner.py's next_visits) on the store `con`."""
    factors = run_query(
        "visit_priority_factors",
        con=con,
        fiscal_year=fiscal_year,
        as_of=as_of,
        region_id=region_id,
        liaison_id=liaison_id,
        codes=codes,
        ageing_days=planner.AGEING_DAYS,
    )
    return planner.score_factors(factors, overdue_days=overdue_days, limit=limit)


def similar_cases(
    con: duckdb.DuckDBPyConnection, *, code: str, field_id: str, fiscal_year: int, limit: int | None = 5
) -> pd.DataFrame:
    """The matcher's ranking (dashboard/readers/matcher.py's similar_cases) on the store `con`."""
    candidates = run_query(
        "similar_case_candidates", con=con, code=code, field_id=field_id, fiscal_year=fiscal_year
    )
    return matcher.rank_candidates(candidates, field_id=field_id, limit=limit)


def _frame_insert(con: duckdb.DuckDBPyConnection, statement: str, rows: list[dict]) -> None:
    frame = pd.DataFrame(rows)  # noqa: F841 - read by name in the statement
    con.execute(statement)


def _hearing(code: str, fiscal_year: int, step: int, scores: list[int] | int, **items: int) -> dict:
    values = [scores] * 8 if isinstance(scores, int) else scores
    row = dict(zip(ITEMS, values, strict=True))
    row.update(items)
    return {
        "municipality_code": code,
        "fiscal_year": fiscal_year,
        "assessed_on": date(fiscal_year, 8, 1),
        "step": step,
        "note": "",
        **row,
    }


def _visit(code: str, day: date, department: str, liaison: str = "R-kita_harima-1") -> dict:
    return {
        "visited_on": day,
        "municipality_code": code,
        "liaison_id": liaison,
        "department": department,
        "purpose": "定期巡回",
        "summary": "",
    }


_next_id = iter(range(1, 1000))


def _case(
    code: str,
    field_id: str,
    title: str,
    received: date,
    status: str = "完了",
    closed: date | None = None,
) -> dict:
    return {
        "consultation_id": next(_next_id),
        "received_on": received,
        "municipality_code": code,
        "field_id": field_id,
        "channel": "メール",
        "title": title,
        "detail": "",
        "status": status,
        "owner_liaison_id": None,
        "closed_on": closed,
    }


def fill(con: duckdb.DuckDBPyConnection) -> None:
    """Write the records described in the module docstring into a migrated store with reference data."""
    global _next_id
    _next_id = iter(range(1, 1000))
    liaisons = [
        ("R-kita_harima-1", "北播 一郎", "地域", "デジタル戦略課", "kita_harima", None, True),
        ("R-nishi_harima-1", "西播 花子", "地域", "デジタル戦略課", "nishi_harima", None, True),
        ("F-talent", "人材 育子", "分野", "デジタル改革課", None, "talent", True),
        ("F-genai", "生成 太郎", "分野", "デジタル改革課", None, "genai", False),
    ]
    people = [
        dict(
            zip(
                ["liaison_id", "name_ja", "kind", "section", "region_id", "field_id", "is_active"],
                row,
                strict=True,
            )
        )
        for row in liaisons
    ]
    _frame_insert(
        con,
        "insert into liaisons (liaison_id, name_ja, section, is_active)"
        " select liaison_id, name_ja, section, is_active from frame",
        people,
    )
    _frame_insert(
        con,
        "insert into liaison_assignments (liaison_id, kind, region_id, field_id)"
        " select liaison_id, kind, region_id, field_id from frame",
        people,
    )

    municipal, community, top = "自治体DX担当", "地域社会DX担当", "首長・幹部"
    visits = [
        _visit(NISHIWAKI, date(2025, 11, 20), municipal),
        _visit(NISHIWAKI, date(2025, 10, 1), community),
        _visit(NISHIWAKI, date(2025, 6, 1), municipal),
        _visit(MIKI, date(2025, 7, 3), municipal),
        _visit(MIKI, date(2025, 9, 1), community),
        _visit(ONO, date(2025, 11, 1), municipal),
        _visit(KASAI, date(2025, 10, 1), municipal),
        _visit(KASAI, date(2025, 6, 23), community),
        _visit(KATO, date(2025, 8, 2), municipal),
        _visit(KATO, date(2025, 8, 2), community),
        _visit(KATO, date(2024, 12, 1), top),  # last 年度: not a contact this 年度
        _visit(TAKA, date(2025, 11, 25), municipal),
        _visit(TAKA, date(2025, 11, 25), community),
        _visit(TAKA, date(2025, 6, 1), top),
    ]
    _frame_insert(con, "insert into visits by name select * from frame", visits)

    talent = "talent"
    cases = [
        _case(NISHIWAKI, talent, "デジタル人材育成方針の策定", date(2025, 5, 10), closed=date(2025, 6, 20)),
        _case(NISHIWAKI, talent, "DX推進リーダー研修の設計", date(2024, 9, 1), closed=date(2024, 11, 15)),
        _case(MIKI, talent, "外部デジタル人材の確保について", date(2024, 6, 1), closed=date(2024, 8, 1)),
        _case(ONO, talent, "小野市の自前の人材育成相談", date(2025, 4, 15), closed=date(2025, 5, 15)),
        _case(KASAI, talent, "人材育成の研修計画", date(2025, 5, 4), status="対応中"),
        _case(KASAI, talent, "育成目標の設定", date(2025, 8, 1), status="保留"),
        _case(KASAI, "genai", "生成AIの利用ガイドライン策定", date(2025, 11, 1), status="受付"),
        _case(KASAI, talent, "<b>資格取得支援</b>の制度化", date(2024, 12, 1), closed=date(2025, 2, 1)),
        _case(KATO, talent, "加東市の人材確保", date(2025, 4, 10), closed=date(2025, 5, 10)),
        _case(TAKA, talent, "町職員のITパスポート研修", date(2024, 10, 1), closed=date(2024, 12, 1)),
        _case(TAKA, "security", "セキュリティポリシーの改定", date(2025, 8, 25), status="対応中"),
        _case(AKO, talent, "赤穂市の人材育成計画", date(2025, 6, 1), closed=date(2025, 7, 15)),
        _case(HIMEJI, talent, "姫路市のDX人材研修", date(2024, 9, 1), closed=date(2024, 10, 1)),
        _case(HIMEJI, "genai", "姫路市の生成AI活用", date(2025, 6, 1), closed=date(2025, 7, 1)),
        _case(AIOI, talent, "相生市の人材育成", date(2025, 1, 10), closed=date(2025, 3, 10)),
        _case(SHISO, talent, "宍粟市の人材育成（橋渡し）", date(2025, 7, 1), "橋渡し済", date(2025, 7, 20)),
        _case(KOBE, talent, "神戸市の人材育成", date(2025, 5, 1), closed=date(2025, 6, 1)),
    ]
    _frame_insert(con, "insert into consultations by name select * from frame", cases)
    con.execute("select max(nextval('consultations_seq')) from range($n)", {"n": len(cases)})

    mixed = [2, 2, 2, 2, 3, 3, 3, 3]  # mean 2.5
    hearings = [
        _hearing(NISHIWAKI, 2025, 2, 3),
        _hearing(NISHIWAKI, 2024, 2, 3),
        _hearing(MIKI, 2025, 2, 3),
        _hearing(MIKI, 2024, 2, 3),
        _hearing(ONO, 2025, 1, 2),
        _hearing(ONO, 2024, 1, mixed),
        _hearing(KASAI, 2025, 3, 4),
        _hearing(KASAI, 2024, 3, 4),
        _hearing(TAKA, 2025, 2, 3),
        _hearing(TAKA, 2024, 3, 3),
        _hearing(AKO, 2025, 1, 3, score_talent_profile=2),  # mean 2.875, talent 2/3
        _hearing(HIMEJI, 2025, 3, 4),
        _hearing(AIOI, 2025, 1, 2, score_talent_profile=1, score_talent_policy=1),
        _hearing(SHISO, 2025, 3, 4),
        _hearing(KOBE, 2025, 3, 5),
    ]
    _frame_insert(con, "insert into readiness_assessments by name select * from frame", hearings)

    engagements = [
        (1, date(2025, 7, 10), "首長対話", "首長とのDX対話"),
        (2, date(2025, 3, 20), "トップマネジメントセミナー", "トップマネジメントセミナー（前年度）"),
        (3, date(2025, 7, 10), "DX推進懇談会", "北播磨地域DX推進懇談会"),
        (4, date(2025, 9, 1), "リエゾン研修", "市町DX担当者向けリエゾン研修"),
    ]
    _frame_insert(
        con,
        "insert into engagements by name select * from frame",
        [
            {"engagement_id": e, "held_on": d, "kind": k, "title": title, "note": ""}
            for e, d, k, title in engagements
        ],
    )
    participants = [
        (1, NISHIWAKI, "首長"),
        (2, MIKI, "首長"),
        (3, KASAI, "幹部"),
        (4, KATO, "職員"),
        (4, MIKI, "職員"),
    ]
    _frame_insert(
        con,
        "insert into engagement_participants by name select * from frame",
        [
            {"engagement_id": e, "municipality_code": c, "participant_level": lvl}
            for e, c, lvl in participants
        ],
    )
    con.execute("select max(nextval('engagements_seq')) from range($n)", {"n": len(engagements)})
    con.execute(
        "insert or replace into store_meta values ('is_demo', 'false'), ('as_of', $as_of)",
        {"as_of": AS_OF.isoformat()},
    )
