-- Local copy of organization membership, fed by organization.member.* events.
-- role is null once the member was removed; changed_at orders events that arrive out of order.
create table membership_cache (
    organization_id varchar(64)  not null,
    user_id         varchar(64)  not null,
    role            varchar(16),
    changed_at      timestamptz  not null,
    primary key (organization_id, user_id)
);
