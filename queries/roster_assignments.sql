-- roster_assignments: one row per assignment of $liaison_id (current and ended), current first, then by start.
-- $liaison_id: varchar — a liaisons.liaison_id
with

final as (
    select
        liaison_assignments.assignment_id,
        liaison_assignments.liaison_id,
        liaison_assignments.kind,
        liaison_assignments.region_id,
        liaison_assignments.field_id,
        coalesce(regions.name_ja, dx_fields.name_ja) as target_ja,
        coalesce(regions.name_en, dx_fields.name_en) as target_en,
        liaison_assignments.started_on,
        liaison_assignments.ended_on,
        liaison_assignments.ended_on is null as is_current
    from liaison_assignments
    left join regions on liaison_assignments.region_id = regions.region_id
    left join dx_fields on liaison_assignments.field_id = dx_fields.field_id
    where liaison_assignments.liaison_id = $liaison_id
)

select * from final
order by is_current desc, started_on nulls first, assignment_id
