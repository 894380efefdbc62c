-- step_distribution_by_region: one row per (liaison region, step 0–3 or null = not yet heard) with how many of
-- the region's liaison-target municipalities the 年度's hearing places there; every combination, zeros kept.
-- $fiscal_year: integer — the 年度 of the hearing
with

regions_shown as (
    select region_id, name_ja, name_en, sort_order
    from regions
    where is_liaison_region
),

steps as (
    select step::integer as step from range(4) as step_range (step)
    union all
    select null
),

placed as (
    select municipalities.region_id, readiness_assessments.step
    from municipalities
    left join readiness_assessments
        on municipalities.code = readiness_assessments.municipality_code
        and readiness_assessments.fiscal_year = $fiscal_year
    where municipalities.is_liaison_target
),

counted as (
    select region_id, step, count(*) as municipalities
    from placed
    group by region_id, step
),

final as (
    select
        regions_shown.region_id,
        regions_shown.name_ja as region_name_ja,
        regions_shown.name_en as region_name_en,
        regions_shown.sort_order as region_sort,
        steps.step,
        coalesce(counted.municipalities, 0)::integer as municipalities
    from regions_shown
    cross join steps
    left join counted
        on regions_shown.region_id = counted.region_id
        and counted.step is not distinct from steps.step
)

select * from final
order by region_sort, step nulls last
