-- readiness_by_item: one row per (年度, hearing item) for municipality $code, for $fiscal_year and the 年度 before:
-- the item's score, its answer in words (migration 007; null when not recorded) and the hearing's
-- digital-talent support wish, repeated on each item row of that 年度.
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

answer_columns as (
    select
        fiscal_year,
        answer_vision, answer_top_commitment, answer_structure, answer_staff_mindset,
        answer_talent_profile, answer_talent_policy, answer_progress, answer_issue_awareness
    from assessments
),

answers_unpivoted as (
    select *
    from answer_columns
    unpivot include nulls (
        answer for answer_column in (
            answer_vision, answer_top_commitment, answer_structure, answer_staff_mindset,
            answer_talent_profile, answer_talent_policy, answer_progress, answer_issue_awareness
        )
    )
),

-- the answers, named after their score column so they join item by item
answers as (
    select fiscal_year, replace(answer_column, 'answer_', 'score_') as item, answer
    from answers_unpivoted
),

final as (
    select
        items.fiscal_year,
        items.step,
        items.assessed_on,
        items.item,
        items.score,
        answers.answer,
        items.talent_support_wanted,
        items.talent_support_kinds
    from items
    left join answers on items.fiscal_year = answers.fiscal_year and items.item = answers.item
)

select * from final
order by fiscal_year, item
