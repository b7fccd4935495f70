//! Reading and moderating comments. (New comments arrive through [`Store::submit`].)

use serde::Serialize;

use crate::{read, write_tx, Result, Store, StoreError};

/// A comment as readers see it: no e-mail address, no IP.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct PublicComment {
    /// Stable id.
    pub id: i64,
    /// The thread's first comment, for a reply.
    pub parent_id: Option<i64>,
    /// Name given.
    pub name: String,
    /// Plain text.
    pub body: String,
    /// Time sent, Unix seconds.
    pub created_at: i64,
}

/// A comment as moderators see it.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct HeldComment {
    /// Stable id.
    pub id: i64,
    /// Article it is about.
    pub article_id: i64,
    /// Thread it replies to.
    pub parent_id: Option<i64>,
    /// Name given.
    pub name: String,
    /// E-mail given (private).
    pub email: String,
    /// Plain text.
    pub body: String,
    /// pending, published or rejected.
    pub status: String,
    /// Client address.
    pub ip: String,
    /// Time sent.
    pub created_at: i64,
}

impl Store {
    /// Published comments of an article, oldest first.
    pub async fn published_comments(&self, article_id: i64) -> Result<Vec<PublicComment>> {
        let sql = "SELECT id, parent_id, name, body, created_at FROM comments \
                   WHERE article_id = $1 AND status = 'published' ORDER BY created_at, id";
        Ok(read!(self, pool => sqlx::query_as(sql).bind(article_id).fetch_all(pool).await?))
    }

    /// Comments waiting for moderation, oldest first.
    pub async fn pending_comments(&self, limit: i64) -> Result<Vec<HeldComment>> {
        let sql = "SELECT id, article_id, parent_id, name, email, body, status, ip, created_at \
                   FROM comments WHERE status = 'pending' ORDER BY created_at, id LIMIT $1";
        Ok(read!(self, pool => sqlx::query_as(sql).bind(limit).fetch_all(pool).await?))
    }

    /// Any comment by id, for moderation.
    pub async fn comment_by_id(&self, id: i64) -> Result<Option<HeldComment>> {
        let sql = "SELECT id, article_id, parent_id, name, email, body, status, ip, created_at \
                   FROM comments WHERE id = $1";
        Ok(read!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?))
    }

    /// Publishes (`approve`) or rejects a comment; returns its article id.
    pub async fn moderate_comment(&self, id: i64, approve: bool) -> Result<i64> {
        let sql = "UPDATE comments SET status = $2 WHERE id = $1 RETURNING article_id";
        let status = if approve { "published" } else { "rejected" };
        let article: Option<i64> = write_tx!(self, tx => {
            sqlx::query_scalar(sql).bind(id).bind(status).fetch_optional(&mut *tx).await?
        });
        article.ok_or_else(|| StoreError::Invalid(format!("there is no comment {id}")))
    }
}

impl Store {
    /// Switches ratings and comments on or off for one article (the site-wide settings still
    /// apply on top).
    pub async fn set_article_participation(
        &self,
        article_id: i64,
        ratings: bool,
        comments: bool,
    ) -> Result<()> {
        let sql = "UPDATE articles SET allow_rating = $2, allow_comments = $3 WHERE id = $1";
        let changed = write_tx!(self, tx => {
            sqlx::query(sql).bind(article_id).bind(ratings).bind(comments)
                .execute(&mut *tx).await?.rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::Invalid(format!(
                "there is no article {article_id}"
            )));
        }
        Ok(())
    }
}
