-- liaisons_list: one row per liaison (地域 and 分野) with the region or field they cover; active first, then in the prefecture's order.
with

final as (
    select
        liaisons.liaison_id,
        liaisons.name_ja,
        liaisons.kind,
        liaisons.is_active,
        liaisons.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        liaisons.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        coalesce(regions.name_ja, dx_fields.name_ja) as assignment_ja,
        coalesce(regions.name_en, dx_fields.name_en) as assignment_en,
        coalesce(regions.sort_order, dx_fields.sort_order) as sort_order
    from liaisons
    left join regions on liaisons.region_id = regions.region_id
    left join dx_fields on liaisons.field_id = dx_fields.field_id
)

select * from final
order by is_active desc, kind desc, sort_order, liaison_id
