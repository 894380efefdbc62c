-- municipality_profile: one row for the municipality with code $code (none if unknown).
-- $code: varchar — 6-digit 全国地方公共団体コード
with

final as (
    select
        municipalities.code,
        municipalities.name_ja,
        municipalities.name_kana,
        municipalities.name_en,
        municipalities.kind,
        municipalities.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        regions.office_ja,
        municipalities.population_2020,
        municipalities.area_km2,
        municipalities.is_liaison_target
    from municipalities
    inner join regions on municipalities.region_id = regions.region_id
    where municipalities.code = $code
)

select * from final
