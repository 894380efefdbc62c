-- referral_content_keys: one row per position of the given lists, the 管理番号 a referral gets without one (referral_content_key of migration 009), for import matching.
-- $consultation_keys: varchar[] — each referral's consultation 管理番号
-- $department_names: varchar[] — each referral's department name (as stored)
-- $referred_days: date[] — each referral's day referred
with

given as (
    select
        unnest(range(len($consultation_keys))) as position,
        unnest($consultation_keys) as consultation_key,
        unnest($department_names) as department_name,
        unnest($referred_days) as referred_on
),

final as (
    select
        position,
        referral_content_key(consultation_key, department_name, referred_on::date) as content_key
    from given
)

select * from final
order by position
