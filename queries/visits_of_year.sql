-- visits_of_year: one row per visit of 年度 $fiscal_year in 圏域 $region_id (all when null), oldest first: the
-- visits page's list of the year's visits with their summaries. (visits_records gives the same visits with their
-- 管理番号, which numbers every visit ever made first: at 200,000 visits that cost the list 30 MB it did not show.)
-- $fiscal_year: integer — the 年度 (April–March)
-- $region_id: varchar — 圏域 id, or null
with

final as (
    select
        visits.visit_id,
        visits.visited_on,
        visits.municipality_code,
        visits.liaison_id,
        visits.department,
        visits.purpose,
        visits.summary
    from visits
    inner join municipalities on visits.municipality_code = municipalities.code
    where in_fiscal_year(visits.visited_on, $fiscal_year)
        and ($region_id is null or municipalities.region_id = $region_id)
)

select * from final
order by visited_on, visit_id
