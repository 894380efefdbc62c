-- brief_open_consultations: one row per consultation of municipality $code open "now" (figure open_all: received
-- by then, status 受付・対応中・保留), oldest first, with its age in days and its last support action.
-- "Now" is the earlier of $as_of and the 年度's last day, as the planner measures (visit_priority_factors).
-- $code: varchar — 6-digit municipality code
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度)
-- $as_of: date — the day the data stands for
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

open_cases as (
    select consultations.*
    from consultations
    cross join fiscal_window
    where consultations.municipality_code = $code
        and consultations.received_on <= fiscal_window.ends_on
        and is_open(consultations.status)
),

last_actions as (
    select
        support_actions.consultation_id,
        max(support_actions.acted_on) as last_action_on,
        arg_max(support_actions.support_type, support_actions.acted_on) as last_action_type
    from support_actions
    inner join open_cases on support_actions.consultation_id = open_cases.consultation_id
    cross join fiscal_window
    where support_actions.acted_on <= fiscal_window.ends_on
    group by support_actions.consultation_id
),

final as (
    select
        open_cases.consultation_id,
        open_cases.received_on,
        open_cases.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        dx_fields.typical_step,
        open_cases.title,
        open_cases.status,
        date_diff('day', open_cases.received_on, fiscal_window.ends_on) as age_days,
        last_actions.last_action_on,
        last_actions.last_action_type
    from open_cases
    cross join fiscal_window
    inner join dx_fields on open_cases.field_id = dx_fields.field_id
    left join last_actions on open_cases.consultation_id = last_actions.consultation_id
)

select * from final
order by received_on, consultation_id
