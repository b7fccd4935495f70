-- Reader participation: ratings, comments, poll votes, and the forms they came from.

-- Per-article switches and the running rating totals shown on the page.
ALTER TABLE articles ADD COLUMN allow_rating   BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN allow_comments BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN rating_total   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN rating_count   INTEGER NOT NULL DEFAULT 0;

-- One row per reader (signed first-party cookie) and article: rating again replaces it.
CREATE TABLE ratings (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    reader     TEXT    NOT NULL,
    stars      INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    ip         TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (article_id, reader)
);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES comments(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    email      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'published', 'rejected')),
    reader     TEXT    NOT NULL DEFAULT '',
    ip         TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_by_article ON comments (article_id, status, created_at, id);
CREATE INDEX comments_by_status ON comments (status, created_at, id);
CREATE INDEX comments_by_email ON comments (email, status);

-- One vote per reader and poll; the chosen options are counted in poll_options.votes.
CREATE TABLE poll_votes (
    poll_id    INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    reader     TEXT    NOT NULL,
    option_ids TEXT    NOT NULL,
    ip         TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (poll_id, reader)
);

-- Forms already sent (their nonce), so a replayed form changes nothing; kept for as long as
-- a form stays valid, then cleaned up.
CREATE TABLE form_uses (
    nonce   TEXT    PRIMARY KEY,
    used_at INTEGER NOT NULL
);
CREATE INDEX form_uses_by_time ON form_uses (used_at);
