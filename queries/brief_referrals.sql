-- brief_referrals: one row per referral of $code's consultations awaiting its department (依頼中) at $as_of, oldest first, with its age in days, whether it is overdue and its consultation's title: referrals_open's rows for one municipality.
-- (The municipality's consultations are read first and joined to the waiting referrals: referrals_open,
-- which joins every waiting referral to its consultation before it filters, took 130 MB at the large
-- scale for one city, this 42 MB (bench/).)
-- $code: varchar — the municipality briefed
-- $as_of: date — the data's "today"; referrals made after it are left out
-- $overdue_days: integer — a referral without a due date is overdue after waiting this many days
with

briefed as (
    select consultations.consultation_id, consultations.title
    from consultations
    where consultations.municipality_code = $code
),

final as (
    select
        referrals.referral_id,
        referrals.consultation_id,
        referrals.department_id,
        departments.name_ja as department_name,
        referrals.referred_on,
        referrals.due_on,
        referrals.request,
        date_diff('day', referrals.referred_on, $as_of::date) as age_days,
        referral_is_overdue(referrals.outcome, referrals.referred_on, referrals.due_on, $as_of::date, $overdue_days)
            as is_overdue,
        briefed.title
    from referrals
    inner join briefed on referrals.consultation_id = briefed.consultation_id
    inner join departments on referrals.department_id = departments.department_id
    where referrals.outcome = '依頼中'
        and referrals.referred_on <= $as_of::date
)

select * from final
order by referred_on, referral_id
