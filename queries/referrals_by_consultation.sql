-- referrals_by_consultation: one row per referral of consultation $consultation_id (oldest first), with its department and whether it is overdue at $as_of.
-- $consultation_id: bigint — the consultation
-- $as_of: date — the data's "today"
-- $overdue_days: integer — a referral without a due date is overdue after waiting this many days
with

final as (
    select
        referrals.referral_id,
        referrals.source_key,
        referrals.department_id,
        departments.name_ja as department_name,
        referrals.referred_on,
        referrals.request,
        referrals.due_on,
        referrals.outcome,
        referrals.response,
        referrals.responded_on,
        referral_is_overdue(referrals.outcome, referrals.referred_on, referrals.due_on, $as_of::date, $overdue_days)
            as is_overdue
    from referrals
    inner join departments on referrals.department_id = departments.department_id
    where referrals.consultation_id = $consultation_id
)

select * from final
order by referred_on, referral_id
