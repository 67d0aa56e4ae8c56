-- The audit trail: one row per integration event, never changed once written.
-- event_id is unique, so a redelivered event is dropped by "insert ... on conflict (event_id) do nothing".
create table audit_record (
    id              bigint generated always as identity primary key,
    event_id        text        not null unique,
    event_type      text        not null,
    event_version   text,
    source          text,
    correlation_id  text,
    trace_id        text,
    user_id         text,
    organization_id text        not null,
    entity_type     text        not null,
    entity_id       text        not null,
    summary         text        not null,
    data            jsonb       not null,
    occurred_at     timestamptz not null,
    recorded_at     timestamptz not null default clock_timestamp()
);

create index audit_record_org_entity_idx on audit_record (organization_id, entity_id, occurred_at, id);
create index audit_record_org_correlation_idx on audit_record (organization_id, correlation_id, occurred_at, id);

-- Append-only is enforced by the database itself, whoever connects: UPDATE, DELETE and TRUNCATE fail.
-- Statement-level triggers fire even when no row matches, so not even an empty UPDATE gets through.
create function audit_record_refuse_change() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit_record is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'audit records are written once by the audit projection and never changed';
end;
$$;

create trigger audit_record_no_update_delete
    before update or delete on audit_record
    for each statement execute function audit_record_refuse_change();

create trigger audit_record_no_truncate
    before truncate on audit_record
    for each statement execute function audit_record_refuse_change();
