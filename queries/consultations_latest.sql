-- consultations_latest: one row per consultation of municipality $code, newest first, at most $limit rows.
-- $code: varchar — 6-digit municipality code
-- $limit: integer — how many rows
with

final as (
    select
        consultations.consultation_id,
        consultations.received_on,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        consultations.title,
        consultations.status,
        consultations.closed_on,
        liaisons.name_ja as owner_name
    from consultations
    inner join dx_fields on consultations.field_id = dx_fields.field_id
    left join liaisons on consultations.owner_liaison_id = liaisons.liaison_id
    where consultations.municipality_code = $code
)

select * from final
order by received_on desc, consultation_id desc
limit $limit
