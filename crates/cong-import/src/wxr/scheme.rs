//! WordPress's URL forms: the listable ones for each item, and a matcher for the rest
//! (`?p=`, `?page_id=`, `?cat=`, `/category/x/page/2/`, `/tag/x/`, feeds, home paging).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::legacy::{normalize_path, page_number, split_path, LegacyTarget};

/// What is needed to understand an old WordPress URL after the import; store it with the site.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyScheme {
    /// Path of the old blog's home, with a trailing slash (`/` or e.g. `/tin-tuc/`).
    pub base_path: String,
    /// Category keys by WordPress term id, for `?cat=ID`.
    pub categories_by_id: BTreeMap<u64, String>,
}

impl LegacyScheme {
    /// `<base>?p=ID` and friends: the query-string forms WordPress answers for any post.
    pub(crate) fn query_path(&self, query: &str) -> String {
        normalize_path(&format!("{}?{query}", self.base_path))
    }

    /// `/category/parent/child/` and `/category/child/`, `?cat=ID`.
    pub(crate) fn category_paths(&self, chain: &[&str], term_id: Option<u64>) -> Vec<String> {
        let mut v = vec![self.section_path("category", &chain.join("/"))];
        if chain.len() > 1 {
            v.push(self.section_path("category", chain.last().copied().unwrap_or("")));
        }
        if let Some(id) = term_id {
            v.push(self.query_path(&format!("cat={id}")));
        }
        v
    }

    /// `/tag/slug/` and `?tag=slug`.
    pub(crate) fn tag_paths(&self, slug: &str) -> Vec<String> {
        vec![
            self.section_path("tag", slug),
            self.query_path(&format!("tag={slug}")),
        ]
    }

    fn section_path(&self, section: &str, rest: &str) -> String {
        normalize_path(&format!("{}{section}/{rest}/", self.base_path))
    }

    /// What an old WordPress URL (path and query) leads to, if it is one of the forms WordPress
    /// answers without knowing the post's permalink.
    pub fn match_path(&self, path_and_query: &str) -> Option<LegacyTarget> {
        let normal = normalize_path(path_and_query);
        let rest = normal
            .strip_prefix(self.base_path.trim_end_matches('/'))
            .unwrap_or(&normal);
        let (mut segs, query) = split_path(rest);
        let q = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let mut page = q("paged").and_then(page_number).unwrap_or(1);
        if let Some(id) = q("p").or(q("page_id")).filter(|v| v.parse::<u64>().is_ok()) {
            return Some(LegacyTarget::Article(id.to_string()));
        }
        if let Some(key) = q("cat")
            .and_then(|v| v.parse().ok())
            .and_then(|id: u64| self.categories_by_id.get(&id).cloned())
        {
            return Some(LegacyTarget::Category { key, page });
        }
        if let Some(tag) = q("tag") {
            return Some(LegacyTarget::Tag {
                key: tag.to_string(),
                page,
            });
        }
        if let [.., p, n] = segs.as_slice() {
            if p == "page" {
                if let Some(n) = page_number(n) {
                    page = n;
                    segs.truncate(segs.len() - 2);
                }
            }
        }
        let feed = segs.last().is_some_and(|s| s == "feed") || q("feed").is_some();
        if segs.last().is_some_and(|s| s == "feed") {
            segs.pop();
        }
        match segs.first().map(String::as_str) {
            None if feed => Some(LegacyTarget::Feed(None)),
            None => Some(LegacyTarget::Home { page }),
            Some("category") if segs.len() > 1 => {
                let key = segs.last()?.clone();
                Some(if feed {
                    LegacyTarget::Feed(Some(key))
                } else {
                    LegacyTarget::Category { key, page }
                })
            }
            Some("tag") if segs.len() == 2 => Some(LegacyTarget::Tag {
                key: segs[1].clone(),
                page,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme() -> LegacyScheme {
        LegacyScheme {
            base_path: "/blog/".into(),
            categories_by_id: [(7, "tin-tuc".to_string())].into(),
        }
    }

    #[test]
    fn lists_category_and_tag_forms() {
        let s = scheme();
        assert_eq!(
            s.category_paths(&["cha", "con"], Some(9)),
            [
                "/blog/category/cha/con/",
                "/blog/category/con/",
                "/blog/?cat=9"
            ]
        );
        assert_eq!(s.tag_paths("hà-nội")[0], "/blog/tag/h%C3%A0-n%E1%BB%99i/");
    }

    #[test]
    fn matches_query_and_paged_forms() {
        let s = scheme();
        let m = |p| s.match_path(p);
        assert_eq!(m("/blog/?p=12"), Some(LegacyTarget::Article("12".into())));
        assert_eq!(
            m("/blog/?page_id=3&preview=true"),
            Some(LegacyTarget::Article("3".into()))
        );
        assert_eq!(
            m("/blog/?cat=7&paged=3"),
            Some(LegacyTarget::Category {
                key: "tin-tuc".into(),
                page: 3
            })
        );
        assert_eq!(
            m("/blog/category/cha/con/page/2/"),
            Some(LegacyTarget::Category {
                key: "con".into(),
                page: 2
            })
        );
        assert_eq!(
            m("/blog/tag/x/"),
            Some(LegacyTarget::Tag {
                key: "x".into(),
                page: 1
            })
        );
        assert_eq!(m("/blog/page/4/"), Some(LegacyTarget::Home { page: 4 }));
        assert_eq!(m("/blog/feed/"), Some(LegacyTarget::Feed(None)));
        assert_eq!(
            m("/blog/category/con/feed/"),
            Some(LegacyTarget::Feed(Some("con".into())))
        );
        assert_eq!(m("/blog/2020/01/01/some-post/"), None);
    }
}
