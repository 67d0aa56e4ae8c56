-- The notification records: one row per (event, recipient). The projection of this service that a
-- rebuild replaces (blue-green, decision 7): derived from Kafka alone, so it has no foreign keys and no
-- column that a user changes. Its id is derived from (eventId, recipient), so a rebuild gives every
-- record the id it had, and what refers to it by id (notification_read) stays valid.
create table notification (
    id              uuid        not null primary key,
    event_id        text        not null,
    recipient_id    text        not null,
    organization_id text        not null,
    project_id      text,
    task_id         text        not null,
    kind            text        not null,
    title           text        not null,
    text            text        not null,
    actor_id        text,
    created_at      timestamptz not null,
    constraint notification_event_recipient unique (event_id, recipient_id)
);
create index notification_by_recipient on notification (recipient_id, created_at desc, id desc);

-- What recipients have read: user state, not derived from events, so kept apart from the records and
-- never rebuilt. Joined by the record's deterministic id.
create table notification_read (
    notification_id uuid        not null primary key,
    recipient_id    text        not null,
    read_at         timestamptz not null default now()
);

-- Contact preferences, owned by this service (identity has no email addresses): set by each user.
create table contact_settings (
    user_id    text        not null primary key,
    email      text,
    channels   text        not null default '',
    updated_at timestamptz not null default now()
);

-- An organization's webhook endpoints. The secret signs every delivery (HMAC-SHA256); it is shown once,
-- when the endpoint is registered.
create table webhook (
    id              uuid        not null primary key,
    organization_id text        not null,
    url             text        not null,
    secret          text        not null,
    created_by      text        not null,
    created_at      timestamptz not null default now()
);
create index webhook_by_organization on webhook (organization_id, created_at);

-- The delivery table: one row per (event, channel, recipient), written in the projection's transaction
-- together with the notification records. The dispatcher sends them; nothing else does. Never rebuilt.
--   channel EMAIL:   recipient = the user id (address looked up in contact_settings when sent)
--   channel WEBHOOK: recipient = the webhook id
-- status: PENDING (due at next_attempt_at) -> SENDING (claimed) -> DELIVERED | PENDING (retry) | FAILED
--         (attempts used up or a permanent error) | CANCELLED (address or webhook gone) | UNCERTAIN (an
--         attempt was interrupted between sending and recording its outcome; not sent again)
create table delivery (
    seq             bigserial   not null primary key,
    id              uuid        not null unique,
    event_id        text        not null,
    event_type      text        not null,
    channel         text        not null,
    recipient       text        not null,
    organization_id text        not null,
    notification_id uuid,
    subject         text,
    payload         text        not null,
    status          text        not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    claimed_at      timestamptz,
    claimed_by      text,
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz not null default now(),
    constraint delivery_once unique (event_id, channel, recipient)
);
-- the dispatcher's claim: due rows oldest first, and "is an older row of the same destination open?"
create index delivery_due on delivery (next_attempt_at, seq) where status = 'PENDING';
create index delivery_open_by_destination on delivery (channel, recipient, seq) where status in ('PENDING', 'SENDING');
create index delivery_sending on delivery (claimed_at) where status = 'SENDING';

-- Every attempt of every delivery, with its outcome.
create table delivery_attempt (
    delivery_id uuid        not null,
    attempt     integer     not null,
    started_at  timestamptz not null,
    finished_at timestamptz,
    outcome     text,
    status_code integer,
    error       text,
    primary key (delivery_id, attempt)
);
