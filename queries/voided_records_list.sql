-- voided_records_list: one row per voided record (取り消し), newest first, with its reason, who voided it and when.
with

final as (
    select
        voided_records.table_name,
        voided_records.record_id,
        voided_records.source_key,
        voided_records.reason,
        voided_records.voided_at,
        voided_records.voided_by,
        voided_records.record_json
    from voided_records
)

select * from final
order by voided_at desc, table_name, record_id
