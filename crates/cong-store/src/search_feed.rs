//! What the search index is fed from: the outbox of article changes and the articles themselves.

use crate::{placeholders, read, write_tx, Result, Store, StoreError};

/// An article as the search index needs it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IndexableArticle {
    /// Article id.
    pub id: i64,
    /// Main category.
    pub category_id: i64,
    /// Headline.
    pub title: String,
    /// Lead paragraph.
    pub lead: String,
    /// Sanitised body HTML.
    pub body_html: String,
    /// Publication time (may be in the future: queries filter on it).
    pub published_at: i64,
}

const INDEX_COLS: &str = "id, category_id, title, lead, body_html, published_at";

/// "Published", written so SQLite cannot use `articles_by_date` for it: with that index it
/// walked (and for ORDER BY id, sorted) every published row, bodies included, instead of
/// reading by primary key: 17–21 ms per call at 100,000 articles and the memory of the sort.
const PUBLISHED_BY_KEY: &str = "status || '' = 'published'";

impl Store {
    /// Outbox entries after `position`, oldest first: (position, article id).
    pub async fn outbox_after(&self, position: i64, limit: i64) -> Result<Vec<(i64, i64)>> {
        let sql = "SELECT position, article_id FROM search_outbox WHERE position > $1 \
                   ORDER BY position LIMIT $2";
        Ok(
            read!(self, pool => sqlx::query_as(sql).bind(position).bind(limit).fetch_all(pool).await?),
        )
    }

    /// The newest outbox position (0 when empty).
    pub async fn outbox_head(&self) -> Result<i64> {
        let sql = "SELECT CAST(COALESCE(MAX(position), 0) AS BIGINT) FROM search_outbox";
        Ok(read!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await?))
    }

    /// Of these ids, the articles that belong in the index (status published).
    pub async fn indexable_articles(&self, ids: &[i64]) -> Result<Vec<IndexableArticle>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {INDEX_COLS} FROM articles WHERE {PUBLISHED_BY_KEY} AND id IN ({})",
            placeholders(1, ids.len())
        );
        read!(self, pool => {
            let mut q = sqlx::query_as(&sql);
            for id in ids {
                q = q.bind(*id);
            }
            Ok(q.fetch_all(pool).await?)
        })
    }

    /// Published articles with ids above `after_id`, by id, for rebuilding the index in batches.
    pub async fn indexable_after(
        &self,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<IndexableArticle>> {
        let sql = format!(
            "SELECT {INDEX_COLS} FROM articles WHERE {PUBLISHED_BY_KEY} AND id > $1 ORDER BY id LIMIT $2"
        );
        Ok(
            read!(self, pool => sqlx::query_as(&sql).bind(after_id).bind(limit).fetch_all(pool).await?),
        )
    }

    /// Changes an article's workflow state (and tells the search index, in the same transaction).
    pub async fn set_article_status(&self, id: i64, status: &str, now: i64) -> Result<bool> {
        if !matches!(status, "draft" | "submitted" | "published" | "unpublished") {
            return Err(StoreError::Invalid(format!(
                "unknown article status {status:?}"
            )));
        }
        let update = "UPDATE articles SET status = $1, updated_at = $2 WHERE id = $3";
        Ok(write_tx!(self, tx => {
            let n = sqlx::query(update).bind(status).bind(now).bind(id).execute(&mut *tx).await?.rows_affected();
            if n > 0 {
                sqlx::query(OUTBOX_INSERT).bind(id).bind(now).execute(&mut *tx).await?;
            }
            n > 0
        }))
    }
}

/// Appends an article change to the outbox; run inside the transaction of the change.
pub(crate) const OUTBOX_INSERT: &str =
    "INSERT INTO search_outbox (article_id, created_at) VALUES ($1, $2)";
