-- municipality_metrics: one row per municipality (all 41; 神戸市 has no liaison measures).
-- "Now" is the earlier of $as_of and the 年度's last day, so a past 年度 is measured at its end.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
-- $as_of: date — the day the data stands for (today, or the demo store's reference date)
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

consultation_counts as (
    select
        consultations.municipality_code,
        count(*) filter (
            where consultations.received_on >= fiscal_window.starts_on
        ) as consultations_fy,
        count(*) filter (
            where is_open(consultations.status)
        ) as open_consultations
    from consultations
    cross join fiscal_window
    where consultations.received_on <= fiscal_window.ends_on
    group by consultations.municipality_code
),

visit_counts as (
    select
        visits.municipality_code,
        max(visits.visited_on) as last_visited_on,
        max(visits.visited_on) filter (where visits.department = '自治体DX担当') as last_municipal_dx_on,
        max(visits.visited_on) filter (where visits.department = '地域社会DX担当') as last_community_dx_on,
        count(*) filter (where visits.visited_on >= fiscal_window.starts_on) as visits_fy,
        count(distinct visits.department) filter (
            where visits.visited_on >= fiscal_window.starts_on
                and visits.department in ('自治体DX担当', '地域社会DX担当')
        ) as departments_visited_fy
    from visits
    cross join fiscal_window
    where visits.visited_on <= fiscal_window.ends_on
    group by visits.municipality_code
),

latest_assessment as (
    -- the 年度's own hearing, or the most recent one before it
    select
        municipality_code,
        arg_max(step, fiscal_year) as step,
        arg_max(
            readiness_mean(readiness_assessments),
            fiscal_year
        ) as readiness_index,
        max(fiscal_year) as assessed_fiscal_year
    from readiness_assessments
    where fiscal_year <= $fiscal_year
    group by municipality_code
),

final as (
    select
        municipalities.code,
        municipalities.name_ja,
        municipalities.name_en,
        municipalities.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        municipalities.is_liaison_target,
        municipalities.population_2020,
        round(latest_assessment.readiness_index, 2) as readiness_index,
        latest_assessment.step,
        latest_assessment.assessed_fiscal_year,
        coalesce(consultation_counts.consultations_fy, 0) as consultations_fy,
        round(
            10000.0 * coalesce(consultation_counts.consultations_fy, 0)
            / municipalities.population_2020,
            2
        ) as consultations_per_10k,
        coalesce(consultation_counts.open_consultations, 0) as open_consultations,
        coalesce(visit_counts.visits_fy, 0) as visits_fy,
        visit_counts.last_visited_on,
        date_diff('day', visit_counts.last_visited_on, fiscal_window.ends_on)
            as days_since_last_visit,
        date_diff('day', visit_counts.last_municipal_dx_on, fiscal_window.ends_on)
            as days_since_municipal_dx,
        date_diff('day', visit_counts.last_community_dx_on, fiscal_window.ends_on)
            as days_since_community_dx,
        coalesce(visit_counts.departments_visited_fy, 0) / 2.0 as department_coverage
    from municipalities
    inner join regions on municipalities.region_id = regions.region_id
    cross join fiscal_window
    left join consultation_counts on municipalities.code = consultation_counts.municipality_code
    left join visit_counts on municipalities.code = visit_counts.municipality_code
    left join latest_assessment on municipalities.code = latest_assessment.municipality_code
)

select * from final
order by code
