-- dx_fields_list: one row per DX field, in display order.
with

final as (
    select field_id, name_ja, name_en, domain, typical_step, is_national_priority, sort_order
    from dx_fields
)

select * from final
order by sort_order
