-- visit_priority_factors: one row per liaison-target municipality in scope, with the raw factors the visit planner scores.
-- "Now" is the earlier of $as_of and the 年度's last day, so a past 年度 is measured at its end.
-- Scope: all targets, narrowed by $region_id, by $codes, and by $liaison_id (a 地域リエゾン: their region;
-- a 分野リエゾン: municipalities with a consultation in their field received this 年度 or still open "now").
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度)
-- $as_of: date — the day the data stands for
-- $region_id: varchar or null — only this region
-- $liaison_id: varchar or null — only this liaison's municipalities
-- $codes: varchar[] or null — only these municipality codes
-- $ageing_days: integer — an open consultation older than this many days counts as ageing
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

chosen_liaison as (
    select liaison_roles.liaison_id, liaison_roles.kind, liaison_roles.region_id, liaison_roles.field_id
    from liaison_roles
    where liaison_roles.liaison_id = $liaison_id
),

liaison_scope as (
    select municipalities.code
    from municipalities
    inner join chosen_liaison
        on chosen_liaison.kind = '地域' and municipalities.region_id = chosen_liaison.region_id
    union
    select distinct consultations.municipality_code as code
    from consultations
    inner join chosen_liaison
        on chosen_liaison.kind = '分野' and consultations.field_id = chosen_liaison.field_id
    cross join fiscal_window
    where consultations.received_on <= fiscal_window.ends_on
        and (
            consultations.received_on >= fiscal_window.starts_on
            or consultations.closed_on is null
            or consultations.closed_on > fiscal_window.ends_on
        )
),

in_scope as (
    select
        municipalities.code,
        municipalities.name_ja,
        municipalities.name_en,
        municipalities.region_id,
        municipalities.kind
    from municipalities
    where municipalities.is_liaison_target
        and ($region_id is null or municipalities.region_id = $region_id)
        and ($codes is null or list_contains($codes, municipalities.code))
        and ($liaison_id is null or municipalities.code in (select liaison_scope.code from liaison_scope))
),

visit_days as (
    select
        visits.municipality_code,
        max(visits.visited_on) as last_visited_on,
        max(visits.visited_on) filter (where visits.department = '自治体DX担当') as last_municipal_dx_visit_on,
        max(visits.visited_on) filter (where visits.department = '地域社会DX担当') as last_community_dx_visit_on,
        count(*) filter (
            where visits.department = '首長・幹部' and visits.visited_on >= fiscal_window.starts_on
        ) as top_visits_fy
    from visits
    cross join fiscal_window
    where visits.visited_on <= fiscal_window.ends_on
    group by visits.municipality_code
),

top_engagements as (
    select
        engagement_participants.municipality_code,
        count(distinct engagements.engagement_id) as top_engagements_fy
    from engagement_participants
    inner join engagements on engagement_participants.engagement_id = engagements.engagement_id
    cross join fiscal_window
    where engagement_participants.participant_level in ('首長', '幹部')
        and engagements.held_on between fiscal_window.starts_on and fiscal_window.ends_on
    group by engagement_participants.municipality_code
),

open_consultations as (
    -- open as every page counts it (figure open_all): received by then, status now 受付・対応中・保留
    select
        consultations.municipality_code,
        count(*) as open_consultations,
        count(*) filter (
            where date_diff('day', consultations.received_on, fiscal_window.ends_on) > $ageing_days
        ) as open_over_ageing,
        max(date_diff('day', consultations.received_on, fiscal_window.ends_on)) as oldest_open_days
    from consultations
    cross join fiscal_window
    where consultations.received_on <= fiscal_window.ends_on
        and is_open(consultations.status)
    group by consultations.municipality_code
),

assessments as (
    select
        readiness_assessments.municipality_code,
        readiness_assessments.fiscal_year,
        readiness_assessments.step,
        readiness_mean(readiness_assessments) as readiness_mean
    from readiness_assessments
    where readiness_assessments.fiscal_year <= $fiscal_year
),

latest_assessment as (
    -- the 年度's own hearing, or the most recent one before it
    select
        assessments.municipality_code,
        max(assessments.fiscal_year) as assessed_fiscal_year,
        arg_max(assessments.step, assessments.fiscal_year) as step,
        arg_max(assessments.readiness_mean, assessments.fiscal_year) as readiness_mean
    from assessments
    group by assessments.municipality_code
),

previous_assessment as (
    -- the hearing of the 年度 before the latest one, for "falling"
    select
        assessments.municipality_code,
        assessments.step as previous_step,
        assessments.readiness_mean as previous_readiness_mean
    from assessments
    inner join latest_assessment
        on assessments.municipality_code = latest_assessment.municipality_code
        and assessments.fiscal_year = latest_assessment.assessed_fiscal_year - 1
),

final as (
    select
        in_scope.code,
        in_scope.name_ja,
        in_scope.name_en,
        in_scope.region_id,
        in_scope.kind,
        visit_days.last_visited_on,
        visit_days.last_municipal_dx_visit_on,
        date_diff('day', visit_days.last_municipal_dx_visit_on, fiscal_window.ends_on)
            as days_since_municipal_dx,
        visit_days.last_community_dx_visit_on,
        date_diff('day', visit_days.last_community_dx_visit_on, fiscal_window.ends_on)
            as days_since_community_dx,
        latest_assessment.assessed_fiscal_year,
        latest_assessment.step,
        round(latest_assessment.readiness_mean, 3) as readiness_mean,
        previous_assessment.previous_step,
        round(previous_assessment.previous_readiness_mean, 3) as previous_readiness_mean,
        coalesce(open_consultations.open_consultations, 0) as open_consultations,
        coalesce(open_consultations.open_over_ageing, 0) as open_over_ageing,
        open_consultations.oldest_open_days,
        coalesce(visit_days.top_visits_fy, 0) as top_visits_fy,
        coalesce(top_engagements.top_engagements_fy, 0) as top_engagements_fy
    from in_scope
    cross join fiscal_window
    left join visit_days on in_scope.code = visit_days.municipality_code
    left join top_engagements on in_scope.code = top_engagements.municipality_code
    left join open_consultations on in_scope.code = open_consultations.municipality_code
    left join latest_assessment on in_scope.code = latest_assessment.municipality_code
    left join previous_assessment on in_scope.code = previous_assessment.municipality_code
)

select * from final
order by code
