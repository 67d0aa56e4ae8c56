-- Plan limits per organization, fed by billing.entitlements.updated. Negative limit = unlimited.
create table entitlement_cache (
    organization_id varchar(64) primary key,
    plan            varchar(32) not null,
    max_projects    integer     not null,
    max_tasks       integer     not null,
    updated_at      timestamptz not null
);

-- Projects and tasks per organization, kept in the command's own transaction (subscribing processor).
create table organization_usage (
    organization_id varchar(64) primary key,
    projects        integer not null default 0,
    tasks           integer not null default 0
);

-- Which organization a project belongs to, so a task can only be created in a project of its organization.
create table project_registry (
    project_id      varchar(64) primary key,
    organization_id varchar(64) not null
);
