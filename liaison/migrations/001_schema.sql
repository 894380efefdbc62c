-- 001: reference tables, the liaisons' records and the audit log.
-- Enumerations are CHECK constraints so a bad value can never enter by any path.

create table if not exists store_meta (
    key varchar primary key,
    value varchar not null
);

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
    region_id varchar not null references regions (region_id),
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
    region_id varchar references regions (region_id),
    field_id varchar references dx_fields (field_id),
    is_active boolean not null default true,
    check (
        (kind = '地域' and section = 'デジタル戦略課' and region_id is not null and field_id is null)
        or (kind = '分野' and section = 'デジタル改革課' and field_id is not null and region_id is null)
    )
);

create sequence if not exists visits_seq;
create table if not exists visits (
    visit_id bigint primary key default nextval('visits_seq'),
    visited_on date not null,
    municipality_code varchar not null references municipalities (code),
    liaison_id varchar not null references liaisons (liaison_id),
    department varchar not null check (department in ('自治体DX担当', '地域社会DX担当', '首長・幹部')),
    purpose varchar not null check (purpose in ('定期巡回', '個別支援', 'ヒアリング調査')),
    summary varchar not null default '',
    source_key varchar unique
);

create sequence if not exists consultations_seq;
create table if not exists consultations (
    consultation_id bigint primary key default nextval('consultations_seq'),
    received_on date not null,
    municipality_code varchar not null references municipalities (code),
    field_id varchar not null references dx_fields (field_id),
    channel varchar not null check (channel in ('訪問', '電話', 'メール', 'LoGoチャット', 'オンライン会議', 'その他')),
    title varchar not null check (length(title) between 1 and 200),
    detail varchar not null default '',
    status varchar not null check (status in ('受付', '対応中', '橋渡し済', '完了', '保留')),
    owner_liaison_id varchar references liaisons (liaison_id),
    referred_department varchar,
    closed_on date,
    source_key varchar unique,
    check (closed_on is null or closed_on >= received_on),
    check ((status in ('橋渡し済', '完了')) = (closed_on is not null))
);

create sequence if not exists support_actions_seq;
create table if not exists support_actions (
    action_id bigint primary key default nextval('support_actions_seq'),
    consultation_id bigint not null references consultations (consultation_id),
    acted_on date not null,
    support_type varchar not null check (support_type in ('専門的な助言', '関係部署への橋渡し', '事例紹介', '事業者紹介')),
    liaison_id varchar references liaisons (liaison_id),
    note varchar not null default ''
);

create sequence if not exists readiness_seq;
create table if not exists readiness_assessments (
    assessment_id bigint primary key default nextval('readiness_seq'),
    municipality_code varchar not null references municipalities (code),
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

create sequence if not exists engagements_seq;
create table if not exists engagements (
    engagement_id bigint primary key default nextval('engagements_seq'),
    held_on date not null,
    kind varchar not null check (kind in ('首長対話', 'トップマネジメントセミナー', 'DX推進懇談会', 'リエゾン研修', '町村会')),
    title varchar not null,
    note varchar not null default ''
);

create table if not exists engagement_participants (
    engagement_id bigint not null references engagements (engagement_id),
    municipality_code varchar not null references municipalities (code),
    participant_level varchar not null check (participant_level in ('首長', '幹部', '職員')),
    primary key (engagement_id, municipality_code)
);

create sequence if not exists chat_pushes_seq;
create table if not exists chat_pushes (
    push_id bigint primary key default nextval('chat_pushes_seq'),
    pushed_on date not null,
    field_id varchar not null references dx_fields (field_id),
    title varchar not null
);

create table if not exists chat_push_recipients (
    push_id bigint not null references chat_pushes (push_id),
    municipality_code varchar not null references municipalities (code),
    primary key (push_id, municipality_code)
);

create sequence if not exists audit_log_seq;
create table if not exists audit_log (
    audit_id bigint primary key default nextval('audit_log_seq'),
    acted_at timestamp not null default current_timestamp,
    actor varchar not null,
    table_name varchar not null,
    record_key varchar not null,
    action varchar not null check (action in ('insert', 'update', 'delete', 'import', 'build')),
    before_json json,
    after_json json
);
