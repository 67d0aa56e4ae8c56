-- The task lifecycle (edited, assigned, unassigned, completed, reopened, archived) in task_view.
--
-- The events of one task arrive on different topics, so in any order. Each group of columns that one
-- kind of event sets remembers the aggregate sequence of the event that set it last, and an event
-- changes a group only when it is newer: the row converges to what the events applied in order give,
-- and a redelivered event changes nothing. Everything stays in this table (a rebuild copies it with
-- "like ... including all").
--
-- A later event that arrives before TaskCreated makes a placeholder row (no source_event_id, no
-- created_at) that TaskCreated completes; reads skip placeholders.

alter table task_view
    alter column created_at drop not null,
    alter column source_event_id drop not null,
    add column assignee_id         text,
    add column updated_at          timestamptz,
    add column completed_at        timestamptz,
    -- title and description (TaskCreated, TaskEdited)
    add column content_sequence    bigint not null default -1,
    -- status (TaskCreated, TaskCompleted, TaskReopened, TaskArchived)
    add column status_sequence     bigint not null default -1,
    -- assignee_id (TaskAssigned, TaskUnassigned)
    add column assignee_sequence   bigint not null default -1,
    -- completed_at (TaskCompleted sets it, TaskReopened clears it; archiving keeps it)
    add column completion_sequence bigint not null default -1,
    -- updated_at: the time of the newest event applied
    add column last_sequence       bigint not null default -1;

-- rows so far were made by TaskCreated alone, the task's first event (sequence 0)
update task_view
set updated_at = created_at, content_sequence = 0, status_sequence = 0, last_sequence = 0;

-- pages of an organization filtered by status, assignee or project, sorted by creation or by last change
create index task_view_org_status_created_idx on task_view (organization_id, status, created_at desc, task_id desc);
create index task_view_org_assignee_created_idx on task_view (organization_id, assignee_id, created_at desc, task_id desc);
create index task_view_org_updated_idx on task_view (organization_id, updated_at desc, task_id desc);
