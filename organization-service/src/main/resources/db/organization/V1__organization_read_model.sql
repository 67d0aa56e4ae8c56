-- Read model of organizations and their members, kept by a subscribing processor in the same
-- transaction as the events (so it never lags the aggregate). The aggregate stays the authority
-- for every change; this only answers reads.
create table organization_view (
    organization_id varchar(64)  not null,
    name            varchar(100) not null,
    owner_user_id   varchar(64)  not null,
    created_at      timestamptz  not null,
    primary key (organization_id)
);

create table organization_member_view (
    organization_id varchar(64) not null references organization_view (organization_id),
    user_id         varchar(64) not null,
    role            varchar(16) not null,
    added_at        timestamptz not null,
    primary key (organization_id, user_id)
);
