-- readiness_records: one row per readiness assessment (municipality × 年度, its key), for exports and import checks.
-- $region_id: varchar — only this region's municipalities (null: all)
-- $codes: varchar[] — only these municipality codes (null: all)
-- $fiscal_year: integer — only this 年度 (null: all)
-- $date_from: date — assessed on or after this day (null: no bound)
-- $date_to: date — assessed on or before this day (null: no bound)
with

final as (
    select
        readiness_assessments.assessment_id,
        readiness_assessments.municipality_code,
        municipalities.name_ja as municipality_name,
        municipalities.region_id,
        readiness_assessments.fiscal_year,
        readiness_assessments.assessed_on,
        readiness_assessments.step,
        readiness_assessments.score_vision,
        readiness_assessments.score_top_commitment,
        readiness_assessments.score_structure,
        readiness_assessments.score_staff_mindset,
        readiness_assessments.score_talent_profile,
        readiness_assessments.score_talent_policy,
        readiness_assessments.score_progress,
        readiness_assessments.score_issue_awareness,
        readiness_assessments.answer_vision,
        readiness_assessments.answer_top_commitment,
        readiness_assessments.answer_structure,
        readiness_assessments.answer_staff_mindset,
        readiness_assessments.answer_talent_profile,
        readiness_assessments.answer_talent_policy,
        readiness_assessments.answer_progress,
        readiness_assessments.answer_issue_awareness,
        readiness_assessments.talent_support_wanted,
        readiness_assessments.talent_support_kinds,
        readiness_assessments.note
    from readiness_assessments
    inner join municipalities on readiness_assessments.municipality_code = municipalities.code
    where
        ($region_id is null or municipalities.region_id = $region_id)
        and ($codes is null or list_contains($codes, readiness_assessments.municipality_code))
        and ($fiscal_year is null or readiness_assessments.fiscal_year = $fiscal_year)
        and ($date_from is null or readiness_assessments.assessed_on >= $date_from)
        and ($date_to is null or readiness_assessments.assessed_on <= $date_to)
)

select * from final
order by fiscal_year, municipality_code
