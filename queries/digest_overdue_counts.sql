-- digest_overdue_counts: one row per (department, 圏域, DX field) with the number of referrals overdue on $date_to
-- (overdue_on's rule): the 期限超過の橋渡し of the 関係部署 digest, counted whole (digest_events lists some).
-- $date_to: date — the period's last day
-- $overdue_days: integer — a referral without a due date is overdue after waiting this many days
with

overdue as (
    select
        referrals.department_id,
        consultations.municipality_code,
        consultations.field_id
    from referrals
    inner join consultations on referrals.consultation_id = consultations.consultation_id
    where overdue_on(referrals, $date_to, $overdue_days)
),

final as (
    select
        overdue.department_id,
        departments.name_ja as department_name,
        municipalities.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        overdue.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        count(*) as overdue_count
    from overdue
    inner join municipalities on overdue.municipality_code = municipalities.code
    inner join regions on municipalities.region_id = regions.region_id
    left join dx_fields on overdue.field_id = dx_fields.field_id
    left join departments on overdue.department_id = departments.department_id
    group by all
)

select * from final
order by department_id, region_id, field_id
