"""The store: idempotent migrations, constraints, atomic and deterministic builds."""

import os

import duckdb
import pytest

from liaison import demo, paths, store
from liaison.store import operations, upgrade


def test_migrations_are_idempotent():
    con = duckdb.connect(":memory:")
    versions = [migration.version for migration in store.migrations()]
    assert versions[:2] == [1, 2]
    assert store.migrate(con) == versions
    assert store.migrate(con) == []
    assert con.execute("select count(*) from schema_migrations").fetchone()[0] == len(versions)


def test_store_records_demo_and_reference_date(con):
    meta = store.read_meta(con)
    assert meta["is_demo"] == "true"
    assert store.as_of(meta) == demo.AS_OF


def test_reference_loaded(con):
    counts = dict(
        con.execute(
            "select 'municipalities', count(*) from municipalities union all "
            "select 'regions', count(*) from regions union all select 'dx_fields', count(*) from dx_fields"
        ).fetchall()
    )
    assert counts == {"municipalities": 41, "regions": 10, "dx_fields": 18}


def test_demo_shape(con):
    """Demo data is shaped as the programme describes itself."""
    by_department = dict(con.execute("select department, count(*) from visits group by 1").fetchall())
    assert by_department["自治体DX担当"] > 2.5 * by_department["地域社会DX担当"]
    steps = dict(
        con.execute(
            "select step, count(*) from readiness_assessments where fiscal_year = 2025 group by 1"
        ).fetchall()
    )
    assert sum(n for s, n in steps.items() if s <= 2) > 2 * steps.get(3, 0)
    step3_share = con.execute(
        "select avg((dx_fields.typical_step = 3)::int) from consultations join dx_fields using (field_id)"
    ).fetchone()[0]
    assert step3_share > 0.7
    assert con.execute("select count(distinct fiscal_year) from readiness_assessments").fetchone()[0] == 2
    assert con.execute("select max(visited_on) from visits").fetchone()[0] <= demo.AS_OF
    assert (
        con.execute("select count(*) from consultations where municipality_code = '281000'").fetchone()[0]
        == 0
    )


def test_rebuild_is_identical(tmp_path, con):
    other = store.build(tmp_path / "again.duckdb")
    again = store.connect(other, read_only=True)
    for table in (
        "visits",
        "consultations",
        "support_actions",
        "readiness_assessments",
        "engagement_participants",
        "chat_push_recipients",
    ):
        ours = sorted(con.cursor().table(table).fetchall(), key=repr)
        theirs = sorted(again.table(table).fetchall(), key=repr)
        assert ours == theirs, table
    again.close()


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (
            "insert into visits (visited_on, municipality_code, liaison_id, department, purpose) "
            "values ('2025-05-01', '282014', 'R-naka_harima-1', '総務課', '定期巡回')",
            "CHECK",
        ),
        (
            "insert into consultations (received_on, municipality_code, field_id, channel, title, status, closed_on) "
            "values ('2025-05-01', '282014', 'genai', 'メール', 'x', '完了', '2025-04-01')",
            "CHECK",
        ),
        (
            "insert into consultations (received_on, municipality_code, field_id, channel, title, status) "
            "values ('2025-05-01', '282014', 'genai', 'メール', 'x', '完了')",
            "CHECK",
        ),
        (
            "insert into readiness_assessments (municipality_code, fiscal_year, assessed_on, step, score_vision, "
            "score_top_commitment, score_structure, score_staff_mindset, score_talent_profile, score_talent_policy, "
            "score_progress, score_issue_awareness) values ('282014', 2026, '2026-05-01', 4, 1, 1, 1, 1, 1, 1, 1, 1)",
            "CHECK",
        ),
    ],
)
def test_constraints_reject_bad_rows(store_path, tmp_path, statement, message):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(store_path.read_bytes())
    writable = store.connect(copy)
    with pytest.raises(duckdb.Error, match=f"(?i){message}"):
        writable.execute(statement)
    writable.close()


def test_failed_build_leaves_nothing(tmp_path, monkeypatch):
    def boom(con, seed):
        raise RuntimeError("generator failed")

    monkeypatch.setattr(demo, "generate", boom)
    target = tmp_path / "new.duckdb"
    with pytest.raises(RuntimeError):
        store.build(target)
    assert list(tmp_path.iterdir()) == []


def test_no_foreign_keys_and_the_integrity_check_finds_orphans(writable_store):
    """The foreign-key policy: no FOREIGN KEY constraints; references are checked by the write
    API and the import, and the integrity check lists any that does not resolve."""
    con = store.connect(writable_store)
    try:
        kinds = {row[0] for row in con.execute("select constraint_type from duckdb_constraints()").fetchall()}
        assert "FOREIGN KEY" not in kinds and {"PRIMARY KEY", "UNIQUE", "CHECK"} <= kinds
        assert upgrade.orphans(con) == []
        con.execute(
            "insert into visits (visited_on, municipality_code, liaison_id, department, purpose) "
            "values ('2025-05-01', '999999', 'R-naka_harima-1', '自治体DX担当', '定期巡回')"
        )
        con.execute("update support_actions set consultation_id = 99999 where action_id = 1")
        found = upgrade.orphans(con)
        assert [(t, c, v) for t, _, c, v in found] == [
            ("support_actions", "consultation_id", "99999"),
            ("visits", "municipality_code", "999999"),
        ]
        # what the policy buys: a consultation with support actions can move to another municipality
        con.execute("update consultations set municipality_code = '282022' where consultation_id = 2")
        con.execute("update municipalities set name_ja = '姫路市（テスト）' where code = '282014'")
    finally:
        con.close()


def test_demo_staleness_is_by_content(tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"
    monkeypatch.setattr(paths, "DEMO_DB", path)
    messages = []
    operations.ensure(path, out=messages.append)
    assert messages[-1].startswith("デモ用のストアを作成しました")
    os.utime(path, (0, 0))  # file times mean nothing
    operations.ensure(path, out=messages.append)
    assert messages[-1].startswith("デモ用のストアは最新です")
    monkeypatch.setattr(store, "sources_digest", lambda: "changed")
    monkeypatch.setattr(operations, "sources_digest", lambda: "changed")
    operations.ensure(path, out=messages.append)
    assert messages[-1].startswith("デモ用のストアを作り直しました")


def test_the_app_refreshes_only_a_stale_demo_at_the_default_path(tmp_path, monkeypatch):
    """After a pull that adds a migration, the app rebuilds its demo instead of refusing it; a real store
    at any path, and a demo elsewhere, are left alone."""
    path = tmp_path / "demo.duckdb"
    monkeypatch.setattr(paths, "DEMO_DB", path)
    assert operations.refresh_demo(path)  # missing: built
    assert not operations.refresh_demo(path)  # current: nothing to do
    monkeypatch.setattr(operations, "sources_digest", lambda: "changed")
    assert operations.refresh_demo(path)  # stale: rebuilt
    elsewhere = tmp_path / "other.duckdb"
    assert not operations.refresh_demo(elsewhere) and not elsewhere.exists()
    real = tmp_path / "real.duckdb"
    store.init(real)
    monkeypatch.setattr(paths, "DEMO_DB", real)
    before = real.read_bytes()
    assert not operations.refresh_demo(real)  # a real store is never rebuilt
    assert real.read_bytes() == before
