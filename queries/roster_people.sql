-- roster_people: one row per person on the roster (active or retired), with their current assignments as one text and the open consultations they own; active first, then by liaison_id.
-- assignments_ja / assignments_en read 「地域:但馬、分野:生成AI」 / "Regional: Tajima; Field: Generative AI" (the import format's 担当 is assignments_ja).
with

current_assignments as (
    select
        liaison_assignments.liaison_id,
        liaison_assignments.kind,
        coalesce(regions.name_ja, dx_fields.name_ja) as target_ja,
        coalesce(regions.name_en, dx_fields.name_en) as target_en,
        coalesce(regions.sort_order, dx_fields.sort_order) as sort_order
    from liaison_assignments
    left join regions on liaison_assignments.region_id = regions.region_id
    left join dx_fields on liaison_assignments.field_id = dx_fields.field_id
    where liaison_assignments.ended_on is null
),

assignment_texts as (
    select
        current_assignments.liaison_id,
        count(*) as assignment_count,
        string_agg(
            current_assignments.kind || ':' || current_assignments.target_ja, '、'
            order by current_assignments.kind desc, current_assignments.sort_order
        ) as assignments_ja,
        string_agg(
            case when current_assignments.kind = '地域' then 'Regional: ' else 'Field: ' end
            || current_assignments.target_en, '; '
            order by current_assignments.kind desc, current_assignments.sort_order
        ) as assignments_en
    from current_assignments
    group by current_assignments.liaison_id
),

open_owned as (
    select consultations.owner_liaison_id as liaison_id, count(*) as open_consultations
    from consultations
    where is_open(consultations.status)
    group by consultations.owner_liaison_id
),

final as (
    select
        liaisons.liaison_id,
        liaisons.name_ja,
        liaisons.section,
        coalesce(assignment_texts.assignments_ja, '') as assignments_ja,
        coalesce(assignment_texts.assignments_en, '') as assignments_en,
        coalesce(assignment_texts.assignment_count, 0) as assignment_count,
        liaisons.contact,
        liaisons.active_from,
        liaisons.active_to,
        liaisons.is_active,
        coalesce(open_owned.open_consultations, 0) as open_consultations
    from liaisons
    left join assignment_texts on liaisons.liaison_id = assignment_texts.liaison_id
    left join open_owned on liaisons.liaison_id = open_owned.liaison_id
)

select * from final
order by is_active desc, liaison_id
