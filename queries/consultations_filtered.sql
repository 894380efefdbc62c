-- consultations_filtered: one row per consultation matching every given filter (null = no filter), newest first, at most $limit rows.
-- $date_from: date — received on or after this day
-- $date_to: date — received on or before this day
-- $as_of: date — the data's "today", for the age of open items
-- $region_id: varchar — 圏域 id, or null
-- $codes: varchar[] — municipality codes, or null
-- $field_ids: varchar[] — DX field ids, or null
-- $statuses: varchar[] — status labels (受付, 対応中, 橋渡し済, 完了, 保留), or null
-- $support_types: varchar[] — consultations with at least one support action of these types, or null
-- $owner_id: varchar — owning liaison id, or null
-- $text: varchar — case-insensitive substring of title or detail, or null
-- $min_age_days: integer — only open consultations older than this many days at $as_of, or null
-- $limit: integer — how many rows at most, or null for all (exports)
with

matching as (
    select *
    from consultations_in_scope(
        $date_from, $date_to, $as_of, $region_id, $codes, $field_ids, $statuses, $support_types, $owner_id, $text
    )
    where $min_age_days is null or (is_open and age_days > $min_age_days)
),

final as (
    select
        matching.consultation_id,
        matching.received_on,
        matching.fiscal_year,
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
        matching.is_open,
        matching.age_days,
        matching.owner_liaison_id,
        liaisons.name_ja as owner_name,
        array_to_string(matching.referred_departments, '、') as referred_departments,
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
limit $limit
