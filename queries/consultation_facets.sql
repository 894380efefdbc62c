-- consultation_facets: one row per (facet, key, key2) count over the consultations matching the filters (null = no filter).
-- facets: count (key total/open/open_over_90/closed), field_status (field_id, status), age (bucket 0..3),
-- support (support type), referral (department referred to, migration 009), month (fiscal_year, month) — month counts from $trend_from.
-- $date_from: date — received on or after this day
-- $date_to: date — received on or before this day
-- $trend_from: date — the monthly trend starts here (the previous 年度, to compare)
-- $as_of: date — the data's "today", for the age of open items
-- $region_id: varchar — 圏域 id, or null
-- $codes: varchar[] — municipality codes, or null
-- $field_ids: varchar[] — DX field ids, or null
-- $statuses: varchar[] — status labels, or null
-- $support_types: varchar[] — support types, or null
-- $owner_id: varchar — owning liaison id, or null
-- $text: varchar — case-insensitive substring of title or detail, or null
-- $min_age_days: integer — only open consultations older than this many days at $as_of, or null
with

-- not materialized: each count reads the store again (a few ms each) instead of holding the rows (20 MB at 1M)
trend_rows as not materialized (
    select consultation_id, fiscal_year, received_on, is_open, age_days, field_id, status
    from consultations_matching(
        $trend_from, $date_to, $as_of, $region_id, $codes, $field_ids, $statuses, $support_types, $owner_id, $text
    )
    -- the same condition as consultations_filtered, so the tiles count exactly the listed rows
    where $min_age_days is null or (is_open and age_days > $min_age_days)
),

period_rows as not materialized (
    select * from trend_rows where received_on >= $date_from
),

counts as (
    select 'count' as facet, 'total' as key, null::varchar as key2, count(*) as n from period_rows
    union all
    select 'count', 'open', null, count(*) filter (where is_open) from period_rows
    union all
    select 'count', 'open_over_90', null, count(*) filter (where is_open and age_days > 90) from period_rows
    union all
    select 'count', 'closed', null, count(*) filter (where not is_open) from period_rows
),

by_field_status as (
    select 'field_status' as facet, field_id as key, status as key2, count(*) as n
    from period_rows
    group by field_id, status
),

by_age as (
    select
        'age' as facet,
        case when age_days <= 30 then '0' when age_days <= 90 then '1' when age_days <= 180 then '2' else '3' end
            as key,
        null::varchar as key2,
        count(*) as n
    from period_rows
    where is_open
    group by all
),

-- consultations per support type and per department referred to (each consultation once per type or department)
by_support as (
    select 'support' as facet, support_actions.support_type as key, null::varchar as key2,
        count(distinct support_actions.consultation_id) as n
    from support_actions
    semi join period_rows on support_actions.consultation_id = period_rows.consultation_id
    group by support_actions.support_type
),

by_referral as (
    select 'referral' as facet, departments.name_ja as key, null::varchar as key2,
        count(distinct referrals.consultation_id) as n
    from referrals
    inner join departments on referrals.department_id = departments.department_id
    semi join period_rows on referrals.consultation_id = period_rows.consultation_id
    group by departments.name_ja
),

by_month as (
    select 'month' as facet, fiscal_year::varchar as key, month(received_on)::varchar as key2, count(*) as n
    from trend_rows
    group by all
),

final as (
    select * from counts
    union all select * from by_field_status
    union all select * from by_age
    union all select * from by_support
    union all select * from by_referral
    union all select * from by_month
)

select * from final
order by facet, key, key2
