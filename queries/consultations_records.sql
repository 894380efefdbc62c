-- consultations_records: one row per consultation, with its stable key 管理番号 (record_key), for exports and import checks.
-- record_key is the source_key, else the content key (migration 003), numbered -2, -3… for identical ones.
-- $region_id: varchar — only this region's municipalities (null: all)
-- $codes: varchar[] — only these municipality codes (null: all)
-- $fiscal_year: integer — only consultations received in this 年度 (null: all)
-- $date_from: date — received on or after this day (null: no bound)
-- $date_to: date — received on or before this day (null: no bound)
-- $status: varchar — only this status (null: all)
with

keyed as (
    select
        consultations.*,
        consultation_content_key(
            consultations.received_on, consultations.municipality_code, consultations.field_id,
            consultations.channel, consultations.title, consultations.detail
        ) as content_key
    from consultations
),

numbered as (
    select
        keyed.*,
        row_number() over (
            partition by keyed.source_key is null, keyed.content_key order by keyed.consultation_id
        ) as occurrence
    from keyed
),

final as (
    select
        numbered.consultation_id,
        coalesce(
            numbered.source_key,
            numbered.content_key || case when numbered.occurrence > 1 then '-' || numbered.occurrence else '' end
        ) as record_key,
        numbered.received_on,
        numbered.municipality_code,
        municipalities.name_ja as municipality_name,
        municipalities.region_id,
        numbered.field_id,
        dx_fields.name_ja as field_name,
        numbered.channel,
        numbered.title,
        numbered.detail,
        numbered.status,
        numbered.owner_liaison_id,
        numbered.closed_on,
        numbered.source_key
    from numbered
    inner join municipalities on numbered.municipality_code = municipalities.code
    inner join dx_fields on numbered.field_id = dx_fields.field_id
    where
        ($region_id is null or municipalities.region_id = $region_id)
        and ($codes is null or list_contains($codes, numbered.municipality_code))
        and (
            $fiscal_year is null
            or in_fiscal_year(numbered.received_on, $fiscal_year)
        )
        and ($date_from is null or numbered.received_on >= $date_from)
        and ($date_to is null or numbered.received_on <= $date_to)
        and ($status is null or numbered.status = $status)
)

select * from final
order by received_on, consultation_id
