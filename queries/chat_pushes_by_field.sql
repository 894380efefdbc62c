-- chat_pushes_by_field: one row per DX field (all 18, zeros kept) with the 年度's LoGoチャット pushes on it and
-- how many municipalities in scope they reached (distinct municipalities, and deliveries = push × municipality).
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
-- $region_id: varchar or null — one region_id, or null for all regions
with

deliveries as (
    select chat_pushes.push_id, chat_pushes.field_id, chat_push_recipients.municipality_code
    from chat_pushes
    inner join chat_push_recipients on chat_pushes.push_id = chat_push_recipients.push_id
    inner join municipalities on chat_push_recipients.municipality_code = municipalities.code
    where in_fiscal_year(chat_pushes.pushed_on, $fiscal_year)
        and ($region_id is null or municipalities.region_id = $region_id)
),

per_field as (
    select
        field_id,
        count(distinct push_id) as pushes,
        count(*) as deliveries,
        count(distinct municipality_code) as municipalities_reached
    from deliveries
    group by field_id
),

final as (
    select
        dx_fields.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        dx_fields.domain,
        dx_fields.sort_order as field_sort,
        coalesce(per_field.pushes, 0)::integer as pushes,
        coalesce(per_field.deliveries, 0)::integer as deliveries,
        coalesce(per_field.municipalities_reached, 0)::integer as municipalities_reached
    from dx_fields
    left join per_field on dx_fields.field_id = per_field.field_id
)

select * from final
order by field_sort
