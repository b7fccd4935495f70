-- The reader portal: taxonomy, articles, pages, menu, links, polls, legacy paths, statistics.
-- Times are Unix seconds (UTC); booleans are 0/1.

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES categories(id) ON DELETE RESTRICT,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    category_id  INTEGER NOT NULL REFERENCES categories(id) ON DELETE RESTRICT,
    slug         TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    lead         TEXT    NOT NULL DEFAULT '',
    body_html    TEXT    NOT NULL DEFAULT '',
    byline       TEXT    NOT NULL DEFAULT '',
    source       TEXT    NOT NULL DEFAULT '',
    image_url    TEXT,
    image_alt    TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'submitted', 'published', 'unpublished')),
    featured     BOOLEAN NOT NULL DEFAULT 0,
    published_at INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    views        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_by_category ON articles (category_id, status, published_at DESC, id DESC);
CREATE INDEX articles_by_date ON articles (status, published_at DESC, id DESC);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TABLE pages (
    id         INTEGER PRIMARY KEY,
    slug       TEXT    NOT NULL UNIQUE,
    title      TEXT    NOT NULL,
    body_html  TEXT    NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);

CREATE TABLE menu_items (
    id       INTEGER PRIMARY KEY,
    label    TEXT    NOT NULL,
    url      TEXT    NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE web_links (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL,
    url      TEXT    NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE polls (
    id          INTEGER PRIMARY KEY,
    question    TEXT    NOT NULL,
    multiple    BOOLEAN NOT NULL DEFAULT 0,
    max_choices INTEGER NOT NULL DEFAULT 1,
    opens_at    INTEGER NOT NULL,
    closes_at   INTEGER,
    active      BOOLEAN NOT NULL DEFAULT 1
);

CREATE TABLE poll_options (
    id       INTEGER PRIMARY KEY,
    poll_id  INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    label    TEXT    NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    votes    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX poll_options_by_poll ON poll_options (poll_id, position);

-- Old URLs (from importers, changed category slugs) that answer 301 to an object's current URL.
CREATE TABLE legacy_paths (
    path        TEXT    PRIMARY KEY,
    target_kind TEXT    NOT NULL CHECK (target_kind IN ('article', 'category', 'page', 'tag', 'url')),
    target_id   INTEGER,
    target_url  TEXT
);

-- One row per day in the site's zone (YYYYMMDD), kept for ever for the back-office charts.
CREATE TABLE visit_days (
    day    INTEGER PRIMARY KEY,
    visits INTEGER NOT NULL DEFAULT 0,
    views  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
