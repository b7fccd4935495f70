//! The channel header of a WXR file: its version, and the site, authors, categories and tags
//! it declares, queued before the first item.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use super::raw::{RawItem, RawTerm};
use super::{convert, Reader};
use crate::error::{ImportError, Position, Result};
use crate::model::{ImportAuthor, ImportItem, ImportSite, SourceKind};

impl<R: BufRead> Reader<R> {
    /// Checks the header is complete and queues the site, authors, categories and tags.
    pub(super) fn finish_header(&mut self, at: Position) -> Result<()> {
        let Some(version) = self.head.version.clone() else {
            return Err(Self::wxr_error(
                at,
                "the <wp:wxr_version> element is missing; is this a WordPress export?",
            ));
        };
        self.head.sent = true;
        let h = &self.head;
        let base = [
            &self.opts.base_url.clone().unwrap_or_default(),
            &h.base_blog_url,
            &h.link,
            &h.base_site_url,
        ]
        .into_iter()
        .find(|u| !u.trim().is_empty())
        .cloned()
        .unwrap_or_default();
        self.scheme.base_path = convert::base_path(&base);
        // WordPress.com exports repeat some categories as <wp:term>: the first one counts.
        let mut seen = HashSet::new();
        let cats: Vec<RawTerm> = std::mem::take(&mut self.head.categories)
            .into_iter()
            .filter(|c| seen.insert(convert::term_key(&c.slug, &c.name)))
            .collect();
        let cats = convert::order_terms(cats);
        let mut parents: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        for c in &cats {
            let key = convert::term_key(&c.slug, &c.name);
            if let Some(id) = c.term_id {
                self.scheme.categories_by_id.insert(id, key.clone());
            }
            let parent = convert::term_key(&c.parent, "");
            let mut chain = vec![key.clone()];
            let mut p = parent.clone();
            while !p.is_empty() && chain.len() < 32 {
                chain.insert(0, p.clone());
                p = parents.get(&p).cloned().unwrap_or_default();
            }
            parents.insert(key, parent);
            let chain: Vec<&str> = chain.iter().map(String::as_str).collect();
            out.push(ImportItem::Category(convert::category(
                c,
                &chain,
                &self.scheme,
            )));
        }
        self.index.version = version;
        if self.validating {
            return Ok(());
        }
        self.queue.push_back(ImportItem::Site(ImportSite {
            source: SourceKind::Wxr,
            source_id: base.trim().trim_end_matches('/').to_string(),
            title: convert::plain_title(&self.head.title),
            base_url: base.trim().to_string(),
            language: self.head.language.trim().to_string(),
        }));
        for mut a in std::mem::take(&mut self.head.authors) {
            a.login = convert::login(&a.login).to_string();
            self.authors.insert(a.login.clone());
            self.queue.push_back(ImportItem::Author(ImportAuthor {
                key: a.login.clone(),
                display_name: if a.display_name.trim().is_empty() {
                    a.login.clone()
                } else {
                    a.display_name
                },
                login: a.login,
                email: a.email,
            }));
        }
        for c in out {
            if let ImportItem::Category(cat) = &c {
                self.categories.insert(cat.key.clone());
            }
            self.queue.push_back(c);
        }
        for t in std::mem::take(&mut self.head.tags) {
            let tag = convert::tag(&t, &self.scheme);
            if self.tags.insert(tag.key.clone()) {
                self.queue.push_back(ImportItem::Tag(tag));
            }
        }
        Ok(())
    }

    /// Queues authors, categories and tags an item uses that the header did not declare
    /// (WXR 1.0 has no author list; partial exports may lack terms).
    pub(super) fn ensure_refs(&mut self, raw: &RawItem) {
        let creator = convert::login(&raw.creator);
        if !creator.is_empty() && self.authors.insert(creator.to_string()) {
            self.queue.push_back(ImportItem::Author(ImportAuthor {
                key: creator.to_string(),
                login: creator.to_string(),
                display_name: creator.to_string(),
                email: String::new(),
            }));
        }
        for t in &raw.terms {
            let key = convert::term_key(&t.nicename, &t.name);
            if key.is_empty() {
                continue;
            }
            let term = RawTerm {
                slug: key.clone(),
                name: t.name.clone(),
                ..RawTerm::default()
            };
            match t.domain.as_str() {
                "category" if self.categories.insert(key.clone()) => {
                    let cat = convert::category(&term, &[&key], &self.scheme);
                    self.queue.push_back(ImportItem::Category(cat));
                }
                "post_tag" | "tag" if self.tags.insert(key.clone()) => {
                    self.queue
                        .push_back(ImportItem::Tag(convert::tag(&term, &self.scheme)));
                }
                _ => {}
            }
        }
    }
}

pub(super) fn check_version(v: &str, at: Position) -> Result<()> {
    let parsed = v
        .split_once('.')
        .filter(|(a, b)| {
            !a.is_empty() && !b.is_empty() && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
        })
        .map(|(a, _)| a.parse::<u32>().unwrap_or(0));
    match parsed {
        None => Err(ImportError::Wxr {
            at,
            problem: format!(
                "the WXR version \"{v}\" is not a version number; is this a WordPress export?"
            ),
        }),
        Some(1) => Ok(()),
        Some(_) => Err(ImportError::Wxr {
            at,
            problem: format!("unsupported WXR version {v} (this importer reads 1.0 to 1.2)"),
        }),
    }
}
