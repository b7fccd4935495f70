//! The newsroom's articles: listed with filters, read whole for editing, created and saved
//! with a revision each time. A save names the revision it was based on; when the article has
//! moved on since, nothing is written and the caller is told who saved what.

mod list;
mod revisions;
pub(crate) mod title_words;

pub use revisions::{EditLock, Revision};

use serde::{Deserialize, Serialize};

use crate::search_feed::OUTBOX_INSERT;
use crate::{read, write_tx, Result, Store, StoreError};

/// What an editor edits, stored whole in every revision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleFields {
    /// Headline.
    pub title: String,
    /// URL slug (unique among articles).
    pub slug: String,
    /// Lead paragraph, plain text.
    pub lead: String,
    /// Body, sanitised HTML.
    pub body_html: String,
    /// Lead photo URL (a path on this site).
    pub image_url: Option<String>,
    /// Alt text of the lead photo.
    pub image_alt: String,
    /// Main category.
    pub category_id: i64,
    /// Other categories it also appears in.
    pub other_categories: Vec<i64>,
    /// Tag names.
    pub tags: Vec<String>,
    /// Byline.
    pub byline: String,
    /// Source.
    pub source: String,
    /// Publication time; in the future, the article is scheduled.
    pub published_at: i64,
    /// When readers stop seeing it, if ever.
    pub expires_at: Option<i64>,
    /// Readers may comment.
    pub allow_comments: bool,
    /// Readers may rate.
    pub allow_rating: bool,
    /// Featured on the home page.
    pub featured: bool,
}

/// An article as the newsroom sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StaffArticle {
    /// Id.
    pub id: i64,
    /// The editable fields.
    pub fields: ArticleFields,
    /// draft, submitted, published or unpublished.
    pub status: String,
    /// Who wrote it (none for imported articles).
    pub author_id: Option<i64>,
    /// The note an editor left when sending it back.
    pub review_note: String,
    /// The revision it is at.
    pub revision: i64,
    /// Creation time.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
}

/// One row of the newsroom's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ListedArticle {
    /// Id.
    pub id: i64,
    /// Headline.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Workflow state.
    pub status: String,
    /// Main category.
    pub category_id: i64,
    /// Author's display name, when it has one.
    pub author_name: Option<String>,
    /// Author's id.
    pub author_id: Option<i64>,
    /// Publication time.
    pub published_at: i64,
    /// Last change.
    pub updated_at: i64,
}

/// Which articles to list; every part optional.
#[derive(Clone, Debug, Default)]
pub struct ArticleFilter {
    /// Only this workflow state.
    pub status: Option<String>,
    /// Only this main category.
    pub category_id: Option<i64>,
    /// Only this author.
    pub author_id: Option<i64>,
    /// Only titles with a word starting with each of these words (folded: no marks, lower
    /// case), in any order.
    pub words: Option<String>,
}

/// What a save came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Saved as this revision.
    Saved(i64),
    /// The article is at a newer revision than the one the edit started from: nothing was
    /// written; here is that revision.
    Stale(Box<Revision>),
}

/// Who made a change: their account id and name, as the revision keeps them.
#[derive(Clone, Copy, Debug)]
pub struct Editor<'a> {
    /// Account id.
    pub id: i64,
    /// Name shown.
    pub name: &'a str,
}

const STATUSES: &[&str] = &["draft", "submitted", "published", "unpublished"];

/// Columns read for a [`StaffArticle`].
const STAFF_COLS: &str = "id, title, slug, lead, body_html, image_url, image_alt, category_id, \
     byline, source, published_at, expires_at, allow_comments, allow_rating, featured, status, \
     author_id, review_note, revision, created_at, updated_at";

/// The columns of [`STAFF_COLS`].
#[derive(sqlx::FromRow)]
struct StaffRow {
    id: i64,
    title: String,
    slug: String,
    lead: String,
    body_html: String,
    image_url: Option<String>,
    image_alt: String,
    category_id: i64,
    byline: String,
    source: String,
    published_at: i64,
    expires_at: Option<i64>,
    allow_comments: bool,
    allow_rating: bool,
    featured: bool,
    status: String,
    author_id: Option<i64>,
    review_note: String,
    revision: i64,
    created_at: i64,
    updated_at: i64,
}

/// Writes the fields of an existing article and moves it to the next revision, only if it is
/// still at revision `$17`.
const UPDATE_FIELDS: &str = "UPDATE articles SET title = $2, slug = $3, lead = $4, \
     body_html = $5, image_url = $6, image_alt = $7, category_id = $8, byline = $9, \
     source = $10, published_at = $11, allow_comments = $12, allow_rating = $13, featured = $14, \
     title_folded = $15, updated_at = $16, expires_at = $18, revision = revision + 1 \
     WHERE id = $1 AND revision = $17 RETURNING revision";

impl Store {
    /// One article, whole, for editing.
    pub async fn newsroom_article(&self, id: i64) -> Result<Option<StaffArticle>> {
        let sql = format!("SELECT {STAFF_COLS} FROM articles WHERE id = $1");
        let row: Option<StaffRow> =
            read!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?);
        let Some(r) = row else { return Ok(None) };
        let others = "SELECT category_id FROM article_categories WHERE article_id = $1 \
                      ORDER BY category_id";
        let tags = "SELECT t.name FROM tags t JOIN article_tags x ON x.tag_id = t.id \
                    WHERE x.article_id = $1 ORDER BY t.name";
        let (other_categories, tags): (Vec<i64>, Vec<String>) = read!(self, pool => (
            sqlx::query_scalar(others).bind(id).fetch_all(pool).await?,
            sqlx::query_scalar(tags).bind(id).fetch_all(pool).await?,
        ));
        Ok(Some(StaffArticle {
            id: r.id,
            fields: ArticleFields {
                title: r.title,
                slug: r.slug,
                lead: r.lead,
                body_html: r.body_html,
                image_url: r.image_url,
                image_alt: r.image_alt,
                category_id: r.category_id,
                byline: r.byline,
                source: r.source,
                published_at: r.published_at,
                expires_at: r.expires_at,
                allow_comments: r.allow_comments,
                allow_rating: r.allow_rating,
                featured: r.featured,
                other_categories,
                tags,
            },
            status: r.status,
            author_id: r.author_id,
            review_note: r.review_note,
            revision: r.revision,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }))
    }

    /// Whether another article than `except` has this slug.
    pub async fn slug_taken(&self, slug: &str, except: i64) -> Result<bool> {
        let sql = "SELECT EXISTS (SELECT 1 FROM articles WHERE slug = $1 AND id <> $2)";
        Ok(
            read!(self, pool => sqlx::query_scalar(sql).bind(slug).bind(except).fetch_one(pool).await?),
        )
    }

    /// Creates a draft by `editor` (its author) at revision 1; returns its id.
    pub async fn create_article(
        &self,
        fields: &ArticleFields,
        editor: Editor<'_>,
        now: i64,
    ) -> Result<i64> {
        check_fields(fields)?;
        let insert = "INSERT INTO articles (category_id, slug, title, lead, body_html, byline, \
             source, image_url, image_alt, status, featured, published_at, created_at, \
             updated_at, allow_comments, allow_rating, author_id, revision, title_folded, \
             expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $12, $12, \
             $13, $14, $15, 1, $16, $17) RETURNING id";
        let fields_json = serde_json::to_string(fields).expect("plain data");
        let folded = cong_text::fold_vi(&fields.title);
        Ok(write_tx!(self, tx => {
            let f = fields;
            let id: i64 = sqlx::query_scalar(insert)
                .bind(f.category_id).bind(&f.slug).bind(&f.title).bind(&f.lead)
                .bind(&f.body_html).bind(&f.byline).bind(&f.source).bind(&f.image_url)
                .bind(&f.image_alt).bind(f.featured).bind(f.published_at).bind(now)
                .bind(f.allow_comments).bind(f.allow_rating).bind(editor.id)
                .bind(&folded).bind(f.expires_at).fetch_one(&mut *tx).await?;
            links!(tx, id, f);
            crate::media::link_media!(tx, id, f);
            title_words::replace!(tx, id, &folded);
            revisions::insert!(tx, id, 1_i64, editor, now, &fields_json, "", "");
            sqlx::query(OUTBOX_INSERT).bind(id).bind(now).execute(&mut *tx).await?;
            id
        }))
    }

    /// Saves the fields of article `id` as its next revision, if it is still at `base` (the
    /// revision the edit started from). `changed` names the fields that differ and `note` says
    /// anything else worth keeping (a restore), for the list of revisions.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_article(
        &self,
        id: i64,
        base: i64,
        fields: &ArticleFields,
        editor: Editor<'_>,
        changed: &str,
        note: &str,
        now: i64,
    ) -> Result<SaveOutcome> {
        check_fields(fields)?;
        let fields_json = serde_json::to_string(fields).expect("plain data");
        let folded = cong_text::fold_vi(&fields.title);
        let saved: Option<i64> = write_tx!(self, tx => {
            let f = fields;
            let revision: Option<i64> = sqlx::query_scalar(UPDATE_FIELDS)
                .bind(id).bind(&f.title).bind(&f.slug).bind(&f.lead).bind(&f.body_html)
                .bind(&f.image_url).bind(&f.image_alt).bind(f.category_id).bind(&f.byline)
                .bind(&f.source).bind(f.published_at).bind(f.allow_comments)
                .bind(f.allow_rating).bind(f.featured).bind(&folded)
                .bind(now).bind(base).bind(f.expires_at).fetch_optional(&mut *tx).await?;
            if let Some(rev) = revision {
                sqlx::query("DELETE FROM article_categories WHERE article_id = $1")
                    .bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM article_tags WHERE article_id = $1")
                    .bind(id).execute(&mut *tx).await?;
                links!(tx, id, f);
                crate::media::link_media!(tx, id, f);
                title_words::replace!(tx, id, &folded);
                revisions::insert!(tx, id, rev, editor, now, &fields_json, changed, note);
                sqlx::query(OUTBOX_INSERT).bind(id).bind(now).execute(&mut *tx).await?;
            }
            revision
        });
        match saved {
            Some(rev) => Ok(SaveOutcome::Saved(rev)),
            None => match self.latest_revision(id).await? {
                Some(current) => Ok(SaveOutcome::Stale(Box::new(current))),
                None => Err(StoreError::Invalid(format!("there is no article {id}"))),
            },
        }
    }

    /// Moves article `id` from one of `from` to `to` (with `note` for the author, and a new
    /// publication time when given); `false` when it was in none of `from`.
    pub async fn move_article(
        &self,
        id: i64,
        from: &[&str],
        to: &str,
        published_at: Option<i64>,
        note: &str,
        now: i64,
    ) -> Result<bool> {
        if !STATUSES.contains(&to) || from.iter().any(|s| !STATUSES.contains(s)) {
            return Err(StoreError::Invalid(format!(
                "unknown article status {to:?}"
            )));
        }
        let allowed = from
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "UPDATE articles SET status = $2, review_note = $3, updated_at = $4, \
             published_at = COALESCE($5, published_at) WHERE id = $1 AND status IN ({allowed})"
        );
        Ok(write_tx!(self, tx => {
            let n = sqlx::query(&sql).bind(id).bind(to).bind(note).bind(now).bind(published_at)
                .execute(&mut *tx).await?.rows_affected();
            if n > 0 {
                sqlx::query(OUTBOX_INSERT).bind(id).bind(now).execute(&mut *tx).await?;
            }
            n > 0
        }))
    }

    /// Fills the folded titles and their words, which the back office filters on, for
    /// articles that have none yet (imported or generated ones, or all after a migration that
    /// needs them again); returns how many.
    pub async fn fold_missing_titles(&self) -> Result<u64> {
        // Onwards by id, so a title that folds to nothing (only combining marks) is passed
        // once, not read again forever.
        let pending = "SELECT id, title FROM articles WHERE title_folded = '' AND title <> '' \
                       AND id > $1 ORDER BY id LIMIT 1000";
        let fill = "UPDATE articles SET title_folded = $2 WHERE id = $1";
        let (mut done, mut after) = (0, 0_i64);
        loop {
            let rows: Vec<(i64, String)> =
                read!(self, pool => sqlx::query_as(pending).bind(after).fetch_all(pool).await?);
            let Some(&(last, _)) = rows.last() else {
                return Ok(done);
            };
            write_tx!(self, tx => {
                for (id, title) in &rows {
                    let folded = cong_text::fold_vi(title);
                    sqlx::query(fill).bind(id).bind(&folded).execute(&mut *tx).await?;
                    title_words::replace!(tx, *id, &folded);
                }
            });
            done += rows.len() as u64;
            after = last;
        }
    }
}

/// Writes an article's other categories and tags (after any old ones were removed).
macro_rules! links {
    ($tx:ident, $id:expr, $f:expr) => {{
        let upsert_tag = "INSERT INTO tags (slug, name) VALUES ($1, $2) \
             ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id";
        let link_tag = "INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING";
        let other = "INSERT INTO article_categories (article_id, category_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING";
        for c in &$f.other_categories {
            if *c != $f.category_id {
                sqlx::query(other)
                    .bind($id)
                    .bind(*c)
                    .execute(&mut *$tx)
                    .await?;
            }
        }
        for name in &$f.tags {
            let slug = cong_text::slugify(name);
            if slug.is_empty() {
                continue;
            }
            let tag_id: i64 = sqlx::query_scalar(upsert_tag)
                .bind(&slug)
                .bind(name.trim())
                .fetch_one(&mut *$tx)
                .await?;
            sqlx::query(link_tag)
                .bind($id)
                .bind(tag_id)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}
use links;

/// The store's own checks; the caller has told the editor about everything else already.
fn check_fields(f: &ArticleFields) -> Result<()> {
    if f.title.trim().is_empty() || f.slug.is_empty() {
        return Err(StoreError::Invalid(
            "an article needs a title and a slug".into(),
        ));
    }
    Ok(())
}
