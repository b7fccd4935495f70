//! What the validating pass learns about a WXR file for the writing pass.

use std::collections::HashMap;

use super::convert::{plain_title, upload_local};
use super::raw::RawItem;
use super::scheme::LegacyScheme;
use crate::content::html_to_text;
use crate::legacy::url_path;
use crate::model::ImportPhoto;

/// An attachment as posts refer to it.
#[derive(Clone, Debug)]
struct Attachment {
    url: String,
    alt: String,
    caption: String,
    parent: u64,
    page_path: Option<String>,
}

/// Facts from the validating pass: counts for progress, attachments, the URL scheme.
#[derive(Clone, Debug, Default)]
pub struct WxrIndex {
    /// The file's `wp:wxr_version`.
    pub version: String,
    /// Every `<item>`, of any type.
    pub items: u64,
    /// Posts.
    pub articles: u64,
    /// Pages.
    pub pages: u64,
    /// Comments on any item (before skipping spam and trash).
    pub comments: u64,
    attachments: HashMap<u64, Attachment>,
    children: HashMap<u64, Vec<u64>>,
    scheme: LegacyScheme,
}

impl WxrIndex {
    /// How old URLs of this site are understood; keep it with the site for the redirects.
    pub fn legacy_scheme(&self) -> &LegacyScheme {
        &self.scheme
    }

    /// Attachments (media items) in the file.
    pub fn attachments(&self) -> usize {
        self.attachments.len()
    }

    pub(crate) fn set_scheme(&mut self, scheme: LegacyScheme) {
        self.scheme = scheme;
    }

    pub(crate) fn add_attachment(&mut self, raw: &RawItem) {
        let url = raw.attachment_url.trim().to_string();
        if url.is_empty() {
            return;
        }
        let a = Attachment {
            url,
            alt: raw
                .meta("_wp_attachment_image_alt")
                .unwrap_or("")
                .trim()
                .to_string(),
            caption: html_to_text(&raw.excerpt),
            parent: raw.post_parent,
            page_path: url_path(&raw.link).filter(|p| !p.contains("?attachment_id=")),
        };
        if a.parent != 0 {
            self.children.entry(a.parent).or_default().push(raw.post_id);
        }
        if a.alt.is_empty() && !raw.title.is_empty() {
            // WordPress shows the title when there is no alt text; so do we.
            let alt = plain_title(&raw.title);
            self.attachments
                .insert(raw.post_id, Attachment { alt, ..a });
        } else {
            self.attachments.insert(raw.post_id, a);
        }
    }

    /// The attachment with this id as a photo.
    pub(crate) fn photo(&self, id: u64) -> Option<ImportPhoto> {
        let a = self.attachments.get(&id)?;
        Some(ImportPhoto {
            local: upload_local(&a.url),
            src: a.url.clone(),
            alt: a.alt.clone(),
            caption: a.caption.clone(),
        })
    }

    /// The images attached to a post, in file order.
    pub(crate) fn photos_of(&self, post: u64) -> Vec<ImportPhoto> {
        self.children
            .get(&post)
            .map(|ids| ids.iter().filter_map(|id| self.photo(*id)).collect())
            .unwrap_or_default()
    }

    /// Old attachment-page URLs of a post's attachments, which now lead to the post.
    pub(crate) fn attachment_paths_of(&self, post: u64) -> Vec<String> {
        let Some(ids) = self.children.get(&post) else {
            return Vec::new();
        };
        ids.iter()
            .filter_map(|id| self.attachments.get(id)?.page_path.clone())
            .collect()
    }
}
