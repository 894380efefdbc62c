-- 010: who logs in. Accounts (local, OIDC or trusted-header), their login sessions, and every login
-- attempt. Additive (three new tables), so it applies in place. Written only by liaison.accounts
-- (account changes also leave an audit_log row, with the password hash left out).
create sequence if not exists accounts_seq;
create table if not exists accounts (
    account_id integer primary key default nextval('accounts_seq'),
    login_name varchar not null unique,  -- what is typed at the login form, or the directory's e-mail / user name
    display_name varchar not null,  -- the name written into the audit log
    role varchar not null check (role in ('閲覧', '地域リエゾン', '分野リエゾン', '関係部署', '管理者')),
    liaison_id varchar,  -- the roster entry; required for the two liaison roles, empty otherwise
    department_id bigint,  -- the department; required for 関係部署, empty otherwise
    password_hash varchar,  -- argon2id; empty for accounts that log in only through the directory
    is_active boolean not null default true,
    failed_logins integer not null default 0,  -- consecutive failures since the last success
    locked_until timestamp,  -- UTC; no login before this time
    created_at timestamp not null default current_timestamp,  -- UTC
    created_by varchar not null
);

create table if not exists login_sessions (
    session_key varchar primary key,  -- SHA-256 of the session's secret (local) or of the identity token's claims (OIDC)
    account_id integer not null,
    method varchar not null check (method in ('local', 'oidc', 'header')),
    started_at timestamp not null,  -- UTC
    last_seen_at timestamp not null,  -- UTC; the idle limit counts from here
    ended_at timestamp,  -- UTC; a session with an end is over
    end_reason varchar check (end_reason in ('logout', 'expired', 'idle', 'disabled'))
);

create sequence if not exists login_events_seq;
create table if not exists login_events (
    event_id bigint primary key default nextval('login_events_seq'),
    occurred_at timestamp not null,  -- UTC
    login_name varchar not null,  -- as given, also when no account has it
    account_id integer,
    method varchar not null check (method in ('local', 'oidc', 'header')),
    outcome varchar not null check (outcome in ('success', 'failure', 'locked', 'unknown', 'disabled', 'logout', 'expired', 'idle')),
    detail varchar
);
