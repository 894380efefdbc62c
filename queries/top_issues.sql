-- top_issues: one row per DX field with consultations in scope: open ones (as the map counts them) and this 年度's.
-- "Now" is the earlier of $as_of and the 年度's last day, as in municipality_metrics.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度)
-- $as_of: date — the day the data stands for
-- $region_id: varchar or null — only this region's municipalities; all when null
-- $codes: varchar[] or null — only these municipalities; all when null
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

in_scope as (
    select municipalities.code
    from municipalities
    where municipalities.is_liaison_target
        and ($region_id is null or municipalities.region_id = $region_id)
        and ($codes is null or list_contains($codes, municipalities.code))
),

field_counts as (
    select
        consultations.field_id,
        count(*) filter (
            where is_open(consultations.status)
        ) as open_consultations,
        count(*) filter (
            where consultations.received_on >= fiscal_window.starts_on
        ) as consultations_fy,
        count(distinct consultations.municipality_code) filter (
            where is_open(consultations.status)
        ) as municipalities_open
    from consultations
    inner join in_scope on consultations.municipality_code = in_scope.code
    cross join fiscal_window
    where consultations.received_on <= fiscal_window.ends_on
    group by consultations.field_id
),

final as (
    select
        dx_fields.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        dx_fields.domain,
        dx_fields.typical_step,
        dx_fields.sort_order,
        field_counts.open_consultations,
        field_counts.consultations_fy,
        field_counts.municipalities_open
    from field_counts
    inner join dx_fields on field_counts.field_id = dx_fields.field_id
)

select * from final
order by open_consultations desc, consultations_fy desc, sort_order
