"""A small store for the brief tests: the planner's hand-made store (tests/planner_fixtures.py) plus what a
brief reads beyond it. "Now" is 2025-11-30 (令和7年度); overdue threshold 90 days.

Added records (consultation ids 101–; the planner's are 1–17):
  小野市 282189  two open step-3 consultations this 年度 (genai 2025-10-01, frontyard 2025-11-10) beside its
                 closed talent case → 2 of 3 on step-3 fields (exactly two thirds); a referral of the genai case
                 to 情報政策課 on 2025-10-15 (46 days, no due date → overdue) with a support action;
                 answers 目指す姿 「将来像は未定」.
  多可町 283657  a referral of its security case to 防災課 on 2025-10-31 (exactly 30 days: not "more than 30").
  西脇市 282138  visit summaries (restricted text) on its two latest visits.

Talking points expected (rules 1–5, at most three):
  小野市  1 (step 1 → 全体方針, weakest of 目指す姿/トップのコミットメント: 目指す姿 2), 2 (地域社会DX never),
          3 (46 days), [5 fires too (no contact, 2.50→2.00) but is the fourth]
  多可町  1 (step 2, 1 of 1 consultations on step 3 → 推進体制, weakest of トップのコミットメント/推進体制: 3)
  加西市  2 (地域社会DX 160 days), 4 (talent open 210 days; peer 姫路市)
  三木市  2 (自治体DX 150 days); no 5: no contact but no fall (3.00 both years)
  加東市  2 (both 120 days); no 5: no hearing
  西脇市  none
"""

from __future__ import annotations

from datetime import date

import duckdb
import planner_fixtures
from planner_fixtures import NISHIWAKI, ONO, TAKA, _frame_insert

from liaison import brief

AS_OF = planner_fixtures.AS_OF
FY = 2025
INFO, BOSAI = 1, 2  # department ids


def load(con: duckdb.DuckDBPyConnection, code: str) -> brief.Frames:
    return brief.load_frames(con, code, FY, AS_OF)


def build(con: duckdb.DuckDBPyConnection, code: str, lang: str = "ja", overdue_days: int = 90) -> brief.Brief:
    """The brief as dashboard/readers/brief.py builds it (before any redaction)."""
    return brief.build(load(con, code), code, FY, AS_OF, overdue_days, lang)


def fill(con: duckdb.DuckDBPyConnection) -> None:
    planner_fixtures.fill(con)
    cases = [
        (101, date(2025, 10, 1), ONO, "genai", "生成AIの議事録作成の試行", "対応中"),
        (102, date(2025, 11, 10), ONO, "frontyard", "書かない窓口の導入", "受付"),
    ]
    _frame_insert(
        con,
        "insert into consultations by name select * from frame",
        [
            {
                "consultation_id": cid,
                "received_on": day,
                "municipality_code": code,
                "field_id": field_id,
                "channel": "メール",
                "title": title,
                "detail": "詳細（非公開）",
                "status": status,
                "owner_liaison_id": None,
                "closed_on": None,
            }
            for cid, day, code, field_id, title, status in cases
        ],
    )
    con.execute("select max(nextval('consultations_seq')) from range(120)")
    con.execute(
        "insert into support_actions (consultation_id, acted_on, support_type, liaison_id, note)"
        " values (101, date '2025-10-15', '関係部署への橋渡し', 'R-kita_harima-1', '')"
    )
    con.execute(
        "insert into departments (department_id, name_ja, section) values"
        " (1, '情報政策課', '企画部'), (2, '防災課', '危機管理部')"
    )
    con.execute("select max(nextval('departments_seq')) from range(3)")
    taka_security = con.execute(
        "select consultation_id from consultations where municipality_code = $c and field_id = 'security'",
        {"c": TAKA},
    ).fetchone()[0]
    con.execute(
        "insert into referrals (referral_id, consultation_id, department_id, referred_on, request) values"
        " (1, 101, 1, date '2025-10-15', 'AI利用の庁内規程の確認'),"
        " (2, $taka, 2, date '2025-10-31', 'ポリシーの助言')",
        {"taka": taka_security},
    )
    con.execute("select max(nextval('referrals_seq')) from range(3)")
    con.execute(
        "update readiness_assessments set answer_vision = '将来像は未定'"
        " where municipality_code = $c and fiscal_year = 2025",
        {"c": ONO},
    )
    con.execute(
        "update visits set summary = '<b>窓口</b>の課題を聞き取り' where municipality_code = $c",
        {"c": NISHIWAKI},
    )
