-- What each import created, by the source system's own key: a re-run of the same export
-- updates these rows instead of adding new ones, and old URLs that only a source's URL scheme
-- understands (paging, stale slugs, `?p=`) find the new object through them.
CREATE TABLE import_keys (
    source    TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('category', 'tag', 'article', 'page', 'comment', 'poll', 'web_link')),
    key       TEXT    NOT NULL,
    target_id BIGINT  NOT NULL,
    PRIMARY KEY (source, kind, key)
);
