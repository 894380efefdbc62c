-- consultation_record_keys: one row per consultation with its 管理番号 as exports show it (record_key) and its received_on; a referral names its consultation by it (migration 009's macro).
with

final as (
    select consultation_keys.consultation_id, consultation_keys.record_key, consultations.received_on
    from consultation_record_keys() as consultation_keys
    inner join consultations on consultation_keys.consultation_id = consultations.consultation_id
)

select * from final
order by consultation_id
