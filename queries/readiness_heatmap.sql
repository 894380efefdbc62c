-- readiness_heatmap: one row per liaison-target municipality in scope, with its hearing for the 年度
-- (the eight item scores, step and their mean) and the previous 年度's step and mean; nulls where no hearing.
-- $fiscal_year: integer — the 年度 of the hearing shown; the previous 年度 is $fiscal_year - 1
-- $region_id: varchar or null — one region_id, or null for all regions
-- $codes: varchar[] or null — municipality codes to keep, or null for all
with

in_scope as (
    select
        municipalities.code,
        municipalities.name_ja,
        municipalities.name_en,
        municipalities.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        regions.sort_order as region_sort
    from municipalities
    inner join regions on municipalities.region_id = regions.region_id
    where municipalities.is_liaison_target
        and ($region_id is null or municipalities.region_id = $region_id)
        and ($codes is null or list_contains($codes, municipalities.code))
),

hearings as (
    select
        readiness_assessments.*,
        round(
            readiness_mean(readiness_assessments),
            2
        ) as mean_score
    from readiness_assessments
    where fiscal_year in ($fiscal_year, $fiscal_year - 1)
),

current_hearings as (
    select * from hearings where fiscal_year = $fiscal_year
),

previous_hearings as (
    select municipality_code, step, mean_score from hearings where fiscal_year = $fiscal_year - 1
),

final as (
    select
        in_scope.code,
        in_scope.name_ja,
        in_scope.name_en,
        in_scope.region_id,
        in_scope.region_name_ja,
        in_scope.region_name_en,
        in_scope.region_sort,
        current_hearings.step,
        current_hearings.score_vision,
        current_hearings.score_top_commitment,
        current_hearings.score_structure,
        current_hearings.score_staff_mindset,
        current_hearings.score_talent_profile,
        current_hearings.score_talent_policy,
        current_hearings.score_progress,
        current_hearings.score_issue_awareness,
        current_hearings.mean_score,
        previous_hearings.step as previous_step,
        previous_hearings.mean_score as previous_mean_score
    from in_scope
    left join current_hearings on in_scope.code = current_hearings.municipality_code
    left join previous_hearings on in_scope.code = previous_hearings.municipality_code
)

select * from final
order by region_sort, code
