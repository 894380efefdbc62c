-- liaisons_by_region: one row per active 地域リエゾン of region $region_id.
-- $region_id: varchar — a region_id from regions.csv
with

final as (
    select liaisons.liaison_id, liaisons.name_ja, liaisons.kind, liaisons.section
    from liaisons
    where liaisons.is_active and liaisons.region_id = $region_id
)

select * from final
order by liaison_id
