-- referrals_records: one row per referral, with its 管理番号 (record_key) and its consultation's (consultation_key), for exports and import checks.
with

final as (
    select
        referrals.referral_id,
        referrals.source_key as record_key,
        referrals.consultation_id,
        consultation_keys.record_key as consultation_key,
        referrals.department_id,
        departments.name_ja as department_name,
        referrals.referred_on,
        referrals.request,
        referrals.due_on,
        referrals.outcome,
        referrals.response,
        referrals.responded_on,
        referrals.source_key
    from referrals
    inner join consultation_record_keys() as consultation_keys
        on referrals.consultation_id = consultation_keys.consultation_id
    inner join departments on referrals.department_id = departments.department_id
)

select * from final
order by referred_on, referral_id
