"""関係部署への共有: the digest's counts for a seeded week (the brief store plus the week's events below), and
each department's part.

Week 2025-11-24..2025-11-30 (the default: seven days ending on the reference day), on top of brief_fixtures:
  new       三木市 マイナンバーカード 2025-11-25 (id 201)                                        → 1
  changed   小野市 genai (101): an audit update 11-26 and a support action 11-27 (once);
            (102's audit updates fall on 11-23 and 12-01 in Japan time: outside the week)
            加西市 人材育成の研修計画: a support action 11-28                                      → 2
  visit     多可町 both departments 11-25 (planner_fixtures)                                      → 2
  referral  201 → 情報政策課 11-26                                                               → 1
  answer    多可町's referral to 防災課 answered 11-29 (回答あり)                                  → 1
  overdue   小野市's referral to 情報政策課 (46 days, no due date)                                 → 1
情報政策課's fields: genai, mynumber → new 1, changed 1 (101), referral 1, overdue 1. 防災課 (security): answer 1.
"""

from __future__ import annotations

from datetime import date

import pytest
from brief_fixtures import fill as brief_fill
from planner_fixtures import KASAI, MIKI

from liaison import digest, digest_pdf, figures, store
from liaison.queries import run_query

AS_OF = date(2025, 11, 30)
WEEK = digest.default_period(AS_OF)
INFO, BOSAI = 1, 2


def fill(con) -> None:
    brief_fill(con)
    con.execute(
        "insert into consultations (consultation_id, received_on, municipality_code, field_id, channel, title,"
        " status) values (201, date '2025-11-25', $miki, 'mynumber', 'メール', 'マイナカードの申請支援', '受付')",
        {"miki": MIKI},
    )
    con.execute(
        "insert into audit_log (acted_at, actor, table_name, record_key, action) values"
        " (timestamp '2025-11-26 10:00', 'テスト', 'consultations', '101', 'update'),"
        " (timestamp '2025-11-23 14:00', 'テスト', 'consultations', '102', 'update'),"  # 11-23 23:00 in Japan
        " (timestamp '2025-11-30 16:00', 'テスト', 'consultations', '102', 'update')"  # 12-01 01:00 in Japan
    )
    kasai_case = con.execute(
        "select consultation_id from consultations where municipality_code = $c and title = '人材育成の研修計画'",
        {"c": KASAI},
    ).fetchone()[0]
    con.execute(
        "insert into support_actions (consultation_id, acted_on, support_type) values"
        " (101, date '2025-11-27', '専門的な助言'), ($k, date '2025-11-28', '事例紹介')",
        {"k": kasai_case},
    )
    con.execute(
        "insert into referrals (referral_id, consultation_id, department_id, referred_on, request)"
        " values (3, 201, 1, date '2025-11-26', '交付窓口の体制')"
    )
    con.execute(
        "update referrals set outcome = '回答あり', responded_on = date '2025-11-29', response = '助言済み'"
        " where referral_id = 2"
    )


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("digest") / "small.duckdb", fill)
    connection = store.connect(path)
    yield connection
    connection.close()


def test_default_period_is_the_week_ending_today():
    assert WEEK == (date(2025, 11, 24), date(2025, 11, 30))


def test_week_counts(small):
    frames = digest.load_frames(small, *WEEK)
    assert digest.counts(frames) == {
        "new": 1, "changed": 2, "visit": 2, "referral": 1, "answer": 1, "overdue": 1,
    }  # fmt: skip


def _waiting(con):
    """The referrals page's waiting referrals (referrals_open), prefecture-wide."""
    return run_query(
        "referrals_open",
        con=con,
        as_of=AS_OF,
        overdue_days=figures.REFERRAL_OVERDUE_DAYS,
        region_id=None,
        department_id=None,
    )


def test_overdue_equals_the_referrals_page(small):
    frames = digest.load_frames(small, *WEEK)
    waiting = _waiting(small)
    assert digest.counts(frames)["overdue"] == int(waiting["is_overdue"].sum())


def test_by_region_field_and_department(small):
    made = digest.view(digest.load_frames(small, *WEEK))
    region = made.by_region.set_index("圏域")
    assert region.loc["北播磨", "訪問"] == 2 and region.loc["北播磨", "更新された相談"] == 2
    assert int(made.by_region.drop(columns="圏域").to_numpy().sum()) == 8
    department = made.by_department.set_index("部署")
    assert (
        department.loc["情報政策課", "橋渡し"] == 1 and department.loc["情報政策課", "期限超過の橋渡し"] == 1
    )
    assert department.loc["防災課", "部署の回答"] == 1
    field = made.by_field.set_index("分野")
    assert field.loc["（分野なし）", "訪問"] == 2 and field.loc["マイナンバーカード", "新しい相談"] == 1


def test_department_parts(small):
    frames = digest.load_frames(small, *WEEK)
    assert digest.counts(digest.department_part(frames, INFO)) == {
        "new": 1, "changed": 1, "visit": 0, "referral": 1, "answer": 0, "overdue": 1,
    }  # fmt: skip
    assert digest.counts(digest.department_part(frames, BOSAI)) == {
        "new": 0, "changed": 0, "visit": 0, "referral": 0, "answer": 1, "overdue": 0,
    }  # fmt: skip


def test_text_blanked_when_not_allowed(small):
    frames = digest.load_frames(small, *WEEK)
    events = frames.events
    assert not digest.view(frames, with_text=False).events["件名"].str.len().any()
    mine = digest.view(frames, with_text=events["department_id"] == INFO).events
    assert set(mine.loc[mine["件名"] != "", "部署"]) == {"情報政策課"}


def test_bad_period_is_refused():
    with pytest.raises(ValueError, match="より後です"):
        digest.check_period(date(2025, 11, 30), date(2025, 11, 24), AS_OF)
    with pytest.raises(ValueError, match="基準日"):
        digest.check_period(date(2025, 11, 24), date(2025, 12, 1), AS_OF)


def fill_piled(con) -> None:
    """The week's store with four more referrals overdue on 11-30: 情報政策課 3 in all, 防災課 2."""
    fill(con)
    kasai_case = con.execute(
        "select consultation_id from consultations where municipality_code = $c and title = '人材育成の研修計画'",
        {"c": KASAI},
    ).fetchone()[0]
    con.execute(
        "insert into referrals (referral_id, consultation_id, department_id, referred_on, due_on, request) values"
        " (20, 102, 1, date '2025-08-01', null, '八月の依頼'),"
        " (21, $k, 1, date '2025-06-01', date '2025-06-30', '六月の依頼'),"
        " (22, $k, 2, date '2025-07-01', null, '七月の依頼'),"
        " (23, 102, 2, date '2025-09-15', null, '九月の依頼')",
        {"k": kasai_case},
    )


@pytest.fixture(scope="module")
def piled(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("digest_piled") / "piled.duckdb", fill_piled)
    connection = store.connect(path)
    yield connection
    connection.close()


def overdue_requests(events) -> list[str]:
    return list(events.loc[events["kind"] == "overdue", "detail"])


def test_overdue_counted_whole_and_listed_longest_waiting(piled, monkeypatch):
    monkeypatch.setattr(digest, "OVERDUE_LISTED", 2)
    frames = digest.load_frames(piled, *WEEK)
    every = digest.load_frames(piled, *WEEK, every_overdue=True)
    assert digest.counts(frames) == digest.counts(every) and digest.counts(frames)["overdue"] == 5
    # the query keeps each department's two longest waiting; the list, the two longest waiting of all
    assert sorted(overdue_requests(frames.events)) == sorted(
        ["六月の依頼", "八月の依頼", "七月の依頼", "九月の依頼"]
    )
    assert overdue_requests(every.events)[:2] == ["六月の依頼", "七月の依頼"]
    made = digest.view(frames)
    assert list(made.events.loc[made.events["種類"] == "期限超過の橋渡し", "内容・概要"]) == [
        "六月の依頼",
        "七月の依頼",
    ]
    assert made.overdue_listed == 2 and "5 件のうち、待ちの長い 2 件" in digest.overdue_note(made)
    assert digest.overdue_note(made) in digest_pdf.to_html(made, *WEEK, "すべての部署")  # the PDF says so too
    for dimension in ("region", "field", "department"):
        assert digest.counts_by(frames, dimension).equals(digest.counts_by(every, dimension))
    excel = digest.event_table(every.events)  # what the Excel holds (dashboard.readers.digest.digest_xlsx)
    assert (excel["種類"] == "期限超過の橋渡し").sum() == 5
    department = digest.view(digest.department_part(frames, INFO))
    assert department.counts["overdue"] == 3 and department.overdue_listed == 2
    assert list(department.events.loc[department.events["種類"] == "期限超過の橋渡し", "内容・概要"]) == [
        "六月の依頼", "八月の依頼",
    ]  # fmt: skip


def test_overdue_note_only_when_some_are_left_out(small):
    assert digest.overdue_note(digest.view(digest.load_frames(small, *WEEK))) is None


def test_piled_overdue_equals_the_referrals_page(piled):
    waiting = _waiting(piled)
    assert digest.counts(digest.load_frames(piled, *WEEK))["overdue"] == int(waiting["is_overdue"].sum()) == 5
