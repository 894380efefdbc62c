-- recent_inserts_by_actor: one row per record $actor inserted into $table_name in the last $minutes minutes, newest first.
-- $actor: varchar — the acting user as the write API records them
-- $table_name: varchar — visits, consultations or support_actions
-- $minutes: integer — how far back to look
-- $now: timestamp — now in UTC (store.utc_now(): acted_at is UTC)
with

recent as (
    select
        audit_log.audit_id,
        audit_log.record_key,
        audit_log.after_json::varchar as after_json,
        date_diff('second', audit_log.acted_at, $now) as seconds_ago
    from audit_log
    where
        audit_log.actor = $actor
        and audit_log.table_name = $table_name
        and audit_log.action = 'insert'
        and audit_log.acted_at >= $now - to_minutes($minutes)
),

final as (
    select
        recent.record_key,
        recent.after_json,
        recent.seconds_ago
    from recent
    order by recent.audit_id desc
)

select * from final
