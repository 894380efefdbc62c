-- liaisons_list: one row per liaison (地域 and 分野), active first, for filters and forms.
with

final as (
    select
        liaisons.liaison_id,
        liaisons.name_ja,
        liaisons.kind,
        liaisons.region_id,
        liaisons.field_id,
        liaisons.is_active,
        coalesce(regions.name_ja, dx_fields.name_ja) as assignment_ja,
        coalesce(regions.name_en, dx_fields.name_en) as assignment_en
    from liaisons
    left join regions on liaisons.region_id = regions.region_id
    left join dx_fields on liaisons.field_id = dx_fields.field_id
)

select * from final
order by is_active desc, kind, liaison_id
