"""The 監査ログ queries on known rows: filters, the 日本時間 day window (UTC+9), the limit and the total,
the pickers' counts; and the view-model's words for a change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from liaison import audit, paths, store
from liaison.queries import run_query

# (UTC acted_at, actor, table, key, action, before, after)
CHANGES = [
    (datetime(2025, 11, 29, 14, 59), "佐藤（sato）", "visits", "1", "insert", None, {"summary": "訪問"}),
    (
        datetime(2025, 11, 29, 15, 0),
        "佐藤（sato）",
        "visits",
        "1",
        "update",
        {"summary": "訪問"},
        {"summary": "再訪"},
    ),
    (
        datetime(2025, 11, 30, 14, 30),
        "鈴木（suzuki）",
        "consultations",
        "7",
        "update",
        {"status": "受付"},
        {"status": "完了"},
    ),
    (datetime(2025, 11, 30, 15, 10), "鈴木（suzuki）", "accounts", "3", "insert", None, {"login_name": "x"}),
    (datetime(2025, 12, 1, 2, 0), "佐藤（sato）", "consultations", "7", "void", None, {"reason": "重複"}),
]
EVENTS = [
    (datetime(2025, 11, 30, 0, 0), "Sato", "failure"),
    (datetime(2025, 11, 30, 0, 1), "sato", "success"),
    (datetime(2025, 11, 30, 16, 0), "nobody", "unknown"),
]


@pytest.fixture(scope="module")
def logged(store_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("audit") / "audit.duckdb"
    path.write_bytes(store_template.read_bytes())
    con = store.connect(path)
    con.execute("delete from audit_log")
    for when, actor, table, key, action, before, after in CHANGES:
        con.execute(
            "insert into audit_log (acted_at, actor, table_name, record_key, action, before_json, after_json)"
            " values ($when, $actor, $table, $key, $action, $before, $after)",
            {
                "when": when,
                "actor": actor,
                "table": table,
                "key": key,
                "action": action,
                "before": json.dumps(before, ensure_ascii=False) if before else None,
                "after": json.dumps(after, ensure_ascii=False),
            },
        )
    for when, name, outcome in EVENTS:
        con.execute(
            "insert into login_events (occurred_at, login_name, method, outcome) values ($w, $n, 'local', $o)",
            {"w": when, "n": name, "o": outcome},
        )
    yield con
    con.close()


def changes(con, limit=None, **filters):
    from_at, to_at = audit.Filters(
        **{k: v for k, v in filters.items() if k in ("from_on", "to_on")}
    ).utc_window()
    return run_query(
        "audit_log_by_filter",
        con=con,
        actor=filters.get("person"),
        table_name=filters.get("table_name"),
        action=filters.get("action"),
        from_at=from_at,
        to_at=to_at,
        limit=limit,
    )


@pytest.mark.parametrize(
    ("filters", "keys", "total"),
    [
        ({}, ["7", "3", "7", "1", "1"], 5),
        ({"person": "佐藤（sato）"}, ["7", "1", "1"], 3),
        ({"table_name": "consultations"}, ["7", "7"], 2),
        ({"action": "update"}, ["7", "1"], 2),
        # 2025-11-30 in Japan is 2025-11-29 15:00 to 2025-11-30 15:00 UTC
        ({"from_on": date(2025, 11, 30), "to_on": date(2025, 11, 30)}, ["7", "1"], 2),
        ({"to_on": date(2025, 11, 29)}, ["1"], 1),
        ({"from_on": date(2025, 12, 1)}, ["7", "3"], 2),
        ({"person": "佐藤（sato）", "table_name": "consultations"}, ["7"], 1),
        ({"person": "だれか"}, [], 0),
    ],
)
def test_audit_log_by_filter(logged, filters, keys, total):
    rows = changes(logged, **filters)
    assert list(rows["record_key"]) == keys
    assert audit.total(rows) == total


def test_the_limit_keeps_the_newest_and_counts_all(logged):
    rows = changes(logged, limit=2)
    assert list(rows["action"]) == ["void", "insert"] and audit.total(rows) == 5


def test_login_events_by_filter(logged):
    def events(**params):
        base = {"login_name": None, "outcome": None, "from_at": None, "to_at": None, "limit": None}
        return run_query("login_events_by_filter", con=logged, **(base | params))

    assert list(events()["outcome"]) == ["unknown", "success", "failure"]
    assert list(events(login_name="SATO")["login_name"]) == ["sato", "Sato"]  # case-insensitive
    assert list(events(outcome="failure")["login_name"]) == ["Sato"]
    from_at, to_at = audit.utc_window(date(2025, 12, 1), None)  # 16:00 UTC on 11-30 is 12-01 01:00 in Japan
    assert list(events(from_at=from_at)["login_name"]) == ["nobody"]
    assert audit.total(events(limit=1)) == 3


def test_audit_facets(logged):
    facets = run_query("audit_facets", con=logged)
    counts = {(f, v): n for f, v, n in facets.itertuples(index=False, name=None)}
    assert counts[("actor", "佐藤（sato）")] == 3 and counts[("actor", "鈴木（suzuki）")] == 2
    assert counts[("table_name", "consultations")] == 2 and counts[("action", "update")] == 2
    assert counts[("login_name", "sato")] == 2 and counts[("login_name", "nobody")] == 1
    assert len(facets) == 2 + 3 + 3 + 2  # actors, tables, actions, login names


def test_the_table_in_words_and_japan_time(logged):
    rows = changes(logged)
    table = audit.changes_table(rows, "ja")
    assert list(table.columns) == ["日時（日本時間）", "操作者", "表", "記録", "操作", "変更内容"]
    first = table.iloc[-1]
    assert first["日時（日本時間）"] == datetime(2025, 11, 29, 23, 59)
    assert (first["表"], first["操作"]) == ("訪問記録", "登録")
    assert table.iloc[2]["変更内容"] == "状況: 受付 → 完了"
    assert table.iloc[0]["変更内容"] == "理由: 重複"
    assert table.iloc[1]["変更内容"] == "ログイン名: x"
    english = audit.changes_table(rows, "en")
    assert english.iloc[2]["Changes"] == "Status: Received → Done"
    logins = audit.logins_table(
        run_query(
            "login_events_by_filter",
            con=logged,
            login_name=None,
            outcome=None,
            from_at=None,
            to_at=None,
            limit=None,
        )
    )
    assert list(logins["結果"]) == ["不明なログイン名", "成功", "失敗"]
    assert logins.iloc[0]["日時（日本時間）"] == datetime(2025, 12, 1, 1, 0)


ZONED_WRITE = """
import sys
from datetime import date
from liaison import store
from liaison.records import roster
path = store.init(sys.argv[1])
con = store.connect(path)
roster.add_person(con, "時刻の確認", today=date(2026, 4, 1), name="時刻 確認", section="デジタル戦略課",
                  active_from=date(2026, 4, 1), assignments=[("地域", "但馬", None)])
print(con.execute("select acted_at from audit_log").fetchone()[0].isoformat())
"""


def test_audit_times_are_utc_on_a_server_set_to_japan_time(tmp_path):
    # DuckDB without ICU reads current_timestamp in the machine's zone; the write API sets UTC itself
    before = store.utc_now()
    done = subprocess.run(
        [sys.executable, "-c", ZONED_WRITE, str(tmp_path / "real.duckdb")],
        cwd=paths.ROOT,
        env=os.environ | {"TZ": "Asia/Tokyo"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    acted_at = datetime.fromisoformat(done.stdout.strip().splitlines()[-1])
    assert before - timedelta(seconds=5) <= acted_at <= store.utc_now() + timedelta(seconds=5)
