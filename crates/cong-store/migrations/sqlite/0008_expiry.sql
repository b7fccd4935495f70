-- An article may end: after expires_at (when set) readers no longer see it.
ALTER TABLE articles ADD COLUMN expires_at INTEGER;
CREATE INDEX articles_by_expiry ON articles (expires_at) WHERE expires_at IS NOT NULL;
