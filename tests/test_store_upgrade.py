"""A real store's upgrade story: every record survives migrations (in place and verified rebuilds)
and reference updates; a failed step leaves the store byte-identical; nothing rebuilds, replaces or
deletes a real store, or a store another process holds open."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, date
from pathlib import Path

import duckdb
import pytest

from liaison import accounts, backup, i18n, paths, store
from liaison.records import column_maps, header_map, import_format, writes
from liaison.records.commit import commit
from liaison.records.preview import preview
from liaison.store import operations, upgrade
from liaison.store.__main__ import main as store_main

ROOT = paths.ROOT
TODAY = date(2026, 11, 30)
ACTOR = "テスト 管理者"
RECORD_TABLES = (
    "liaisons",
    "visits",
    "consultations",
    "support_actions",
    "readiness_assessments",
    "engagements",
    "engagement_participants",
    "chat_pushes",
    "chat_push_recipients",
    "audit_log",
    "import_column_maps",
    "store_meta",
)
ADD_COLUMN = """-- 011 (test): an in-place change, as most migrations are.
alter table visits add column if not exists follow_up varchar;
"""
# A CHECK cannot be altered in DuckDB: this one needs the verified rebuild.
PARTICIPANT_LEVELS = """-- 012 (test): a new participant level, 議員.
-- mode: rebuild
drop table engagement_participants;
create table if not exists engagement_participants (
    engagement_id bigint not null,
    municipality_code varchar not null,
    participant_level varchar not null check (participant_level in ('首長', '幹部', '職員', '議員')),
    primary key (engagement_id, municipality_code)
);
"""
FAILS_HALF_WAY = """-- 012 (test): its first statement works, its second fails.
alter table consultations add column if not exists priority integer;
select error('このマイグレーションは途中で失敗します');
"""
REBUILD_REFUSED_BY_DATA = """-- 012 (test): a CHECK that the stored rows break.
-- mode: rebuild
drop table engagement_participants;
create table if not exists engagement_participants (
    engagement_id bigint not null,
    municipality_code varchar not null,
    participant_level varchar not null check (participant_level in ('職員')),
    primary key (engagement_id, municipality_code)
);
"""


# --------------------------------------------------------------------------- a real store with records


def _fill(path: Path, *, before_007: bool = False) -> None:
    """Records of every kind, through the write API and the import where they exist.

    before_007: the store predates migrations 007 and 008: the hearing is inserted as that code's
    import stored it (its thirteen columns) and each liaison as one row with what they cover.
    """
    con = store.connect(path)
    try:
        # liaisons as SQL wrote them: before 008 one row each with what they cover, since then a
        # person and their assignment
        if before_007:
            con.execute(
                "insert into liaisons (liaison_id, name_ja, kind, section, region_id, field_id) values"
                " ('R-1', '但馬 一郎', '地域', 'デジタル戦略課', 'tajima', null),"
                " ('F-1', '生成 花子', '分野', 'デジタル改革課', null, 'genai')"
            )
        else:
            con.execute(
                "insert into liaisons (liaison_id, name_ja, section) values"
                " ('R-1', '但馬 一郎', 'デジタル戦略課'), ('F-1', '生成 花子', 'デジタル改革課');"
                " insert into liaison_assignments (liaison_id, kind, region_id, field_id) values"
                " ('R-1', '地域', 'tajima', null), ('F-1', '分野', null, 'genai')"
            )
        if before_007:
            _fill_records_as_sql(con)
        else:
            _fill_records(con)
        if before_007:
            con.execute(
                "insert into readiness_assessments (municipality_code, fiscal_year, assessed_on, step,"
                " score_vision, score_top_commitment, score_structure, score_staff_mindset,"
                " score_talent_profile, score_talent_policy, score_progress, score_issue_awareness, note)"
                " values ('282090', 2026, '2026-05-20', 2, 3, 3, 3, 3, 3, 3, 3, 3, 'ヒアリングの備考')"
            )
        else:
            header = [*import_format.HEADERS["readiness"][:12], "備考"]  # a file without 007's columns
            rows = [header, ["豊岡市", "2026", "2026-05-20", "2", *(["3"] * 8), "ヒアリングの備考"]]
            payload = "\n".join(",".join(row) for row in rows).encode("utf-8-sig")
            checked = preview(con, "readiness", "hearing.csv", payload, today=TODAY)
            assert checked.ok, [p.message() for p in checked.problems]
            commit(con, checked, ACTOR)
        con.execute(
            "insert into engagements (held_on, kind, title) values ('2026-09-01', '首長対話', '豊岡市長との対話')"
        )
        con.execute("insert into engagement_participants values (1, '282090', '首長')")
    finally:
        con.close()


VISITS = (
    (date(2026, 5, 12), "282090", "自治体DX担当"),
    (date(2026, 6, 3), "282090", "地域社会DX担当"),
    (date(2026, 7, 1), "282014", "自治体DX担当"),
)


def _fill_records(con: duckdb.DuckDBPyConnection) -> None:
    """Visits, consultations and support actions through today's write API."""
    for day, code, department in VISITS:
        writes.add_visit(
            con, ACTOR, today=TODAY, visited_on=day, municipality_code=code, liaison_id="R-1",
            department=department, purpose="定期巡回", summary=f"{day} の巡回",
        )  # fmt: skip
    first = writes.add_consultation(
        con, ACTOR, today=TODAY, received_on=date(2026, 6, 10), municipality_code="282090",
        field_id="genai", channel="メール", title="生成AIの利用ガイドライン", owner_liaison_id="F-1",
    )  # fmt: skip
    for acted_on, support_type in ((date(2026, 6, 20), "専門的な助言"), (date(2026, 7, 2), "事例紹介")):
        writes.add_support_action(
            con, ACTOR, today=TODAY, consultation_id=first, acted_on=acted_on,
            support_type=support_type, liaison_id="F-1", note="対応の記録",
        )  # fmt: skip
    writes.add_consultation(
        con, ACTOR, today=TODAY, received_on=date(2026, 8, 1), municipality_code="282014",
        field_id="genai", channel="電話", title="姫路市の相談", status="完了", closed_on=date(2026, 8, 30),
    )  # fmt: skip


def _fill_records_as_sql(con: duckdb.DuckDBPyConnection) -> None:
    """The same records as the write API of a store before 008 stored them (today's write API
    needs today's schema), with an audit row for each."""
    for day, code, department in VISITS:
        con.execute(
            "insert into visits (visited_on, municipality_code, liaison_id, department, purpose, summary)"
            " values ($day, $code, 'R-1', $department, '定期巡回', $summary)",
            {"day": day, "code": code, "department": department, "summary": f"{day} の巡回"},
        )
    con.execute(
        "insert into consultations (received_on, municipality_code, field_id, channel, title, status,"
        " owner_liaison_id) values ('2026-06-10', '282090', 'genai', 'メール', '生成AIの利用ガイドライン', '受付', 'F-1');"
        " insert into support_actions (consultation_id, acted_on, support_type, liaison_id, note) values"
        " (1, '2026-06-20', '専門的な助言', 'F-1', '対応の記録'), (1, '2026-07-02', '事例紹介', 'F-1', '対応の記録');"
        " insert into consultations (received_on, municipality_code, field_id, channel, title, status, closed_on)"
        " values ('2026-08-01', '282014', 'genai', '電話', '姫路市の相談', '完了', '2026-08-30');"
        " insert into audit_log (actor, table_name, record_key, action, after_json)"
        " select $actor, 'visits', visit_id::varchar, 'insert', to_json(visits) from visits"
    , {"actor": ACTOR})  # fmt: skip


OWN_HEADERS = ["市町村名", "年度", "実施日", "段階", *(ja for ja, _ in i18n.READINESS_ITEMS.values()), "メモ"]


def _import_with_own_headers(path: Path) -> None:
    """A hearing in last year's own headers, mapped: the mapping is remembered (import_column_maps)."""
    con = store.connect(path)
    try:
        rows = [OWN_HEADERS, ["姫路市", "令和8年度", "2026/6/1", "1", *(["2"] * 8), "昨年度様式"]]
        payload = "\n".join(",".join(row) for row in rows).encode("cp932")
        mapping = header_map.suggest("readiness", OWN_HEADERS)
        checked = preview(con, "readiness", "昨年度.csv", payload, today=TODAY, column_map=mapping)
        assert checked.ok, [p.message() for p in checked.problems]
        commit(con, checked, ACTOR)
    finally:
        con.close()


@pytest.fixture
def real_store(tmp_path) -> Path:
    path = tmp_path / "prefecture" / "liaison.duckdb"
    store.init(path)
    _fill(path)
    _import_with_own_headers(path)
    return path


def test_migration_006_applies_in_place_to_a_store_made_by_init(tmp_path, monkeypatch):
    """A store made by `init` before 006 (import_column_maps) gains the table in place, records kept."""
    older = _migrations_up_to(tmp_path, 5)
    current = paths.MIGRATIONS
    path = tmp_path / "prefecture" / "liaison.duckdb"
    monkeypatch.setattr(paths, "MIGRATIONS", older)
    store.init(path)
    _fill(path, before_007=True)
    monkeypatch.setattr(paths, "MIGRATIONS", current)
    columns = kept_by_008(column_names_of(path))
    assert "import_column_maps" not in columns
    before = snapshot(path, columns)

    report = operations.upgrade(path)
    assert report.changed and report.applied.migrations == [
        "006_import_column_maps",
        "007_hearing_answers",
        "008_roster_engagements_corrections",
        "009_departments_referrals",
        "010_accounts",
    ]
    added = next(m for m in store.migrations() if m.version == 6)
    assert not added.rebuild, "additive: runs in place on the staged copy, no export and reload"
    assert snapshot(path, columns) == before
    assert snapshot(path)["import_column_maps"] == []
    _import_with_own_headers(path)
    con = store.connect(path)
    try:
        found = column_maps.remembered(con, "readiness", OWN_HEADERS)
        assert found is not None and found.saved_by == ACTOR
        assert found.mapping.pairs()[0] == ("市町村名", "市町") and found.mapping.pairs()[-1] == (
            "メモ",
            "備考",
        )
    finally:
        con.close()
    status = subprocess.run(
        [sys.executable, "-m", "liaison.store", "status", "--db", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=_environment(),
    )  # fmt: skip
    assert status.returncode == 0, status.stderr
    assert "未適用のマイグレーション: なし" in status.stdout
    assert "整合性: 問題なし" in status.stdout
    assert "import_column_maps" in status.stdout and "→" not in status.stdout


HEARING_COLUMNS = [
    *(f"answer_{item.removeprefix('score_')}" for item in i18n.READINESS_ITEMS),
    "talent_support_wanted",
    "talent_support_kinds",
]


def _migrations_up_to(tmp_path: Path, version: int) -> Path:
    """A folder with the committed migrations up to `version`, as the code of that time had them."""
    folder = tmp_path / f"migrations_{version:03d}"
    if not folder.exists():
        folder.mkdir()
        for file in sorted(paths.MIGRATIONS.glob("*.sql")):
            if int(file.name[:3]) <= version:
                shutil.copyfile(file, folder / file.name)
    return folder


def _store_before_007(tmp_path, monkeypatch, fill) -> Path:
    """A store made with migrations 001–006 only, filled by `fill(path)` while those are in force."""
    older = _migrations_up_to(tmp_path, 6)
    current = paths.MIGRATIONS
    path = tmp_path / "prefecture" / "liaison.duckdb"
    monkeypatch.setattr(paths, "MIGRATIONS", older)
    fill(path)
    monkeypatch.setattr(paths, "MIGRATIONS", current)
    return path


def _status_is_clean(path: Path) -> None:
    status = subprocess.run(
        [sys.executable, "-m", "liaison.store", "status", "--db", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=_environment(),
    )  # fmt: skip
    assert status.returncode == 0, status.stderr
    assert "未適用のマイグレーション: なし" in status.stdout
    assert "整合性: 問題なし" in status.stdout


def test_migration_007_applies_in_place_to_a_store_made_by_init(tmp_path, monkeypatch):
    """A store from `init` before 007 gains the hearing's words and support wish in place, records kept."""

    def fill(path: Path) -> None:
        store.init(path)
        _fill(path, before_007=True)

    path = _store_before_007(tmp_path, monkeypatch, fill)
    columns = kept_by_008(column_names_of(path))
    assert not set(HEARING_COLUMNS) & set(columns["readiness_assessments"])
    before = snapshot(path, columns)

    report = operations.upgrade(path)
    assert report.changed and report.applied.migrations == [
        "007_hearing_answers",
        "008_roster_engagements_corrections",
        "009_departments_referrals",
        "010_accounts",
    ]
    added = next(m for m in store.migrations() if m.version == 7)
    assert not added.rebuild, "additive: runs in place on the staged copy, no export and reload"
    assert snapshot(path, columns) == before
    con = store.connect(path)
    try:
        old = con.table("readiness_assessments").select(*HEARING_COLUMNS).fetchall()
        assert old == [(None,) * len(HEARING_COLUMNS)], "a hearing heard before 007 has no words"
        new_id = writes.record_hearing(
            con, ACTOR, today=TODAY, municipality_code="姫路市", fiscal_year=2026,
            assessed_on=date(2026, 7, 1), step=1, scores=dict.fromkeys(i18n.READINESS_ITEMS, 2),
            answers={"answer_vision": "計画を策定中"}, talent_support_wanted=True,
            talent_support_kinds=["研修"],
        )  # fmt: skip
        assert con.execute(
            "select answer_vision, talent_support_kinds from readiness_assessments where assessment_id = $id",
            {"id": new_id},
        ).fetchone() == ("計画を策定中", "研修")
    finally:
        con.close()
    _status_is_clean(path)


# Before 008 a liaison was one row with what they cover: a retired one (the demo's R-tajima-0) with their last.
ONE_ROW_PER_LIAISON = (
    "select liaisons.liaison_id, liaisons.name_ja, liaisons.section, liaisons.is_active, last.kind,"
    " last.region_id, last.field_id from liaisons inner join ("
    "  select *, row_number() over (partition by liaison_id order by ended_on is null desc, ended_on desc,"
    "   assignment_id desc) as position from liaison_assignments"
    " ) as last on last.liaison_id = liaisons.liaison_id and last.position = 1"
)


def _demo_as_of(tmp_path: Path, monkeypatch, version: int, *, drop=()) -> Path:
    """The demo's records in a store made with migrations up to `version` (today's generator
    cannot write an older schema): today's demo copied into it table by table on the columns that
    schema had, each liaison as one row with what they cover. `drop`: columns left out (as null)."""
    today = tmp_path / "today" / "liaison.duckdb"
    operations.demo(today)
    source = duckdb.connect(str(today), read_only=True)
    monkeypatch.setattr(paths, "MIGRATIONS", _migrations_up_to(tmp_path, version))

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        names = [row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()]
        for table in RECORD_TABLES:
            if table not in names or table in ("audit_log", "import_column_maps"):
                continue
            relation = source.sql(ONE_ROW_PER_LIAISON) if table == "liaisons" else source.table(table)
            if version < 8 and table in ("engagements", "engagement_participants"):
                # migration 008's 圏域市町デジタル部門担当者会議 is not a kind an older schema holds
                relation = relation.filter(
                    "engagement_id not in (select engagement_id from engagements"
                    " where kind = '圏域市町デジタル部門担当者会議')"
                )
            # columns today's demo no longer has (009: referred_department) stay null
            columns = [c for c in con.table(table).columns if c not in drop and c in relation.columns]
            con.append(
                table, relation.select(*(duckdb.ColumnExpression(c) for c in columns)).df(), by_name=True
            )
        store.set_meta(con, is_demo="true")

    path = tmp_path / "prefecture" / "liaison.duckdb"
    try:
        store.build_with(path, fill)
    finally:
        source.close()
    monkeypatch.setattr(paths, "MIGRATIONS", ROOT / "liaison" / "migrations")
    return path


def test_migration_007_applies_in_place_to_the_demo(tmp_path, monkeypatch):
    """The demo as migrations 001–006 made it (its hearings without words) upgrades in place."""
    path = _demo_as_of(tmp_path, monkeypatch, 6, drop=HEARING_COLUMNS)
    columns = kept_by_008(column_names_of(path))
    before = snapshot(path, columns)
    assert len(before["readiness_assessments"]) == 80
    report = operations.upgrade(path)
    assert report.applied.migrations == [
        "007_hearing_answers",
        "008_roster_engagements_corrections",
        "009_departments_referrals",
        "010_accounts",
    ]
    assert snapshot(path, columns) == before
    _status_is_clean(path)


def _roster_of(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select liaison_id, name_ja, kind, section, region_id, field_id, is_active from liaison_roles"
            " order by liaison_id"
        ).fetchall()
    finally:
        con.close()


def test_migration_008_keeps_every_record_of_the_demo(tmp_path, monkeypatch):
    """The demo as 001–007 made it: each liaison becomes a person with their one assignment, every
    other record keeps its rows and columns, and every record gets a fixed 管理番号."""
    path = _demo_as_of(tmp_path, monkeypatch, 7)
    con = duckdb.connect(str(path), read_only=True)
    try:
        old_liaisons = con.execute(
            "select liaison_id, name_ja, kind, section, region_id, field_id, is_active from liaisons order by 1"
        ).fetchall()
    finally:
        con.close()
    columns = column_names_of(path)
    kept = without_009(columns)
    kept = {t: c for t, c in kept.items() if t not in ("liaisons",)}
    before = snapshot(path, kept)
    report = operations.upgrade(path)
    assert report.applied.migrations == [
        "008_roster_engagements_corrections",
        "009_departments_referrals",
        "010_accounts",
    ]
    assert not next(m for m in store.migrations() if m.version == 8).rebuild
    after = snapshot(path, kept)
    for table in kept:
        if table in ("visits", "consultations", "engagements", "chat_pushes"):
            continue  # gain a source_key where they had none: compared below
        assert after[table] == before[table], table
    # 30 active and the one retired (R-tajima-0), whose one assignment 008 makes current as it was
    assert _roster_of(path) == old_liaisons and len(old_liaisons) == 31
    con = duckdb.connect(str(path), read_only=True)
    try:
        for table, key in (
            ("visits", "V-"),
            ("consultations", "C-"),
            ("engagements", "E-"),
            ("chat_pushes", "P-"),
        ):
            keys = [row[0] for row in con.table(table).select("source_key").fetchall()]
            assert keys and None not in keys and len(set(keys)) == len(keys), table
            assert all(found.startswith(key) for found in keys), table
        # the key is the content key the export showed before
        assert con.execute(
            "select count(*) from visits where source_key <> visit_content_key(visited_on,"
            " municipality_code, liaison_id, department, purpose, summary)"
        ).fetchone() == (0,)
    finally:
        con.close()
    _status_is_clean(path)


def test_migration_008_keeps_a_real_store_and_numbers_identical_records(tmp_path, monkeypatch):
    """A store from `init` before 008 with two identical visits: the second gets key-2, the
    imported hearing, the engagement and the audit rows stay, and the roster is person + assignment."""

    def fill(path: Path) -> None:
        store.init(path)
        _fill(path, before_007=True)
        con = store.connect(path)
        try:
            con.execute(
                "insert into visits (visited_on, municipality_code, liaison_id, department, purpose, summary)"
                " select visited_on, municipality_code, liaison_id, department, purpose, summary from visits"
                " where visit_id = 1"
            )
        finally:
            con.close()

    monkeypatch.setattr(paths, "MIGRATIONS", _migrations_up_to(tmp_path, 7))
    path = tmp_path / "prefecture" / "liaison.duckdb"
    fill(path)
    monkeypatch.setattr(paths, "MIGRATIONS", ROOT / "liaison" / "migrations")
    before_audit = snapshot(path, {"audit_log": column_names_of(path)["audit_log"]})
    report = operations.upgrade(path)
    assert report.applied.migrations == [
        "008_roster_engagements_corrections",
        "009_departments_referrals",
        "010_accounts",
    ]
    assert snapshot(path, {"audit_log": column_names_of(path)["audit_log"]}) == before_audit
    assert _roster_of(path) == [
        ("F-1", "生成 花子", "分野", "デジタル改革課", None, "genai", True),
        ("R-1", "但馬 一郎", "地域", "デジタル戦略課", "tajima", None, True),
    ]
    con = duckdb.connect(str(path), read_only=True)
    try:
        keys = [row[0] for row in con.execute("select source_key from visits order by visit_id").fetchall()]
        assert len(set(keys)) == 4 and keys[3] == keys[0] + "-2"
        assert con.execute("select kind, title, source_key is not null from engagements").fetchall() == [
            ("首長対話", "豊岡市長との対話", True)
        ]
    finally:
        con.close()
    _status_is_clean(path)


def test_migration_009_turns_referred_departments_into_departments_and_referrals(tmp_path, monkeypatch):
    """A store at 008 whose consultations name a referred_department (spaces around some): one
    department per trimmed name, one 依頼中 referral per consultation that named one, dated by its
    first 関係部署への橋渡し action, else its closed_on, else its received_on; every record kept."""
    monkeypatch.setattr(paths, "MIGRATIONS", _migrations_up_to(tmp_path, 8))
    path = tmp_path / "prefecture" / "liaison.duckdb"
    store.init(path)
    con = store.connect(path)
    try:
        con.execute(
            "insert into liaisons (liaison_id, name_ja, section) values ('R-1', '但馬 一郎', 'デジタル戦略課');"
            " insert into liaison_assignments (liaison_id, kind, region_id) values ('R-1', '地域', 'tajima');"
            " insert into consultations (received_on, municipality_code, field_id, channel, title, status,"
            " referred_department, closed_on, source_key) values"
            " ('2026-06-01', '282090', 'genai', 'メール', '橋渡しの記録あり', '橋渡し済', ' 県 情報政策課 ', '2026-06-30', 'C-1'),"
            " ('2026-06-02', '282090', 'genai', 'メール', '完了日で', '橋渡し済', '県 情報政策課', '2026-07-10', 'C-2'),"
            " ('2026-06-03', '282014', 'genai', '電話', '受付日で', '対応中', '防災企画課', null, 'C-3'),"
            " ('2026-06-04', '282014', 'genai', '電話', '橋渡しなし', '受付', null, null, 'C-4'),"
            " ('2026-06-05', '282014', 'genai', '電話', '空欄', '受付', '  ', null, 'C-5');"
            " insert into support_actions (consultation_id, acted_on, support_type) values"
            " (1, '2026-06-20', '事例紹介'), (1, '2026-06-25', '関係部署への橋渡し'), (1, '2026-06-28', '関係部署への橋渡し');"
            " insert into audit_log (actor, table_name, record_key, action, after_json)"
            " select 'テスト', 'consultations', consultation_id::varchar, 'insert', to_json(consultations) from consultations"
        )
    finally:
        con.close()
    monkeypatch.setattr(paths, "MIGRATIONS", ROOT / "liaison" / "migrations")
    columns = column_names_of(path)
    before = snapshot(path, without_009(columns))
    report = operations.upgrade(path)
    assert report.applied.migrations == ["009_departments_referrals", "010_accounts"]
    assert not next(m for m in store.migrations() if m.version == 9).rebuild
    assert snapshot(path, without_009(columns)) == before  # every record, every other column
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert "referred_department" not in con.table("consultations").columns
        assert con.execute(
            "select department_id, name_ja, section, is_active from departments order by 1"
        ).fetchall() == [
            (1, "県 情報政策課", "", True),
            (2, "防災企画課", "", True),
        ]
        assert con.execute(
            "select consultation_id, department_id, referred_on::varchar, outcome, responded_on, request, response"
            " from referrals order by consultation_id"
        ).fetchall() == [
            (1, 1, "2026-06-25", "依頼中", None, "", ""),
            (2, 1, "2026-07-10", "依頼中", None, "", ""),
            (3, 2, "2026-06-03", "依頼中", None, "", ""),
        ]
        keys = [row[0] for row in con.execute("select source_key from referrals order by 1").fetchall()]
        assert len(set(keys)) == 3 and all(key.startswith("R-") for key in keys)
        assert con.execute(
            "select count(*) from consultations_in_scope('2026-04-01', '2027-03-31', '2026-11-30',"
            " null, null, null, null, null, null, null) where referred_departments = ['県 情報政策課']"
        ).fetchone() == (2,)
    finally:
        con.close()
    _status_is_clean(path)


def column_names_of(path: Path) -> dict[str, list[str]]:
    """Column names of the record tables a store has (one made before 006 has no import_column_maps)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
        return {table: con.table(table).columns for table in RECORD_TABLES if table in names}
    finally:
        con.close()


def snapshot(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every record table's rows (sorted), on the given columns (default: all of today's)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        found = {}
        for table in columns or RECORD_TABLES:
            relation = con.table(table)
            names = columns[table] if columns else relation.columns
            rows = relation.select(*(duckdb.ColumnExpression(name) for name in names)).fetchall()
            found[table] = sorted(rows, key=repr)
        return found
    finally:
        con.close()


def kept_by_008(columns: dict[str, list[str]]) -> dict[str, list[str]]:
    """The tables and columns migration 008 keeps as they were: all but the liaisons (person and
    assignments since) and source_key (filled where it was empty); 009's change left out too."""
    return {
        table: [name for name in names if name != "source_key"]
        for table, names in without_009(columns).items()
        if table != "liaisons"
    }


def without_009(columns: dict[str, list[str]]) -> dict[str, list[str]]:
    """The columns migration 009 keeps: all but consultations.referred_department (now referrals)."""
    return {
        table: [name for name in names if (table, name) != ("consultations", "referred_department")]
        for table, names in columns.items()
    }


def column_names(path: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {table: con.table(table).columns for table in RECORD_TABLES}
    finally:
        con.close()


def fingerprint(path: Path) -> tuple:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def folder_listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# --------------------------------------------------------------------------- a checkout after `git pull`


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A copy of this checkout's files (as a `git pull` would leave them) sharing this .venv."""
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("git and make are needed to run `make store` in a copy of the checkout")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    ).stdout.split("\n")  # fmt: skip
    copy = tmp_path / "checkout"
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)  # keeps times: make sees requirements as installed
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def _rename_in_csv(file: Path, code: str, **values: str) -> None:
    with file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["code"] == code:
            row.update(values)
    with file.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("LIAISON_DB", "DB", "HOST")}


def test_make_store_upgrades_a_real_store_keeping_every_record(real_store, checkout):
    before = snapshot(real_store)
    columns = column_names(real_store)
    (checkout / "liaison" / "migrations" / "011_visit_follow_up.sql").write_text(ADD_COLUMN, encoding="utf-8")
    (checkout / "liaison" / "migrations" / "012_participant_levels.sql").write_text(
        PARTICIPANT_LEVELS, encoding="utf-8"
    )
    _rename_in_csv(
        checkout / "data" / "reference" / "municipalities.csv",
        "282014",
        name_ja="姫路市（改称）",
        name_en="Himeji",
    )

    started = time.perf_counter()
    run = subprocess.run(
        ["make", "-s", "store", f"DB={real_store}", "HOST=127.0.0.1"],
        cwd=checkout, capture_output=True, text=True, timeout=300, env=_environment(),
    )  # fmt: skip
    seconds = time.perf_counter() - started
    assert run.returncode == 0, run.stderr
    assert "011_visit_follow_up" in run.stdout and "012_participant_levels" in run.stdout, run.stdout
    assert "municipalities.csv" in run.stdout and "変更 1 件（282014）" in run.stdout

    # every record intact, table by table (on the columns they had; migration 008 added one)
    assert snapshot(real_store, columns) == before
    con = duckdb.connect(str(real_store))
    try:
        versions = [
            row[0] for row in con.execute("select version from schema_migrations order by 1").fetchall()
        ]
        assert versions == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        assert "follow_up" in con.table("visits").columns
        assert con.execute("select name_ja from municipalities where code = '282014'").fetchone() == (
            "姫路市（改称）",
        )
        assert con.execute("select count(*) from municipalities").fetchone() == (41,)
        assert store.read_meta(con)["is_demo"] == "false"
        assert upgrade.orphans(con) == []
        # the rebuilt table takes the new level and still refuses others
        con.execute("insert into engagement_participants values (1, '282014', '議員')")
        with pytest.raises(duckdb.ConstraintException):
            con.execute("insert into engagement_participants values (1, '282022', '来賓')")
        # every sequence is past the largest id
        new_ids = {
            "visits": writes.add_visit(
                con,
                ACTOR,
                today=TODAY,
                visited_on=date(2026, 11, 1),
                municipality_code="282090",
                liaison_id="R-1",
                department="自治体DX担当",
                purpose="定期巡回",
            ),  # fmt: skip
            "consultations": writes.add_consultation(
                con,
                ACTOR,
                today=TODAY,
                received_on=date(2026, 11, 2),
                municipality_code="282090",
                field_id="genai",
                channel="電話",
                title="新しい相談",
            ),  # fmt: skip
        }
        new_ids["support_actions"] = writes.add_support_action(
            con, ACTOR, today=TODAY, consultation_id=new_ids["consultations"], acted_on=date(2026, 11, 3),
            support_type="専門的な助言",
        )  # fmt: skip
        assert new_ids == {"visits": 4, "consultations": 3, "support_actions": 3}
        con.execute(
            "insert into engagements (held_on, kind, title) values ('2026-10-01', '圏域市町デジタル部門担当者会議', '但馬')"
        )  # 008's new kind
        assert con.execute("select max(engagement_id) from engagements").fetchone() == (2,)
        assert con.execute("select nextval('audit_log_seq')").fetchone()[0] > len(before["audit_log"]) + 3
    finally:
        con.close()

    # a backup was written first, and it holds the store as it was
    kept = backup.in_folder(real_store, "before-migrate")
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o777 == 0o600
    restored = real_store.parent / "restored" / "liaison.duckdb"
    backup.restore_backup(kept[0].read_bytes(), restored)
    assert snapshot(restored, columns) == before
    print(f"make store: {seconds:.1f} s; backup {kept[0].stat().st_size:,} bytes")

    # nothing left to do: a second run changes nothing and takes no backup
    again = subprocess.run(
        ["make", "-s", "store", f"DB={real_store}", "HOST=127.0.0.1"],
        cwd=checkout, capture_output=True, text=True, timeout=300, env=_environment(),
    )  # fmt: skip
    assert again.returncode == 0 and "最新です" in again.stdout
    assert len(backup.in_folder(real_store)) == 1


# --------------------------------------------------------------------------- in process: ensure and its refusals


@pytest.fixture
def reference_copy(tmp_path, monkeypatch) -> Path:
    """The store reads reference files from a copy the test may change."""
    folder = tmp_path / "reference"
    shutil.copytree(paths.REFERENCE, folder)
    monkeypatch.setattr(paths, "REFERENCE", folder)
    return folder


def test_ensure_applies_migrations_and_reference_updates(real_store, migrations_folder, reference_copy):
    columns = column_names(real_store)
    before = snapshot(real_store)
    migrations_folder(
        {"011_visit_follow_up.sql": ADD_COLUMN, "012_participant_levels.sql": PARTICIPANT_LEVELS}
    )
    _rename_in_csv(reference_copy / "municipalities.csv", "282090", name_ja="豊岡市（改称）")
    messages: list[str] = []
    operations.ensure(real_store, host="127.0.0.1", out=messages.append)
    assert messages[0].startswith("本番用のストアを更新しました")
    assert snapshot(real_store, columns) == before
    con = store.open_for_command(real_store)
    try:
        assert con.execute("select name_ja from municipalities where code = '282090'").fetchone() == (
            "豊岡市（改称）",
        )
        assert store.schema_state(con).version == 12
    finally:
        con.close()


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"011_visit_follow_up.sql": ADD_COLUMN, "012_priority.sql": FAILS_HALF_WAY}, "012_priority"),
        ({"011_visit_follow_up.sql": ADD_COLUMN, "012_narrow.sql": REBUILD_REFUSED_BY_DATA}, "012_narrow"),
    ],
    ids=["in place, failing half-way", "verified rebuild the data refuses"],
)
def test_a_failed_migration_leaves_the_store_byte_identical(real_store, migrations_folder, extra, named):
    before = fingerprint(real_store)
    migrations_folder(extra)
    with pytest.raises(store.StoreError, match=named) as raised:
        operations.ensure(real_store, host="127.0.0.1", out=lambda line: None)
    assert "変更していません" in str(raised.value)
    assert fingerprint(real_store) == before
    assert folder_listing(real_store) == ["backups", "liaison.duckdb"]  # no staged copy left behind
    con = store.connect(real_store)
    try:
        assert store.schema_state(con).version == 10
    finally:
        con.close()


def test_an_edited_applied_migration_is_refused(real_store, migrations_folder):
    folder = migrations_folder({"011_visit_follow_up.sql": ADD_COLUMN})
    operations.ensure(real_store, host="127.0.0.1", out=lambda line: None)
    (folder / "011_visit_follow_up.sql").write_text(ADD_COLUMN + "-- edited later\n", encoding="utf-8")
    before = fingerprint(real_store)
    for attempt in (
        lambda: operations.ensure(real_store, host="127.0.0.1", out=lambda line: None),
        lambda: store.open_for_command(real_store),
    ):
        with pytest.raises(store.StoreError, match="書き換えられています.*011_visit_follow_up"):
            attempt()
    assert fingerprint(real_store) == before


def test_a_reference_change_that_would_orphan_records_is_refused(real_store, reference_copy):
    before = fingerprint(real_store)
    file = reference_copy / "municipalities.csv"
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    file.write_text("".join(line for line in lines if not line.startswith("282090,")), encoding="utf-8")
    with pytest.raises(store.StoreError) as raised:
        operations.ensure(real_store, host="127.0.0.1", out=lambda line: None)
    message = str(raised.value)
    assert "参照データの更新を中止しました" in message
    assert "visits 1: municipality_code = '282090'" in message
    assert "consultations 1: municipality_code = '282090'" in message
    assert fingerprint(real_store) == before


def test_a_store_from_before_hashes_gets_them_with_a_backup(real_store):
    con = store.connect(real_store)
    try:
        con.execute("alter table schema_migrations drop column sha256")
        con.execute("drop table reference_files")
    finally:
        con.close()
    before = snapshot(real_store)
    report = operations.upgrade(real_store)
    assert report.changed and report.backup is not None and report.applied.migrations == []
    assert snapshot(real_store) == before
    con = store.connect(real_store)
    try:
        state = store.schema_state(con)
        assert state.has_bookkeeping and not state.unrecorded and not state.pending
        assert con.execute("select count(*) from reference_files").fetchone() == (3,)
    finally:
        con.close()
    assert not operations.upgrade(real_store).changed  # and then it is up to date


# --------------------------------------------------------------------------- refusals


def test_a_newer_schema_refuses_to_open(real_store):
    con = store.connect(real_store)
    try:
        con.execute("insert into schema_migrations (version, name, sha256) values (999, '999_future', 'x')")
    finally:
        con.close()
    before = fingerprint(real_store)
    for attempt in (
        lambda: store.open_for_command(real_store),
        lambda: operations.upgrade(real_store),
        lambda: operations.status(real_store),
    ):
        with pytest.raises(store.StoreError, match="より新しいため開けません"):
            attempt()
    assert fingerprint(real_store) == before


def test_init_refuses_an_existing_file(real_store):
    before = fingerprint(real_store)
    with pytest.raises(store.StoreError, match="すでに存在します"):
        store.init(real_store)
    assert fingerprint(real_store) == before


def test_demo_and_clean_refuse_a_real_store(real_store):
    before = fingerprint(real_store)
    for attempt in (lambda: operations.demo(real_store), lambda: operations.clean(real_store)):
        with pytest.raises(store.StoreError, match="本番用のストア（実データ）"):
            attempt()
    assert fingerprint(real_store) == before


def test_a_missing_configured_path_is_not_built(tmp_path):
    missing = tmp_path / "elsewhere" / "liaison.duckdb"
    with pytest.raises(store.StoreError, match="設定されたストアがありません"):
        operations.ensure(missing, out=lambda line: None)
    with pytest.raises(store.StoreError, match="init"):
        store.open_for_command(missing)
    assert not missing.exists() and not missing.parent.exists()


def test_a_real_store_is_served_only_with_login(real_store):
    """Since login exists (migration 010), a real store is served on any address, but only with an
    administrator account; `serve-check` (what `make run` calls before starting) refuses one without."""
    with pytest.raises(store.StoreError, match="create-admin"):
        operations.refuse_real_store_without_login(real_store)
    con = store.connect(real_store)
    try:
        accounts.create_account(
            con,
            "テスト",
            login_name="admin",
            display_name="管理 花子",
            role="管理者",
            password="correct horse 2026",
        )
    finally:
        con.close()
    operations.refuse_real_store_without_login(real_store)
    assert store_main(["serve-check", "--db", str(real_store)]) == 0


@pytest.fixture
def held(tmp_path):
    """Start a process that holds a store open (bounded: it exits by itself after 60 s)."""
    started = []

    def hold(path: Path) -> subprocess.Popen:
        holder = subprocess.Popen(
            [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
             " print('ready', flush=True); time.sleep(60)", str(path)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        started.append(holder)
        assert holder.stdout.readline().strip() == "ready"
        return holder

    yield hold
    for holder in started:
        holder.kill()
        holder.wait(timeout=10)


@pytest.mark.parametrize("command", ["demo", "status", "migrate", "ensure", "clean"])
def test_a_store_held_by_another_process_is_refused_naming_it(real_store, held, command, capsys):
    from liaison.store.__main__ import main

    holder = held(real_store)
    before = fingerprint(real_store)
    assert main([command, "--db", str(real_store)]) == 1
    error = capsys.readouterr().err
    assert f"PID {holder.pid}" in error and "別のプロセス" in error
    assert fingerprint(real_store) == before


def test_a_held_demo_store_is_not_rebuilt(tmp_path, held):
    demo_path = store.build(tmp_path / "demo.duckdb")
    holder = held(demo_path)
    before = fingerprint(demo_path)
    with pytest.raises(store.StoreError, match=f"PID {holder.pid}"):
        store.build(demo_path)
    assert fingerprint(demo_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.duckdb"]


def test_swap_refuses_while_another_process_holds_the_target(tmp_path, held):
    target = store.build(tmp_path / "a.duckdb")
    staged = store.build(tmp_path / "b.duckdb")
    held(target)
    with pytest.raises(store.StoreError, match="別のプロセス"):
        store.swap_in(staged, target)
    assert staged.exists()


# --------------------------------------------------------------------------- the running app's daily backup, Japan's today


def test_the_app_takes_one_daily_backup(real_store):
    con = store.connect(real_store)
    try:
        worker = backup.DailyBackups(con, real_store, interval=0.05)
        worker.start()
        deadline = time.monotonic() + 30
        while not backup.in_folder(real_store, "daily") and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # several more rounds: still one backup for today
        worker.stop()
        worker.join(timeout=10)
    finally:
        con.close()
    daily = backup.in_folder(real_store, "daily")
    assert len(daily) == 1 and worker.error is None
    assert not backup.daily_is_due(real_store, store.today())


def test_today_is_japan_time_whatever_the_server_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Pacific/Honolulu")  # 19 hours behind Japan
    time.tzset()
    try:
        from datetime import datetime, timedelta

        expected = (datetime.now(UTC) + timedelta(hours=9)).date()
        assert store.today() == expected and store.as_of({"is_demo": "false"}) == expected
        assert store.as_of({"as_of": "2025-11-30"}) == date(2025, 11, 30)  # the demo's fixed day
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
