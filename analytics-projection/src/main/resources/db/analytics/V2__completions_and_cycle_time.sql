-- Completed tasks per day and cycle time (created -> completed).
--
-- A task counts as completed once, on the UTC day of its latest completion: reopening it withdraws the
-- count until it is completed again. The events of a task arrive in any order (one topic per event type),
-- so task_completion keeps, per task, the aggregate sequence of the last completion or reopening applied,
-- and an older one that arrives later changes nothing.

alter table tasks_per_day
    alter column created set default 0,
    add column completed bigint not null default 0;

create table task_completion (
    task_id         text        not null primary key,
    organization_id text        not null,
    -- from the completion event: the cycle time needs nothing else
    created_at      timestamptz,
    -- the completion that counts, and its UTC day (the tasks_per_day row it is counted in);
    -- both null while the task is reopened
    completed_at    timestamptz,
    completed_day   date,
    -- sequence of the TaskCompleted / TaskReopened applied last (-1: only events without one)
    last_sequence   bigint      not null
);

create index task_completion_org_day_idx on task_completion (organization_id, completed_day)
    where completed_day is not null;
