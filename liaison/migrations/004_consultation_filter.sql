-- 004: one definition of "the consultations matching the 相談案件 page's filters", as a table macro,
-- so the list (queries/consultations_filtered.sql) and its charts (queries/consultation_facets.sql)
-- can never disagree about what matches. Any argument may be null for "no filter".
create or replace macro consultations_in_scope(
    p_date_from, p_date_to, p_as_of, p_region_id, p_codes, p_field_ids, p_statuses, p_support_types, p_owner_id, p_search_text
) as table
with
in_scope as (
    select consultations.*
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
),
-- support is aggregated only for the consultations in scope, not for the whole table
support as (
    select
        support_actions.consultation_id,
        list(distinct support_actions.support_type order by support_actions.support_type) as support_types,
        count(*) as support_actions
    from support_actions
    semi join in_scope on support_actions.consultation_id = in_scope.consultation_id
    group by support_actions.consultation_id
)
select
    in_scope.consultation_id,
    in_scope.received_on,
    case when month(in_scope.received_on) >= 4
        then year(in_scope.received_on) else year(in_scope.received_on) - 1 end as fiscal_year,
    in_scope.municipality_code,
    in_scope.field_id,
    in_scope.channel,
    in_scope.title,
    in_scope.status,
    in_scope.status in ('受付', '対応中', '保留') as is_open,
    case when in_scope.status in ('受付', '対応中', '保留')
        then date_diff('day', in_scope.received_on, p_as_of::date) end as age_days,
    in_scope.owner_liaison_id,
    in_scope.referred_department,
    in_scope.closed_on,
    coalesce(support.support_types, []::varchar[]) as support_types,
    coalesce(support.support_actions, 0) as support_actions
from in_scope
left join support on in_scope.consultation_id = support.consultation_id
where p_support_types is null or list_has_any(p_support_types, support.support_types);
