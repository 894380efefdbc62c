-- municipalities_by_region: one row per municipality, for pickers; all regions when $region_id is null.
-- $region_id: varchar or null — a region_id from regions.csv
with

final as (
    select
        municipalities.code,
        municipalities.name_ja,
        municipalities.name_en,
        municipalities.region_id,
        municipalities.kind,
        municipalities.is_liaison_target
    from municipalities
    where ($region_id is null or municipalities.region_id = $region_id)
)

select * from final
order by code
