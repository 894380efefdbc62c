-- region_municipalities: one row per liaison-target municipality of region $region_id (every region when null).
-- "Now" is the earlier of $as_of and the 年度's last day, as in municipality_metrics.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
-- $as_of: date — the day the data stands for (today, or the demo store's reference date)
-- $region_id: varchar or null — a region_id from regions.csv
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

targets as (
    select
        municipalities.code,
        municipalities.name_ja,
        municipalities.name_en,
        municipalities.region_id,
        municipalities.population_2020
    from municipalities
    where municipalities.is_liaison_target
        and ($region_id is null or municipalities.region_id = $region_id)
),

visit_summary as (
    select
        visits.municipality_code,
        count(*) filter (where visits.visited_on >= fiscal_window.starts_on) as visits_fy,
        max(visits.visited_on) filter (where visits.department = '自治体DX担当')
            as last_municipal_dx_on,
        max(visits.visited_on) filter (where visits.department = '地域社会DX担当')
            as last_community_dx_on,
        max(visits.visited_on) filter (where visits.department = '首長・幹部')
            as last_executive_on
    from visits
    cross join fiscal_window
    where visits.visited_on <= fiscal_window.ends_on
    group by visits.municipality_code
),

open_consultations as (
    -- open now (status), among those received by the window's end
    select
        consultations.municipality_code,
        count(*) as open_consultations,
        max(date_diff('day', consultations.received_on, fiscal_window.ends_on)) as oldest_open_days
    from consultations
    cross join fiscal_window
    where consultations.received_on <= fiscal_window.ends_on
        and is_open(consultations.status)
    group by consultations.municipality_code
),

latest_assessment as (
    -- the 年度's own hearing, or the most recent one before it
    select
        municipality_code,
        arg_max(step, fiscal_year) as step,
        arg_max(
            readiness_mean(readiness_assessments),
            fiscal_year
        ) as readiness_index
    from readiness_assessments
    where fiscal_year <= $fiscal_year
    group by municipality_code
),

final as (
    select
        targets.code,
        targets.name_ja,
        targets.name_en,
        targets.region_id,
        coalesce(visit_summary.visits_fy, 0) as visits_fy,
        visit_summary.last_municipal_dx_on,
        date_diff('day', visit_summary.last_municipal_dx_on, fiscal_window.ends_on)
            as days_since_municipal_dx,
        visit_summary.last_community_dx_on,
        date_diff('day', visit_summary.last_community_dx_on, fiscal_window.ends_on)
            as days_since_community_dx,
        visit_summary.last_executive_on,
        date_diff('day', visit_summary.last_executive_on, fiscal_window.ends_on)
            as days_since_executive,
        coalesce(open_consultations.open_consultations, 0) as open_consultations,
        open_consultations.oldest_open_days,
        round(latest_assessment.readiness_index, 2) as readiness_index,
        latest_assessment.step
    from targets
    cross join fiscal_window
    left join visit_summary on targets.code = visit_summary.municipality_code
    left join open_consultations on targets.code = open_consultations.municipality_code
    left join latest_assessment on targets.code = latest_assessment.municipality_code
)

select * from final
order by code
