-- engagements_timeline: one row per engagement held in the 年度 (all of them, or those with a participant in
-- region $region_id), with its participants in scope counted by level and listed by name.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度, 2025-04-01..2026-03-31)
-- $region_id: varchar or null — one region_id, or null for all regions
with

held as (
    select engagement_id, held_on, kind, title
    from engagements
    where in_fiscal_year(held_on, $fiscal_year)
),

participants as (
    select
        engagement_participants.engagement_id,
        engagement_participants.participant_level,
        municipalities.code,
        municipalities.name_ja,
        municipalities.name_en
    from engagement_participants
    inner join municipalities on engagement_participants.municipality_code = municipalities.code
    where $region_id is null or municipalities.region_id = $region_id
),

counted as (
    select
        engagement_id,
        count(*) as participants,
        count(*) filter (where participant_level = '首長') as mayors,
        count(*) filter (where participant_level = '幹部') as executives,
        count(*) filter (where participant_level = '職員') as staff,
        string_agg(name_ja, '、' order by code) as municipalities_ja,
        string_agg(name_en, ', ' order by code) as municipalities_en
    from participants
    group by engagement_id
),

final as (
    select
        held.engagement_id,
        held.held_on,
        held.kind,
        held.title,
        coalesce(counted.participants, 0)::integer as participants,
        coalesce(counted.mayors, 0)::integer as mayors,
        coalesce(counted.executives, 0)::integer as executives,
        coalesce(counted.staff, 0)::integer as staff,
        coalesce(counted.municipalities_ja, '') as municipalities_ja,
        coalesce(counted.municipalities_en, '') as municipalities_en
    from held
    left join counted on held.engagement_id = counted.engagement_id
    where $region_id is null or counted.participants > 0
)

select * from final
order by held_on, engagement_id
