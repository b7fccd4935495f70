-- Harder log-in: the second step held on the server, a new second factor waiting for its first
-- code beside the one in use, and indexes for the jobs that prune what expires.

-- A password step that succeeded, waiting for its code. The browser holds the token (an
-- HttpOnly cookie); only its SHA-256 is here. Used once, dead after a few wrong codes.
CREATE TABLE pending_logins (
    token_hash TEXT    PRIMARY KEY,
    user_id    BIGINT  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL,
    attempts   BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX pending_logins_by_time ON pending_logins (created_at);

-- Enrolment writes the new secret here; totp_secret keeps working until a code of the new
-- one confirms it.
ALTER TABLE users ADD COLUMN totp_pending TEXT;

CREATE INDEX login_failures_by_time ON login_failures (window_start);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen);
