use serde::Serialize;

use crate::{placeholders, read, write_tx, Result, Store, StoreError};

/// Columns of [`ArticleSummary`], shared by every list query.
const SUMMARY_COLS: &str =
    "a.id, a.category_id, a.slug, a.title, a.lead, a.image_url, a.image_alt, a.published_at";

/// What reader pages show: published, due, and not expired.
const VISIBLE: &str = "a.status = 'published' AND a.published_at <= $1 \
                       AND (a.expires_at IS NULL OR a.expires_at > $1)";

/// An article as listed: enough for a card or a feed entry.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct ArticleSummary {
    /// Stable id; authoritative in URLs.
    pub id: i64,
    /// Main category.
    pub category_id: i64,
    /// URL slug (not unique; the id disambiguates).
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Lead paragraph (plain text).
    pub lead: String,
    /// Lead photo URL, if any.
    pub image_url: Option<String>,
    /// Alt text of the lead photo.
    pub image_alt: String,
    /// Publication time, Unix seconds.
    pub published_at: i64,
}

/// A whole article.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Article {
    /// Stable id.
    pub id: i64,
    /// Main category.
    pub category_id: i64,
    /// URL slug.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Lead paragraph (plain text).
    pub lead: String,
    /// Sanitised body HTML.
    pub body_html: String,
    /// Author byline.
    pub byline: String,
    /// Source (agency or publication), may be empty.
    pub source: String,
    /// Lead photo URL.
    pub image_url: Option<String>,
    /// Alt text of the lead photo.
    pub image_alt: String,
    /// Workflow state: draft, submitted, published, unpublished.
    pub status: String,
    /// Shown as the home page's featured article.
    pub featured: bool,
    /// Publication time (Unix seconds); in the future means scheduled.
    pub published_at: i64,
    /// Creation time.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
    /// View count as last flushed.
    pub views: i64,
    /// Readers may rate it (when ratings are on site-wide).
    pub allow_rating: bool,
    /// Readers may comment on it (when comments are on site-wide).
    pub allow_comments: bool,
    /// Sum of all stars given.
    pub rating_total: i64,
    /// Number of ratings.
    pub rating_count: i64,
}

/// What it takes to create an article.
#[derive(Clone, Debug, Default)]
pub struct NewArticle {
    /// Main category.
    pub category_id: i64,
    /// URL slug.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Lead paragraph.
    pub lead: String,
    /// Body HTML, already sanitised by the caller.
    pub body_html: String,
    /// Author byline.
    pub byline: String,
    /// Source.
    pub source: String,
    /// Lead photo URL.
    pub image_url: Option<String>,
    /// Lead photo alt text.
    pub image_alt: String,
    /// Workflow state.
    pub status: String,
    /// Featured on the home page.
    pub featured: bool,
    /// Publication time.
    pub published_at: i64,
    /// Last modification, when it differs from publication (imports); none means `published_at`.
    pub updated_at: Option<i64>,
    /// Tag names; tags are created as needed.
    pub tags: Vec<String>,
}

/// One article's entry in sitemap.xml.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SitemapEntry {
    /// Article id.
    pub id: i64,
    /// Category id.
    pub category_id: i64,
    /// Slug.
    pub slug: String,
    /// Last change.
    pub updated_at: i64,
}

impl Store {
    /// A published, due article by id.
    pub async fn published_article(&self, id: i64, now: i64) -> Result<Option<Article>> {
        let sql = format!(
            "SELECT a.id, a.category_id, a.slug, a.title, a.lead, a.body_html, a.byline, a.source, \
             a.image_url, a.image_alt, a.status, a.featured, a.published_at, a.created_at, \
             a.updated_at, a.views, a.allow_rating, a.allow_comments, a.rating_total, \
             a.rating_count FROM articles a WHERE {VISIBLE} AND a.id = $2"
        );
        Ok(read!(self, pool => sqlx::query_as(&sql).bind(now).bind(id).fetch_optional(pool).await?))
    }

    /// The newest featured article.
    pub async fn featured_article(&self, now: i64) -> Result<Option<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLS} FROM articles a WHERE {VISIBLE} AND a.featured \
             ORDER BY a.published_at DESC, a.id DESC LIMIT 1"
        );
        Ok(read!(self, pool => sqlx::query_as(&sql).bind(now).fetch_optional(pool).await?))
    }

    /// Newest published articles over the whole site.
    pub async fn latest_articles(
        &self,
        now: i64,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLS} FROM articles a WHERE {VISIBLE} \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $2 OFFSET $3"
        );
        Ok(
            read!(self, pool => sqlx::query_as(&sql).bind(now).bind(limit).bind(offset).fetch_all(pool).await?),
        )
    }

    /// Newest published articles in any of `category_ids` (a category and its descendants),
    /// as their main category or one of their others.
    pub async fn articles_in_categories(
        &self,
        category_ids: &[i64],
        now: i64,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ArticleSummary>> {
        if category_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {SUMMARY_COLS} FROM articles a WHERE {VISIBLE} AND {} \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $2 OFFSET $3",
            in_categories(4, category_ids.len())
        );
        read!(self, pool => {
            let mut q = sqlx::query_as(&sql).bind(now).bind(limit).bind(offset);
            for id in category_ids {
                q = q.bind(*id);
            }
            Ok(q.fetch_all(pool).await?)
        })
    }

    /// How many published articles are in any of `category_ids`.
    pub async fn count_in_categories(&self, category_ids: &[i64], now: i64) -> Result<i64> {
        if category_ids.is_empty() {
            return Ok(0);
        }
        let sql = format!(
            "SELECT COUNT(*) FROM articles a WHERE {VISIBLE} AND {}",
            in_categories(2, category_ids.len())
        );
        read!(self, pool => {
            let mut q = sqlx::query_scalar(&sql).bind(now);
            for id in category_ids {
                q = q.bind(*id);
            }
            Ok(q.fetch_one(pool).await?)
        })
    }

    /// Articles of the same category published after this one, oldest first (the nearest first).
    pub async fn newer_in_category(
        &self,
        a: &Article,
        now: i64,
        limit: i64,
    ) -> Result<Vec<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLS} FROM articles a WHERE {VISIBLE} AND a.category_id = $2 \
             AND (a.published_at > $3 OR (a.published_at = $3 AND a.id > $4)) \
             ORDER BY a.published_at ASC, a.id ASC LIMIT $5"
        );
        Ok(read!(self, pool => sqlx::query_as(&sql)
            .bind(now).bind(a.category_id).bind(a.published_at).bind(a.id).bind(limit)
            .fetch_all(pool).await?))
    }

    /// Articles of the same category published before this one, newest first.
    pub async fn older_in_category(
        &self,
        a: &Article,
        now: i64,
        limit: i64,
    ) -> Result<Vec<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLS} FROM articles a WHERE {VISIBLE} AND a.category_id = $2 \
             AND (a.published_at < $3 OR (a.published_at = $3 AND a.id < $4)) \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $5"
        );
        Ok(read!(self, pool => sqlx::query_as(&sql)
            .bind(now).bind(a.category_id).bind(a.published_at).bind(a.id).bind(limit)
            .fetch_all(pool).await?))
    }

    /// Newest published articles with a tag.
    pub async fn articles_with_tag(
        &self,
        tag_id: i64,
        now: i64,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLS} FROM articles a JOIN article_tags at ON at.article_id = a.id \
             WHERE {VISIBLE} AND at.tag_id = $2 \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $3 OFFSET $4"
        );
        Ok(read!(self, pool => sqlx::query_as(&sql)
            .bind(now).bind(tag_id).bind(limit).bind(offset).fetch_all(pool).await?))
    }

    /// How many published articles carry a tag.
    pub async fn count_with_tag(&self, tag_id: i64, now: i64) -> Result<i64> {
        let sql = format!(
            "SELECT COUNT(*) FROM articles a JOIN article_tags at ON at.article_id = a.id \
             WHERE {VISIBLE} AND at.tag_id = $2"
        );
        Ok(
            read!(self, pool => sqlx::query_scalar(&sql).bind(now).bind(tag_id).fetch_one(pool).await?),
        )
    }

    /// Every visible article, for sitemap.xml.
    pub async fn sitemap_articles(&self, now: i64) -> Result<Vec<SitemapEntry>> {
        let sql = format!(
            "SELECT a.id, a.category_id, a.slug, a.updated_at FROM articles a WHERE {VISIBLE} \
             ORDER BY a.published_at DESC, a.id DESC"
        );
        Ok(read!(self, pool => sqlx::query_as(&sql).bind(now).fetch_all(pool).await?))
    }

    /// Current stored view count of an article (0 when unknown).
    pub async fn article_views(&self, id: i64) -> Result<i64> {
        let sql = "SELECT views FROM articles WHERE id = $1";
        let v: Option<i64> =
            read!(self, pool => sqlx::query_scalar(sql).bind(id).fetch_optional(pool).await?);
        Ok(v.unwrap_or(0))
    }

    /// Adds counted views to articles in one transaction.
    pub async fn add_article_views(&self, deltas: &[(i64, i64)]) -> Result<()> {
        if deltas.is_empty() {
            return Ok(());
        }
        let sql = "UPDATE articles SET views = views + $1 WHERE id = $2";
        write_tx!(self, tx => {
            for (id, delta) in deltas {
                sqlx::query(sql).bind(*delta).bind(*id).execute(&mut *tx).await?;
            }
        });
        Ok(())
    }

    /// Creates articles (and their tags) in one transaction; returns their ids in order.
    pub async fn insert_articles(&self, articles: &[NewArticle], now: i64) -> Result<Vec<i64>> {
        for a in articles {
            if !matches!(
                a.status.as_str(),
                "draft" | "submitted" | "published" | "unpublished"
            ) {
                return Err(StoreError::Invalid(format!(
                    "unknown article status {:?}",
                    a.status
                )));
            }
        }
        let insert = "INSERT INTO articles (category_id, slug, title, lead, body_html, byline, \
             source, image_url, image_alt, status, featured, published_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";
        let upsert_tag = "INSERT INTO tags (slug, name) VALUES ($1, $2) \
             ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id";
        let link_tag = "INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING";
        let ids = write_tx!(self, tx => {
            let mut ids = Vec::with_capacity(articles.len());
            for a in articles {
                let id: i64 = sqlx::query_scalar(insert)
                    .bind(a.category_id).bind(&a.slug).bind(&a.title).bind(&a.lead)
                    .bind(&a.body_html).bind(&a.byline).bind(&a.source).bind(&a.image_url)
                    .bind(&a.image_alt).bind(&a.status).bind(a.featured).bind(a.published_at)
                    .bind(now).bind(a.updated_at.unwrap_or(a.published_at))
                    .fetch_one(&mut *tx).await?;
                for name in &a.tags {
                    let slug = cong_text::slugify(name);
                    if slug.is_empty() {
                        continue;
                    }
                    let tag_id: i64 = sqlx::query_scalar(upsert_tag)
                        .bind(&slug).bind(name.trim()).fetch_one(&mut *tx).await?;
                    sqlx::query(link_tag).bind(id).bind(tag_id).execute(&mut *tx).await?;
                }
                sqlx::query(crate::search_feed::OUTBOX_INSERT).bind(id).bind(now).execute(&mut *tx).await?;
                ids.push(id);
            }
            ids
        });
        Ok(ids)
    }
}

impl Store {
    /// The next time what readers see changes by itself: the earliest publication time of a
    /// published article not yet due, or expiry of one still shown.
    pub async fn next_scheduled(&self, now: i64) -> Result<Option<i64>> {
        let due = "SELECT MIN(published_at) FROM articles WHERE status = 'published' AND published_at > $1";
        let ends =
            "SELECT MIN(expires_at) FROM articles WHERE expires_at > $1 AND status = 'published'";
        let (due, ends): (Option<i64>, Option<i64>) = read!(self, pool => (
            sqlx::query_scalar(due).bind(now).fetch_one(pool).await?,
            sqlx::query_scalar(ends).bind(now).fetch_one(pool).await?,
        ));
        Ok(match (due, ends) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        })
    }
}

impl Store {
    /// Visible articles among `ids` (any order; the caller orders them).
    pub async fn summaries_by_ids(&self, ids: &[i64], now: i64) -> Result<Vec<ArticleSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            // Visible, written so SQLite reads by primary key rather than walking the
            // date index over every published row.
            "SELECT {SUMMARY_COLS} FROM articles a WHERE a.status || '' = 'published' \
             AND a.published_at + 0 <= $1 AND (a.expires_at IS NULL OR a.expires_at > $1) \
             AND a.id IN ({})",
            placeholders(2, ids.len())
        );
        read!(self, pool => {
            let mut q = sqlx::query_as(&sql).bind(now);
            for id in ids {
                q = q.bind(*id);
            }
            Ok(q.fetch_all(pool).await?)
        })
    }
}

/// The condition "article `a` is in one of these categories", as its main one or another: the
/// `n` ids are bound from `$first` on (each is used twice).
fn in_categories(first: usize, n: usize) -> String {
    let ids = placeholders(first, n);
    format!(
        "(a.category_id IN ({ids}) OR a.id IN \
         (SELECT x.article_id FROM article_categories x WHERE x.category_id IN ({ids})))"
    )
}
