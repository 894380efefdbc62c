-- chat_pushes_log: one row per LoGoチャット push of the 年度 (optionally one field), newest first, with how many
-- municipalities in scope it reached; with a region chosen, only pushes that reached one of its municipalities.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
-- $region_id: varchar or null — one region_id, or null for all regions
-- $field_id: varchar or null — one dx_fields.field_id, or null for all fields
with

pushes as (
    select chat_pushes.push_id, chat_pushes.pushed_on, chat_pushes.field_id, chat_pushes.title
    from chat_pushes
    where in_fiscal_year(chat_pushes.pushed_on, $fiscal_year)
        and ($field_id is null or chat_pushes.field_id = $field_id)
),

reach as (
    select chat_push_recipients.push_id, count(*) as municipalities
    from chat_push_recipients
    inner join municipalities on chat_push_recipients.municipality_code = municipalities.code
    where $region_id is null or municipalities.region_id = $region_id
    group by chat_push_recipients.push_id
),

final as (
    select
        pushes.push_id,
        pushes.pushed_on,
        pushes.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        pushes.title,
        coalesce(reach.municipalities, 0)::integer as municipalities
    from pushes
    inner join dx_fields on pushes.field_id = dx_fields.field_id
    left join reach on pushes.push_id = reach.push_id
    where $region_id is null or reach.municipalities > 0
)

select * from final
order by pushed_on desc, push_id desc
