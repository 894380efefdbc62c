-- liaisons_list: one row per liaison and current assignment (地域 for a 圏域, 分野 for a field; a person with none has one row with kind null); active first, then in the prefecture's order.
with

final as (
    select
        liaisons.liaison_id,
        liaisons.name_ja,
        liaison_assignments.kind,
        liaisons.is_active,
        liaison_assignments.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        liaison_assignments.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        coalesce(regions.name_ja, dx_fields.name_ja) as assignment_ja,
        coalesce(regions.name_en, dx_fields.name_en) as assignment_en,
        coalesce(regions.sort_order, dx_fields.sort_order) as sort_order
    from liaisons
    left join liaison_assignments
        on liaisons.liaison_id = liaison_assignments.liaison_id and liaison_assignments.ended_on is null
    left join regions on liaison_assignments.region_id = regions.region_id
    left join dx_fields on liaison_assignments.field_id = dx_fields.field_id
)

select * from final
order by is_active desc, kind desc nulls last, sort_order, liaison_id
