-- accounts_list: one row per account (administrators' account list): who logs in, their role, roster entry or
-- department, and whether they are locked. No parameters. Times are UTC.
with accounts_named as (
    select
        accounts.account_id,
        accounts.login_name,
        accounts.display_name,
        accounts.role,
        accounts.liaison_id,
        liaisons.name_ja as liaison_name,
        accounts.department_id,
        departments.name_ja as department_name,
        accounts.password_hash is not null as has_password,
        accounts.is_active,
        accounts.failed_logins,
        accounts.locked_until,
        accounts.created_at,
        accounts.created_by
    from accounts
    left join liaisons on liaisons.liaison_id = accounts.liaison_id
    left join departments on departments.department_id = accounts.department_id
),

final as (
    select * from accounts_named order by account_id
)

select * from final
