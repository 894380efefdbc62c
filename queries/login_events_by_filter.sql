-- login_events_by_filter: one row per login event (a login, a failed or refused one, a logout, a session ended by its time limits) matching every given filter (null = no filter), newest first, at most $limit rows; total_rows counts every match.
-- Times are UTC as stored; the page shows 日本時間. display_name is the account's name today (empty for a login name with no account).
-- $login_name: varchar — the login name as given (case-insensitive), or null
-- $outcome: varchar — success, failure, locked, unknown, disabled, logout, expired or idle, or null
-- $from_at: timestamp — occurred at or after this time (UTC), or null
-- $to_at: timestamp — occurred before this time (UTC), or null
-- $limit: integer — how many rows at most, or null for all (exports)
with

matching as (
    select
        login_events.event_id,
        login_events.occurred_at,
        login_events.login_name,
        login_events.account_id,
        accounts.display_name,
        login_events.method,
        login_events.outcome,
        login_events.detail
    from login_events
    left join accounts on accounts.account_id = login_events.account_id
    where
        ($login_name is null or lower(login_events.login_name) = lower($login_name))
        and ($outcome is null or login_events.outcome = $outcome)
        and ($from_at is null or login_events.occurred_at >= $from_at)
        and ($to_at is null or login_events.occurred_at < $to_at)
),

final as (
    select
        matching.*,
        count(*) over () as total_rows
    from matching
)

select * from final
order by occurred_at desc, event_id desc
limit $limit
