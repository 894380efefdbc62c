-- record_history: one row per audit-log entry about one record, oldest first, including the import that inserted it.
-- $table_name: varchar — the record's table (visits, consultations, support_actions, readiness_assessments)
-- $record_key: varchar — the record's id as text
with

final as (
    select
        audit_log.audit_id,
        audit_log.acted_at,
        audit_log.actor,
        audit_log.action,
        audit_log.before_json,
        audit_log.after_json
    from audit_log
    where
        audit_log.table_name = $table_name
        and (
            audit_log.record_key = $record_key
            or (
                audit_log.action = 'import'
                and try_cast($record_key as bigint) between
                try_cast(json_extract_string(audit_log.after_json, '$.first_id') as bigint)
                and try_cast(json_extract_string(audit_log.after_json, '$.last_id') as bigint)
            )
        )
)

select * from final
order by acted_at, audit_id
