-- referrals_open: one row per referral awaiting its department (依頼中) at $as_of, oldest first, with its age in days, whether it is overdue and the consultation it came from.
-- $as_of: date — the data's "today"; referrals made after it are left out
-- $overdue_days: integer — a referral without a due date is overdue after waiting this many days
-- $region_id: varchar — only consultations of this 圏域's municipalities, or null
-- $department_id: bigint — only this department, or null
with

waiting as (
    select referrals.*
    from referrals
    where referrals.outcome = '依頼中'
        and referrals.referred_on <= $as_of::date
        and ($department_id is null or referrals.department_id = $department_id)
),

final as (
    select
        waiting.referral_id,
        waiting.source_key,
        waiting.consultation_id,
        waiting.department_id,
        departments.name_ja as department_name,
        waiting.referred_on,
        waiting.due_on,
        waiting.request,
        date_diff('day', waiting.referred_on, $as_of::date) as age_days,
        referral_is_overdue(waiting.outcome, waiting.referred_on, waiting.due_on, $as_of::date, $overdue_days)
            as is_overdue,
        consultations.title,
        consultations.status,
        consultations.municipality_code,
        municipalities.name_ja as municipality_name_ja,
        municipalities.name_en as municipality_name_en,
        municipalities.region_id
    from waiting
    inner join departments on waiting.department_id = departments.department_id
    inner join consultations on waiting.consultation_id = consultations.consultation_id
    inner join municipalities on consultations.municipality_code = municipalities.code
    where $region_id is null or municipalities.region_id = $region_id
)

select * from final
order by referred_on, referral_id
