-- 005: the store's foreign-key policy. The same tables, keys, UNIQUE and CHECK constraints as
-- before, without FOREIGN KEY clauses: DuckDB refuses to update any indexed column of a row that
-- another table references (even inside one transaction), so with them no consultation could be
-- moved to another municipality, no owner reassigned and no municipality renamed. References are
-- checked by the write API and the import, and by queries/orphaned_references.sql (store status).
-- mode: rebuild
-- DuckDB cannot drop a constraint, so on a store with records this runs on an empty copy of the
-- schema and the rows are loaded back by column name and counted (liaison/store/upgrade.py).
-- Referencing tables are dropped before the tables they reference.

drop table chat_push_recipients;
drop table chat_pushes;
drop table engagement_participants;
drop table engagements;
drop table readiness_assessments;
drop table support_actions;
drop table consultations;
drop table visits;
drop table liaisons;
drop table municipalities;
drop table dx_fields;
drop table regions;

create table if not exists regions (
    region_id varchar primary key,
    name_ja varchar not null unique,
    name_en varchar not null,
    office_ja varchar not null,
    is_liaison_region boolean not null,
    sort_order integer not null
);

create table if not exists municipalities (
    code varchar primary key check (regexp_full_match(code, '[0-9]{6}')),
    name_ja varchar not null unique,
    name_kana varchar not null,
    name_en varchar not null,
    kind varchar not null check (kind in ('市', '町')),
    region_id varchar not null,
    population_2020 integer check (population_2020 > 0),
    area_km2 decimal(8, 2) check (area_km2 > 0),
    is_liaison_target boolean not null,
    office_lat double not null,
    office_lon double not null
);

create table if not exists dx_fields (
    field_id varchar primary key,
    name_ja varchar not null unique,
    name_en varchar not null,
    domain varchar not null check (domain in ('自治体DX', '地域社会DX')),
    -- the 自治体DX全体手順書 step a topic in this field mostly belongs to
    typical_step integer not null check (typical_step between 0 and 3),
    is_national_priority boolean not null,
    sort_order integer not null
);

create table if not exists liaisons (
    liaison_id varchar primary key,
    name_ja varchar not null,
    kind varchar not null check (kind in ('地域', '分野')),
    section varchar not null check (section in ('デジタル戦略課', 'デジタル改革課')),
    region_id varchar,
    field_id varchar,
    is_active boolean not null default true,
    check (
        (kind = '地域' and section = 'デジタル戦略課' and region_id is not null and field_id is null)
        or (kind = '分野' and section = 'デジタル改革課' and field_id is not null and region_id is null)
    )
);

create table if not exists visits (
    visit_id bigint primary key default nextval('visits_seq'),
    visited_on date not null,
    municipality_code varchar not null,
    liaison_id varchar not null,
    department varchar not null check (department in ('自治体DX担当', '地域社会DX担当', '首長・幹部')),
    purpose varchar not null check (purpose in ('定期巡回', '個別支援', 'ヒアリング調査')),
    summary varchar not null default '',
    source_key varchar unique,
    topic_field_id varchar
);

create table if not exists consultations (
    consultation_id bigint primary key default nextval('consultations_seq'),
    received_on date not null,
    municipality_code varchar not null,
    field_id varchar not null,
    channel varchar not null check (channel in ('訪問', '電話', 'メール', 'LoGoチャット', 'オンライン会議', 'その他')),
    title varchar not null check (length(title) between 1 and 200),
    detail varchar not null default '',
    status varchar not null check (status in ('受付', '対応中', '橋渡し済', '完了', '保留')),
    owner_liaison_id varchar,
    referred_department varchar,
    closed_on date,
    source_key varchar unique,
    check (closed_on is null or closed_on >= received_on),
    check ((status in ('橋渡し済', '完了')) = (closed_on is not null))
);

create table if not exists support_actions (
    action_id bigint primary key default nextval('support_actions_seq'),
    consultation_id bigint not null,
    acted_on date not null,
    support_type varchar not null check (support_type in ('専門的な助言', '関係部署への橋渡し', '事例紹介', '事業者紹介')),
    liaison_id varchar,
    note varchar not null default ''
);

create table if not exists readiness_assessments (
    assessment_id bigint primary key default nextval('readiness_seq'),
    municipality_code varchar not null,
    fiscal_year integer not null check (fiscal_year between 2000 and 2100),
    assessed_on date not null,
    step integer not null check (step between 0 and 3),
    score_vision integer not null check (score_vision between 1 and 5),
    score_top_commitment integer not null check (score_top_commitment between 1 and 5),
    score_structure integer not null check (score_structure between 1 and 5),
    score_staff_mindset integer not null check (score_staff_mindset between 1 and 5),
    score_talent_profile integer not null check (score_talent_profile between 1 and 5),
    score_talent_policy integer not null check (score_talent_policy between 1 and 5),
    score_progress integer not null check (score_progress between 1 and 5),
    score_issue_awareness integer not null check (score_issue_awareness between 1 and 5),
    note varchar not null default '',
    unique (municipality_code, fiscal_year)
);

create table if not exists engagements (
    engagement_id bigint primary key default nextval('engagements_seq'),
    held_on date not null,
    kind varchar not null check (kind in ('首長対話', 'トップマネジメントセミナー', 'DX推進懇談会', 'リエゾン研修', '町村会')),
    title varchar not null,
    note varchar not null default ''
);

create table if not exists engagement_participants (
    engagement_id bigint not null,
    municipality_code varchar not null,
    participant_level varchar not null check (participant_level in ('首長', '幹部', '職員')),
    primary key (engagement_id, municipality_code)
);

create table if not exists chat_pushes (
    push_id bigint primary key default nextval('chat_pushes_seq'),
    pushed_on date not null,
    field_id varchar not null,
    title varchar not null
);

create table if not exists chat_push_recipients (
    push_id bigint not null,
    municipality_code varchar not null,
    primary key (push_id, municipality_code)
);
