-- talent_wishes: one row per municipality (all 41, for the map) with its 年度 hearing's digital-talent support
-- wish (2 希望する, 1 希望しない, 0 未確認, null without a hearing), the kinds of support wanted, its step, the
-- hearing's 課題認識 in words, and its open consultations "now" (figure open_all) with their fields.
-- $fiscal_year: integer — the 年度 of the hearing (2025 = 令和7年度)
-- $as_of: date — the day the data stands for ("now" is the earlier of it and the 年度's last day)
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

hearing as (
    select readiness_assessments.*
    from readiness_assessments
    where readiness_assessments.fiscal_year = $fiscal_year
),

open_cases as (
    select
        consultations.municipality_code,
        count(*) as open_consultations,
        string_agg(distinct dx_fields.name_ja, '、' order by dx_fields.name_ja) as open_fields_ja,
        string_agg(distinct dx_fields.name_en, ', ' order by dx_fields.name_en) as open_fields_en
    from consultations
    inner join dx_fields on consultations.field_id = dx_fields.field_id
    cross join fiscal_window
    where consultations.received_on <= fiscal_window.ends_on
        and is_open(consultations.status)
    group by consultations.municipality_code
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
        case
            when hearing.municipality_code is null then null
            when hearing.talent_support_wanted then 2
            when not hearing.talent_support_wanted then 1
            else 0
        end as talent_support_wish,
        hearing.talent_support_wanted,
        hearing.talent_support_kinds,
        hearing.step,
        hearing.answer_issue_awareness,
        coalesce(open_cases.open_consultations, 0) as open_consultations,
        open_cases.open_fields_ja,
        open_cases.open_fields_en
    from municipalities
    inner join regions on municipalities.region_id = regions.region_id
    left join hearing on municipalities.code = hearing.municipality_code
    left join open_cases on municipalities.code = open_cases.municipality_code
)

select * from final
order by code
