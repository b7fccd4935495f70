//! Where each file of a library entry is stored, and the site path it is served at.

use cong_store::{MediaItem, UPLOADED_URL_PREFIX};

use super::storage::{ORIGINALS, PUBLIC};

/// The `sizes` of a photo in an article: the whole width of a phone, at most the text column.
pub const SIZES: &str = "(max-width: 48rem) 100vw, 48rem";

/// Photo kinds (the rest are documents).
pub fn is_photo(kind: &str) -> bool {
    matches!(kind, "jpeg" | "png" | "gif" | "webp")
}

/// The storage key of the file as uploaded: private for a photo (it may carry the camera's
/// location), public for a document.
pub fn original(item: &MediaItem) -> String {
    original_of(&item.kind, &item.key)
}

/// [`original`] from the kind and key alone.
pub fn original_of(kind: &str, key: &str) -> String {
    if is_photo(kind) {
        format!("{ORIGINALS}{key}")
    } else {
        format!("{PUBLIC}{key}")
    }
}

/// The stem of a key: without its extension.
fn stem(key: &str) -> &str {
    key.rsplit_once('.').map_or(key, |(s, _)| s)
}

/// The storage key of a photo's variant `width` pixels wide in format `ext`.
pub fn variant(key: &str, width: u32, ext: &str) -> String {
    format!("{PUBLIC}{}-{width}.{ext}", stem(key))
}

/// Widths of an entry's variants, smallest first.
pub fn widths(item: &MediaItem) -> Vec<u32> {
    item.variant_widths
        .split(',')
        .filter_map(|w| w.parse().ok())
        .collect()
}

/// Every storage key an entry's files are under.
pub fn all(item: &MediaItem) -> Vec<String> {
    let mut keys = vec![original(item)];
    for w in widths(item) {
        keys.push(variant(&item.key, w, "webp"));
        keys.push(variant(&item.key, w, "jpg"));
    }
    keys
}

/// The site path of a storage key under `up/`.
pub fn url(key: &str) -> String {
    format!(
        "{UPLOADED_URL_PREFIX}{}",
        key.strip_prefix(super::storage::PUBLIC).unwrap_or(key)
    )
}

/// What a page needs to show a photo: `src` (the widest JPEG), `srcset` (the WebP sizes),
/// and its size; `None` until the variants are made, or for a document.
pub fn picture(item: &MediaItem) -> Option<Picture> {
    let widths = widths(item);
    let widest = *widths.last()?;
    let srcset = widths
        .iter()
        .map(|w| format!("{} {w}w", url(&variant(&item.key, *w, "webp"))))
        .collect::<Vec<_>>()
        .join(", ");
    let height = if item.width > 0 {
        (item.height * widest as i64 + item.width / 2) / item.width
    } else {
        0
    };
    Some(Picture {
        src: url(&variant(&item.key, widest, "jpg")),
        srcset,
        width: widest,
        height: height as u32,
    })
}

/// A photo as a page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Picture {
    /// The widest JPEG.
    pub src: String,
    /// Every WebP size, `url 640w, …`.
    pub srcset: String,
    /// Width of `src`.
    pub width: u32,
    /// Height of `src`.
    pub height: u32,
}
