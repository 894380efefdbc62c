-- digest_department_fields: one row per (department, DX field) with at least one consultation of that field
-- ever referred to the department: the fields whose consultations concern it in the 関係部署 digest.
with

final as (
    select distinct referrals.department_id, consultations.field_id
    from referrals
    inner join consultations on referrals.consultation_id = consultations.consultation_id
)

select * from final
order by department_id, field_id
