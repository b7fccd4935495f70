//! WXR elements as read, before any interpretation: one struct per element kind.

use std::io::BufRead;

use super::xml::{Cursor, Limit, Ns, Tag};
use crate::error::{ImportError, Position, Result};
use crate::limits::{human, ITEM_RECORD_BYTES, MAX_ITEM_BYTES};

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

impl RawComment {
    /// The text it holds, in bytes.
    fn bytes(&self) -> usize {
        [
            &self.id,
            &self.author,
            &self.email,
            &self.url,
            &self.date,
            &self.date_gmt,
            &self.content,
            &self.approved,
            &self.kind,
            &self.parent,
        ]
        .iter()
        .map(|s| s.len())
        .sum()
    }
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
        *slot = x.text(&t, Limit::FIELD)?;
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
                let v = x.text(&t, Limit::FIELD)?;
                term.term_id = Some(number(&v, &t)?);
                continue;
            }
            "term_taxonomy" => &mut term.taxonomy,
            "category_nicename" | "tag_slug" | "term_slug" => &mut term.slug,
            "category_parent" | "term_parent" => &mut term.parent,
            "cat_name" | "tag_name" | "term_name" => &mut term.name,
            "category_description" | "tag_description" | "term_description" => {
                term.description = x.text(&t, Limit::TEXT)?;
                continue;
            }
            _ => {
                x.skip(&t)?;
                continue;
            }
        };
        *slot = x.text(&t, Limit::FIELD)?;
    }
    Ok(term)
}

/// What one `<item>` has taken so far against [`MAX_ITEM_BYTES`].
struct Budget {
    used: usize,
    line: u64,
}

impl Budget {
    fn charge(&mut self, bytes: usize) -> Result<()> {
        self.used = self.used.saturating_add(bytes);
        if self.used > MAX_ITEM_BYTES {
            return Err(ImportError::Wxr {
                at: Position::line(self.line),
                problem: format!(
                    "this <item> holds more than {} with its comments, the limit for one post; \
                     shorten or remove it on the old site and export again",
                    human(MAX_ITEM_BYTES)
                ),
            });
        }
        Ok(())
    }
}

/// Reads the children of `<item>`; `light` (the validating pass) checks the body without
/// keeping it (excerpts are kept: an attachment's is its caption). Both passes refuse the
/// same items: the body counts against the item's budget whether kept or not.
pub(crate) fn item<R: BufRead>(x: &mut Cursor<R>, line: u64, light: bool) -> Result<RawItem> {
    let mut it = RawItem::default();
    let mut budget = Budget { used: 0, line };
    while let Some(t) = x.next_tag()? {
        let (slot, limit) = match (t.ns, t.local.as_str()) {
            (Ns::None, "title") => (&mut it.title, Limit::FIELD),
            (Ns::None, "link") => (&mut it.link, Limit::FIELD),
            (Ns::None, "pubDate") => (&mut it.pub_date, Limit::FIELD),
            (Ns::Dc, "creator") => (&mut it.creator, Limit::FIELD),
            (Ns::Content, "encoded") if light => {
                budget.charge(x.check(&t, Limit::BODY)?)?;
                continue;
            }
            (Ns::Content, "encoded") => (&mut it.content, Limit::BODY),
            (Ns::Excerpt, "encoded") => (&mut it.excerpt, Limit::TEXT),
            (Ns::None, "category") => {
                let domain = t.attr("domain").unwrap_or("").to_string();
                let nicename = t.attr("nicename").unwrap_or("").to_string();
                let name = x.text(&t, Limit::FIELD)?;
                budget.charge(ITEM_RECORD_BYTES + domain.len() + nicename.len() + name.len())?;
                it.terms.push(RawItemTerm {
                    domain,
                    nicename,
                    name,
                });
                continue;
            }
            (Ns::Wp, local) => match local {
                "post_id" | "post_parent" => {
                    let v = number(&x.text(&t, Limit::FIELD)?, &t)?;
                    *if local == "post_id" {
                        &mut it.post_id
                    } else {
                        &mut it.post_parent
                    } = v;
                    continue;
                }
                "is_sticky" => {
                    it.is_sticky = x.text(&t, Limit::FIELD)?.trim() == "1";
                    continue;
                }
                "postmeta" => {
                    if let Some(kv) = meta(x)? {
                        budget.charge(ITEM_RECORD_BYTES + kv.0.len() + kv.1.len())?;
                        it.meta.push(kv);
                    }
                    continue;
                }
                "comment" => {
                    let c = comment(x)?;
                    budget.charge(ITEM_RECORD_BYTES + c.bytes())?;
                    it.comments.push(c);
                    continue;
                }
                "post_date" => (&mut it.post_date, Limit::FIELD),
                "post_date_gmt" => (&mut it.post_date_gmt, Limit::FIELD),
                "post_modified" => (&mut it.post_modified, Limit::FIELD),
                "post_modified_gmt" => (&mut it.post_modified_gmt, Limit::FIELD),
                "comment_status" => (&mut it.comment_status, Limit::FIELD),
                "post_name" => (&mut it.post_name, Limit::FIELD),
                "status" => (&mut it.status, Limit::FIELD),
                "post_type" => (&mut it.post_type, Limit::FIELD),
                "post_password" => (&mut it.post_password, Limit::FIELD),
                "attachment_url" => (&mut it.attachment_url, Limit::FIELD),
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
        *slot = x.text(&t, limit)?;
        budget.charge(slot.len())?;
    }
    if it.post_id == 0 {
        return Err(ImportError::Wxr {
            at: Position::line(line),
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
            (Ns::Wp, "meta_key") => key = x.text(&t, Limit::FIELD)?,
            (Ns::Wp, "meta_value") if KEPT_META.contains(&key.as_str()) => {
                value = x.text(&t, Limit::TEXT)?
            }
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
            "comment_content" => {
                c.content = x.text(&t, Limit::TEXT)?;
                continue;
            }
            "comment_approved" => &mut c.approved,
            "comment_type" => &mut c.kind,
            "comment_parent" => &mut c.parent,
            _ => {
                x.skip(&t)?;
                continue;
            }
        };
        *slot = x.text(&t, Limit::FIELD)?;
    }
    Ok(c)
}
