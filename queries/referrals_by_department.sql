-- referrals_by_department: one row per department with referrals made up to $as_of: how many were made, how many await an answer, how many of those are overdue, how many each outcome, and the median days to an answer.
-- $as_of: date — the data's "today"; referrals made after it are left out
-- $overdue_days: integer — a referral without a due date is overdue after waiting this many days
-- $region_id: varchar — only consultations of this 圏域's municipalities, or null
with

made as (
    select referrals.*
    from referrals
    inner join consultations on referrals.consultation_id = consultations.consultation_id
    inner join municipalities on consultations.municipality_code = municipalities.code
    where referrals.referred_on <= $as_of::date
        and ($region_id is null or municipalities.region_id = $region_id)
),

counted as (
    select
        department_id,
        count(*) as referrals,
        count(*) filter (where outcome = '依頼中') as open_referrals,
        count(*) filter (
            where referral_is_overdue(outcome, referred_on, due_on, $as_of::date, $overdue_days)
        ) as overdue_referrals,
        count(*) filter (where outcome = '回答あり') as answered,
        count(*) filter (where outcome = '対応完了') as done,
        count(*) filter (where outcome = '対応不可') as declined,
        median(date_diff('day', referred_on, responded_on)) filter (where responded_on is not null)
            as median_days_to_answer,
        max(date_diff('day', referred_on, $as_of::date)) filter (where outcome = '依頼中') as oldest_open_days
    from made
    group by department_id
),

final as (
    select
        departments.department_id,
        departments.name_ja as department_name,
        departments.section,
        departments.is_active,
        counted.* exclude (department_id)
    from counted
    inner join departments on counted.department_id = departments.department_id
)

select * from final
order by overdue_referrals desc, open_referrals desc, department_name
