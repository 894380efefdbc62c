-- chat_pushes_records: one row per LoGoチャット push (optionally of one 年度, or reaching one region), in the
-- import format's terms: its 管理番号 (record_key), its field's name, and 配信先 as addressed — recipient_scope
-- 'all', a region (its name) or 'list' (the municipalities' names, by code).
-- $fiscal_year: integer or null — the 年度 of pushed_on (2025 = 令和7年度), or null for every year
-- $region_id: varchar or null — one region_id, or null for all regions
with

in_scope as (
    select distinct chat_push_recipients.push_id
    from chat_push_recipients
    inner join municipalities on chat_push_recipients.municipality_code = municipalities.code
    where $region_id is null or municipalities.region_id = $region_id
),

recipient_names as (
    select
        chat_push_recipients.push_id,
        string_agg(municipalities.name_ja, '、' order by municipalities.code) as names
    from chat_push_recipients
    inner join municipalities on chat_push_recipients.municipality_code = municipalities.code
    group by chat_push_recipients.push_id
),

final as (
    select
        chat_pushes.push_id,
        coalesce(
            chat_pushes.source_key,
            push_content_key(chat_pushes.pushed_on, chat_pushes.field_id, chat_pushes.title)
        ) as record_key,
        chat_pushes.pushed_on,
        chat_pushes.field_id,
        dx_fields.name_ja as field_name_ja,
        chat_pushes.title,
        chat_pushes.body,
        chat_pushes.recipient_scope,
        regions.name_ja as region_name_ja,
        coalesce(recipient_names.names, '') as recipient_names
    from chat_pushes
    left join in_scope on chat_pushes.push_id = in_scope.push_id
    inner join dx_fields on chat_pushes.field_id = dx_fields.field_id
    left join regions on chat_pushes.recipient_scope = regions.region_id
    left join recipient_names on chat_pushes.push_id = recipient_names.push_id
    where ($region_id is null or in_scope.push_id is not null)
        and ($fiscal_year is null or in_fiscal_year(chat_pushes.pushed_on, $fiscal_year))
)

select * from final
order by pushed_on, push_id
