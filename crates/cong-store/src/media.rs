//! The media library: uploaded photos and documents, the variants made of them, and which
//! articles show them.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::{read, write_tx, Result, Store};

/// Site path under which uploaded media are served; a stored key follows it.
pub const UPLOADED_URL_PREFIX: &str = "/media/up/";

/// A file about to be added to the library.
#[derive(Debug, Clone)]
pub struct NewMedia {
    /// First 16 hex digits of the SHA-256: the start of every key of this file.
    pub hash16: String,
    /// The whole SHA-256, hex: the same content is kept once.
    pub sha256: String,
    /// Storage key (ASCII).
    pub key: String,
    /// Kind (`jpeg`, `png`, `gif`, `webp`, `pdf`, `docx`, `xlsx`, `odt`).
    pub kind: String,
    /// Size in bytes.
    pub bytes: i64,
    /// Width in pixels (as shown, after the camera's orientation), 0 for documents.
    pub width: i64,
    /// Height in pixels, 0 for documents.
    pub height: i64,
    /// The name the uploader's file had.
    pub original_name: String,
    /// Who uploaded it (none for an imported photo).
    pub uploaded_by: Option<i64>,
    /// When.
    pub uploaded_at: i64,
}

/// A file in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct MediaItem {
    /// Id.
    pub id: i64,
    /// First 16 hex digits of the content's SHA-256.
    pub hash16: String,
    /// Storage key.
    pub key: String,
    /// Kind, as in [`NewMedia::kind`].
    pub kind: String,
    /// Size in bytes.
    pub bytes: i64,
    /// Width in pixels (0 for documents).
    pub width: i64,
    /// Height in pixels (0 for documents).
    pub height: i64,
    /// The name the uploader's file had.
    pub original_name: String,
    /// Alt text (photos).
    pub alt: String,
    /// Caption.
    pub caption: String,
    /// Credit: who took the photo or owns the file.
    pub credit: String,
    /// Uploader's id, if the account still exists.
    pub uploaded_by: Option<i64>,
    /// Uploader's display name ('' when the account is gone).
    pub uploader: String,
    /// Upload time.
    pub uploaded_at: i64,
    /// `pending`, `ready` or `failed`.
    pub variants: String,
    /// Widths of the variants made, comma-separated, smallest first.
    pub variant_widths: String,
    /// Why making the variants failed.
    pub variant_error: String,
}

/// What the library lists.
#[derive(Debug, Clone, Default)]
pub struct MediaFilter {
    /// Words (folded: lower case, no marks) each of which the name, alt text or caption has.
    pub words: Vec<String>,
    /// Only photos (`Some(true)`) or only documents (`Some(false)`).
    pub photos: Option<bool>,
    /// Only this uploader's files.
    pub uploader: Option<i64>,
}

/// How adding a file went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A new library entry.
    New(i64),
    /// The same content was already in the library, as this entry.
    Existing(i64),
}

/// How deleting a file went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    /// The entry is gone; the files under these keys may now be deleted from storage.
    Deleted(Box<MediaItem>),
    /// An article shows it (ids given): nothing was deleted.
    InUse(Vec<i64>),
    /// There is no such entry.
    Missing,
}

const PHOTO_KINDS: &str = "('jpeg', 'png', 'gif', 'webp')";

const ITEM: &str = "SELECT m.id, m.hash16, m.key, m.kind, m.bytes, m.width, m.height, \
     m.original_name, m.alt, m.caption, m.credit, m.uploaded_by, \
     COALESCE(u.display_name, '') AS uploader, m.uploaded_at, m.variants, m.variant_widths, \
     m.variant_error FROM media m LEFT JOIN users u ON u.id = m.uploaded_by";

/// The hashes of uploaded media that the texts link to (`/media/up/<hash>…`).
pub fn media_hashes<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for text in texts {
        for (at, _) in text.match_indices(UPLOADED_URL_PREFIX) {
            let rest = &text.as_bytes()[at + UPLOADED_URL_PREFIX.len()..];
            if rest.len() >= 16 && rest[..16].iter().all(u8::is_ascii_hexdigit) {
                found.insert(String::from_utf8_lossy(&rest[..16]).to_ascii_lowercase());
            }
        }
    }
    found
}

/// Writes which media article `$id` shows (its fields `$f`), replacing what it showed before.
macro_rules! link_media {
    ($tx:ident, $id:expr, $f:expr) => {{
        sqlx::query("DELETE FROM article_media WHERE article_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        let texts = [$f.body_html.as_str(), $f.image_url.as_deref().unwrap_or("")];
        for hash in $crate::media::media_hashes(texts) {
            sqlx::query("INSERT INTO article_media (hash16, article_id) VALUES ($1, $2)")
                .bind(hash)
                .bind($id)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}
pub(crate) use link_media;

impl Store {
    /// Adds a file to the library, or finds the entry that already holds the same content.
    pub async fn add_media(&self, m: &NewMedia) -> Result<Added> {
        let insert = "INSERT INTO media (hash16, sha256, key, kind, bytes, width, height, \
             original_name, folded, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT DO NOTHING RETURNING id";
        let folded = cong_text::fold_vi(&m.original_name);
        let new: Option<i64> = write_tx!(self, tx => {
            sqlx::query_scalar::<_, i64>(insert)
                .bind(&m.hash16).bind(&m.sha256).bind(&m.key).bind(&m.kind).bind(m.bytes)
                .bind(m.width).bind(m.height).bind(&m.original_name).bind(&folded)
                .bind(m.uploaded_by).bind(m.uploaded_at)
                .fetch_optional(&mut *tx).await?
        });
        if let Some(id) = new {
            return Ok(Added::New(id));
        }
        let id: Option<i64> = read!(self, pool => sqlx::query_scalar(
                "SELECT id FROM media WHERE sha256 = $1 OR hash16 = $2")
            .bind(&m.sha256).bind(&m.hash16).fetch_optional(pool).await?);
        id.map(Added::Existing)
            .ok_or_else(|| crate::StoreError::Invalid("the media entry vanished".into()))
    }

    /// One library entry.
    pub async fn media_item(&self, id: i64) -> Result<Option<MediaItem>> {
        let sql = format!("{ITEM} WHERE m.id = $1");
        Ok(read!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?))
    }

    /// The entry whose keys start with `hash16`.
    pub async fn media_by_hash(&self, hash16: &str) -> Result<Option<MediaItem>> {
        let sql = format!("{ITEM} WHERE m.hash16 = $1");
        Ok(read!(self, pool => sqlx::query_as(&sql).bind(hash16).fetch_optional(pool).await?))
    }

    /// Entries matching `f`, newest first, and how many match in all.
    pub async fn media_list(
        &self,
        f: &MediaFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<MediaItem>, i64)> {
        let mut wh = vec!["1 = 1".to_string()];
        let mut n = 0;
        for _ in &f.words {
            n += 1;
            wh.push(format!("m.folded LIKE ${n} ESCAPE '\\'"));
        }
        match f.photos {
            Some(true) => wh.push(format!("m.kind IN {PHOTO_KINDS}")),
            Some(false) => wh.push(format!("m.kind NOT IN {PHOTO_KINDS}")),
            None => {}
        }
        if f.uploader.is_some() {
            n += 1;
            wh.push(format!("m.uploaded_by = ${n}"));
        }
        let wh = wh.join(" AND ");
        let list = format!(
            "{ITEM} WHERE {wh} ORDER BY m.uploaded_at DESC, m.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let count = format!("SELECT COUNT(*) FROM media m WHERE {wh}");
        let patterns: Vec<String> = f.words.iter().map(|w| like_pattern(w)).collect();
        macro_rules! bind_all {
            ($q:expr) => {{
                let mut q = $q;
                for p in &patterns {
                    q = q.bind(p);
                }
                if let Some(u) = f.uploader {
                    q = q.bind(u);
                }
                q
            }};
        }
        Ok(read!(self, pool => {
            let items = bind_all!(sqlx::query_as(&list))
                .bind(limit).bind(offset).fetch_all(pool).await?;
            let total: i64 = bind_all!(sqlx::query_scalar(&count)).fetch_one(pool).await?;
            (items, total)
        }))
    }

    /// Sets an entry's alt text, caption and credit; `false` when there is no such entry.
    pub async fn set_media_text(
        &self,
        id: i64,
        alt: &str,
        caption: &str,
        credit: &str,
    ) -> Result<bool> {
        let name: Option<String> = read!(self, pool => sqlx::query_scalar(
                "SELECT original_name FROM media WHERE id = $1")
            .bind(id).fetch_optional(pool).await?);
        let Some(name) = name else {
            return Ok(false);
        };
        let folded = cong_text::fold_vi(&format!("{name} {alt} {caption}"));
        let sql = "UPDATE media SET alt = $2, caption = $3, credit = $4, folded = $5 \
                   WHERE id = $1";
        Ok(write_tx!(self, tx => {
            sqlx::query(sql).bind(id).bind(alt).bind(caption).bind(credit).bind(&folded)
                .execute(&mut *tx).await?.rows_affected() > 0
        }))
    }

    /// The articles (id, title) that show the file with this hash.
    pub async fn media_uses(&self, hash16: &str) -> Result<Vec<(i64, String)>> {
        let sql = "SELECT a.id, a.title FROM article_media u JOIN articles a \
                   ON a.id = u.article_id WHERE u.hash16 = $1 ORDER BY a.id DESC";
        Ok(read!(self, pool => sqlx::query_as(sql).bind(hash16).fetch_all(pool).await?))
    }

    /// Deletes entry `id` unless an article shows it; checked and deleted in one transaction,
    /// so an article saved meanwhile either counts or waits.
    pub async fn remove_media(&self, id: i64) -> Result<Removed> {
        let Some(item) = self.media_item(id).await? else {
            return Ok(Removed::Missing);
        };
        let uses = "SELECT article_id FROM article_media WHERE hash16 = $1 ORDER BY article_id";
        Ok(write_tx!(self, tx => {
            let users: Vec<i64> = sqlx::query_scalar(uses).bind(&item.hash16)
                .fetch_all(&mut *tx).await?;
            if !users.is_empty() {
                Removed::InUse(users)
            } else if sqlx::query("DELETE FROM media WHERE id = $1").bind(id)
                .execute(&mut *tx).await?.rows_affected() == 0 {
                Removed::Missing
            } else {
                Removed::Deleted(Box::new(item))
            }
        }))
    }

    /// Photos still waiting for their variants, oldest first.
    pub async fn media_pending(&self, limit: i64) -> Result<Vec<MediaItem>> {
        let sql = format!("{ITEM} WHERE m.variants = 'pending' ORDER BY m.id LIMIT $1");
        Ok(read!(self, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await?))
    }

    /// Records the variants made of entry `id` (`state` is `ready`, `failed` or `pending`
    /// again, for a replaced file).
    pub async fn set_media_variants(
        &self,
        id: i64,
        state: &str,
        widths: &str,
        error: &str,
    ) -> Result<()> {
        let sql = "UPDATE media SET variants = $2, variant_widths = $3, variant_error = $4 \
                   WHERE id = $1";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(id).bind(state).bind(widths).bind(error)
                .execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// How many photos are waiting for their variants.
    pub async fn media_pending_count(&self) -> Result<i64> {
        let sql = "SELECT COUNT(*) FROM media WHERE variants = 'pending'";
        Ok(read!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await?))
    }

    /// Every entry, by id (for the storage check).
    pub async fn all_media(&self) -> Result<Vec<MediaItem>> {
        let sql = format!("{ITEM} ORDER BY m.id");
        Ok(read!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await?))
    }
}

/// `%word%` with LIKE's wildcards in the word taken literally.
fn like_pattern(word: &str) -> String {
    let mut p = String::with_capacity(word.len() + 2);
    p.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_read_from_media_links_only() {
        let body = r#"<img src="/media/up/0123456789abcdef-hoi-nghi-w640.webp">
            <a href="/media/up/FEDCBA9876543210-bao-cao.pdf">x</a>
            <img src="/media/up/0123-short.jpg"><img src="/static/0123456789abcdef.png">"#;
        let found = media_hashes([body, "/media/up/aaaaaaaaaaaaaaaa.jpg"]);
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(
            found,
            ["0123456789abcdef", "aaaaaaaaaaaaaaaa", "fedcba9876543210"]
        );
    }

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
