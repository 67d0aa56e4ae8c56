-- Read models of the workflow, fed by the "task-view" tracking processor from workflow.* topics.
-- Columns are text: a value the command side accepted must never block the projection.

create table project_view (
    project_id      text        not null primary key,
    organization_id text        not null,
    name            text,
    created_by      text,
    created_at      timestamptz not null,
    source_event_id text        not null
);

create index project_view_org_created_idx on project_view (organization_id, created_at desc, project_id desc);

create table task_view (
    task_id         text        not null primary key,
    organization_id text        not null,
    project_id      text,
    title           text,
    description     text,
    status          text        not null,
    created_by      text,
    created_at      timestamptz not null,
    source_event_id text        not null
);

-- "newest first" pages of an organization, with or without a project filter
create index task_view_org_created_idx on task_view (organization_id, created_at desc, task_id desc);
create index task_view_org_project_created_idx on task_view (organization_id, project_id, created_at desc, task_id desc);
