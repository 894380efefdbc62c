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
    from consultations_matching(
        $date_from, $date_to, $as_of, $region_id, $codes, $field_ids, $statuses, $support_types, $owner_id, $text
    )
    where $min_age_days is null or (is_open and age_days > $min_age_days)
),

-- the rows listed first, then their lists: a page lists a few hundred of a million
listed as (
    select * from matching
    order by received_on desc, consultation_id desc
    limit $limit
),

support as (
    select
        support_actions.consultation_id,
        list(distinct support_actions.support_type order by support_actions.support_type) as support_types,
        count(*) as support_actions
    from support_actions
    semi join listed on support_actions.consultation_id = listed.consultation_id
    group by support_actions.consultation_id
),

referred as (
    select
        referrals.consultation_id,
        list(distinct departments.name_ja order by departments.name_ja) as referred_departments
    from referrals
    inner join departments on referrals.department_id = departments.department_id
    semi join listed on referrals.consultation_id = listed.consultation_id
    group by referrals.consultation_id
),

final as (
    select
        listed.consultation_id,
        listed.received_on,
        listed.fiscal_year,
        listed.municipality_code,
        municipalities.name_ja as municipality_name_ja,
        municipalities.name_en as municipality_name_en,
        municipalities.region_id,
        listed.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        dx_fields.typical_step,
        listed.channel,
        consultations.title,
        listed.status,
        listed.is_open,
        listed.age_days,
        listed.owner_liaison_id,
        liaisons.name_ja as owner_name,
        array_to_string(coalesce(referred.referred_departments, []::varchar[]), '、') as referred_departments,
        listed.closed_on,
        array_to_string(coalesce(support.support_types, []::varchar[]), ' / ') as support,
        coalesce(support.support_actions, 0) as support_actions
    from listed
    inner join consultations on listed.consultation_id = consultations.consultation_id
    inner join municipalities on listed.municipality_code = municipalities.code
    inner join dx_fields on listed.field_id = dx_fields.field_id
    left join liaisons on listed.owner_liaison_id = liaisons.liaison_id
    left join support on listed.consultation_id = support.consultation_id
    left join referred on listed.consultation_id = referred.consultation_id
)

select * from final
order by received_on desc, consultation_id desc
