-- dialogue_open_fields: one row per (liaison-target municipality, DX field) with open consultations "now"
-- (figure open_all: received by then, status 受付・対応中・保留); per municipality they sum to open_all.
-- "Now" is the earlier of $as_of and the 年度's last day.
-- $fiscal_year: integer — the 年度 (2025 = 令和7年度)
-- $as_of: date — the day the data stands for
with

fiscal_window as (
    select * from fiscal_window($fiscal_year, $as_of)
),

final as (
    select
        consultations.municipality_code as code,
        consultations.field_id,
        dx_fields.name_ja as field_name_ja,
        dx_fields.name_en as field_name_en,
        dx_fields.sort_order,
        count(*) as open_consultations
    from consultations
    inner join municipalities on consultations.municipality_code = municipalities.code
    inner join dx_fields on consultations.field_id = dx_fields.field_id
    cross join fiscal_window
    where municipalities.is_liaison_target
        and consultations.received_on <= fiscal_window.ends_on
        and is_open(consultations.status)
    group by all
)

select * from final
order by code, sort_order
