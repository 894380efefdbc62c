-- account_coverage: one row per current assignment of a liaison (what their account may write): kind 地域 with a
-- region_id, or 分野 with a field_id. Current as in the view liaison_roles: not ended, person active.
-- $liaison_id: varchar, the roster entry
with current_assignments as (
    select liaison_assignments.kind, liaison_assignments.region_id, liaison_assignments.field_id
    from liaison_assignments
    inner join liaisons on liaisons.liaison_id = liaison_assignments.liaison_id
    where
        liaison_assignments.liaison_id = $liaison_id
        and liaison_assignments.ended_on is null
        and liaisons.is_active
),

final as (
    select * from current_assignments order by kind, region_id, field_id
)

select * from final
