-- region_liaisons: one row per person of region $region_id (a person with several assignments once): its active 地域リエゾン, and every 分野リエゾン who worked there in the 年度.
-- "Worked there" means owned a consultation received, took a support action, or visited, within the 年度 up to $as_of.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
-- $as_of: date — the day the data stands for (today, or the demo store's reference date)
-- $region_id: varchar — a region_id from regions.csv
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

region_codes as (
    select municipalities.code
    from municipalities
    where municipalities.region_id = $region_id
),

owned as (
    select consultations.owner_liaison_id as liaison_id, count(*) as consultations_fy
    from consultations
    inner join region_codes on consultations.municipality_code = region_codes.code
    cross join fiscal_window
    where consultations.received_on between fiscal_window.starts_on and fiscal_window.ends_on
    group by consultations.owner_liaison_id
),

acted as (
    select support_actions.liaison_id, count(*) as support_actions_fy
    from support_actions
    inner join consultations on support_actions.consultation_id = consultations.consultation_id
    inner join region_codes on consultations.municipality_code = region_codes.code
    cross join fiscal_window
    where support_actions.acted_on between fiscal_window.starts_on and fiscal_window.ends_on
    group by support_actions.liaison_id
),

visited as (
    select visits.liaison_id, count(*) as visits_fy
    from visits
    inner join region_codes on visits.municipality_code = region_codes.code
    cross join fiscal_window
    where visits.visited_on between fiscal_window.starts_on and fiscal_window.ends_on
    group by visits.liaison_id
),

roles as (
    select
        liaison_roles.liaison_id,
        liaison_roles.name_ja,
        liaison_roles.kind,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        dx_fields.sort_order as field_order
    from liaison_roles
    left join dx_fields on liaison_roles.field_id = dx_fields.field_id
    left join owned on liaison_roles.liaison_id = owned.liaison_id
    left join acted on liaison_roles.liaison_id = acted.liaison_id
    left join visited on liaison_roles.liaison_id = visited.liaison_id
    where (liaison_roles.kind = '地域' and liaison_roles.is_active and liaison_roles.region_id = $region_id)
        or (
            liaison_roles.kind = '分野'
            and (owned.liaison_id is not null or acted.liaison_id is not null or visited.liaison_id is not null)
        )
),

people as (
    -- one row per person: the 地域リエゾン of the region as such, else their fields as one text
    select
        roles.liaison_id,
        any_value(roles.name_ja) as name_ja,
        case when bool_or(roles.kind = '地域') then '地域' else '分野' end as kind,
        case when bool_or(roles.kind = '地域') then null
            else string_agg(roles.field_name_ja, '、' order by roles.field_order) end as field_name_ja,
        case when bool_or(roles.kind = '地域') then null
            else string_agg(roles.field_name_en, ', ' order by roles.field_order) end as field_name_en
    from roles
    group by roles.liaison_id
),

final as (
    select
        people.liaison_id,
        people.name_ja,
        people.kind,
        people.field_name_ja,
        people.field_name_en,
        coalesce(visited.visits_fy, 0) as visits_fy,
        coalesce(owned.consultations_fy, 0) as consultations_fy,
        coalesce(acted.support_actions_fy, 0) as support_actions_fy
    from people
    left join owned on people.liaison_id = owned.liaison_id
    left join acted on people.liaison_id = acted.liaison_id
    left join visited on people.liaison_id = visited.liaison_id
)

select * from final
order by kind desc, liaison_id
