-- engagements_records: one row per engagement (optionally of one 年度, or with a participant in one region), in
-- the import format's terms: its 管理番号 (record_key), participants as 「豊岡市:首長、養父市:幹部」 (by code) and
-- the ids of the liaisons present (by id).
-- $fiscal_year: integer or null — the 年度 of held_on (2025 = 令和7年度), or null for every year
-- $region_id: varchar or null — one region_id, or null for all regions
with

in_scope as (
    select distinct engagement_participants.engagement_id
    from engagement_participants
    inner join municipalities on engagement_participants.municipality_code = municipalities.code
    where $region_id is null or municipalities.region_id = $region_id
),

participant_texts as (
    select
        engagement_participants.engagement_id,
        string_agg(
            municipalities.name_ja || ':' || engagement_participants.participant_level, '、'
            order by municipalities.code
        ) as participants
    from engagement_participants
    inner join municipalities on engagement_participants.municipality_code = municipalities.code
    group by engagement_participants.engagement_id
),

liaison_lists as (
    select engagement_id, list(liaison_id order by liaison_id) as liaison_ids
    from engagement_liaisons
    group by engagement_id
),

final as (
    select
        engagements.engagement_id,
        coalesce(
            engagements.source_key,
            engagement_content_key(engagements.held_on, engagements.kind, engagements.title)
        ) as record_key,
        engagements.held_on,
        engagements.kind,
        engagements.title,
        coalesce(participant_texts.participants, '') as participants,
        coalesce(liaison_lists.liaison_ids, []::varchar[]) as liaison_ids,
        engagements.note
    from engagements
    left join in_scope on engagements.engagement_id = in_scope.engagement_id
    left join participant_texts on engagements.engagement_id = participant_texts.engagement_id
    left join liaison_lists on engagements.engagement_id = liaison_lists.engagement_id
    where ($region_id is null or in_scope.engagement_id is not null)
        and ($fiscal_year is null or in_fiscal_year(engagements.held_on, $fiscal_year))
)

select * from final
order by held_on, engagement_id
