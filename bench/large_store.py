"""A large fictional store for benchmarks: about 1M consultations and 200k visits over 10 年度.

Also engagements with participants and weekly LoGoチャット pushes with recipients, for the relations page.

Built with set-based DuckDB SQL only: every "random" choice is `hash(row number, salt)` (macros
`bench_rand` / `bench_unit`), so the
same parameters always give the same store. Schema and reference data come from the real
migrations and CSVs (`liaison.store.migrate` / `load_reference`); values stay inside the
schema's CHECK constraints (statuses, departments, purposes, channels, support types).

    .venv/bin/python bench/large_store.py [--db bench/large.duckdb] [--consultations N] [--visits N]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from liaison import paths, store  # noqa: E402

AS_OF = date(2025, 11, 30)  # the same reference day as the demo store
LAST_FISCAL_YEAR = 2025
DEFAULT_PATH = ROOT / "bench" / "large.duckdb"

# Each statement reads its sizes and dates as $parameters; table names are constants.
STATEMENTS = [
    # Deterministic pseudo-random helpers: an integer in [0, n) and a number in [0, 1).
    """
    create temp macro bench_rand(a, b, n) as cast(hash(a, b) % n as bigint),
        (a, b, c, n) as cast(hash(a, b, c) % n as bigint)
    """,
    "create temp macro bench_unit(a, b) as (hash(a, b) % 1000003) / 1000003.0",
    # Liaisons: two 地域リエゾン per liaison region, one 分野リエゾン per 自治体DX field (as the demo).
    """
    insert into liaisons (liaison_id, name_ja, section)
    select 'R-' || region_id || '-' || n, 'リエゾン ' || name_ja || n, 'デジタル戦略課'
    from regions, range(1, 3) as t(n)
    where is_liaison_region
    """,
    """
    insert into liaison_assignments (liaison_id, kind, region_id)
    select 'R-' || region_id || '-' || n, '地域', region_id
    from regions, range(1, 3) as t(n)
    where is_liaison_region
    """,
    """
    insert into liaisons (liaison_id, name_ja, section)
    select 'F-' || field_id, 'リエゾン ' || name_ja, 'デジタル改革課'
    from dx_fields
    where domain = '自治体DX' and field_id <> 'awareness'
    """,
    """
    insert into liaison_assignments (liaison_id, kind, field_id)
    select 'F-' || field_id, '分野', field_id
    from dx_fields
    where domain = '自治体DX' and field_id <> 'awareness'
    """,
    # Municipalities in the programme with cumulative weights (about √population) for picking.
    """
    create temp table bench_munis as
    with weighted as (
        select code, region_id, sqrt(coalesce(population_2020, 30000)) as weight
        from municipalities
        where is_liaison_target
    )
    select
        code,
        region_id,
        (sum(weight) over (order by code) - weight) / sum(weight) over () as lo,
        sum(weight) over (order by code) / sum(weight) over () as hi
    from weighted
    """,
    """
    create temp table bench_fields as
    select field_id, name_ja, row_number() over (order by sort_order) - 1 as idx
    from dx_fields
    """,
    # Consultations: received over the 10 年度, more in later years; status follows age as in the demo;
    # owners split between the region's team and the field's liaison as in the demo.
    """
    insert into consultations (
        consultation_id, received_on, municipality_code, field_id, channel, title, detail, status,
        owner_liaison_id, closed_on
    )
    with base as (
        select
            i + 1 as consultation_id,
            -- sqrt of a uniform leans towards recent days (the programme grows)
            $as_of::date - cast(floor($span * (1 - sqrt(bench_unit(i, 1)))) as integer)
                as received_on,
            bench_unit(i, 2) as pick_muni,
            bench_rand(i, 3, 18) as field_idx,
            bench_rand(i, 4, 15) as channel_roll,
            bench_rand(i, 5, 1000) / 1000.0 as status_roll,
            3 + bench_rand(i, 6, 88) as close_days,
            bench_rand(i, 7, 5) as owner_roll,
            bench_rand(i, 9, 2) as team_roll
        from range($n) as t(i)
    ),
    placed as (
        select base.*, bench_munis.code, bench_munis.region_id,
            date_diff('day', received_on, $as_of::date) as age
        from base
        inner join bench_munis on base.pick_muni >= bench_munis.lo and base.pick_muni < bench_munis.hi
    ),
    classified as (
        select placed.*,
            case
                when age > 120 then
                    case when status_roll < 0.72 then '完了' when status_roll < 0.9 then '橋渡し済' else '保留' end
                when age > 30 then
                    case when status_roll < 0.35 then '完了' when status_roll < 0.5 then '橋渡し済'
                         when status_roll < 0.9 then '対応中' else '保留' end
                else
                    case when status_roll < 0.5 then '受付' when status_roll < 0.9 then '対応中' else '完了' end
            end as status
        from placed
    )
    select
        consultation_id,
        received_on,
        code,
        bench_fields.field_id,
        ['訪問', '訪問', '訪問', '電話', '電話', 'メール', 'メール', 'メール',
         'LoGoチャット', 'LoGoチャット', 'LoGoチャット', 'LoGoチャット',
         'オンライン会議', 'オンライン会議', 'その他'][channel_roll + 1],
        bench_fields.name_ja || 'に関する相談（ベンチマーク用の架空データ）',
        '（ベンチマーク用の架空の相談内容です）',
        status,
        -- 3 in 5 to the region's two 地域リエゾン, the rest to the field's 分野リエゾン where there is one
        case when owner_roll >= 3 and field_owner.liaison_id is not null then field_owner.liaison_id
             else 'R-' || classified.region_id || '-' || (team_roll + 1) end,
        case when status in ('完了', '橋渡し済') then least(received_on + close_days::integer, $as_of::date) end
    from classified
    inner join bench_fields on classified.field_idx = bench_fields.idx
    left join liaisons as field_owner on field_owner.liaison_id = 'F-' || bench_fields.field_id
    """,
    "select max(nextval('consultations_seq')) from range($n)",
    # Departments and referrals (migration 009): each 橋渡し済 case referred on its closing day to
    # one of six departments; one in three still awaits the department's answer.
    """
    insert into departments (name_ja, section)
    select name, '企画部' from unnest(['情報政策課', '市町振興課', '防災企画課', '観光振興課',
        '行政改革課', '医療政策課']) as t(name)
    """,
    """
    insert into referrals (consultation_id, department_id, referred_on, request, response, responded_on,
        outcome, source_key)
    select consultation_id, 1 + consultation_id % 6, closed_on, '対応をお願いします',
        case when consultation_id % 3 = 0 then '' else '対応済み' end,
        case when consultation_id % 3 = 0 then null else closed_on end,
        case when consultation_id % 3 = 0 then '依頼中' else '対応完了' end,
        'R-bench-' || consultation_id
    from consultations where status = '橋渡し済'
    """,
    # Support actions: one to three per consultation, distinct types, within 20 days of receipt.
    """
    insert into support_actions (consultation_id, acted_on, support_type, liaison_id, note)
    select
        consultations.consultation_id,
        least(consultations.received_on + cast(bench_rand(consultations.consultation_id, k, 9, 21) as integer),
              $as_of::date),
        ['専門的な助言', '関係部署への橋渡し', '事例紹介', '事業者紹介'][
            1 + (bench_rand(consultations.consultation_id, 10, 4) + k) % 4],
        consultations.owner_liaison_id,
        ''
    from consultations, range(3) as t(k)
    -- one, two or three actions in the ratio 5 : 3 : 1
    where k < case when bench_rand(consultations.consultation_id, 11, 9) < 5 then 1
                   when bench_rand(consultations.consultation_id, 11, 9) < 8 then 2 else 3 end
    """,
    # Visits: 自治体DX担当 most often, 地域社会DX担当 less, 首長・幹部 rarely (個別支援, with a topic).
    """
    insert into visits (visited_on, municipality_code, liaison_id, department, purpose, summary, topic_field_id)
    with base as (
        select
            $as_of::date - cast(floor($span * (1 - sqrt(bench_unit(i, 21)))) as integer)
                as visited_on,
            bench_unit(i, 22) as pick_muni,
            bench_rand(i, 23, 20) as dept_roll,
            bench_rand(i, 24, 10) as purpose_roll,
            bench_rand(i, 25, 2) as liaison_roll,
            bench_rand(i, 26, 18) as topic_idx
        from range($visits) as t(i)
    )
    select
        visited_on,
        bench_munis.code,
        'R-' || bench_munis.region_id || '-' || (liaison_roll + 1),
        case when dept_roll < 13 then '自治体DX担当' when dept_roll < 18 then '地域社会DX担当' else '首長・幹部' end
            as department,
        case when dept_roll >= 18 then '個別支援'
             when dept_roll < 13 and purpose_roll >= 8 then 'ヒアリング調査' else '定期巡回' end,
        '意見交換（ベンチマーク用の架空データ）',
        -- 個別支援 visits have a topic (migration 002), the others none
        case when dept_roll >= 18 then bench_fields.field_id end
    from base
    inner join bench_munis on base.pick_muni >= bench_munis.lo and base.pick_muni < bench_munis.hi
    inner join bench_fields on base.topic_idx = bench_fields.idx
    order by visited_on, bench_munis.code
    """,
    # Readiness: one hearing per municipality and 年度; the step creeps up over the years.
    """
    insert into readiness_assessments (
        municipality_code, fiscal_year, assessed_on, step, score_vision, score_top_commitment,
        score_structure, score_staff_mindset, score_talent_profile, score_talent_policy, score_progress,
        score_issue_awareness
    )
    with base as (
        select code, fy,
            least(3, (fy - $first_fy) // 3 + bench_rand(code, fy, 31, 2)) as step
        from bench_munis, range($first_fy, $last_fy + 1) as t(fy)
    )
    select code, fy, make_date(fy, 8, 1) + cast(bench_rand(code, fy, 32, 40) as integer), step,
        least(5, 1 + step + bench_rand(code, fy, 33, 2)), least(5, 1 + step + bench_rand(code, fy, 34, 2)),
        least(5, 1 + step + bench_rand(code, fy, 35, 2)), least(5, 1 + step + bench_rand(code, fy, 36, 2)),
        least(5, 1 + step // 2 + bench_rand(code, fy, 37, 2)), least(5, 1 + step // 2 + bench_rand(code, fy, 38, 2)),
        least(5, 1 + step + bench_rand(code, fy, 39, 2)), least(5, 2 + step + bench_rand(code, fy, 40, 2))
    from base
    """,
    # Engagements: a few a year, each with a deterministic subset of municipalities.
    """
    insert into engagements (engagement_id, held_on, kind, title, note)
    select
        (fy - $first_fy) * 6 + k + 1,
        least(make_date(fy, 5, 1) + cast(k * 50 + bench_rand(fy, k, 41, 40) as integer), $as_of::date),
        ['首長対話', 'トップマネジメントセミナー', 'DX推進懇談会', 'リエゾン研修', '町村会', 'DX推進懇談会'][k + 1],
        fy || '年度 ' || ['首長対話', 'トップマネジメントセミナー', 'DX推進懇談会', 'リエゾン研修', '町村会',
                          'DX推進懇談会'][k + 1] || '（架空）',
        ''
    from range($first_fy, $last_fy + 1) as y(fy), range(6) as t(k)
    """,
    "select max(nextval('engagements_seq')) from range(6 * ($last_fy - $first_fy + 1))",
    """
    insert into engagement_participants (engagement_id, municipality_code, participant_level)
    select engagement_id, code, ['首長', '幹部', '職員'][1 + bench_rand(engagement_id, code, 42, 3)]
    from engagements, bench_munis
    where bench_rand(engagement_id, code, 43, 10) < 4
    """,
    # LoGoチャット pushes: about one a week, each to all municipalities or a deterministic subset.
    """
    insert into chat_pushes (push_id, pushed_on, field_id, title)
    select
        i + 1,
        make_date($first_fy, 4, 1) + cast(i * 7 + bench_rand(i, 51, 5) as integer),
        bench_fields.field_id,
        bench_fields.name_ja || 'に関する情報提供（ベンチマーク用の架空データ）'
    from range(($as_of::date - make_date($first_fy, 4, 1)) // 7) as t(i)
    inner join bench_fields on bench_rand(i, 52, 18) = bench_fields.idx
    """,
    "select max(nextval('chat_pushes_seq')) from range(($as_of::date - make_date($first_fy, 4, 1)) // 7)",
    """
    insert into chat_push_recipients (push_id, municipality_code)
    select push_id, code
    from chat_pushes, bench_munis
    where bench_rand(push_id, 53, 10) < 6 or bench_rand(push_id, code, 54, 10) < 4
    """,
]


def _fill(con, consultations: int, visits: int, years: int) -> None:
    first_fy = LAST_FISCAL_YEAR - years + 1
    span = (AS_OF - date(first_fy, 4, 1)).days + 1
    values = {
        "n": consultations,
        "visits": visits,
        "span": span,
        "as_of": AS_OF,
        "first_fy": first_fy,
        "last_fy": LAST_FISCAL_YEAR,
    }
    for statement in STATEMENTS:
        used = {name: value for name, value in values.items() if f"${name}" in statement}
        con.execute(statement, used)
    store.set_meta(
        con,
        is_demo="true",
        as_of=AS_OF.isoformat(),
        bench_scale=f"consultations={consultations},visits={visits},years={years}",
    )


def build_large(
    path: Path | str, consultations: int = 1_000_000, visits: int = 200_000, years: int = 10
) -> Path:
    """Build the large store at `path` (atomically, as every store is built)."""
    return store.build_with(path, lambda con: _fill(con, consultations, visits, years))


def is_current(path: Path, consultations: int = 1_000_000, visits: int = 200_000, years: int = 10) -> bool:
    """True when `path` holds a large store built with these sizes by the current schema and generator."""
    if not path.exists():
        return False
    sources = [*paths.MIGRATIONS.glob("*.sql"), Path(__file__).resolve()]  # schema or generator changed
    if any(src.stat().st_mtime > path.stat().st_mtime for src in sources):
        return False
    try:
        con = store.connect(path, read_only=True)
        try:
            meta = store.read_meta(con)
        finally:
            con.close()
    except Exception:
        return False
    return meta.get("bench_scale") == f"consultations={consultations},visits={visits},years={years}"


def ensure_large(path: Path | str = DEFAULT_PATH, **sizes) -> tuple[Path, float | None]:
    """The cached large store, built first if missing or stale; returns (path, build seconds or None)."""
    path = Path(path)
    if is_current(path, **sizes):
        return path, None
    started = time.perf_counter()
    build_large(path, **sizes)
    return path, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--consultations", type=int, default=1_000_000)
    parser.add_argument("--visits", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    build_large(args.db, consultations=args.consultations, visits=args.visits, years=args.years)
    print(f"built {args.db} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
