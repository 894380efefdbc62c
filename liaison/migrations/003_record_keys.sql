-- 003: content keys, the stable 管理番号 of a visit or consultation that has no source_key.
-- A row imported without 管理番号 is stored with its content key as source_key, and an export shows
-- coalesce(source_key, content key) as 管理番号, so a file never adds the same record twice.
-- The key covers what identifies a record, not what changes later (a consultation's status,
-- closing date, owner and referral stay out). Keys are 'V-'/'C-' and 20 hex digits of SHA-256.
create or replace macro visit_content_key(visited_on, municipality_code, liaison_id, department, purpose, summary) as
    'V-' || left(sha256(concat_ws(chr(31), strftime(visited_on, '%Y-%m-%d'), municipality_code, liaison_id,
        department, purpose, coalesce(summary, ''))), 20);

create or replace macro consultation_content_key(received_on, municipality_code, field_id, channel, title, detail) as
    'C-' || left(sha256(concat_ws(chr(31), strftime(received_on, '%Y-%m-%d'), municipality_code, field_id,
        channel, title, coalesce(detail, ''))), 20);
