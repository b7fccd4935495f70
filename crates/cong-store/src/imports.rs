//! Content brought over from another system (a WordPress export, a NukeViet dump).
//!
//! Every imported object is remembered in `import_keys` by the source system's own key, so
//! running the same import again updates the rows it made instead of adding new ones, and old
//! URLs that only the source's URL scheme understands (paging, stale slugs, `?p=ID`) find the
//! new object. Each method writes in one transaction; callers hand over batches.

mod comments;
mod content;
mod extras;

use std::collections::HashSet;

pub use content::{BatchOutcome, ImportBatch, ImportedArticle, ImportedComment, ImportedPage};
pub use extras::{ImportedLink, ImportedPoll};

use crate::{read, write_tx, Result, Store};

/// What saving one imported item did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// A new row with this id.
    Created(i64),
    /// The row an earlier run of the same import made, updated.
    Updated(i64),
}

impl Saved {
    /// The row's id.
    pub fn id(self) -> i64 {
        match self {
            Saved::Created(id) | Saved::Updated(id) => id,
        }
    }
}

/// Kinds of imported objects, as `import_keys.kind` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportKind {
    /// A category.
    Category,
    /// A tag.
    Tag,
    /// An article.
    Article,
    /// A static page.
    Page,
    /// A reader comment.
    Comment,
    /// An opinion poll.
    Poll,
    /// A web link.
    WebLink,
}

impl ImportKind {
    fn as_str(self) -> &'static str {
        match self {
            ImportKind::Category => "category",
            ImportKind::Tag => "tag",
            ImportKind::Article => "article",
            ImportKind::Page => "page",
            ImportKind::Comment => "comment",
            ImportKind::Poll => "poll",
            ImportKind::WebLink => "web_link",
        }
    }
}

/// A category to import.
#[derive(Clone, Debug)]
pub struct ImportedCategory {
    /// Key in the source.
    pub key: String,
    /// Key of the parent category, already imported (parents come first).
    pub parent_key: Option<String>,
    /// Wanted slug; a taken one gets `-2`, `-3`… (kept as it is on later runs).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Order among siblings.
    pub position: i64,
    /// Old paths (normalised) that should lead here.
    pub legacy_paths: Vec<String>,
}

/// A tag to import; a tag whose slug exists already is that tag.
#[derive(Clone, Debug)]
pub struct ImportedTag {
    /// Key in the source.
    pub key: String,
    /// Slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Old paths (normalised) that should lead here.
    pub legacy_paths: Vec<String>,
}

/// Settings key prefix under which each source's URL scheme (JSON) is kept.
const SCHEME_PREFIX: &str = "import_scheme:";

/// Rows per multi-row statement of a few values each. Far below both backends' limits on
/// bound values: sqlx looks each value's name up in SQLite, which costs time in proportion
/// to the values of the statement, so a few hundred per statement is the sweet spot.
const CHUNK: usize = 100;

/// Rows per multi-row INSERT of whole articles or comments (18 or 7 values each).
const INSERT_ROWS: usize = 16;

/// `($1, …, $cols), ($cols+1, …)`: placeholders for `rows` rows of `cols` values.
fn value_rows(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", crate::placeholders(r * cols + 1, cols)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ids already imported from `$source` as `$kind` for `$keys` (`&[&str]`), by key.
macro_rules! known_ids {
    ($tx:ident, $source:expr, $kind:expr, $keys:expr) => {{
        let keys: &[&str] = $keys;
        let mut found = std::collections::HashMap::<String, i64>::with_capacity(keys.len());
        for chunk in keys.chunks($crate::imports::CHUNK) {
            let sql = format!(
                "SELECT key, target_id FROM import_keys WHERE source = $1 AND kind = $2 \
                 AND key IN ({})",
                $crate::placeholders(3, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (String, i64)>(&sql)
                .bind($source)
                .bind($kind.as_str());
            for k in chunk {
                q = q.bind(*k);
            }
            found.extend(q.fetch_all(&mut *$tx).await?);
        }
        found
    }};
}

/// Records (or re-points) `$pairs` (`&[(&str, i64)]`: key, id) for `$source` and `$kind`.
macro_rules! remember_keys {
    ($tx:ident, $source:expr, $kind:expr, $pairs:expr) => {{
        // PostgreSQL refuses an upsert that touches one row twice: each key once, the last wins.
        let pairs = $crate::imports::last_wins($pairs, |p| p.0);
        for chunk in pairs.chunks($crate::imports::CHUNK) {
            let values = (0..chunk.len())
                .map(|i| format!("($1, $2, ${}, ${})", 3 + 2 * i, 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO import_keys (source, kind, key, target_id) VALUES {values} \
                 ON CONFLICT (source, kind, key) DO UPDATE SET target_id = excluded.target_id"
            );
            let mut q = sqlx::query(&sql).bind($source).bind($kind.as_str());
            for (key, id) in chunk {
                q = q.bind(*key).bind(*id);
            }
            q.execute(&mut *$tx).await?;
        }
    }};
}

/// Points old paths (`&[(&str, &str, i64)]`: path, target kind, id) at their objects.
macro_rules! add_paths {
    ($tx:ident, $entries:expr) => {{
        let entries = $crate::imports::last_wins($entries, |e| e.0);
        // The same checks as `add_legacy_paths`; a longer path is never looked up.
        let entries: Vec<_> = entries
            .into_iter()
            .filter(|e| e.0.starts_with('/') && e.0.len() <= 1024)
            .collect();
        for chunk in entries.chunks($crate::imports::CHUNK) {
            let values = (0..chunk.len())
                .map(|i| format!("(${}, ${}, ${}, NULL)", 3 * i + 1, 3 * i + 2, 3 * i + 3))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO legacy_paths (path, target_kind, target_id, target_url) \
                 VALUES {values} ON CONFLICT (path) DO UPDATE SET \
                 target_kind = excluded.target_kind, target_id = excluded.target_id, \
                 target_url = NULL"
            );
            let mut q = sqlx::query(&sql);
            for (path, kind, id) in chunk {
                q = q.bind(*path).bind(*kind).bind(*id);
            }
            q.execute(&mut *$tx).await?;
        }
    }};
}

/// `$base`, or `$base-2`, `$base-3`… : the first slug no row of `$table` has.
macro_rules! free_slug {
    ($tx:ident, $table:literal, $base:expr) => {{
        let base: &str = $base;
        let mut slug = base.to_string();
        let mut n = 1;
        loop {
            let taken: Option<i64> =
                sqlx::query_scalar(concat!("SELECT id FROM ", $table, " WHERE slug = $1"))
                    .bind(&slug)
                    .fetch_optional(&mut *$tx)
                    .await?;
            if taken.is_none() {
                break slug;
            }
            n += 1;
            slug = format!("{base}-{n}");
        }
    }};
}

pub(crate) use {add_paths, free_slug, known_ids, remember_keys};

/// `items` with only the last entry of each key, in their original order.
pub(crate) fn last_wins<T: Copy, K: std::hash::Hash + Eq>(
    items: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let mut seen = HashSet::with_capacity(items.len());
    let mut out: Vec<T> = items
        .iter()
        .rev()
        .filter(|i| seen.insert(key(i)))
        .copied()
        .collect();
    out.reverse();
    out
}

impl Store {
    /// Creates or updates imported categories, parents before children, in one transaction.
    pub async fn save_imported_categories(
        &self,
        source: &str,
        categories: &[ImportedCategory],
    ) -> Result<Vec<Saved>> {
        let kind = ImportKind::Category;
        let update = "UPDATE categories SET parent_id = $2, name = $3, description = $4, \
                      position = $5 WHERE id = $1";
        let insert = "INSERT INTO categories (parent_id, slug, name, description, position) \
                      VALUES ($1, $2, $3, $4, $5) RETURNING id";
        Ok(write_tx!(self, tx => {
            let mut out = Vec::with_capacity(categories.len());
            for c in categories {
                let keys: Vec<&str> = c.parent_key.iter().map(String::as_str).chain([c.key.as_str()]).collect();
                let known = known_ids!(tx, source, kind, &keys);
                let mine = known.get(&c.key).copied();
                // A parent that is the category itself would make a loop; it becomes a root.
                let parent = c.parent_key.as_ref().and_then(|k| known.get(k).copied()).filter(|p| Some(*p) != mine);
                let mut saved = None;
                if let Some(id) = mine {
                    let n = sqlx::query(update).bind(id).bind(parent).bind(&c.name)
                        .bind(&c.description).bind(c.position).execute(&mut *tx).await?.rows_affected();
                    saved = (n > 0).then_some(Saved::Updated(id));
                }
                let saved = match saved {
                    Some(s) => s,
                    None => {
                        let slug = free_slug!(tx, "categories", &c.slug);
                        let id: i64 = sqlx::query_scalar(insert).bind(parent).bind(&slug).bind(&c.name)
                            .bind(&c.description).bind(c.position).fetch_one(&mut *tx).await?;
                        remember_keys!(tx, source, kind, &[(c.key.as_str(), id)]);
                        Saved::Created(id)
                    }
                };
                let paths: Vec<_> = c.legacy_paths.iter().map(|p| (p.as_str(), "category", saved.id())).collect();
                add_paths!(tx, &paths);
                out.push(saved);
            }
            out
        }))
    }

    /// Creates or updates imported tags in one transaction.
    pub async fn save_imported_tags(
        &self,
        source: &str,
        tags: &[ImportedTag],
    ) -> Result<Vec<Saved>> {
        let kind = ImportKind::Tag;
        let update = "UPDATE tags SET name = $2 WHERE id = $1";
        let upsert = "INSERT INTO tags (slug, name) VALUES ($1, $2) \
                      ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id";
        Ok(write_tx!(self, tx => {
            let keys: Vec<&str> = tags.iter().map(|t| t.key.as_str()).collect();
            let known = known_ids!(tx, source, kind, &keys);
            let mut out = Vec::with_capacity(tags.len());
            let mut new_keys = Vec::new();
            let mut paths = Vec::new();
            for t in tags {
                let mut saved = None;
                if let Some(&id) = known.get(&t.key) {
                    let n = sqlx::query(update).bind(id).bind(&t.name).execute(&mut *tx).await?.rows_affected();
                    saved = (n > 0).then_some(Saved::Updated(id));
                }
                let saved = match saved {
                    Some(s) => s,
                    None => {
                        let id: i64 = sqlx::query_scalar(upsert).bind(&t.slug).bind(&t.name).fetch_one(&mut *tx).await?;
                        new_keys.push((t.key.as_str(), id));
                        Saved::Created(id)
                    }
                };
                paths.extend(t.legacy_paths.iter().map(|p| (p.as_str(), "tag", saved.id())));
                out.push(saved);
            }
            remember_keys!(tx, source, kind, &new_keys);
            add_paths!(tx, &paths);
            out
        }))
    }

    /// Gives SQLite's writer connection 64 MiB of page cache (2 by default) for a long import:
    /// with the default, inserting into the growing indexes re-reads and re-writes the same
    /// pages over and over. Does nothing on PostgreSQL.
    pub async fn prepare_for_import(&self) -> Result<()> {
        if let Store::Sqlite { write, .. } = self {
            sqlx::query("PRAGMA cache_size = -65536")
                .execute(write)
                .await?;
        }
        Ok(())
    }

    /// Keeps a source's URL scheme (JSON) for the redirects of old URLs.
    pub async fn save_import_scheme(&self, source: &str, scheme_json: &str) -> Result<()> {
        self.set_setting(&format!("{SCHEME_PREFIX}{source}"), scheme_json)
            .await
    }

    /// Every stored source URL scheme: (source, JSON), by source.
    pub async fn import_schemes(&self) -> Result<Vec<(String, String)>> {
        let sql = "SELECT key, value FROM settings WHERE substr(key, 1, 14) = 'import_scheme:' \
                   ORDER BY key";
        let rows: Vec<(String, String)> =
            read!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(SCHEME_PREFIX)?.to_string(), v)))
            .collect())
    }

    /// The id of what was imported from `source` as `kind` under `key`, if anything was.
    pub async fn imported_id(
        &self,
        source: &str,
        kind: ImportKind,
        key: &str,
    ) -> Result<Option<i64>> {
        let sql = "SELECT target_id FROM import_keys WHERE source = $1 AND kind = $2 AND key = $3";
        Ok(read!(self, pool => sqlx::query_scalar(sql)
            .bind(source).bind(kind.as_str()).bind(key).fetch_optional(pool).await?))
    }
}
