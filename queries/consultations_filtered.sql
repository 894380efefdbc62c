-- consultations_filtered: one row per consultation matching every given filter (null = no filter), newest first.
-- $date_from: date — received on or after this day
-- $date_to: date — received on or before this day
-- $region_id: varchar — 圏域 id, or null
-- $codes: varchar[] — municipality codes, or null
-- $field_ids: varchar[] — DX field ids, or null
-- $statuses: varchar[] — status labels (受付, 対応中, 橋渡し済, 完了, 保留), or null
-- $support_types: varchar[] — consultations with at least one support action of these types, or null
-- $owner_id: varchar — owning liaison id, or null
-- $text: varchar — case-insensitive substring of title or detail, or null
-- $as_of: date — the data's "today", for the age of open items
with

support as (
    select
        consultation_id,
        list(distinct support_type order by support_type) as support_types,
        count(*) as support_actions
    from support_actions
    group by consultation_id
),

matching as (
    select
        consultations.*,
        coalesce(support.support_types, []::varchar[]) as support_types,
        coalesce(support.support_actions, 0) as support_actions
    from consultations
    inner join municipalities on consultations.municipality_code = municipalities.code
    left join support on consultations.consultation_id = support.consultation_id
    where consultations.received_on between $date_from and $date_to
        and ($region_id is null or municipalities.region_id = $region_id)
        and ($codes is null or list_contains($codes, consultations.municipality_code))
        and ($field_ids is null or list_contains($field_ids, consultations.field_id))
        and ($statuses is null or list_contains($statuses, consultations.status))
        and ($support_types is null or list_has_any($support_types, support.support_types))
        and ($owner_id is null or consultations.owner_liaison_id = $owner_id)
        and (
            $text is null
            or contains(lower(consultations.title), lower($text))
            or contains(lower(consultations.detail), lower($text))
        )
),

final as (
    select
        matching.consultation_id,
        matching.received_on,
        case when month(matching.received_on) >= 4
            then year(matching.received_on) else year(matching.received_on) - 1 end as fiscal_year,
        matching.municipality_code,
        municipalities.name_ja as municipality_name_ja,
        municipalities.name_en as municipality_name_en,
        municipalities.region_id,
        matching.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        dx_fields.typical_step,
        matching.channel,
        matching.title,
        matching.status,
        matching.status in ('受付', '対応中', '保留') as is_open,
        case when matching.status in ('受付', '対応中', '保留')
            then date_diff('day', matching.received_on, $as_of::date) end as age_days,
        matching.owner_liaison_id,
        liaisons.name_ja as owner_name,
        matching.referred_department,
        matching.closed_on,
        array_to_string(matching.support_types, ' / ') as support,
        matching.support_actions
    from matching
    inner join municipalities on matching.municipality_code = municipalities.code
    inner join dx_fields on matching.field_id = dx_fields.field_id
    left join liaisons on matching.owner_liaison_id = liaisons.liaison_id
)

select * from final
order by received_on desc, consultation_id desc
