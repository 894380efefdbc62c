-- visits_by_fiscal_month: one row per (month of the 年度 $fiscal_year, department), April first; visits to region $region_id (all when null).
-- Months after the earlier of $as_of and the 年度's end have a null count (not yet happened), earlier ones 0 or more.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
-- $as_of: date — the day the data stands for (today, or the demo store's reference date)
-- $region_id: varchar or null — a region_id from regions.csv
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

months as (
    select
        month_index + 1 as fiscal_month,
        (fiscal_window.starts_on + to_months(month_index))::date as month_on
    from range(12) as month_range (month_index)
    cross join fiscal_window
),

departments as (
    select department_order, department
    from (values (1, '自治体DX担当'), (2, '地域社会DX担当'), (3, '首長・幹部'))
        as department_list (department_order, department)
),

region_visits as (
    select
        date_trunc('month', visits.visited_on)::date as month_on,
        visits.department,
        count(*) as visits
    from visits
    inner join municipalities on visits.municipality_code = municipalities.code
    cross join fiscal_window
    where visits.visited_on between fiscal_window.starts_on and fiscal_window.ends_on
        and ($region_id is null or municipalities.region_id = $region_id)
    group by all
),

final as (
    select
        months.fiscal_month,
        months.month_on,
        month(months.month_on) as calendar_month,
        departments.department_order,
        departments.department,
        case
            when months.month_on <= fiscal_window.ends_on then coalesce(region_visits.visits, 0)
        end as visits
    from months
    cross join departments
    cross join fiscal_window
    left join region_visits
        on months.month_on = region_visits.month_on
        and departments.department = region_visits.department
)

select * from final
order by fiscal_month, department_order
