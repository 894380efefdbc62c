-- liaisons_active: one row per active liaison (地域 and 分野), with the region or field they cover.
-- (no parameters)
with

final as (
    select
        liaisons.liaison_id,
        liaisons.name_ja,
        liaisons.kind,
        liaisons.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        liaisons.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        coalesce(regions.sort_order, dx_fields.sort_order) as sort_order
    from liaisons
    left join regions on liaisons.region_id = regions.region_id
    left join dx_fields on liaisons.field_id = dx_fields.field_id
    where liaisons.is_active
)

select * from final
order by kind desc, sort_order, liaison_id
