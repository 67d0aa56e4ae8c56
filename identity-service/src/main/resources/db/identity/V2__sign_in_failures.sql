-- Failed sign-ins in a row, per lower-cased username and per client address (SignInFailures). In the
-- database rather than in memory because every identity instance must see the same count.
create table sign_in_failures (
    scope        varchar(7)  not null check (scope in ('user', 'address')),
    subject      text        not null,
    failures     integer     not null check (failures >= 0),
    -- set once failures reach the scope's limit; sign-in is refused until then
    locked_until timestamptz,
    -- a failure at or after this instant starts a new run: the failure window has passed since the last
    -- failure or the end of the lock
    expires_at   timestamptz not null,
    primary key (scope, subject)
);

-- the periodic purge of runs that are over
create index sign_in_failures_expires_at on sign_in_failures (expires_at);
