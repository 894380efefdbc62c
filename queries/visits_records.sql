-- visits_records: one row per visit, with its stable key 管理番号 (record_key), for exports and import checks.
-- record_key is the source_key, else the content key (migration 003), numbered -2, -3… for identical visits.
-- $region_id: varchar — only this region's municipalities (null: all)
-- $codes: varchar[] — only these municipality codes (null: all)
-- $fiscal_year: integer — only this 年度 (null: all)
-- $date_from: date — visited on or after this day (null: no bound)
-- $date_to: date — visited on or before this day (null: no bound)
with

keyed as (
    select
        visits.*,
        visit_content_key(
            visits.visited_on, visits.municipality_code, visits.liaison_id, visits.department,
            visits.purpose, visits.summary
        ) as content_key
    from visits
),

numbered as (
    select
        keyed.*,
        row_number() over (
            partition by keyed.source_key is null, keyed.content_key order by keyed.visit_id
        ) as occurrence
    from keyed
),

final as (
    select
        numbered.visit_id,
        coalesce(
            numbered.source_key,
            numbered.content_key || case when numbered.occurrence > 1 then '-' || numbered.occurrence else '' end
        ) as record_key,
        numbered.visited_on,
        numbered.municipality_code,
        municipalities.name_ja as municipality_name,
        municipalities.region_id,
        numbered.liaison_id,
        numbered.department,
        numbered.purpose,
        numbered.topic_field_id,
        numbered.summary,
        numbered.source_key
    from numbered
    inner join municipalities on numbered.municipality_code = municipalities.code
    where
        ($region_id is null or municipalities.region_id = $region_id)
        and ($codes is null or list_contains($codes, numbered.municipality_code))
        and (
            $fiscal_year is null
            or in_fiscal_year(numbered.visited_on, $fiscal_year)
        )
        and ($date_from is null or numbered.visited_on >= $date_from)
        and ($date_to is null or numbered.visited_on <= $date_to)
)

select * from final
order by visited_on, visit_id
