-- readiness_by_item: one row per (年度, hearing item) for municipality $code, for $fiscal_year and the 年度 before.
-- $code: varchar — 6-digit municipality code
-- $fiscal_year: integer — the 年度 shown; the previous one is included for comparison
with

assessments as (
    select *
    from readiness_assessments
    where municipality_code = $code
        and fiscal_year in ($fiscal_year, $fiscal_year - 1)
),

items as (
    unpivot assessments
    on score_vision, score_top_commitment, score_structure, score_staff_mindset,
        score_talent_profile, score_talent_policy, score_progress, score_issue_awareness
    into name item value score
),

final as (
    select fiscal_year, step, assessed_on, item, score
    from items
)

select * from final
order by fiscal_year, item
