-- similar_case_candidates: one row per liaison-target municipality other than $code with a 完了 consultation in field $field_id closed by the end of 年度 $fiscal_year, with the asker's own attributes alongside.
-- Readiness is each municipality's latest hearing up to $fiscal_year. No row at all when $code is unknown.
-- $code: varchar — the asking municipality's 6-digit code
-- $field_id: varchar — a field_id from dx_fields.csv
-- $fiscal_year: integer — the 年度 shown; cases closed up to its last day count
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, null)
),

latest_hearing as (
    select
        readiness_assessments.municipality_code,
        readiness_assessments.fiscal_year as assessed_fiscal_year,
        readiness_assessments.step,
        readiness_assessments.score_vision,
        readiness_assessments.score_top_commitment,
        readiness_assessments.score_structure,
        readiness_assessments.score_staff_mindset,
        readiness_assessments.score_talent_profile,
        readiness_assessments.score_talent_policy,
        readiness_assessments.score_progress,
        readiness_assessments.score_issue_awareness
    from readiness_assessments
    where readiness_assessments.fiscal_year <= $fiscal_year
    qualify row_number() over (
        partition by readiness_assessments.municipality_code
        order by readiness_assessments.fiscal_year desc
    ) = 1
),

profiles as (
    select
        municipalities.code,
        municipalities.name_ja,
        municipalities.name_en,
        municipalities.kind,
        municipalities.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        municipalities.population_2020,
        municipalities.is_liaison_target,
        latest_hearing.assessed_fiscal_year,
        latest_hearing.step,
        latest_hearing.score_vision,
        latest_hearing.score_top_commitment,
        latest_hearing.score_structure,
        latest_hearing.score_staff_mindset,
        latest_hearing.score_talent_profile,
        latest_hearing.score_talent_policy,
        latest_hearing.score_progress,
        latest_hearing.score_issue_awareness
    from municipalities
    inner join regions on municipalities.region_id = regions.region_id
    left join latest_hearing on municipalities.code = latest_hearing.municipality_code
),

solved_cases as (
    select
        consultations.municipality_code,
        count(*) as cases,
        max(consultations.closed_on) as last_closed_on,
        list(consultations.title order by consultations.closed_on desc, consultations.consultation_id desc)
            as case_titles,
        list(consultations.consultation_id order by consultations.closed_on desc, consultations.consultation_id desc)
            as case_ids
    from consultations
    cross join fiscal_window
    where consultations.field_id = $field_id
        and consultations.status = '完了'
        and consultations.closed_on <= fiscal_window.ends_on
    group by consultations.municipality_code
),

asker as (
    select * from profiles where profiles.code = $code
),

final as (
    select
        candidate.code,
        candidate.name_ja,
        candidate.name_en,
        candidate.kind,
        candidate.region_id,
        candidate.region_name_ja,
        candidate.region_name_en,
        candidate.population_2020,
        candidate.assessed_fiscal_year,
        candidate.step,
        candidate.score_vision,
        candidate.score_top_commitment,
        candidate.score_structure,
        candidate.score_staff_mindset,
        candidate.score_talent_profile,
        candidate.score_talent_policy,
        candidate.score_progress,
        candidate.score_issue_awareness,
        solved_cases.cases,
        solved_cases.last_closed_on,
        solved_cases.case_titles,
        solved_cases.case_ids,
        asker.kind as asker_kind,
        asker.region_id as asker_region_id,
        asker.population_2020 as asker_population_2020,
        asker.step as asker_step,
        asker.score_vision as asker_score_vision,
        asker.score_top_commitment as asker_score_top_commitment,
        asker.score_structure as asker_score_structure,
        asker.score_staff_mindset as asker_score_staff_mindset,
        asker.score_talent_profile as asker_score_talent_profile,
        asker.score_talent_policy as asker_score_talent_policy,
        asker.score_progress as asker_score_progress,
        asker.score_issue_awareness as asker_score_issue_awareness
    from solved_cases
    inner join profiles as candidate on solved_cases.municipality_code = candidate.code
    cross join asker
    where candidate.is_liaison_target
        and candidate.code <> $code
)

select * from final
order by code
