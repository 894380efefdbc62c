-- 008: the roster as people and their assignments; engagements with the liaisons present and
-- follow-ups, and the 圏域市町デジタル部門担当者会議 kind; LoGoチャット pushes with a body and their
-- recipients' scope; fixed 管理番号 for every record; corrections (voided records kept aside).
--
-- Applied in place, in one transaction (after the runner's backup). DuckDB cannot change a CHECK or
-- drop a column that a constraint uses, so the tables whose constraints change are rebuilt here:
-- a new table is filled from the old one by column name, the old one dropped and the new one given
-- its name. The upgrade runner then checks every table still holds its rows.
--
-- Roster. `liaisons` keeps one row per person (the id every record names) and gains contact and
-- active from/to; what a person covers moves to `liaison_assignments`, one row per assignment
-- (地域リエゾン for a 圏域, 分野リエゾン for a field). A retired person (is_active false, active_to
-- set by the write API) keeps their history and leaves the pickers. The migration gives each
-- liaison the one assignment they had; is_active carries over (no retirement day is invented).
-- `liaison_roles` is each active person with each of their current assignments.

create table liaisons_v8 (
    liaison_id varchar primary key,
    name_ja varchar not null check (length(name_ja) between 1 and 100),
    section varchar not null check (section in ('デジタル戦略課', 'デジタル改革課')),
    contact varchar not null default '',
    active_from date,
    active_to date,
    is_active boolean not null default true,
    check (active_to is null or active_from is null or active_to >= active_from)
);
insert into liaisons_v8 (liaison_id, name_ja, section, is_active)
    select liaison_id, name_ja, section, is_active from liaisons;

create sequence if not exists liaison_assignments_seq;
create table liaison_assignments (
    assignment_id bigint primary key default nextval('liaison_assignments_seq'),
    liaison_id varchar not null,
    kind varchar not null check (kind in ('地域', '分野')),
    region_id varchar,
    field_id varchar,
    started_on date,
    ended_on date,
    check (
        (kind = '地域' and region_id is not null and field_id is null)
        or (kind = '分野' and field_id is not null and region_id is null)
    ),
    check (ended_on is null or started_on is null or ended_on >= started_on)
);
insert into liaison_assignments (liaison_id, kind, region_id, field_id)
    select liaison_id, kind, region_id, field_id from liaisons order by liaison_id;

drop table liaisons;
alter table liaisons_v8 rename to liaisons;

create view liaison_roles as
    select
        liaisons.liaison_id,
        liaisons.name_ja,
        liaisons.section,
        liaisons.is_active,
        liaison_assignments.assignment_id,
        liaison_assignments.kind,
        liaison_assignments.region_id,
        liaison_assignments.field_id
    from liaisons
    inner join liaison_assignments
        on liaisons.liaison_id = liaison_assignments.liaison_id and liaison_assignments.ended_on is null;

-- Engagements: the new kind, a fixed 管理番号 (source_key), the liaisons present, and follow-ups
-- (what was promised, by whom, by when; done when done_on is set).
create table engagements_v8 (
    engagement_id bigint primary key default nextval('engagements_seq'),
    held_on date not null,
    kind varchar not null check (kind in ('首長対話', 'トップマネジメントセミナー', 'DX推進懇談会', 'リエゾン研修', '町村会', '圏域市町デジタル部門担当者会議')),
    title varchar not null check (length(title) between 1 and 200),
    note varchar not null default '',
    source_key varchar unique
);
insert into engagements_v8 (engagement_id, held_on, kind, title, note)
    select engagement_id, held_on, kind, title, note from engagements;
drop table engagements;
alter table engagements_v8 rename to engagements;

create table engagement_liaisons (
    engagement_id bigint not null,
    liaison_id varchar not null,
    primary key (engagement_id, liaison_id)
);

create sequence if not exists engagement_followups_seq;
create table engagement_followups (
    followup_id bigint primary key default nextval('engagement_followups_seq'),
    engagement_id bigint not null,
    promise varchar not null check (length(promise) between 1 and 500),
    promised_by varchar not null check (length(promised_by) between 1 and 100),
    due_on date,
    done_on date
);

-- LoGoチャット pushes: the body or a link, and to whom it went as chosen ('all': every liaison
-- target; a region_id: that 圏域's targets; 'list': the municipalities listed). The recipient rows
-- stay the truth of who received it; the scope says how it was addressed.
create table chat_pushes_v8 (
    push_id bigint primary key default nextval('chat_pushes_seq'),
    pushed_on date not null,
    field_id varchar not null,
    title varchar not null check (length(title) between 1 and 200),
    body varchar not null default '',
    recipient_scope varchar not null default 'list',
    source_key varchar unique
);
insert into chat_pushes_v8 (push_id, pushed_on, field_id, title)
    select push_id, pushed_on, field_id, title from chat_pushes;
drop table chat_pushes;
alter table chat_pushes_v8 rename to chat_pushes;

-- The audit log gains the actions of corrections: 'void' (before: the record and its child rows;
-- after: the reason) and 'restore' (after: the record as it came back).
create table audit_log_v8 (
    audit_id bigint primary key default nextval('audit_log_seq'),
    acted_at timestamp not null default current_timestamp,
    actor varchar not null,
    table_name varchar not null,
    record_key varchar not null,
    action varchar not null check (action in ('insert', 'update', 'delete', 'import', 'build', 'void', 'restore')),
    before_json json,
    after_json json
);
insert into audit_log_v8 by name select * from audit_log;
drop table audit_log;
alter table audit_log_v8 rename to audit_log;

-- Voided records: a voided record leaves its table (so it drops out of every figure, list and
-- export with no query changed) and is kept here whole, with its child rows, until an
-- administrator restores it under the same id. Its 管理番号 stays known, so re-importing the file
-- it came from does not bring it back.
create table voided_records (
    table_name varchar not null,
    record_id varchar not null,
    source_key varchar,
    record_json json not null,  -- {"row": {...}, "children": {table: [rows]}}
    reason varchar not null check (length(reason) between 1 and 500),
    voided_at timestamp not null default current_timestamp,
    voided_by varchar not null,
    primary key (table_name, record_id)
);

-- Fixed 管理番号: every record gets its source_key when it is created (the write API uses these
-- macros), so an edit never changes it and re-importing an old file adds nothing. Records stored
-- without one get their content key now; identical records get -2, -3, … after the first.
create or replace macro engagement_content_key(held_on, kind, title) as
    'E-' || left(sha256(concat_ws(chr(31), strftime(held_on, '%Y-%m-%d'), kind, title)), 20);

create or replace macro push_content_key(pushed_on, field_id, title) as
    'P-' || left(sha256(concat_ws(chr(31), strftime(pushed_on, '%Y-%m-%d'), field_id, title)), 20);

create temporary table keyed_visits as
    with keyed as (
        select
            visit_id,
            source_key,
            coalesce(source_key, visit_content_key(visited_on, municipality_code, liaison_id, department, purpose, summary)) as key,
            row_number() over (
                partition by coalesce(source_key, visit_content_key(visited_on, municipality_code, liaison_id, department, purpose, summary))
                order by source_key is null, visit_id
            ) as position
        from visits
    )
    select visit_id, case when position = 1 then key else key || '-' || position end as new_key
    from keyed where source_key is null;
update visits set source_key = keyed_visits.new_key from keyed_visits where visits.visit_id = keyed_visits.visit_id;
drop table keyed_visits;

create temporary table keyed_consultations as
    with keyed as (
        select
            consultation_id,
            source_key,
            coalesce(source_key, consultation_content_key(received_on, municipality_code, field_id, channel, title, detail)) as key,
            row_number() over (
                partition by coalesce(source_key, consultation_content_key(received_on, municipality_code, field_id, channel, title, detail))
                order by source_key is null, consultation_id
            ) as position
        from consultations
    )
    select consultation_id, case when position = 1 then key else key || '-' || position end as new_key
    from keyed where source_key is null;
update consultations set source_key = keyed_consultations.new_key
    from keyed_consultations where consultations.consultation_id = keyed_consultations.consultation_id;
drop table keyed_consultations;

create temporary table keyed_engagements as
    select
        engagement_id,
        engagement_content_key(held_on, kind, title)
            || case when row_number() over (partition by engagement_content_key(held_on, kind, title) order by engagement_id) = 1
                then '' else '-' || row_number() over (partition by engagement_content_key(held_on, kind, title) order by engagement_id) end
            as new_key
    from engagements;
update engagements set source_key = keyed_engagements.new_key
    from keyed_engagements where engagements.engagement_id = keyed_engagements.engagement_id;
drop table keyed_engagements;

create temporary table keyed_pushes as
    select
        push_id,
        push_content_key(pushed_on, field_id, title)
            || case when row_number() over (partition by push_content_key(pushed_on, field_id, title) order by push_id) = 1
                then '' else '-' || row_number() over (partition by push_content_key(pushed_on, field_id, title) order by push_id) end
            as new_key
    from chat_pushes;
update chat_pushes set source_key = keyed_pushes.new_key
    from keyed_pushes where chat_pushes.push_id = keyed_pushes.push_id;
drop table keyed_pushes;
