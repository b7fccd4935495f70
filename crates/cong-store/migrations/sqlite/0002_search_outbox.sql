-- Article changes for the search index, written in the same transaction as the change.
-- Each instance's index stores the last position it applied in its own commits.
CREATE TABLE search_outbox (
    position   INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
