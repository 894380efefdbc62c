-- visits_by_month: one row per (month, department) with visits to municipality $code.
-- $code: varchar — 6-digit municipality code
with

final as (
    select
        date_trunc('month', visited_on)::date as month_on,
        department,
        count(*) as visits
    from visits
    where municipality_code = $code
    group by all
)

select * from final
order by month_on, department
