-- roster_open_consultations: one row per open consultation (受付・対応中・保留, macro is_open) owned by $liaison_id, oldest first.
-- $liaison_id: varchar — a liaisons.liaison_id
with

final as (
    select
        consultations.consultation_id,
        consultations.received_on,
        consultations.municipality_code,
        municipalities.name_ja as municipality_name_ja,
        municipalities.name_en as municipality_name_en,
        consultations.title,
        consultations.status,
        consultations.owner_liaison_id
    from consultations
    left join municipalities on consultations.municipality_code = municipalities.code
    where consultations.owner_liaison_id = $liaison_id and is_open(consultations.status)
)

select * from final
order by received_on, consultation_id
