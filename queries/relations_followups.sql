-- relations_followups: one row per follow-up promised at an engagement (all of them, or those of engagements
-- with a participant in region $region_id), open ones first by due day, with whether it is overdue on $as_of.
-- $region_id: varchar or null — one region_id, or null for all regions
-- $as_of: date — the reference day (a follow-up due before it and not done is overdue)
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
        engagements.source_key,
        engagements.held_on,
        engagements.kind,
        engagements.title,
        engagement_followups.promise,
        engagement_followups.promised_by,
        engagement_followups.due_on,
        engagement_followups.done_on,
        engagement_followups.done_on is not null as is_done,
        engagement_followups.done_on is null and engagement_followups.due_on < $as_of as is_overdue
    from engagement_followups
    inner join engagements on engagement_followups.engagement_id = engagements.engagement_id
    inner join in_scope on engagement_followups.engagement_id = in_scope.engagement_id
)

select * from final
order by is_done, due_on nulls last, held_on, followup_id
