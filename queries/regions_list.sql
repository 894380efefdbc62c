-- regions_list: one row per region (県民局/県民センター area), in the prefecture's usual order.
-- (no parameters)
with

final as (
    select region_id, name_ja, name_en, office_ja, is_liaison_region, sort_order
    from regions
)

select * from final
order by sort_order
