-- Read-optimised: one row per organization and UTC day, incremented as workflow.task.created arrives.
create table tasks_per_day (
    organization_id text   not null,
    day             date   not null,
    created         bigint not null,
    primary key (organization_id, day)
);

-- Ids of the events already counted. Written in the same transaction as the increment (and the
-- processor's token), so a redelivered event is counted once.
create table processed_event (
    event_id     text        not null primary key,
    processed_at timestamptz not null default now()
);
