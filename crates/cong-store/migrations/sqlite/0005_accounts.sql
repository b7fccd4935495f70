-- Back-office accounts, sessions, log-in throttling, two-factor log-in and the audit log.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'author')),
    -- argon2id PHC string; empty for accounts that cannot log in (imported authors).
    password_hash TEXT    NOT NULL DEFAULT '',
    disabled      BOOLEAN NOT NULL DEFAULT 0,
    totp_secret   TEXT,
    totp_enabled  BOOLEAN NOT NULL DEFAULT 0,
    -- Last TOTP time step accepted: a code of that step or an earlier one is a replay.
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- Only the SHA-256 of a session token is stored: a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    ip         TEXT    NOT NULL DEFAULT '',
    user_agent TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE recovery_codes (
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT    NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (user_id, code_hash)
);

-- Failed log-ins per account ('user:<name>') and per address ('ip:<addr>'), in the database so
-- the limit holds across restarts and instances.
CREATE TABLE login_failures (
    key          TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0
);

-- Append-only: the back office offers no way to change or remove an entry.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     INTEGER,
    user_name   TEXT    NOT NULL DEFAULT '',
    action      TEXT    NOT NULL,
    object_kind TEXT    NOT NULL DEFAULT '',
    object_id   TEXT    NOT NULL DEFAULT '',
    ip          TEXT    NOT NULL DEFAULT '',
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_time ON audit_log (at DESC, id DESC);
CREATE INDEX audit_by_user ON audit_log (user_id, at DESC);
