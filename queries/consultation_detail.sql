-- consultation_detail: one row, consultation $consultation_id with its municipality, field and owner names.
-- $consultation_id: bigint — the consultation
with

final as (
    select
        consultations.*,
        municipalities.name_ja as municipality_name_ja,
        municipalities.name_en as municipality_name_en,
        municipalities.region_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        liaisons.name_ja as owner_name
    from consultations
    inner join municipalities on consultations.municipality_code = municipalities.code
    inner join dx_fields on consultations.field_id = dx_fields.field_id
    left join liaisons on consultations.owner_liaison_id = liaisons.liaison_id
    where consultations.consultation_id = $consultation_id
)

select * from final
