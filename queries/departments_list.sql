-- departments_list: one row per department (関係部署, migration 009), in use first then by name, with how many referrals it has and how many await its answer.
with

counted as (
    select
        department_id,
        count(*) as referrals,
        count(*) filter (where outcome = '依頼中') as open_referrals
    from referrals
    group by department_id
),

final as (
    select
        departments.department_id,
        departments.name_ja,
        departments.section,
        departments.contact,
        departments.is_active,
        coalesce(counted.referrals, 0) as referrals,
        coalesce(counted.open_referrals, 0) as open_referrals
    from departments
    left join counted on departments.department_id = counted.department_id
)

select * from final
order by is_active desc, name_ja
