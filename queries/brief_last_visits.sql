-- brief_last_visits: one row per department of municipality $code visited by "now", with its last visit
-- (date, purpose, liaison, summary) and the days since it. "Now" is the earlier of $as_of and the 年度's last
-- day, as the planner measures (visit_priority_factors).
-- $code: varchar — 6-digit municipality code
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度)
-- $as_of: date — the day the data stands for
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

latest as (
    select visits.*
    from visits
    cross join fiscal_window
    where visits.municipality_code = $code
        and visits.visited_on <= fiscal_window.ends_on
    qualify row_number() over (
        partition by visits.department order by visits.visited_on desc, visits.visit_id desc
    ) = 1
),

final as (
    select
        latest.department,
        latest.visited_on,
        latest.purpose,
        liaisons.name_ja as liaison_name,
        latest.summary,
        date_diff('day', latest.visited_on, fiscal_window.ends_on) as days_since
    from latest
    cross join fiscal_window
    left join liaisons on latest.liaison_id = liaisons.liaison_id
)

select * from final
order by department
