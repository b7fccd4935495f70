//! Photos of imported articles: each one found in the old uploads folder goes into the media
//! library as an upload would (checked by its content, stored under its content's hash, its
//! reader copies made after the import), and the article points at its widest copy; a photo
//! already in the library is not stored or made again. Otherwise the old URL stays and the
//! report lists it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use cong_import::{ImportArticle, ImportPhoto, Report};
use cong_store::{NewMedia, Store};
use sha2::{Digest, Sha256};

use crate::media::config::MediaConfig;
use crate::media::probe::{probe, Refusal};
use crate::media::storage::Storage;
use crate::media::{keys, names, variants};

/// The library imported photos go into, reached from the reading thread.
pub struct Library {
    /// The database.
    pub store: Store,
    /// Where files are.
    pub storage: Storage,
    /// Limits and widths.
    pub config: MediaConfig,
    /// The runtime the store and storage calls run on.
    pub handle: tokio::runtime::Handle,
}

/// Where photos come from and go to.
pub struct Media {
    /// The uploads folder with every link in its path resolved: a photo must resolve to a
    /// file inside it, so a link planted in an old site's uploads cannot copy a system file
    /// into the public media folder.
    uploads: Option<PathBuf>,
    library: Library,
    /// The old site's address, to make its site-relative URLs absolute when they stay.
    base_url: String,
    missing: HashSet<String>,
    /// What each library photo's `<img>` gets: every size, the size shown (so pages do not
    /// jump while it loads), by the URL it was given.
    sizes: HashMap<String, Vec<(String, String)>>,
    /// Photos added to the library in this run.
    pub copied: u64,
}

impl Media {
    /// Photos found under `uploads` go into `library`.
    pub fn new(uploads: Option<PathBuf>, library: Library, base_url: &str) -> Media {
        Media {
            uploads: uploads.and_then(|u| u.canonicalize().ok()),
            library,
            base_url: base_url.trim_end_matches('/').to_string(),
            missing: HashSet::new(),
            sizes: HashMap::new(),
            copied: 0,
        }
    }

    /// Adds the article's photos it can to the library, and points the lead photo and the
    /// body at them.
    pub fn prepare(&mut self, a: &mut ImportArticle, report: &mut Report) {
        if let Some(p) = a.lead_photo.as_mut() {
            p.src = self.place(p, report);
        }
        // Longest first, so a URL that begins another is not replaced inside it.
        let mut photos = std::mem::take(&mut a.body_photos);
        photos.sort_by_key(|p| std::cmp::Reverse(p.src.len()));
        for p in &photos {
            let to = self.place(p, report);
            if to != p.src {
                a.body_html = replace_url(&a.body_html, &p.src, &to);
            }
        }
        a.body_photos = photos;
        let sizes = &self.sizes;
        a.body_html = cong_import::content::add_photo_attributes(&a.body_html, |src| {
            sizes.get(src).cloned().unwrap_or_default()
        });
    }

    /// The URL the portal should use for a photo.
    fn place(&mut self, p: &ImportPhoto, report: &mut Report) -> String {
        match self.add(p) {
            Ok(url) => return url,
            Err(Some(why)) if self.missing.insert(p.src.clone()) => {
                report.note(format!("{}: not copied: {why}", p.src));
            }
            _ => {}
        }
        if self.missing.insert(p.src.clone()) {
            report.photo_missing(p.src.clone());
        }
        if p.src.starts_with('/') && !p.src.starts_with("//") && !self.base_url.is_empty() {
            format!("{}{}", self.base_url, p.src)
        } else {
            p.src.clone()
        }
    }

    /// Adds one photo to the library (or finds it there): the URL of its widest copy, or why
    /// not (`None`: the file is simply not in the uploads folder).
    fn add(&mut self, p: &ImportPhoto) -> Result<String, Option<String>> {
        let (Some(uploads), Some(local)) = (self.uploads.as_ref(), p.local.as_deref()) else {
            return Err(None);
        };
        if !crate::render::theme::is_safe_relative(local) {
            return Err(None);
        }
        let from = uploads.join(local).canonicalize().map_err(|_| None)?;
        if !from.starts_with(uploads) {
            return Err(Some("it links outside the uploads folder".into()));
        }
        let meta = std::fs::metadata(&from).map_err(|_| None)?;
        if !meta.is_file() {
            return Err(None);
        }
        let lib = &self.library;
        let limits = lib.config.limits();
        if meta.len() > limits.max_bytes {
            return Err(Some(format!("larger than {} MB", lib.config.max_mb)));
        }
        let bytes = std::fs::read(&from).map_err(|_| None)?;
        let probed = probe(&bytes, limits).map_err(|r| Some(refused(r, &lib.config)))?;
        if !probed.kind.is_photo() {
            return Err(Some(refused(Refusal::UnknownType, &lib.config)));
        }
        let sha = hex::encode(Sha256::digest(&bytes));
        let hash16 = sha[..16].to_string();
        let trouble = |e: &dyn std::fmt::Display| Some(format!("the library failed: {e}"));
        let found = lib
            .handle
            .block_on(lib.store.media_by_hash(&hash16))
            .map_err(|e| trouble(&e))?;
        let (key, width, height) = match found {
            // Imported before (or uploaded): nothing stored or made again.
            Some(item) => (item.key, item.width as u32, item.height as u32),
            None => {
                let (width, height) = variants::shown_size(&bytes)
                    .or(probed.size)
                    .unwrap_or((0, 0));
                let name = local.rsplit('/').next().unwrap_or(local);
                let key = names::storage_key(&sha, name, probed.kind);
                let kind = probed.kind.name();
                lib.handle
                    .block_on(
                        lib.storage
                            .put_once(&keys::original_of(kind, &key), bytes.into()),
                    )
                    .map_err(|e| trouble(&e))?;
                let new = NewMedia {
                    hash16,
                    sha256: sha,
                    key: key.clone(),
                    kind: kind.to_string(),
                    bytes: meta.len() as i64,
                    width: width as i64,
                    height: height as i64,
                    original_name: names::original_name(name).unwrap_or_default(),
                    uploaded_by: None,
                    uploaded_at: chrono::Utc::now().timestamp(),
                };
                let added = lib
                    .handle
                    .block_on(crate::media::upload::record(&lib.store, &lib.storage, &new))
                    .map_err(|e| trouble(&e))?;
                match added {
                    cong_store::Added::New(id) => {
                        if !p.alt.trim().is_empty() {
                            let (alt, caption) = (p.alt.trim(), p.caption.trim());
                            lib.handle
                                .block_on(lib.store.set_media_text(id, alt, caption, ""))
                                .map_err(|e| trouble(&e))?;
                        }
                        self.copied += 1;
                        (key, width, height)
                    }
                    // Uploaded meanwhile under another name: that entry is the one to show.
                    cong_store::Added::Existing(id) => {
                        let item = lib
                            .handle
                            .block_on(lib.store.media_item(id))
                            .map_err(|e| trouble(&e))?
                            .ok_or_else(|| trouble(&"the entry vanished"))?;
                        (item.key, item.width as u32, item.height as u32)
                    }
                }
            }
        };
        let widths = variants::widths_for(width, &self.library.config.widths);
        let widest = widths.first().copied().unwrap_or(width);
        let url = keys::url(&keys::variant(&key, widest, "jpg"));
        let srcset = widths
            .iter()
            .rev()
            .map(|w| format!("{} {w}w", keys::url(&keys::variant(&key, *w, "webp"))))
            .collect::<Vec<_>>()
            .join(", ");
        let shown_height =
            (height as u64 * widest as u64 + width as u64 / 2) / (width.max(1) as u64);
        self.sizes.insert(
            url.clone(),
            vec![
                ("srcset".into(), srcset),
                ("sizes".into(), keys::SIZES.into()),
                ("width".into(), widest.to_string()),
                ("height".into(), shown_height.to_string()),
            ],
        );
        Ok(url)
    }
}

/// Why a photo was refused, for the import's report.
fn refused(r: Refusal, config: &MediaConfig) -> String {
    match r {
        Refusal::Empty => "it is empty".into(),
        Refusal::TooLarge => format!("larger than {} MB", config.max_mb),
        Refusal::UnknownType => "its content is not a JPEG, PNG, GIF or WebP picture".into(),
        Refusal::TooManyPixels => format!("more than {} megapixels", config.max_megapixels),
        Refusal::Damaged => "it is damaged or cut short".into(),
    }
}

/// Replaces a URL where it is a whole attribute value in sanitised HTML (`"url"`), as written
/// raw and as escaped by the sanitiser (`&` as `&amp;`).
fn replace_url(html: &str, from: &str, to: &str) -> String {
    let mut out = html.replace(&format!("\"{from}\""), &format!("\"{to}\""));
    let escaped = from
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    if escaped != from {
        out = out.replace(&format!("\"{escaped}\""), &format!("\"{to}\""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_attribute_values_only() {
        let html = r#"<img src="http://a/x.jpg?s=1&amp;t=2"><a href="http://a/x.jpg">x</a><img src="http://a/x.jpg.webp">"#;
        let out = replace_url(html, "http://a/x.jpg", "/media/x.jpg");
        assert_eq!(
            out,
            r#"<img src="http://a/x.jpg?s=1&amp;t=2"><a href="/media/x.jpg">x</a><img src="http://a/x.jpg.webp">"#
        );
        let out = replace_url(html, "http://a/x.jpg?s=1&t=2", "/media/y.jpg");
        assert!(out.starts_with(r#"<img src="/media/y.jpg">"#), "{out}");
    }
}
