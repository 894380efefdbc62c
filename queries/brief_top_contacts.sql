-- brief_top_contacts: one row per top-layer contact of municipality $code in the 年度 up to "now": each
-- engagement it took part in at 首長/幹部 level, and each visit to its 首長・幹部 (as the planner's
-- "no top-layer contact" counts them: top_engagements_fy + top_visits_fy), newest first.
-- $code: varchar — 6-digit municipality code
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度)
-- $as_of: date — the day the data stands for
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

engaged as (
    select distinct
        engagements.engagement_id as record_id,
        engagements.held_on as contact_on,
        engagements.kind,
        engagements.title,
        engagement_participants.participant_level as level
    from engagement_participants
    inner join engagements on engagement_participants.engagement_id = engagements.engagement_id
    cross join fiscal_window
    where engagement_participants.municipality_code = $code
        and engagement_participants.participant_level in ('首長', '幹部')
        and engagements.held_on between fiscal_window.starts_on and fiscal_window.ends_on
),

visited as (
    select
        visits.visit_id as record_id,
        visits.visited_on as contact_on,
        '訪問' as kind,
        visits.purpose as title,
        visits.department as level
    from visits
    cross join fiscal_window
    where visits.municipality_code = $code
        and visits.department = '首長・幹部'
        and visits.visited_on between fiscal_window.starts_on and fiscal_window.ends_on
),

final as (
    select * from engaged
    union all
    select * from visited
)

select * from final
order by contact_on desc, kind, record_id
