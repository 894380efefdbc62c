-- relationship_levels: one row per municipality (all 41, for the map) with how far relations with its top
-- reached in the 年度: 2 = a 首長対話 was held, 1 = the mayor or executives were reached otherwise (an
-- engagement at 首長/幹部 level, or a visit to 首長・幹部), 0 = neither. 神戸市 is outside the programme.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, null)
),

engaged as (
    select
        engagement_participants.municipality_code,
        count(*) filter (where engagements.kind = '首長対話') as mayor_dialogues,
        count(*) filter (where engagement_participants.participant_level in ('首長', '幹部')) as top_engagements,
        count(*) as engagements
    from engagement_participants
    inner join engagements on engagement_participants.engagement_id = engagements.engagement_id
    cross join fiscal_window
    where engagements.held_on between fiscal_window.starts_on and fiscal_window.ends_on
    group by engagement_participants.municipality_code
),

top_visits as (
    select visits.municipality_code, count(*) as top_visits
    from visits
    cross join fiscal_window
    where visits.department = '首長・幹部'
        and visits.visited_on between fiscal_window.starts_on and fiscal_window.ends_on
    group by visits.municipality_code
),

final as (
    select
        municipalities.code,
        municipalities.name_ja,
        municipalities.name_en,
        municipalities.region_id,
        regions.name_ja as region_name_ja,
        regions.name_en as region_name_en,
        municipalities.is_liaison_target,
        case
            when coalesce(engaged.mayor_dialogues, 0) > 0 then 2
            when coalesce(engaged.top_engagements, 0) + coalesce(top_visits.top_visits, 0) > 0 then 1
            else 0
        end as relationship_level,
        coalesce(engaged.mayor_dialogues, 0)::integer as mayor_dialogues,
        coalesce(engaged.engagements, 0)::integer as engagements,
        coalesce(top_visits.top_visits, 0)::integer as top_visits
    from municipalities
    inner join regions on municipalities.region_id = regions.region_id
    left join engaged on municipalities.code = engaged.municipality_code
    left join top_visits on municipalities.code = top_visits.municipality_code
)

select * from final
order by code
