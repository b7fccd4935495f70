-- The newsroom: who wrote an article, its review note, the revision it is at (a save based
-- on an older one is refused), who is editing it, its other categories, and every revision.

ALTER TABLE articles ADD COLUMN author_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN locked_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;
-- The title without marks, lowercased (fold_vi), for the back office's title filter.
ALTER TABLE articles ADD COLUMN title_folded TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_by_change ON articles (updated_at DESC, id DESC);
CREATE INDEX articles_by_author ON articles (author_id, updated_at DESC, id DESC);
CREATE INDEX articles_by_slug ON articles (slug);

-- Categories an article appears in besides its main one.
CREATE TABLE article_categories (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, category_id)
);
CREATE INDEX article_categories_by_category ON article_categories (category_id, article_id);

-- Every save: the editable fields as they were saved (JSON), who saved, and what changed.
CREATE TABLE article_revisions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    user_name  TEXT    NOT NULL DEFAULT '',
    at         INTEGER NOT NULL,
    fields     TEXT    NOT NULL,
    changed    TEXT    NOT NULL DEFAULT '',
    note       TEXT    NOT NULL DEFAULT '',
    UNIQUE (article_id, revision)
);
