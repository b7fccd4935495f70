//! Photos of imported articles: copied from the old uploads folder into the data folder when
//! the file is there, so the portal serves them itself; otherwise the old URL stays and the
//! report lists it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use cong_import::{ImportArticle, ImportPhoto, Report};

/// Extensions copied: the photo types `/media/` serves. SVG is left out on purpose: an old
/// site's SVG may carry scripts, and it would be served from the portal's own origin.
const COPIED: &[&str] = &["jpg", "jpeg", "png", "gif", "webp"];

/// Largest photo copied; bigger files keep their old address.
const MAX_PHOTO_BYTES: u64 = 50 * 1024 * 1024;

/// Where photos come from and go to.
pub struct Media {
    /// The uploads folder with every link in its path resolved: a photo must resolve to a
    /// file inside it, so a link planted in an old site's uploads cannot copy a system file
    /// into the public media folder.
    uploads: Option<PathBuf>,
    /// `<data>/media/imported/<source>`.
    dir: PathBuf,
    /// `/media/imported/<source>`.
    url: String,
    /// The old site's address, to make its site-relative URLs absolute when they stay.
    base_url: String,
    missing: HashSet<String>,
    /// Files copied in this run.
    pub copied: u64,
}

impl Media {
    /// Photos of `source` (its import name) go under `<data>/media/imported/`.
    pub fn new(uploads: Option<PathBuf>, data: &Path, source: &str, base_url: &str) -> Media {
        let folder = cong_text::slugify(source);
        Media {
            uploads: uploads.and_then(|u| u.canonicalize().ok()),
            dir: data.join("media").join("imported").join(&folder),
            url: format!("/media/imported/{folder}"),
            base_url: base_url.trim_end_matches('/').to_string(),
            missing: HashSet::new(),
            copied: 0,
        }
    }

    /// Copies the article's photos it can, and points the lead photo and the body at them.
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
    }

    /// The URL the portal should use for a photo.
    fn place(&mut self, p: &ImportPhoto, report: &mut Report) -> String {
        match self.copy(p) {
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

    /// Copies one photo into the data folder: its URL there, or why not (`None`: the file is
    /// simply not in the uploads folder).
    fn copy(&mut self, p: &ImportPhoto) -> Result<String, Option<&'static str>> {
        let (Some(uploads), Some(local)) = (self.uploads.as_ref(), p.local.as_deref()) else {
            return Err(None);
        };
        let ext = local.rsplit_once('.').ok_or(None)?.1.to_ascii_lowercase();
        if !COPIED.contains(&ext.as_str()) || !crate::render::theme::is_safe_relative(local) {
            return Err(None);
        }
        let from = uploads
            .join(local)
            .canonicalize()
            .map_err(|_| None::<&str>)?;
        if !from.starts_with(uploads) {
            return Err(Some("it links outside the uploads folder"));
        }
        let mut file = std::fs::File::open(&from).map_err(|_| None::<&str>)?;
        let size = file.metadata().map_err(|_| None::<&str>)?;
        if !size.is_file() {
            return Err(None);
        }
        if size.len() > MAX_PHOTO_BYTES {
            return Err(Some("larger than 50 MB"));
        }
        if !is_picture(&mut file) {
            return Err(Some("its content is not a JPEG, PNG, GIF or WebP picture"));
        }
        let to = self.dir.join(local);
        // Already copied by an earlier run (or for an earlier article): nothing to do.
        if std::fs::metadata(&to).map(|m| m.len()).ok() != Some(size.len()) {
            write_copy(&mut file, &to).map_err(|_| Some("it could not be written"))?;
            self.copied += 1;
        }
        let path: Vec<String> = local.split('/').map(escape_segment).collect();
        Ok(format!("{}/{}", self.url, path.join("/")))
    }
}

/// Whether a file starts like a picture `/media/` serves (and rewinds it).
fn is_picture(file: &mut std::fs::File) -> bool {
    use std::io::{Read, Seek};
    let mut head = [0u8; 12];
    let n = file.read(&mut head).unwrap_or(0);
    let _ = file.rewind();
    let head = &head[..n];
    head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"\x89PNG\r\n\x1a\n")
        || head.starts_with(b"GIF87a")
        || head.starts_with(b"GIF89a")
        || (head.len() == 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP")
}

/// Writes `from` to `to` through a temporary file beside it, so a stopped import never leaves
/// half a photo under the final name.
fn write_copy(from: &mut std::fs::File, to: &Path) -> std::io::Result<()> {
    let dir = to.parent().ok_or(std::io::ErrorKind::InvalidInput)?;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::copy(from, &mut tmp)?;
    tmp.persist(to).map_err(|e| e.error)?;
    Ok(())
}

/// A path segment with everything but unreserved characters percent-escaped.
fn escape_segment(seg: &str) -> String {
    let mut out = String::with_capacity(seg.len());
    for b in seg.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
        assert_eq!(escape_segment("ảnh 1.jpg"), "%E1%BA%A3nh%201.jpg");
    }
}
