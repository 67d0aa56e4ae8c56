-- Accounts that can sign in. The password column holds a BCrypt hash (of the SHA-256 of the
-- password, see PasswordHasher), never the password itself.
create table users (
    id            uuid         primary key,
    username      varchar(64)  not null,
    password_hash varchar(100) not null,
    display_name  varchar(100) not null,
    created_at    timestamptz  not null default now()
);

-- Usernames are unique regardless of case; the index, not a prior lookup, decides a race between
-- two sign-ups, and it serves the sign-in lookup too.
create unique index users_username_lower_key on users (lower(username));
