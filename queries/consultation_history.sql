-- consultation_history: one row per audit-log entry about consultation $consultation_id or its support actions, oldest first.
-- $consultation_id: bigint — the consultation
with

own_actions as (
    select action_id::varchar as record_key
    from support_actions
    where consultation_id = $consultation_id
),

final as (
    select
        audit_log.audit_id,
        audit_log.acted_at,
        audit_log.actor,
        audit_log.table_name,
        audit_log.action,
        audit_log.before_json::varchar as before_json,
        audit_log.after_json::varchar as after_json
    from audit_log
    where (audit_log.table_name = 'consultations' and audit_log.record_key = $consultation_id::varchar)
        or (
            audit_log.table_name = 'support_actions'
            and audit_log.record_key in (select own_actions.record_key from own_actions)
        )
)

select * from final
order by acted_at, audit_id
