-- macros: query helpers that several named queries share, created as TEMPORARY macros on the cursor
-- that runs a query using them (liaison.queries). They are not schema: changing one needs no migration
-- and no backup of a store. One documented macro per statement; each file in queries/ calls them.

-- fiscal_window(fiscal_year, as_of): one row, the 年度's first day (1 April) as starts_on and the last
-- day it counts as ends_on: 31 March, or as_of if earlier (as_of null: the whole 年度).
create or replace temp macro fiscal_window(fiscal_year, as_of) as table
select
    make_date(fiscal_year, 4, 1) as starts_on,
    least(make_date(fiscal_year + 1, 3, 31), coalesce(as_of::date, make_date(fiscal_year + 1, 3, 31))) as ends_on;

-- readiness_mean(hearing): the mean of one readiness_assessments row's eight hearing scores (unrounded);
-- pass the row itself, e.g. readiness_mean(readiness_assessments).
create or replace temp macro readiness_mean(hearing) as (
    hearing.score_vision + hearing.score_top_commitment + hearing.score_structure + hearing.score_staff_mindset
    + hearing.score_talent_profile + hearing.score_talent_policy + hearing.score_progress
    + hearing.score_issue_awareness
) / 8.0;

-- in_fiscal_year(day, fiscal_year): true when day falls in the 年度 (1 April to 31 March).
create or replace temp macro in_fiscal_year(day, fiscal_year) as
    day between make_date(fiscal_year, 4, 1) and make_date(fiscal_year + 1, 3, 31);

-- is_open(status): true for a consultation still open — 受付, 対応中 or 保留 (the schema's statuses that take
-- no closed_on; tests/test_sql_contract.py checks the list against the schema). Every page's 未完了 uses it.
create or replace temp macro is_open(status) as
    status in ('受付', '対応中', '保留');

-- overdue_on(referral, as_of, overdue_days): true when a referrals row, passed as itself (e.g.
-- overdue_on(referrals, $date_to, $overdue_days)), was overdue on as_of: made by then, not answered by
-- then, and past its due day or, without one, waiting longer than overdue_days (referral_is_overdue's rule).
create or replace temp macro overdue_on(referral, as_of, overdue_days) as
    referral.referred_on <= as_of::date
    and (referral.responded_on is null or referral.responded_on > as_of::date)
    and referral_is_overdue('依頼中', referral.referred_on, referral.due_on, as_of::date, overdue_days);

-- consultations_matching(p_date_from, p_date_to, p_as_of, p_region_id, p_codes, p_field_ids, p_statuses,
-- p_support_types, p_owner_id, p_search_text) (p_: never a column's name): the consultations the 相談案件 page's filters select (null = no filter), one row each,
-- without their titles' and lists' weight: consultations_filtered lists a page of them and adds titles and
-- lists to those rows only, consultation_facets counts them (at a million consultations the lists of every
-- matching row took DuckDB past its 100 MB). The same filters as the schema's consultations_in_scope
-- (migration 009), whose support_types filter (any of the types) is a semi-join here.
create or replace temp macro consultations_matching(
    p_date_from, p_date_to, p_as_of, p_region_id, p_codes, p_field_ids, p_statuses, p_support_types, p_owner_id, p_search_text
) as table
select
    consultations.consultation_id,
    consultations.received_on,
    case when month(consultations.received_on) >= 4
        then year(consultations.received_on) else year(consultations.received_on) - 1 end as fiscal_year,
    consultations.municipality_code,
    consultations.field_id,
    consultations.channel,
    consultations.status,
    is_open(consultations.status) as is_open,
    case when is_open(consultations.status)
        then date_diff('day', consultations.received_on, p_as_of::date) end as age_days,
    consultations.owner_liaison_id,
    consultations.closed_on
from consultations
inner join municipalities on consultations.municipality_code = municipalities.code
where consultations.received_on between p_date_from and p_date_to
    and (p_region_id is null or municipalities.region_id = p_region_id)
    and (p_codes is null or list_contains(p_codes, consultations.municipality_code))
    and (p_field_ids is null or list_contains(p_field_ids, consultations.field_id))
    and (p_statuses is null or list_contains(p_statuses, consultations.status))
    and (p_owner_id is null or consultations.owner_liaison_id = p_owner_id)
    and (
        p_search_text is null
        or contains(lower(consultations.title), lower(p_search_text))
        or contains(lower(consultations.detail), lower(p_search_text))
    )
    and (
        p_support_types is null
        or consultations.consultation_id in (
            select support_actions.consultation_id from support_actions
            where list_contains(p_support_types, support_actions.support_type)
        )
    );
