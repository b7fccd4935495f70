//! The comments of an import batch, written inside the batch's transaction by
//! `save_import_batch` (the macros expand there, on each backend's transaction).

use crate::{Result, StoreError};

/// A reader comment to import.
#[derive(Clone, Debug, Default)]
pub struct ImportedComment {
    /// Key in the source.
    pub key: String,
    /// Key of the article, imported in this batch or before.
    pub article_key: String,
    /// Key of the comment replied to, imported in this batch (earlier) or before.
    pub parent_key: Option<String>,
    /// Name given.
    pub name: String,
    /// E-mail given (private).
    pub email: String,
    /// Plain text.
    pub body: String,
    /// Shown to readers (else waiting for moderation).
    pub published: bool,
    /// Time sent.
    pub created_at: i64,
}

/// The ids a multi-row `INSERT … RETURNING id` gave, in the order of its rows. Both backends
/// number the rows of one statement upwards in VALUES order, whatever order RETURNING lists
/// them in (SQLite does not promise one).
pub(super) fn in_row_order(mut ids: Vec<i64>, rows: usize) -> Result<Vec<i64>> {
    if ids.len() != rows {
        return Err(StoreError::Invalid(format!(
            "{rows} rows inserted but {} ids returned",
            ids.len()
        )));
    }
    ids.sort_unstable();
    Ok(ids)
}

/// Inserts the comments waiting in `$waiting` (index, article id, thread) in one statement.
macro_rules! insert_comments {
    ($tx:ident, $comments:ident, $waiting:ident, $slots:ident, $threads:ident, $new_keys:ident) => {{
        if !$waiting.is_empty() {
            let sql = format!(
                "INSERT INTO comments (article_id, parent_id, name, email, body, status, created_at) \
                 VALUES {} RETURNING id",
                super::value_rows($waiting.len(), 7)
            );
            let mut q = sqlx::query_scalar::<_, i64>(&sql);
            for &(i, article_id, thread) in &$waiting {
                let c: &ImportedComment = &$comments[i];
                let status = if c.published { "published" } else { "pending" };
                q = q.bind(article_id).bind(thread).bind(&c.name).bind(&c.email).bind(&c.body)
                    .bind(status).bind(c.created_at);
            }
            let ids = in_row_order(q.fetch_all(&mut *$tx).await?, $waiting.len())?;
            for (&(i, _, thread), id) in $waiting.iter().zip(ids) {
                let c: &ImportedComment = &$comments[i];
                $slots[i] = Some(Saved::Created(id));
                $threads.insert(c.key.clone(), (id, thread.unwrap_or(id)));
                $new_keys.push((c.key.as_str(), id));
            }
            $waiting.clear();
        }
    }};
}

/// Saves the batch's comments; a reply joins the thread of the comment it answers, the one
/// level of nesting the article page shows.
macro_rules! save_comments {
    ($tx:ident, $source:expr, $comments:expr) => {{
        let comments: &[ImportedComment] = $comments;
        let kind = ImportKind::Comment;
        let mut article_keys: Vec<&str> = comments.iter().map(|c| c.article_key.as_str()).collect();
        article_keys.sort_unstable();
        article_keys.dedup();
        let articles = known_ids!($tx, $source, ImportKind::Article, &article_keys);
        let keys: Vec<&str> = comments.iter().map(|c| c.key.as_str()).collect();
        let known = known_ids!($tx, $source, kind, &keys);
        // Thread (first comment) of every comment a reply may answer: from earlier batches
        // here, from this batch as it is saved.
        let mut threads: HashMap<String, (i64, i64)> = HashMap::new();
        let mut parents: Vec<&str> = comments.iter().filter_map(|c| c.parent_key.as_deref()).collect();
        parents.sort_unstable();
        parents.dedup();
        for chunk in parents.chunks(super::CHUNK) {
            let sql = format!(
                "SELECT k.key, c.id, c.parent_id FROM import_keys k JOIN comments c ON c.id = k.target_id \
                 WHERE k.source = $1 AND k.kind = 'comment' AND k.key IN ({})",
                placeholders(2, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (String, i64, Option<i64>)>(&sql).bind($source);
            for k in chunk {
                q = q.bind(*k);
            }
            for (k, id, parent) in q.fetch_all(&mut *$tx).await? {
                threads.insert(k, (id, parent.unwrap_or(id)));
            }
        }
        let mut slots: Vec<Option<Saved>> = vec![None; comments.len()];
        let mut new_keys: Vec<(&str, i64)> = Vec::new();
        // New comments wait to go in together; a reply to one of them sends them first.
        let mut waiting: Vec<(usize, i64, Option<i64>)> = Vec::new();
        let mut waiting_keys: HashSet<&str> = HashSet::new();
        for (i, c) in comments.iter().enumerate() {
            let Some(&article_id) = articles.get(&c.article_key) else {
                continue;
            };
            if c.parent_key.as_deref().is_some_and(|k| waiting_keys.contains(k)) {
                insert_comments!($tx, comments, waiting, slots, threads, new_keys);
                waiting_keys.clear();
            }
            let thread = c.parent_key.as_ref().and_then(|k| threads.get(k)).map(|t| t.1);
            if let Some(&id) = known.get(&c.key) {
                // A moderator's rejection on the new site stands.
                let n = sqlx::query("UPDATE comments SET article_id = $2, parent_id = $3, name = $4, \
                    email = $5, body = $6, created_at = $7, \
                    status = CASE WHEN status = 'rejected' THEN status ELSE $8 END WHERE id = $1")
                    .bind(id).bind(article_id).bind(thread).bind(&c.name).bind(&c.email)
                    .bind(&c.body).bind(c.created_at).bind(if c.published { "published" } else { "pending" })
                    .execute(&mut *$tx).await?.rows_affected();
                if n > 0 {
                    threads.insert(c.key.clone(), (id, thread.unwrap_or(id)));
                    slots[i] = Some(Saved::Updated(id));
                    continue;
                }
            }
            waiting.push((i, article_id, thread));
            waiting_keys.insert(c.key.as_str());
            if waiting.len() == super::INSERT_ROWS {
                insert_comments!($tx, comments, waiting, slots, threads, new_keys);
                waiting_keys.clear();
            }
        }
        insert_comments!($tx, comments, waiting, slots, threads, new_keys);
        remember_keys!($tx, $source, kind, &new_keys);
        slots
    }};
}

pub(super) use {insert_comments, save_comments};
