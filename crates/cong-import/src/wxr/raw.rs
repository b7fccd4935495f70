//! WXR elements as read, before any interpretation: one struct per element kind.

use std::io::BufRead;

use super::xml::{Cursor, Ns, Tag};
use crate::error::{ImportError, Result};

/// `<wp:author>`.
#[derive(Debug, Default)]
pub(crate) struct RawAuthor {
    pub login: String,
    pub email: String,
    pub display_name: String,
}

/// `<wp:category>`, `<wp:tag>` or `<wp:term>`.
#[derive(Debug, Default)]
pub(crate) struct RawTerm {
    /// `category`, `post_tag`, or the custom taxonomy of a `<wp:term>`.
    pub taxonomy: String,
    pub term_id: Option<u64>,
    pub slug: String,
    pub parent: String,
    pub name: String,
    pub description: String,
}

/// `<category domain=".." nicename="..">Name</category>` inside an item.
#[derive(Debug, Default)]
pub(crate) struct RawItemTerm {
    pub domain: String,
    pub nicename: String,
    pub name: String,
}

/// `<wp:comment>`.
#[derive(Debug, Default)]
pub(crate) struct RawComment {
    pub id: String,
    pub author: String,
    pub email: String,
    pub url: String,
    pub date: String,
    pub date_gmt: String,
    pub content: String,
    pub approved: String,
    pub kind: String,
    pub parent: String,
}

/// `<item>`.
#[derive(Debug, Default)]
pub(crate) struct RawItem {
    pub title: String,
    pub link: String,
    pub pub_date: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    pub post_id: u64,
    pub post_date: String,
    pub post_date_gmt: String,
    pub post_modified: String,
    pub post_modified_gmt: String,
    pub comment_status: String,
    pub post_name: String,
    pub status: String,
    pub post_parent: u64,
    pub post_type: String,
    pub post_password: String,
    pub is_sticky: bool,
    pub attachment_url: String,
    pub terms: Vec<RawItemTerm>,
    /// Only the meta keys the importer uses (featured image, attachment alt text).
    pub meta: Vec<(String, String)>,
    pub comments: Vec<RawComment>,
}

impl RawItem {
    /// A kept post meta value.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

const KEPT_META: &[&str] = &["_thumbnail_id", "_wp_attachment_image_alt"];

fn number(text: &str, tag: &Tag) -> Result<u64> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.parse().map_err(|_| ImportError::Data {
        at: tag.at,
        problem: format!("{} holds \"{t}\", which is not a number", tag.display()),
    })
}

/// Reads the children of `<wp:author>`.
pub(crate) fn author<R: BufRead>(x: &mut Cursor<R>) -> Result<RawAuthor> {
    let mut a = RawAuthor::default();
    while let Some(t) = x.next_tag()? {
        let slot = match (t.ns, t.local.as_str()) {
            (Ns::Wp, "author_login") => &mut a.login,
            (Ns::Wp, "author_email") => &mut a.email,
            (Ns::Wp, "author_display_name") => &mut a.display_name,
            _ => {
                x.skip(&t)?;
                continue;
            }
        };
        *slot = x.text(&t)?;
    }
    Ok(a)
}

/// Reads the children of `<wp:category>`, `<wp:tag>` or `<wp:term>`.
pub(crate) fn term<R: BufRead>(x: &mut Cursor<R>, taxonomy: &str) -> Result<RawTerm> {
    let mut term = RawTerm {
        taxonomy: taxonomy.to_string(),
        ..RawTerm::default()
    };
    while let Some(t) = x.next_tag()? {
        if t.ns != Ns::Wp {
            x.skip(&t)?;
            continue;
        }
        let slot = match t.local.as_str() {
            "term_id" => {
                let v = x.text(&t)?;
                term.term_id = Some(number(&v, &t)?);
                continue;
            }
            "term_taxonomy" => &mut term.taxonomy,
            "category_nicename" | "tag_slug" | "term_slug" => &mut term.slug,
            "category_parent" | "term_parent" => &mut term.parent,
            "cat_name" | "tag_name" | "term_name" => &mut term.name,
            "category_description" | "tag_description" | "term_description" => {
                &mut term.description
            }
            _ => {
                x.skip(&t)?;
                continue;
            }
        };
        *slot = x.text(&t)?;
    }
    Ok(term)
}

/// Reads the children of `<item>`; `light` (the validating pass) checks the body without
/// keeping it (excerpts are kept: an attachment's is its caption).
pub(crate) fn item<R: BufRead>(x: &mut Cursor<R>, line: u64, light: bool) -> Result<RawItem> {
    let mut it = RawItem::default();
    while let Some(t) = x.next_tag()? {
        let slot = match (t.ns, t.local.as_str()) {
            (Ns::None, "title") => &mut it.title,
            (Ns::None, "link") => &mut it.link,
            (Ns::None, "pubDate") => &mut it.pub_date,
            (Ns::Dc, "creator") => &mut it.creator,
            (Ns::Content, "encoded") if light => {
                x.skip(&t)?;
                continue;
            }
            (Ns::Content, "encoded") => &mut it.content,
            (Ns::Excerpt, "encoded") => &mut it.excerpt,
            (Ns::None, "category") => {
                let domain = t.attr("domain").unwrap_or("").to_string();
                let nicename = t.attr("nicename").unwrap_or("").to_string();
                let name = x.text(&t)?;
                it.terms.push(RawItemTerm {
                    domain,
                    nicename,
                    name,
                });
                continue;
            }
            (Ns::Wp, local) => match local {
                "post_id" | "post_parent" => {
                    let v = number(&x.text(&t)?, &t)?;
                    *if local == "post_id" {
                        &mut it.post_id
                    } else {
                        &mut it.post_parent
                    } = v;
                    continue;
                }
                "is_sticky" => {
                    it.is_sticky = x.text(&t)?.trim() == "1";
                    continue;
                }
                "postmeta" => {
                    if let Some(kv) = meta(x)? {
                        it.meta.push(kv);
                    }
                    continue;
                }
                "comment" => {
                    it.comments.push(comment(x)?);
                    continue;
                }
                "post_date" => &mut it.post_date,
                "post_date_gmt" => &mut it.post_date_gmt,
                "post_modified" => &mut it.post_modified,
                "post_modified_gmt" => &mut it.post_modified_gmt,
                "comment_status" => &mut it.comment_status,
                "post_name" => &mut it.post_name,
                "status" => &mut it.status,
                "post_type" => &mut it.post_type,
                "post_password" => &mut it.post_password,
                "attachment_url" => &mut it.attachment_url,
                _ => {
                    x.skip(&t)?;
                    continue;
                }
            },
            _ => {
                x.skip(&t)?;
                continue;
            }
        };
        *slot = x.text(&t)?;
    }
    if it.post_id == 0 {
        return Err(ImportError::Wxr {
            at: crate::Position::line(line),
            problem: "this <item> has no <wp:post_id>; is this a WordPress export?".into(),
        });
    }
    Ok(it)
}

/// A `<wp:postmeta>` pair, if its key is one the importer uses.
fn meta<R: BufRead>(x: &mut Cursor<R>) -> Result<Option<(String, String)>> {
    let (mut key, mut value) = (String::new(), String::new());
    while let Some(t) = x.next_tag()? {
        match (t.ns, t.local.as_str()) {
            (Ns::Wp, "meta_key") => key = x.text(&t)?,
            (Ns::Wp, "meta_value") if KEPT_META.contains(&key.as_str()) => value = x.text(&t)?,
            _ => x.skip(&t)?,
        }
    }
    Ok(KEPT_META.contains(&key.as_str()).then_some((key, value)))
}

/// Reads the children of `<wp:comment>`.
fn comment<R: BufRead>(x: &mut Cursor<R>) -> Result<RawComment> {
    let mut c = RawComment::default();
    while let Some(t) = x.next_tag()? {
        if t.ns != Ns::Wp {
            x.skip(&t)?;
            continue;
        }
        let slot = match t.local.as_str() {
            "comment_id" => &mut c.id,
            "comment_author" => &mut c.author,
            "comment_author_email" => &mut c.email,
            "comment_author_url" => &mut c.url,
            "comment_date" => &mut c.date,
            "comment_date_gmt" => &mut c.date_gmt,
            "comment_content" => &mut c.content,
            "comment_approved" => &mut c.approved,
            "comment_type" => &mut c.kind,
            "comment_parent" => &mut c.parent,
            _ => {
                x.skip(&t)?;
                continue;
            }
        };
        *slot = x.text(&t)?;
    }
    Ok(c)
}
