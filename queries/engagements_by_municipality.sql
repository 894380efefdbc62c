-- engagements_by_municipality: one row per engagement municipality $code took part in, newest first.
-- $code: varchar — 6-digit municipality code
with

final as (
    select
        engagements.held_on,
        engagements.kind,
        engagements.title,
        engagement_participants.participant_level
    from engagement_participants
    inner join engagements on engagement_participants.engagement_id = engagements.engagement_id
    where engagement_participants.municipality_code = $code
)

select * from final
order by held_on desc
