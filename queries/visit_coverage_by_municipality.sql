-- visit_coverage_by_municipality: one row per (liaison-target municipality, department) of region $region_id (all when null).
-- Every pair is present, with zero visits where there were none. "Now" is the earlier of $as_of and the 年度's end.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
-- $as_of: date — the day the data stands for (today, or the demo store's reference date)
-- $region_id: varchar or null — a region_id from regions.csv
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

departments as (
    select department_order, department
    from (values (1, '自治体DX担当'), (2, '地域社会DX担当'), (3, '首長・幹部'))
        as department_list (department_order, department)
),

targets as (
    select
        municipalities.code,
        municipalities.name_ja,
        municipalities.name_en,
        municipalities.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        regions.sort_order as region_order
    from municipalities
    inner join regions on municipalities.region_id = regions.region_id
    where municipalities.is_liaison_target
        and ($region_id is null or municipalities.region_id = $region_id)
),

visit_summary as (
    select
        visits.municipality_code,
        visits.department,
        count(*) filter (where visits.visited_on >= fiscal_window.starts_on) as visits_fy,
        max(visits.visited_on) filter (where visits.visited_on >= fiscal_window.starts_on)
            as last_visited_on_fy,
        max(visits.visited_on) as last_visited_on
    from visits
    cross join fiscal_window
    where visits.visited_on <= fiscal_window.ends_on
    group by visits.municipality_code, visits.department
),

final as (
    select
        targets.code,
        targets.name_ja,
        targets.name_en,
        targets.region_id,
        targets.region_name_ja,
        targets.region_name_en,
        targets.region_order,
        departments.department_order,
        departments.department,
        coalesce(visit_summary.visits_fy, 0) as visits_fy,
        visit_summary.last_visited_on_fy,
        visit_summary.last_visited_on,
        date_diff('day', visit_summary.last_visited_on, fiscal_window.ends_on) as days_since_last_visit
    from targets
    cross join departments
    cross join fiscal_window
    left join visit_summary
        on targets.code = visit_summary.municipality_code
        and departments.department = visit_summary.department
)

select * from final
order by region_order, code, department_order
