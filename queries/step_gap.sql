-- step_gap: one row per 自治体DX全体手順書 step (0–3): where municipalities stand against where support goes.
-- Scope: liaison-target municipalities, optionally one region and/or a list of codes. Municipalities count
-- only with a hearing for the 年度; consultations by their field's typical_step; visits only when they have a
-- topic (visits.topic_field_id, migration 002: 個別支援 visits), by that field's typical_step.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
-- $region_id: varchar or null — one region_id, or null for all regions
-- $codes: varchar[] or null — municipality codes to keep, or null for all
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, null)
),

in_scope as (
    select municipalities.code
    from municipalities
    where municipalities.is_liaison_target
        and ($region_id is null or municipalities.region_id = $region_id)
        and ($codes is null or list_contains($codes, municipalities.code))
),

steps as (
    select step::integer as step
    from range(4) as step_range (step)
),

municipality_steps as (
    select readiness_assessments.step, count(*) as municipalities
    from readiness_assessments
    inner join in_scope on readiness_assessments.municipality_code = in_scope.code
    where readiness_assessments.fiscal_year = $fiscal_year
    group by readiness_assessments.step
),

consultation_steps as (
    select dx_fields.typical_step as step, count(*) as consultations
    from consultations
    inner join in_scope on consultations.municipality_code = in_scope.code
    inner join dx_fields on consultations.field_id = dx_fields.field_id
    cross join fiscal_window
    where consultations.received_on between fiscal_window.starts_on and fiscal_window.ends_on
    group by dx_fields.typical_step
),

visit_steps as (
    select dx_fields.typical_step as step, count(*) as visits
    from visits
    inner join in_scope on visits.municipality_code = in_scope.code
    inner join dx_fields on visits.topic_field_id = dx_fields.field_id
    cross join fiscal_window
    where visits.visited_on between fiscal_window.starts_on and fiscal_window.ends_on
    group by dx_fields.typical_step
),

final as (
    select
        steps.step,
        coalesce(municipality_steps.municipalities, 0)::integer as municipalities,
        coalesce(consultation_steps.consultations, 0)::integer as consultations,
        coalesce(visit_steps.visits, 0)::integer as visits
    from steps
    left join municipality_steps on steps.step = municipality_steps.step
    left join consultation_steps on steps.step = consultation_steps.step
    left join visit_steps on steps.step = visit_steps.step
)

select * from final
order by step
