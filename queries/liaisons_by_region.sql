-- liaisons_by_region: one row per active 地域リエゾン of region $region_id.
-- $region_id: varchar — a region_id from regions.csv
with

final as (
    select liaison_roles.liaison_id, liaison_roles.name_ja, liaison_roles.kind, liaison_roles.section
    from liaison_roles
    where liaison_roles.is_active and liaison_roles.region_id = $region_id
)

select * from final
order by liaison_id
