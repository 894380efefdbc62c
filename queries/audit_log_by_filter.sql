-- audit_log_by_filter: one row per audit-log entry (a change: who, when, which record, before/after) matching every given filter (null = no filter), newest first, at most $limit rows; total_rows counts every match.
-- Times are UTC as stored (the write API sets acted_at from store.utc_now(), whatever the machine's zone); the page shows 日本時間.
-- $actor: varchar — the audit name of who acted (「氏名（ログイン名）」), or null
-- $table_name: varchar — the table changed (visits, consultations, accounts, …), or null
-- $action: varchar — insert, update, delete, import, build, void or restore, or null
-- $from_at: timestamp — acted at or after this time (UTC), or null
-- $to_at: timestamp — acted before this time (UTC), or null
-- $limit: integer — how many rows at most, or null for all (exports)
with

matching as (
    select
        audit_log.audit_id,
        audit_log.acted_at,
        audit_log.actor,
        audit_log.table_name,
        audit_log.record_key,
        audit_log.action,
        audit_log.before_json,
        audit_log.after_json
    from audit_log
    where
        ($actor is null or audit_log.actor = $actor)
        and ($table_name is null or audit_log.table_name = $table_name)
        and ($action is null or audit_log.action = $action)
        and ($from_at is null or audit_log.acted_at >= $from_at)
        and ($to_at is null or audit_log.acted_at < $to_at)
),

final as (
    select
        matching.*,
        count(*) over () as total_rows
    from matching
)

select * from final
order by acted_at desc, audit_id desc
limit $limit
