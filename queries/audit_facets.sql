-- audit_facets: one row per (facet, value) with how many rows have it, for the 監査ログ page's pickers: actor, table_name and action of audit_log; login_name of login_events. No parameters.
with

changes as (
    select 'actor' as facet, actor as value, count(*) as row_count from audit_log group by actor
    union all
    select 'table_name' as facet, table_name as value, count(*) as row_count from audit_log group by table_name
    union all
    select 'action' as facet, action as value, count(*) as row_count from audit_log group by action
),

logins as (
    select 'login_name' as facet, lower(login_name) as value, count(*) as row_count
    from login_events
    group by lower(login_name)
),

final as (
    select * from changes
    union all
    select * from logins
)

select * from final
order by facet, value
