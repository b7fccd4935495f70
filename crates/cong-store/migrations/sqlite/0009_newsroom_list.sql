-- The newsroom's list at 100,000 articles. The index it pages through carries the filtered
-- columns, so a filter is checked in the index without reading the wide rows (bodies spill
-- over several pages); selective filters get indexes of their own, in the list's order.
DROP INDEX articles_by_change;
CREATE INDEX articles_by_change ON articles
    (updated_at DESC, id DESC, status, category_id, author_id);
CREATE INDEX articles_by_state_change ON articles (status, updated_at DESC, id DESC);
CREATE INDEX articles_by_category_change ON articles (category_id, updated_at DESC, id DESC);

-- The words of each folded title: a typed word finds the titles with a word starting with it
-- through this table's key instead of a scan of every title.
CREATE TABLE article_title_words (
    word       TEXT    NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (word, article_id)
) WITHOUT ROWID;
CREATE INDEX article_title_words_by_article ON article_title_words (article_id, word);
-- The server folds titles that have no folded form yet, and writes their words with it.
UPDATE articles SET title_folded = '';
