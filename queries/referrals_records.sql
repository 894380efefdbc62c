-- referrals_records: one row per referral (橋渡し, migration 009) in the import format's terms: its 管理番号 (record_key), its content key, the consultation's 管理番号 and the department's name; for exports and import matching.
-- record_key is the source_key, else the content key referral_content_key(consultation's 管理番号, department, day).
-- $region_id: varchar — only referrals of consultations of this region's municipalities (null: all)
-- $codes: varchar[] — only referrals of consultations of these municipality codes (null: all)
-- $fiscal_year: integer — only referrals made in this 年度 (null: all)
-- $date_from: date — referred on or after this day (null: no bound)
-- $date_to: date — referred on or before this day (null: no bound)
with

consultation_keys as (
    select * from consultation_record_keys()
),

keyed as (
    select
        referrals.*,
        consultation_keys.record_key as consultation_key,
        departments.name_ja as department_name,
        referral_content_key(consultation_keys.record_key, departments.name_ja, referrals.referred_on) as content_key,
        consultations.municipality_code
    from referrals
    inner join consultation_keys on referrals.consultation_id = consultation_keys.consultation_id
    inner join consultations on referrals.consultation_id = consultations.consultation_id
    inner join departments on referrals.department_id = departments.department_id
),

final as (
    select
        keyed.referral_id,
        coalesce(keyed.source_key, keyed.content_key) as record_key,
        keyed.content_key,
        keyed.consultation_id,
        keyed.consultation_key,
        keyed.department_id,
        keyed.department_name,
        keyed.referred_on,
        keyed.request,
        keyed.due_on,
        keyed.outcome,
        keyed.response,
        keyed.responded_on,
        keyed.source_key
    from keyed
    inner join municipalities on keyed.municipality_code = municipalities.code
    where
        ($region_id is null or municipalities.region_id = $region_id)
        and ($codes is null or list_contains($codes, keyed.municipality_code))
        and ($fiscal_year is null or in_fiscal_year(keyed.referred_on, $fiscal_year))
        and ($date_from is null or keyed.referred_on >= $date_from)
        and ($date_to is null or keyed.referred_on <= $date_to)
)

select * from final
order by referred_on, referral_id
