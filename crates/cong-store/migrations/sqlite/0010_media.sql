-- The media library: every uploaded photo and document, kept in storage under `key` (ASCII:
-- the first 16 hex digits of the content's SHA-256, then a slug of the name). Photos get
-- resized variants from a background job: `variant_widths` lists them once made.
CREATE TABLE media (
    id             INTEGER PRIMARY KEY,
    hash16         TEXT    NOT NULL UNIQUE,
    sha256         TEXT    NOT NULL UNIQUE,
    key            TEXT    NOT NULL UNIQUE,
    kind           TEXT    NOT NULL,
    bytes          INTEGER NOT NULL,
    width          INTEGER NOT NULL DEFAULT 0,
    height         INTEGER NOT NULL DEFAULT 0,
    original_name  TEXT    NOT NULL,
    alt            TEXT    NOT NULL DEFAULT '',
    caption        TEXT    NOT NULL DEFAULT '',
    credit         TEXT    NOT NULL DEFAULT '',
    -- original name, alt and caption without marks, lowercased, for the library's search
    folded         TEXT    NOT NULL DEFAULT '',
    uploaded_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    uploaded_at    INTEGER NOT NULL,
    -- 'pending' until the job has made the variants, then 'ready' (or 'failed', with why)
    variants       TEXT    NOT NULL DEFAULT 'pending',
    variant_widths TEXT    NOT NULL DEFAULT '',
    variant_error  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX media_by_time ON media (uploaded_at DESC, id DESC);
CREATE INDEX media_pending ON media (id) WHERE variants = 'pending';

-- Which articles show which media (lead photo or body), by the hash in the media's URL;
-- written with every save, so a file in use is never deleted.
CREATE TABLE article_media (
    hash16     TEXT    NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (hash16, article_id)
);
CREATE INDEX article_media_by_article ON article_media (article_id);
