-- digest_events: one row per event of the 関係部署 digest between $date_from and $date_to (both included):
-- a consultation received (new), a consultation changed (an audit_log update, or a support action, on a
-- consultation not received in the period; once per consultation), a visit (with its summary, the findings),
-- a referral made, a department's answer, and the referrals overdue on $date_to (overdue_on's rule): of each
-- department's, the $overdue_listed that waited longest (their number: digest_overdue_counts).
-- Each row carries the municipality, its 圏域, the DX field and, for referrals, the department.
-- $date_from: date — first day of the period
-- $date_to: date — last day of the period (the data's "today" at most)
-- $overdue_days: integer — a referral without a due date is overdue after waiting this many days
-- $overdue_listed: integer — at most this many overdue referrals per department, the longest waiting (the
--   first in this query's order), or null for every one
with

new_cases as (
    select 'new' as kind, consultations.received_on as happened_on, cast(null as bigint) as department_id,
        consultations.consultation_id, '' as detail, cast(null as varchar) as state
    from consultations
    where consultations.received_on between $date_from and $date_to
),

touches as (
    -- audit_log.acted_at is UTC; the day is Japan's (UTC+9, liaison.audit.JST_OFFSET), as the audit page shows it
    select
        try_cast(audit_log.record_key as bigint) as consultation_id,
        (audit_log.acted_at + interval 9 hour)::date as touched_on
    from audit_log
    where audit_log.table_name = 'consultations'
        and audit_log.action = 'update'
        and (audit_log.acted_at + interval 9 hour)::date between $date_from and $date_to
    union all
    select support_actions.consultation_id, support_actions.acted_on as touched_on
    from support_actions
    where support_actions.acted_on between $date_from and $date_to
),

touched as (
    select touches.consultation_id, max(touches.touched_on) as happened_on
    from touches
    group by touches.consultation_id
),

changed_cases as (
    -- the consultations looked up by the few touched ids (a join the other way round hashed the
    -- million consultations received before the period: 60 MB at the large scale)
    select 'changed' as kind, touched.happened_on, cast(null as bigint) as department_id,
        touched.consultation_id, '' as detail, cast(null as varchar) as state
    from touched
    inner join (
        select consultations.consultation_id
        from consultations
        semi join touched on consultations.consultation_id = touched.consultation_id
        where consultations.received_on < $date_from
    ) as received_before on touched.consultation_id = received_before.consultation_id
),

referred as (
    select 'referral' as kind, referrals.referred_on as happened_on, referrals.department_id,
        referrals.consultation_id, referrals.request as detail, referrals.outcome as state
    from referrals
    where referrals.referred_on between $date_from and $date_to
),

answered as (
    select 'answer' as kind, referrals.responded_on as happened_on, referrals.department_id,
        referrals.consultation_id, referrals.response as detail, referrals.outcome as state
    from referrals
    where referrals.responded_on between $date_from and $date_to
),

overdue_ranked as (
    -- keys only: 57k overdue referrals at the large scale, ranked within their department in the order below
    select
        referrals.referral_id,
        row_number() over (
            partition by referrals.department_id
            order by referrals.referred_on, consultations.municipality_code, consultations.consultation_id
        ) as wait_rank
    from referrals
    inner join consultations on referrals.consultation_id = consultations.consultation_id
    where overdue_on(referrals, $date_to, $overdue_days)
),

overdue as (
    select 'overdue' as kind, referrals.referred_on as happened_on, referrals.department_id,
        referrals.consultation_id, referrals.request as detail, referrals.outcome as state
    from overdue_ranked
    inner join referrals on overdue_ranked.referral_id = referrals.referral_id
    where $overdue_listed is null or overdue_ranked.wait_rank <= $overdue_listed
),

case_events as (
    -- every event about a consultation, by id: its municipality, field, title and status are joined once
    -- below (joined in each kind, 1M consultations' titles were read five times: 127 MB at the large scale)
    select * from new_cases
    union all select * from changed_cases
    union all select * from referred
    union all select * from answered
    union all select * from overdue
),

events as (
    select
        case_events.kind,
        case_events.happened_on,
        consultations.municipality_code,
        consultations.field_id,
        case_events.department_id,
        case_events.consultation_id,
        consultations.title,
        case_events.detail,
        coalesce(case_events.state, consultations.status) as state
    from case_events
    inner join consultations on case_events.consultation_id = consultations.consultation_id
    union all
    select
        'visit' as kind,
        visits.visited_on as happened_on,
        visits.municipality_code,
        visits.topic_field_id as field_id,
        cast(null as bigint) as department_id,
        cast(null as bigint) as consultation_id,
        visits.department || '・' || visits.purpose as title,
        visits.summary as detail,
        '' as state
    from visits
    where visits.visited_on between $date_from and $date_to
),

final as (
    select
        events.kind,
        events.happened_on,
        events.municipality_code,
        municipalities.name_ja as municipality_name_ja,
        municipalities.name_en as municipality_name_en,
        municipalities.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        events.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        events.department_id,
        departments.name_ja as department_name,
        events.consultation_id,
        events.title,
        events.detail,
        events.state
    from events
    inner join municipalities on events.municipality_code = municipalities.code
    inner join regions on municipalities.region_id = regions.region_id
    left join dx_fields on events.field_id = dx_fields.field_id
    left join departments on events.department_id = departments.department_id
)

select * from final
order by kind, happened_on, municipality_code, consultation_id, department_id, title, detail
