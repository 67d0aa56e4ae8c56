-- Current plan and limits per organization, kept by a subscribing processor in the transaction that
-- appends the EntitlementsUpdated event. No row = nothing known yet = the lowest plan (FREE).
create table entitlements_view (
    organization_id varchar(64) not null,
    plan            varchar(16) not null,
    max_projects    integer     not null,
    max_tasks       integer     not null,
    updated_at      timestamptz not null,
    primary key (organization_id)
);
