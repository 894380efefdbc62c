-- fiscal_years: one row per 年度 that has any consultation, visit or readiness hearing.
-- (no parameters)
with

record_days as (
    select received_on as recorded_on from consultations
    union all
    select visited_on from visits
    union all
    select make_date(fiscal_year, 4, 1) from readiness_assessments
),

final as (
    select distinct
        case when month(recorded_on) >= 4 then year(recorded_on) else year(recorded_on) - 1 end
            as fiscal_year
    from record_days
)

select * from final
order by fiscal_year desc
