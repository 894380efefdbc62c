-- 009: 関係部署 as a managed list, and each 橋渡し as a referral with what the department did.
--
-- Applied in place, in one transaction (after the runner's backup). Until now a consultation kept
-- one free-text referred_department; now `departments` is the list of the prefecture's own
-- departments a liaison hands a consultation to, and `referrals` says to whom, when, what was
-- asked, by when, and the department's answer (the 関係部署's half). A consultation at 橋渡し済
-- means the liaison's part is done; its referrals show what the departments did.
--
-- What the migration knows: each distinct trimmed referred_department becomes one department, and
-- each consultation that named one gets one referral, dated by its first 関係部署への橋渡し support
-- action, else its closed_on, else its received_on. Nobody recorded what the department did, so
-- every migrated referral is 依頼中 with no request, due day or response: they show up as open
-- referrals to be answered or closed by whoever knows. Then referred_department is gone
-- (consultations is rebuilt in place as 008 rebuilt its tables: DuckDB cannot drop a column of a
-- table that an index follows).

create sequence if not exists departments_seq;
create table departments (
    department_id bigint primary key default nextval('departments_seq'),
    name_ja varchar not null unique check (length(name_ja) between 1 and 100),
    section varchar not null default '',  -- 所属部局
    contact varchar not null default '',
    is_active boolean not null default true
);

create sequence if not exists referrals_seq;
create table referrals (
    referral_id bigint primary key default nextval('referrals_seq'),
    consultation_id bigint not null,
    department_id bigint not null,
    referred_on date not null,
    request varchar not null default '',  -- what was asked of the department
    due_on date,
    response varchar not null default '',  -- what the department answered or did
    responded_on date,
    outcome varchar not null default '依頼中' check (outcome in ('依頼中', '回答あり', '対応完了', '対応不可')),
    source_key varchar unique,
    check ((outcome = '依頼中') = (responded_on is null)),
    check (due_on is null or due_on >= referred_on),
    check (responded_on is null or responded_on >= referred_on)
);

-- A referral's 管理番号 from what identifies it in any store: the consultation's 管理番号, the
-- department's name and the day it was referred (not the ids, which differ between stores).
create or replace macro referral_content_key(consultation_key, department_name, referred_on) as
    'R-' || left(sha256(concat_ws(chr(31), consultation_key, department_name, strftime(referred_on, '%Y-%m-%d'))), 20);

-- Each consultation's 管理番号 as exports show it (queries/consultations_records.sql): its
-- source_key, else its content key, numbered -2, -3 … for identical ones. A referral names its
-- consultation by it in files.
create or replace macro consultation_record_keys() as table
    with keyed as (
        select
            consultation_id,
            source_key,
            consultation_content_key(received_on, municipality_code, field_id, channel, title, detail) as content_key
        from consultations
    )
    select
        consultation_id,
        coalesce(
            source_key,
            content_key || case when row_number() over (partition by source_key is null, content_key order by consultation_id) > 1
                then '-' || row_number() over (partition by source_key is null, content_key order by consultation_id)
                else '' end
        ) as record_key
    from keyed;

-- Overdue (期限超過の橋渡し, liaison/figures.py): still awaiting the department and past its due
-- day, or, without one, waiting longer than p_days (figures.REFERRAL_OVERDUE_DAYS) at p_as_of.
create or replace macro referral_is_overdue(p_outcome, p_referred_on, p_due_on, p_as_of, p_days) as
    p_outcome = '依頼中' and (
        (p_due_on is not null and p_due_on < p_as_of)
        or (p_due_on is null and date_diff('day', p_referred_on, p_as_of) > p_days)
    );

insert into departments (name_ja)
    select distinct trim(referred_department) from consultations
    where trim(coalesce(referred_department, '')) <> ''
    order by 1;

insert into referrals (consultation_id, department_id, referred_on, source_key)
    with first_referral_action as (
        select consultation_id, min(acted_on) as acted_on
        from support_actions
        where support_type = '関係部署への橋渡し'
        group by consultation_id
    ),
    referred as (
        select
            consultations.consultation_id,
            consultations.source_key as consultation_key,
            departments.department_id,
            departments.name_ja,
            coalesce(first_referral_action.acted_on, consultations.closed_on, consultations.received_on) as referred_on
        from consultations
        inner join departments on trim(consultations.referred_department) = departments.name_ja
        left join first_referral_action on consultations.consultation_id = first_referral_action.consultation_id
    )
    select consultation_id, department_id, referred_on,
        referral_content_key(coalesce(consultation_key, consultation_id::varchar), name_ja, referred_on)
    from referred
    order by consultation_id;

create table consultations_v9 (
    consultation_id bigint primary key default nextval('consultations_seq'),
    received_on date not null,
    municipality_code varchar not null,
    field_id varchar not null,
    channel varchar not null check (channel in ('訪問', '電話', 'メール', 'LoGoチャット', 'オンライン会議', 'その他')),
    title varchar not null check (length(title) between 1 and 200),
    detail varchar not null default '',
    status varchar not null check (status in ('受付', '対応中', '橋渡し済', '完了', '保留')),
    owner_liaison_id varchar,
    closed_on date,
    source_key varchar unique,
    check (closed_on is null or closed_on >= received_on),
    check ((status in ('橋渡し済', '完了')) = (closed_on is not null))
);
insert into consultations_v9 by name
    select consultation_id, received_on, municipality_code, field_id, channel, title, detail, status,
        owner_liaison_id, closed_on, source_key
    from consultations;
drop table consultations;
alter table consultations_v9 rename to consultations;

-- 004's filter macro, with the names of the departments the consultation was referred to (a list,
-- by name) where it had the one free-text referred_department.
create or replace macro consultations_in_scope(
    p_date_from, p_date_to, p_as_of, p_region_id, p_codes, p_field_ids, p_statuses, p_support_types, p_owner_id, p_search_text
) as table
with
in_scope as (
    select consultations.*
    from consultations
    inner join municipalities on consultations.municipality_code = municipalities.code
    where consultations.received_on between p_date_from and p_date_to
        and (p_region_id is null or municipalities.region_id = p_region_id)
        and (p_codes is null or list_contains(p_codes, consultations.municipality_code))
        and (p_field_ids is null or list_contains(p_field_ids, consultations.field_id))
        and (p_statuses is null or list_contains(p_statuses, consultations.status))
        and (p_owner_id is null or consultations.owner_liaison_id = p_owner_id)
        and (
            p_search_text is null
            or contains(lower(consultations.title), lower(p_search_text))
            or contains(lower(consultations.detail), lower(p_search_text))
        )
),
-- support is aggregated only for the consultations in scope, not for the whole table
support as (
    select
        support_actions.consultation_id,
        list(distinct support_actions.support_type order by support_actions.support_type) as support_types,
        count(*) as support_actions
    from support_actions
    semi join in_scope on support_actions.consultation_id = in_scope.consultation_id
    group by support_actions.consultation_id
),
referred as (
    select
        referrals.consultation_id,
        list(distinct departments.name_ja order by departments.name_ja) as referred_departments
    from referrals
    inner join departments on referrals.department_id = departments.department_id
    semi join in_scope on referrals.consultation_id = in_scope.consultation_id
    group by referrals.consultation_id
)
select
    in_scope.consultation_id,
    in_scope.received_on,
    case when month(in_scope.received_on) >= 4
        then year(in_scope.received_on) else year(in_scope.received_on) - 1 end as fiscal_year,
    in_scope.municipality_code,
    in_scope.field_id,
    in_scope.channel,
    in_scope.title,
    in_scope.status,
    in_scope.status in ('受付', '対応中', '保留') as is_open,
    case when in_scope.status in ('受付', '対応中', '保留')
        then date_diff('day', in_scope.received_on, p_as_of::date) end as age_days,
    in_scope.owner_liaison_id,
    coalesce(referred.referred_departments, []::varchar[]) as referred_departments,
    in_scope.closed_on,
    coalesce(support.support_types, []::varchar[]) as support_types,
    coalesce(support.support_actions, 0) as support_actions
from in_scope
left join support on in_scope.consultation_id = support.consultation_id
left join referred on in_scope.consultation_id = referred.consultation_id
where p_support_types is null or list_has_any(p_support_types, support.support_types);
