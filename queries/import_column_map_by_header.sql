-- import_column_map_by_header: at most one row, the remembered mapping of one kind's file header row.
-- $kind: varchar — the import kind (visits, consultations, readiness)
-- $header_sha256: varchar — SHA-256 of the file's header row (liaison.records.header_map.header_key)
with

final as (
    select
        import_column_maps.kind,
        import_column_maps.header_sha256,
        import_column_maps.headers_json,
        import_column_maps.mapping_json,
        import_column_maps.saved_at,
        import_column_maps.saved_by
    from import_column_maps
    where
        import_column_maps.kind = $kind
        and import_column_maps.header_sha256 = $header_sha256
)

select * from final
