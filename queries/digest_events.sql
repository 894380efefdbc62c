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

cases as not materialized (  -- read where used: materialised, 1M consultations with titles cost 350 MB
    select
        consultations.consultation_id,
        consultations.municipality_code,
        consultations.field_id,
        consultations.title,
        consultations.status,
        consultations.received_on
    from consultations
),

new_cases as (
    select
        'new' as kind,
        cases.received_on as happened_on,
        cases.municipality_code,
        cases.field_id,
        cast(null as bigint) as department_id,
        cases.consultation_id,
        cases.title,
        '' as detail,
        cases.status as state
    from cases
    where cases.received_on between $date_from and $date_to
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

changed_cases as (
    select
        'changed' as kind,
        max(touches.touched_on) as happened_on,
        cases.municipality_code,
        cases.field_id,
        cast(null as bigint) as department_id,
        cases.consultation_id,
        cases.title,
        '' as detail,
        cases.status as state
    from touches
    inner join cases on touches.consultation_id = cases.consultation_id
    where cases.received_on < $date_from
    group by all
),

visited as (
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

referral_rows as (
    -- the referrals made or answered in the period with their consultation, joined once for both kinds below
    select
        referrals.referred_on,
        referrals.responded_on,
        referrals.request,
        referrals.response,
        referrals.outcome,
        referrals.department_id,
        cases.municipality_code,
        cases.field_id,
        cases.consultation_id,
        cases.title
    from referrals
    inner join cases on referrals.consultation_id = cases.consultation_id
    where referrals.referred_on between $date_from and $date_to
        or referrals.responded_on between $date_from and $date_to
),

referred as (
    select
        'referral' as kind,
        referral_rows.referred_on as happened_on,
        referral_rows.municipality_code,
        referral_rows.field_id,
        referral_rows.department_id,
        referral_rows.consultation_id,
        referral_rows.title,
        referral_rows.request as detail,
        referral_rows.outcome as state
    from referral_rows
    where referral_rows.referred_on between $date_from and $date_to
),

answered as (
    select
        'answer' as kind,
        referral_rows.responded_on as happened_on,
        referral_rows.municipality_code,
        referral_rows.field_id,
        referral_rows.department_id,
        referral_rows.consultation_id,
        referral_rows.title,
        referral_rows.response as detail,
        referral_rows.outcome as state
    from referral_rows
    where referral_rows.responded_on between $date_from and $date_to
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
    -- the consultations' titles are joined for the listed ones only
    select
        'overdue' as kind,
        referrals.referred_on as happened_on,
        cases.municipality_code,
        cases.field_id,
        referrals.department_id,
        cases.consultation_id,
        cases.title,
        referrals.request as detail,
        referrals.outcome as state
    from overdue_ranked
    inner join referrals on overdue_ranked.referral_id = referrals.referral_id
    inner join cases on referrals.consultation_id = cases.consultation_id
    where $overdue_listed is null or overdue_ranked.wait_rank <= $overdue_listed
),

events as (
    select * from new_cases
    union all select * from changed_cases
    union all select * from visited
    union all select * from referred
    union all select * from answered
    union all select * from overdue
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
order by kind, happened_on, municipality_code, consultation_id
