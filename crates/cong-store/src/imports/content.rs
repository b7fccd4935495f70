//! Articles, static pages and comments of an import, a batch per transaction (the comments'
//! part in `comments.rs`).

use std::collections::{HashMap, HashSet};

use super::comments::{in_row_order, insert_comments, save_comments};
use super::{add_paths, free_slug, known_ids, remember_keys, ImportKind, Saved};
use crate::{placeholders, write_tx, Result, Store, StoreError};

pub use super::comments::ImportedComment;

/// An article to import.
#[derive(Clone, Debug, Default)]
pub struct ImportedArticle {
    /// Key in the source.
    pub key: String,
    /// Main category.
    pub category_id: i64,
    /// URL slug (not unique; the id is in the URL).
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Lead paragraph, plain text.
    pub lead: String,
    /// Body HTML, sanitised by the importer.
    pub body_html: String,
    /// Author line.
    pub byline: String,
    /// Source (publication or URL).
    pub source: String,
    /// Lead photo URL.
    pub image_url: Option<String>,
    /// Lead photo alt text.
    pub image_alt: String,
    /// draft, submitted, published or unpublished.
    pub status: String,
    /// Featured on the home page.
    pub featured: bool,
    /// Publication time; in the future means scheduled.
    pub published_at: i64,
    /// Last change on the old site.
    pub updated_at: i64,
    /// View count on the old site (never lowers a count the portal has since reached).
    pub views: i64,
    /// Sum of the stars given on the old site.
    pub rating_total: i64,
    /// Number of ratings on the old site.
    pub rating_count: i64,
    /// Readers may comment.
    pub allow_comments: bool,
    /// Tags, by id.
    pub tag_ids: Vec<i64>,
    /// Old paths (normalised) that should lead here.
    pub legacy_paths: Vec<String>,
}

/// A static page to import.
#[derive(Clone, Debug, Default)]
pub struct ImportedPage {
    /// Key in the source.
    pub key: String,
    /// Wanted slug; a taken one gets `-2`, `-3`… (kept as it is on later runs).
    pub slug: String,
    /// Title.
    pub title: String,
    /// Body HTML, sanitised by the importer.
    pub body_html: String,
    /// Order in lists.
    pub position: i64,
    /// Last change on the old site.
    pub updated_at: i64,
    /// Old paths (normalised) that should lead here.
    pub legacy_paths: Vec<String>,
}

/// One transaction's worth of an import.
#[derive(Clone, Debug, Default)]
pub struct ImportBatch {
    /// Articles.
    pub articles: Vec<ImportedArticle>,
    /// Static pages.
    pub pages: Vec<ImportedPage>,
    /// Comments, parents before replies.
    pub comments: Vec<ImportedComment>,
}

impl ImportBatch {
    /// Items in the batch.
    pub fn len(&self) -> usize {
        self.articles.len() + self.pages.len() + self.comments.len()
    }

    /// Nothing in the batch.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a batch did, item by item in the batch's order.
#[derive(Clone, Debug, Default)]
pub struct BatchOutcome {
    /// Per article.
    pub articles: Vec<Saved>,
    /// Per page.
    pub pages: Vec<Saved>,
    /// Per comment; `None` when its article was never imported.
    pub comments: Vec<Option<Saved>>,
}

/// A changed title loses its folded form, which the server fills in again
/// ([`Store::fold_missing_titles`]).
const ARTICLE_UPDATE: &str = "UPDATE articles SET category_id = $2, slug = $3, title = $4, \
     title_folded = CASE WHEN title = $4 THEN title_folded ELSE '' END, \
     lead = $5, body_html = $6, byline = $7, source = $8, image_url = $9, image_alt = $10, \
     status = $11, featured = $12, published_at = $13, updated_at = $14, allow_comments = $15, \
     views = CASE WHEN views < $16 THEN $16 ELSE views END, \
     rating_total = CASE WHEN rating_count < $18 THEN $17 ELSE rating_total END, \
     rating_count = CASE WHEN rating_count < $18 THEN $18 ELSE rating_count END \
     WHERE id = $1";

/// Columns of a new article; `created_at` is the publication time.
const ARTICLE_COLS: &str = "category_id, slug, title, lead, body_html, byline, source, \
     image_url, image_alt, status, featured, published_at, created_at, updated_at, \
     allow_comments, views, rating_total, rating_count";

/// Saves the batch's articles with their tags, old paths and search outbox entries.
macro_rules! save_articles {
    ($tx:ident, $source:expr, $articles:expr, $now:expr) => {{
        let articles: &[ImportedArticle] = $articles;
        let kind = ImportKind::Article;
        let keys: Vec<&str> = articles.iter().map(|a| a.key.as_str()).collect();
        let known = known_ids!($tx, $source, kind, &keys);
        let mut slots: Vec<Option<Saved>> = vec![None; articles.len()];
        let mut fresh = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            if let Some(&id) = known.get(&a.key) {
                let n = sqlx::query(ARTICLE_UPDATE)
                    .bind(id).bind(a.category_id).bind(&a.slug).bind(&a.title).bind(&a.lead)
                    .bind(&a.body_html).bind(&a.byline).bind(&a.source).bind(&a.image_url)
                    .bind(&a.image_alt).bind(&a.status).bind(a.featured).bind(a.published_at)
                    .bind(a.updated_at).bind(a.allow_comments).bind(a.views)
                    .bind(a.rating_total).bind(a.rating_count)
                    .execute(&mut *$tx).await?.rows_affected();
                if n > 0 {
                    slots[i] = Some(Saved::Updated(id));
                    continue;
                }
            }
            // Not imported before, or deleted since: a new row.
            fresh.push(i);
        }
        // Many rows per statement: each statement is a round trip to SQLite's worker thread.
        for chunk in fresh.chunks(super::INSERT_ROWS) {
            let sql = format!("INSERT INTO articles ({ARTICLE_COLS}) VALUES {} RETURNING id", super::value_rows(chunk.len(), 18));
            let mut q = sqlx::query_scalar::<_, i64>(&sql);
            for &i in chunk {
                let a = &articles[i];
                q = q.bind(a.category_id).bind(&a.slug).bind(&a.title).bind(&a.lead)
                    .bind(&a.body_html).bind(&a.byline).bind(&a.source).bind(&a.image_url)
                    .bind(&a.image_alt).bind(&a.status).bind(a.featured).bind(a.published_at)
                    .bind(a.published_at).bind(a.updated_at).bind(a.allow_comments).bind(a.views)
                    .bind(a.rating_total).bind(a.rating_count);
            }
            let ids = in_row_order(q.fetch_all(&mut *$tx).await?, chunk.len())?;
            for (&i, id) in chunk.iter().zip(ids) {
                slots[i] = Some(Saved::Created(id));
            }
        }
        let saved: Vec<Saved> = slots.into_iter().flatten().collect();
        let updated: Vec<i64> = saved.iter().filter_map(|s| match s {
            Saved::Updated(id) => Some(*id),
            Saved::Created(_) => None,
        }).collect();
        for chunk in updated.chunks(super::CHUNK) {
            let sql = format!("DELETE FROM article_tags WHERE article_id IN ({})", placeholders(1, chunk.len()));
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(&mut *$tx).await?;
        }
        let mut links: Vec<(i64, i64)> = articles.iter().zip(&saved)
            .flat_map(|(a, s)| a.tag_ids.iter().map(move |t| (s.id(), *t))).collect();
        links.sort_unstable();
        links.dedup();
        for chunk in links.chunks(super::CHUNK) {
            let values = (0..chunk.len()).map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                .collect::<Vec<_>>().join(", ");
            let sql = format!("INSERT INTO article_tags (article_id, tag_id) VALUES {values} ON CONFLICT DO NOTHING");
            let mut q = sqlx::query(&sql);
            for (article, tag) in chunk {
                q = q.bind(*article).bind(*tag);
            }
            q.execute(&mut *$tx).await?;
        }
        // Which library files each article shows (imported photos go into the library).
        for chunk in updated.chunks(super::CHUNK) {
            let sql = format!("DELETE FROM article_media WHERE article_id IN ({})", placeholders(1, chunk.len()));
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(&mut *$tx).await?;
        }
        let uses: Vec<(String, i64)> = articles.iter().zip(&saved)
            .flat_map(|(a, s)| {
                let texts = [a.body_html.as_str(), a.image_url.as_deref().unwrap_or("")];
                crate::media::media_hashes(texts).into_iter().map(move |h| (h, s.id()))
            }).collect();
        for chunk in uses.chunks(super::CHUNK) {
            let values = (0..chunk.len()).map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                .collect::<Vec<_>>().join(", ");
            let sql = format!("INSERT INTO article_media (hash16, article_id) VALUES {values} ON CONFLICT DO NOTHING");
            let mut q = sqlx::query(&sql);
            for (hash, article) in chunk {
                q = q.bind(hash).bind(*article);
            }
            q.execute(&mut *$tx).await?;
        }
        let new_keys: Vec<(&str, i64)> = articles.iter().zip(&saved)
            .filter(|(_, s)| matches!(s, Saved::Created(_))).map(|(a, s)| (a.key.as_str(), s.id())).collect();
        remember_keys!($tx, $source, kind, &new_keys);
        let paths: Vec<(&str, &str, i64)> = articles.iter().zip(&saved)
            .flat_map(|(a, s)| a.legacy_paths.iter().map(move |p| (p.as_str(), "article", s.id()))).collect();
        add_paths!($tx, &paths);
        // The search index learns of every change through the outbox, in this transaction.
        let ids: Vec<i64> = saved.iter().map(|s| s.id()).collect();
        for chunk in ids.chunks(super::CHUNK) {
            let values = (0..chunk.len()).map(|i| format!("(${}, $1)", i + 2)).collect::<Vec<_>>().join(", ");
            let sql = format!("INSERT INTO search_outbox (article_id, created_at) VALUES {values}");
            let mut q = sqlx::query(&sql).bind($now);
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(&mut *$tx).await?;
        }
        saved
    }};
}

/// Saves the batch's static pages with their old paths.
macro_rules! save_pages {
    ($tx:ident, $source:expr, $pages:expr) => {{
        let pages: &[ImportedPage] = $pages;
        let kind = ImportKind::Page;
        let keys: Vec<&str> = pages.iter().map(|p| p.key.as_str()).collect();
        let known = known_ids!($tx, $source, kind, &keys);
        let mut saved = Vec::with_capacity(pages.len());
        for p in pages {
            let mut done = None;
            if let Some(&id) = known.get(&p.key) {
                let n = sqlx::query(
                    "UPDATE pages SET title = $2, body_html = $3, updated_at = $4 WHERE id = $1",
                )
                .bind(id)
                .bind(&p.title)
                .bind(&p.body_html)
                .bind(p.updated_at)
                .execute(&mut *$tx)
                .await?
                .rows_affected();
                done = (n > 0).then_some(Saved::Updated(id));
            }
            let s = match done {
                Some(s) => s,
                None => {
                    let slug = free_slug!($tx, "pages", &p.slug);
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO pages (slug, title, body_html, position, updated_at) \
                        VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(&slug)
                    .bind(&p.title)
                    .bind(&p.body_html)
                    .bind(p.position)
                    .bind(p.updated_at)
                    .fetch_one(&mut *$tx)
                    .await?;
                    remember_keys!($tx, $source, kind, &[(p.key.as_str(), id)]);
                    Saved::Created(id)
                }
            };
            let paths: Vec<_> = p
                .legacy_paths
                .iter()
                .map(|l| (l.as_str(), "page", s.id()))
                .collect();
            add_paths!($tx, &paths);
            saved.push(s);
        }
        saved
    }};
}

impl Store {
    /// Creates or updates a batch of imported articles, pages and comments in one
    /// transaction: a batch is written whole or not at all.
    pub async fn save_import_batch(
        &self,
        source: &str,
        batch: &ImportBatch,
        now: i64,
    ) -> Result<BatchOutcome> {
        if let Some(a) = batch.articles.iter().find(|a| {
            !matches!(
                a.status.as_str(),
                "draft" | "submitted" | "published" | "unpublished"
            )
        }) {
            return Err(StoreError::Invalid(format!(
                "unknown article status {:?}",
                a.status
            )));
        }
        Ok(write_tx!(self, tx => {
            let articles = save_articles!(tx, source, &batch.articles, now);
            let pages = save_pages!(tx, source, &batch.pages);
            let comments = save_comments!(tx, source, &batch.comments);
            BatchOutcome { articles, pages, comments }
        }))
    }
}
