-- visits_by_purpose: one row per visit purpose (定期巡回, 個別支援, ヒアリング調査; zeros kept) with the 年度's visits
-- to liaison-target municipalities in scope, and how many of them have a topic field (so a 手順書 step).
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
-- $region_id: varchar or null — one region_id, or null for all regions
-- $codes: varchar[] or null — municipality codes to keep, or null for all
with

purposes as (
    select purpose, sort_order
    from (values ('定期巡回', 1), ('個別支援', 2), ('ヒアリング調査', 3)) as purpose_list (purpose, sort_order)
),

in_scope as (
    select visits.purpose, visits.topic_field_id
    from visits
    inner join municipalities on visits.municipality_code = municipalities.code
    where municipalities.is_liaison_target
        and in_fiscal_year(visits.visited_on, $fiscal_year)
        and ($region_id is null or municipalities.region_id = $region_id)
        and ($codes is null or list_contains($codes, municipalities.code))
),

counted as (
    select purpose, count(*) as visits, count(topic_field_id) as with_topic
    from in_scope
    group by purpose
),

final as (
    select
        purposes.purpose,
        coalesce(counted.visits, 0)::integer as visits,
        coalesce(counted.with_topic, 0)::integer as with_topic,
        purposes.sort_order as purpose_sort
    from purposes
    left join counted on purposes.purpose = counted.purpose
)

select * from final
order by purpose_sort
