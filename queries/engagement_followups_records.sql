-- engagement_followups_records: one row per follow-up promised at an engagement (optionally of engagements of one
-- 年度, or with a participant in one region), with its engagement's 管理番号 (engagement_key) and held_on.
-- $fiscal_year: integer or null — the 年度 of the engagement's held_on, or null for every year
-- $region_id: varchar or null — one region_id, or null for all regions
with

in_scope as (
    select distinct engagement_participants.engagement_id
    from engagement_participants
    inner join municipalities on engagement_participants.municipality_code = municipalities.code
    where $region_id is null or municipalities.region_id = $region_id
),

final as (
    select
        engagement_followups.followup_id,
        engagement_followups.engagement_id,
        coalesce(
            engagements.source_key,
            engagement_content_key(engagements.held_on, engagements.kind, engagements.title)
        ) as engagement_key,
        engagements.held_on,
        engagement_followups.promise,
        engagement_followups.promised_by,
        engagement_followups.due_on,
        engagement_followups.done_on
    from engagement_followups
    inner join engagements on engagement_followups.engagement_id = engagements.engagement_id
    left join in_scope on engagement_followups.engagement_id = in_scope.engagement_id
    where ($region_id is null or in_scope.engagement_id is not null)
        and ($fiscal_year is null or in_fiscal_year(engagements.held_on, $fiscal_year))
)

select * from final
order by held_on, engagement_id, followup_id
