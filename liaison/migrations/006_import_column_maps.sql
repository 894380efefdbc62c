-- 006: remembered header mappings of the import ("your own Excel"). When a file's headers are not
-- the import format's, the user maps each of its columns to one of ours; the mapping is kept for the
-- next file of the same kind whose header row is the same, cell for cell, in the same order.
-- Additive (a new table), so it applies in place. Written only by liaison.records.column_maps
-- (inside the import's transaction, with an audit_log row).
create table if not exists import_column_maps (
    kind varchar not null,  -- an import kind (liaison.records.import_format); no CHECK, so new kinds need no rebuild
    header_sha256 varchar not null,  -- SHA-256 of the header row as JSON (NFKC, trimmed, in order)
    headers_json json not null,  -- the header row itself, as matched
    mapping_json json not null,  -- one entry per header: our column name, or null (not imported)
    saved_at timestamp not null default current_timestamp,
    saved_by varchar not null,
    primary key (kind, header_sha256)
);
