//! The newsroom's list of articles: filters, newest change first, a page at a time, fast at
//! 100,000 articles on either backend (`bench/newsroom.sh`).

use super::title_words::prefix_ranges;
use super::{ArticleFilter, ListedArticle};
use crate::{read, Result, Store};

/// Below this many titles with a word, the titles are looked up by the word and sorted; from
/// here on, the list is walked in order and each title checked, since matches come soon.
const FEW_TITLES: i64 = 3000;

/// Titles that have a word in `[low, high)`, counted up to [`FEW_TITLES`] at most.
const COUNT_UP_TO: &str = "SELECT COUNT(*) FROM (SELECT 1 FROM article_title_words \
     WHERE word >= $1 AND word < $2 LIMIT $3) few";

/// The article has a title word in the range (checked per row, through the article's words).
const HAS_WORD: &str = "EXISTS (SELECT 1 FROM article_title_words w WHERE w.article_id = \
     articles.id AND w.word >= ? AND w.word < ?)";

/// The article is one of those with a title word in the range (looked up by the word).
const AMONG_WORD: &str =
    "id IN (SELECT article_id FROM article_title_words WHERE word >= ? AND word < ?)";

impl Store {
    /// Articles matching `f`, most recently changed first.
    pub async fn newsroom_list(
        &self,
        f: &ArticleFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ListedArticle>> {
        // Only the filters in use are in the statement, so each combination gets the index that
        // fits it; the page's ids are found first (in the index alone, past any offset), and
        // only the rows shown are then read whole. The outer order is the page's own: ordered
        // by the table's columns, SQLite 3.46 scans the whole table in index order to skip
        // sorting 31 rows.
        let words = f.words.as_deref().map(prefix_ranges).unwrap_or_default();
        // The rarest typed word leads when it is rare enough; a planner without statistics
        // cannot tell "tiêm" (a third of all titles) from a word no title has.
        let mut counts = Vec::with_capacity(words.len());
        for (low, high) in &words {
            let n: i64 = read!(self, pool => sqlx::query_scalar(COUNT_UP_TO)
                .bind(low).bind(high).bind(FEW_TITLES).fetch_one(pool).await?);
            if n == 0 {
                // A word no title has: nothing to list, and no need to look further.
                return Ok(Vec::new());
            }
            counts.push(n);
        }
        let lead = counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n < FEW_TITLES)
            .min_by_key(|(_, n)| **n)
            .map(|(i, _)| i);

        let mut conditions = Vec::new();
        let mut n = 0;
        let mut bound = |used: bool, condition: &str| {
            if used {
                let mut numbered = String::new();
                for (i, part) in condition.split('?').enumerate() {
                    if i > 0 {
                        n += 1;
                        numbered.push_str(&format!("${n}"));
                    }
                    numbered.push_str(part);
                }
                conditions.push(numbered);
            }
        };
        bound(f.status.is_some(), "status = ?");
        bound(f.category_id.is_some(), "category_id = ?");
        bound(f.author_id.is_some(), "author_id = ?");
        for i in 0..words.len() {
            bound(
                true,
                if Some(i) == lead {
                    AMONG_WORD
                } else {
                    HAS_WORD
                },
            );
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT a.id, a.title, a.slug, a.status, a.category_id, \
             u.display_name AS author_name, a.author_id, a.published_at, a.updated_at \
             FROM (SELECT id, updated_at FROM articles {filter} \
                   ORDER BY updated_at DESC, id DESC LIMIT ${} OFFSET ${}) page \
             JOIN articles a ON a.id = page.id LEFT JOIN users u ON u.id = a.author_id \
             ORDER BY page.updated_at DESC, page.id DESC",
            n + 1,
            n + 2
        );
        read!(self, pool => {
            let mut q = sqlx::query_as(&sql);
            if let Some(s) = &f.status {
                q = q.bind(s);
            }
            if let Some(c) = f.category_id {
                q = q.bind(c);
            }
            if let Some(a) = f.author_id {
                q = q.bind(a);
            }
            for (low, high) in &words {
                q = q.bind(low).bind(high);
            }
            Ok(q.bind(limit).bind(offset).fetch_all(pool).await?)
        })
    }
}
