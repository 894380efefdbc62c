-- consultation_fields_by_municipality: one row per DX field, with how many consultations municipality $code has in it (all, and open now).
-- $code: varchar — 6-digit municipality code
with

counts as (
    select
        consultations.field_id,
        count(*) as consultations,
        count(*) filter (where is_open(consultations.status)) as open_consultations
    from consultations
    where consultations.municipality_code = $code
    group by consultations.field_id
),

final as (
    select
        dx_fields.field_id,
        dx_fields.name_ja,
        dx_fields.name_en,
        dx_fields.domain,
        dx_fields.sort_order,
        coalesce(counts.consultations, 0) as consultations,
        coalesce(counts.open_consultations, 0) as open_consultations
    from dx_fields
    left join counts on dx_fields.field_id = counts.field_id
)

select * from final
order by sort_order
