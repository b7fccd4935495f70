//! Revisions of an article (every save keeps the fields whole) and the edit lock that tells a
//! second editor who is working on it.

use serde::Serialize;

use super::ArticleFields;
use crate::{read, write_tx, Result, Store, StoreError};

/// One saved revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// Revision number (1 is the first save).
    pub revision: i64,
    /// Who saved it.
    pub user_id: Option<i64>,
    /// Their name as it was.
    pub user_name: String,
    /// When.
    pub at: i64,
    /// Names of the fields that changed, comma-separated (empty for the first or a restore).
    pub changed: String,
    /// A note (a restore says which revision it restored).
    pub note: String,
    /// The fields as saved.
    pub fields: ArticleFields,
}

/// Who holds an article's edit lock, and until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EditLock {
    /// Account id.
    pub user_id: i64,
    /// Their display name.
    pub user_name: String,
    /// Unix seconds.
    pub until: i64,
}

/// Appends a revision row inside the caller's transaction.
macro_rules! insert {
    ($tx:ident, $id:expr, $rev:expr, $editor:expr, $now:expr, $json:expr, $changed:expr, $note:expr) => {{
        let sql = "INSERT INTO article_revisions \
             (article_id, revision, user_id, user_name, at, fields, changed, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        sqlx::query(sql)
            .bind($id)
            .bind($rev)
            .bind($editor.id)
            .bind($editor.name)
            .bind($now)
            .bind($json)
            .bind($changed)
            .bind($note)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use insert;

type RevisionRow = (i64, Option<i64>, String, i64, String, String, String);

fn revision(row: RevisionRow) -> Result<Revision> {
    let fields = serde_json::from_str(&row.4)
        .map_err(|e| StoreError::Invalid(format!("revision {} unreadable: {e}", row.0)))?;
    Ok(Revision {
        revision: row.0,
        user_id: row.1,
        user_name: row.2,
        at: row.3,
        fields,
        changed: row.5,
        note: row.6,
    })
}

const COLS: &str = "revision, user_id, user_name, at, fields, changed, note";

impl Store {
    /// Every revision of an article, newest first.
    pub async fn article_revisions(&self, id: i64) -> Result<Vec<Revision>> {
        let sql = format!(
            "SELECT {COLS} FROM article_revisions WHERE article_id = $1 ORDER BY revision DESC"
        );
        let rows: Vec<RevisionRow> =
            read!(self, pool => sqlx::query_as(&sql).bind(id).fetch_all(pool).await?);
        rows.into_iter().map(revision).collect()
    }

    /// One revision of an article.
    pub async fn article_revision(&self, id: i64, number: i64) -> Result<Option<Revision>> {
        let sql =
            format!("SELECT {COLS} FROM article_revisions WHERE article_id = $1 AND revision = $2");
        let row: Option<RevisionRow> = read!(self, pool =>
            sqlx::query_as(&sql).bind(id).bind(number).fetch_optional(pool).await?);
        row.map(revision).transpose()
    }

    /// The newest revision of an article.
    pub(crate) async fn latest_revision(&self, id: i64) -> Result<Option<Revision>> {
        let sql = format!(
            "SELECT {COLS} FROM article_revisions WHERE article_id = $1 \
             ORDER BY revision DESC LIMIT 1"
        );
        let row: Option<RevisionRow> =
            read!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?);
        row.map(revision).transpose()
    }

    /// Takes (or renews) the edit lock of article `id` for `user_id` until `until`, unless
    /// someone else holds a lock that has not run out: then that lock is returned and nothing
    /// changes.
    pub async fn take_edit_lock(
        &self,
        id: i64,
        user_id: i64,
        now: i64,
        until: i64,
    ) -> Result<Option<EditLock>> {
        let take = "UPDATE articles SET locked_by = $2, locked_until = $4 WHERE id = $1 \
                    AND (locked_by IS NULL OR locked_by = $2 OR locked_until <= $3)";
        let taken = write_tx!(self, tx => {
            sqlx::query(take).bind(id).bind(user_id).bind(now).bind(until)
                .execute(&mut *tx).await?.rows_affected() > 0
        });
        if taken {
            return Ok(None);
        }
        let holder = "SELECT a.locked_by, u.display_name, a.locked_until FROM articles a \
                      JOIN users u ON u.id = a.locked_by WHERE a.id = $1";
        let row: Option<(i64, String, i64)> =
            read!(self, pool => sqlx::query_as(holder).bind(id).fetch_optional(pool).await?);
        Ok(row.map(|(user_id, user_name, until)| EditLock {
            user_id,
            user_name,
            until,
        }))
    }

    /// Lets go of the edit lock of article `id`, if `user_id` holds it.
    pub async fn release_edit_lock(&self, id: i64, user_id: i64) -> Result<()> {
        let sql = "UPDATE articles SET locked_by = NULL, locked_until = 0 \
                   WHERE id = $1 AND locked_by = $2";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(id).bind(user_id).execute(&mut *tx).await?;
        });
        Ok(())
    }
}
