-- 002: the DX field a visit was about, so support effort can be placed on a 自治体DX全体手順書 step.
-- Nullable: 定期巡回 and ヒアリング調査 visits are not about one topic; 個別支援 visits usually are.
-- DuckDB cannot add a column with a FOREIGN KEY (1.x/2.x: "not supported yet"), so writers check the
-- value against dx_fields.field_id themselves (tests check the demo and benchmark stores).
alter table visits add column if not exists topic_field_id varchar;
