//! NukeViet's URL forms (includes/functions.php `nv_url_rewrite`): every listable form of an
//! article, category, tag or page, and a matcher for the rest (paging, case variants, the
//! `index.php?language=&nv=&op=` form with its parameters in any order). The id in an article
//! URL is authoritative, as it is in NukeViet: a stale slug or a changed case still finds it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::legacy::{normalize_path, split_path, LegacyTarget};

/// What kind of module a URL segment names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModuleKind {
    /// A news module (articles, categories, tags, topics).
    News,
    /// A page module (static pages by alias).
    Page,
}

/// One module's part of the URL scheme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleScheme {
    /// The module's name in URLs (its title, e.g. `news` or `tin-tuc`).
    pub name: String,
    /// Its data name, which prefixes the keys of its items.
    pub data: String,
    /// News or pages.
    pub kind: ModuleKind,
    /// Category keys by lower-case alias.
    pub categories: BTreeMap<String, String>,
    /// Tag keys by lower-case alias.
    pub tags: BTreeMap<String, String>,
    /// Keys of topics (imported as tags) by lower-case alias.
    pub topics: BTreeMap<String, String>,
    /// Page keys by lower-case alias (page URLs carry no id).
    pub pages: BTreeMap<String, String>,
}

/// What is needed to understand an old NukeViet URL after the import; store it with the site.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyScheme {
    /// The data language in URLs (`vi`).
    pub lang: String,
    /// The end of article and page URLs (`rewrite_exturl`, normally `.html`).
    pub ext: String,
    /// The module whose name URLs may leave out (`rewrite_op_mod`).
    pub default_module: Option<String>,
    /// Modules whose URLs are understood.
    pub modules: Vec<ModuleScheme>,
}

/// Key of a news article or a page.
pub(crate) fn item_key(data: &str, id: i64) -> String {
    format!("{data}:{id}")
}

/// Key of a category.
pub(crate) fn category_key(data: &str, catid: i64) -> String {
    format!("{data}:cat:{catid}")
}

/// Key of a tag (`section` = "tag") or a topic (`section` = "topic").
pub(crate) fn tag_key(data: &str, section: &str, id: i64) -> String {
    format!("{data}:{section}:{id}")
}

impl LegacyScheme {
    fn module(&self, name: &str) -> Option<&ModuleScheme> {
        self.modules
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(name))
    }

    /// Path prefixes a module's URLs can start with, from the canonical one down.
    fn prefixes(&self, m: &ModuleScheme, short_ok: bool) -> Vec<String> {
        let (l, n) = (&self.lang, &m.name);
        let mut v = vec![
            format!("/{l}/{n}/"),
            format!("/{n}/"),
            format!("/index.php/{l}/{n}/"),
        ];
        if short_ok && self.default_module.as_deref() == Some(n.as_str()) {
            v.push("/".into());
        }
        v
    }

    fn paths(&self, m: &ModuleScheme, op: &str, short_ok: bool) -> Vec<String> {
        let mut v: Vec<String> = self
            .prefixes(m, short_ok)
            .iter()
            .map(|p| normalize_path(&format!("{p}{op}")))
            .collect();
        let op = op.trim_end_matches('/');
        v.push(normalize_path(&format!(
            "/index.php?language={}&nv={}&op={op}",
            self.lang, m.name
        )));
        v
    }

    /// Whether `/<alias>/` could be read as something other than the default module's page.
    fn clashes(&self, alias: &str) -> bool {
        alias.eq_ignore_ascii_case(&self.lang)
            || alias.eq_ignore_ascii_case("index.php")
            || self.module(alias).is_some()
    }

    /// Old URLs of an article.
    pub(crate) fn article_paths(
        &self,
        m: &ModuleScheme,
        cat: &str,
        alias: &str,
        id: i64,
    ) -> Vec<String> {
        self.paths(
            m,
            &format!("{}/{}-{id}{}", enc(cat), enc(alias), self.ext),
            true,
        )
    }

    /// Old URLs of a category's first page.
    pub(crate) fn category_paths(&self, m: &ModuleScheme, alias: &str) -> Vec<String> {
        self.paths(m, &format!("{}/", enc(alias)), !self.clashes(alias))
    }

    /// Old URLs of a tag or topic page (`section` is `tag` or `topic`).
    pub(crate) fn tag_paths(&self, m: &ModuleScheme, section: &str, alias: &str) -> Vec<String> {
        self.paths(m, &format!("{section}/{}", enc(alias)), true)
    }

    /// Old URLs of a static page.
    pub(crate) fn page_paths(&self, m: &ModuleScheme, alias: &str) -> Vec<String> {
        self.paths(m, &format!("{}{}", enc(alias), self.ext), false)
    }

    /// What an old NukeViet URL (path and query) leads to, if anything imported.
    pub fn match_path(&self, path_and_query: &str) -> Option<LegacyTarget> {
        let (mut segs, query) = split_path(path_and_query);
        let q = |k: &str| {
            query
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        if segs
            .first()
            .is_some_and(|s| s.eq_ignore_ascii_case("index.php"))
        {
            segs.remove(0);
        }
        let module = if let Some(nv) = q("nv") {
            segs = q("op")
                .unwrap_or_default()
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            self.module(&nv)
        } else {
            if segs
                .first()
                .is_some_and(|s| s.eq_ignore_ascii_case(&self.lang))
            {
                segs.remove(0);
            }
            match segs.first().and_then(|s| self.module(s)) {
                Some(m) => {
                    segs.remove(0);
                    Some(m)
                }
                None => self.default_module.as_deref().and_then(|d| self.module(d)),
            }
        };
        let Some(m) = module else {
            return segs.is_empty().then_some(LegacyTarget::Home { page: 1 });
        };
        match m.kind {
            ModuleKind::Page => self.match_page(m, &segs),
            ModuleKind::News => self.match_news(m, &mut segs),
        }
    }

    fn match_page(&self, m: &ModuleScheme, segs: &[String]) -> Option<LegacyTarget> {
        let alias = match segs {
            [] => return None,
            [a] => strip_ext(a, &self.ext),
            _ => return None,
        };
        m.pages
            .get(&fold_case(alias))
            .cloned()
            .map(LegacyTarget::Article)
    }

    fn match_news(&self, m: &ModuleScheme, segs: &mut Vec<String>) -> Option<LegacyTarget> {
        // Section words are matched in any case, like everything but the id.
        for s in segs.iter_mut() {
            if ["print", "savefile", "sendmail", "tag", "topic", "rss"]
                .iter()
                .any(|w| s.eq_ignore_ascii_case(w))
                || s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("page-"))
            {
                s.make_ascii_lowercase();
            }
        }
        if segs
            .first()
            .is_some_and(|s| ["print", "savefile", "sendmail"].contains(&s.as_str()))
        {
            segs.remove(0);
        }
        let page = match segs
            .last()
            .and_then(|s| s.strip_prefix("page-"))
            .and_then(|n| n.parse().ok())
        {
            Some(n) if n >= 1 => {
                segs.pop();
                n
            }
            _ => 1,
        };
        let lower = |s: &str| fold_case(s);
        match segs.as_slice() {
            [] => Some(LegacyTarget::Home { page }),
            [s, a] if s == "tag" => m.tags.get(&lower(a)).map(|k| LegacyTarget::Tag {
                key: k.clone(),
                page,
            }),
            [s, a] if s == "topic" => m.topics.get(&lower(a)).map(|k| LegacyTarget::Tag {
                key: k.clone(),
                page,
            }),
            [s] if s == "rss" => Some(LegacyTarget::Feed(None)),
            [s, c] if s == "rss" => m
                .categories
                .get(&lower(c))
                .map(|k| LegacyTarget::Feed(Some(k.clone()))),
            [c] if m.categories.contains_key(&lower(c)) => Some(LegacyTarget::Category {
                key: m.categories[&lower(c)].clone(),
                page,
            }),
            [.., last] if page == 1 => {
                article_id(last, &self.ext).map(|id| LegacyTarget::Article(item_key(&m.data, id)))
            }
            _ => None,
        }
    }
}

/// An alias as NukeViet's links carry it (PHP `urlencode`): reserved characters escaped, so an
/// `&` in a tag cannot end the query string; non-ASCII is escaped later by normalising.
fn enc(alias: &str) -> String {
    let mut out = String::with_capacity(alias.len());
    for c in alias.chars() {
        if c.is_ascii_alphanumeric() || "-._~".contains(c) || !c.is_ascii() {
            out.push(c);
        } else {
            let mut b = [0; 4];
            for byte in c.encode_utf8(&mut b).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// Lower case for alias lookups (aliases may be Vietnamese: Unicode case, not only ASCII).
pub(crate) fn fold_case(alias: &str) -> String {
    alias.to_lowercase()
}

/// `seg` without the URL ending (`.html`, in any case), if it has it.
fn strip_ext<'a>(seg: &'a str, ext: &str) -> &'a str {
    let cut = seg.len().wrapping_sub(ext.len());
    match seg.get(cut..) {
        Some(end) if !ext.is_empty() && end.eq_ignore_ascii_case(ext) => &seg[..cut],
        _ => seg,
    }
}

/// The id at the end of `alias-123.html` (or without the ending).
fn article_id(seg: &str, ext: &str) -> Option<i64> {
    let s = strip_ext(seg, ext);
    let (_, id) = s.rsplit_once('-')?;
    id.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme() -> LegacyScheme {
        let news = ModuleScheme {
            name: "news".into(),
            data: "news".into(),
            kind: ModuleKind::News,
            categories: [("tin-tuc".to_string(), "news:cat:1".to_string())].into(),
            tags: [("nukeviet".to_string(), "news:tag:3".to_string())].into(),
            topics: [("nukeviet-4".to_string(), "news:topic:1".to_string())].into(),
            pages: BTreeMap::new(),
        };
        let about = ModuleScheme {
            name: "about".into(),
            data: "about".into(),
            kind: ModuleKind::Page,
            pages: [("gioi-thieu".to_string(), "about:1".to_string())].into(),
            ..news.clone()
        };
        LegacyScheme {
            lang: "vi".into(),
            ext: ".html".into(),
            default_module: Some("news".into()),
            modules: vec![news, about],
        }
    }

    #[test]
    fn lists_every_form_of_an_article() {
        let s = scheme();
        assert_eq!(
            s.article_paths(&s.modules[0], "Tin-tuc", "Ra-mat", 1),
            [
                "/vi/news/Tin-tuc/Ra-mat-1.html",
                "/news/Tin-tuc/Ra-mat-1.html",
                "/index.php/vi/news/Tin-tuc/Ra-mat-1.html",
                "/Tin-tuc/Ra-mat-1.html",
                "/index.php?language=vi&nv=news&op=Tin-tuc/Ra-mat-1.html",
            ]
        );
        assert_eq!(
            s.category_paths(&s.modules[0], "about").len(),
            4,
            "no /about/ for a category"
        );
    }

    #[test]
    fn matches_by_id_whatever_the_slug_or_case() {
        let s = scheme();
        let art = Some(LegacyTarget::Article("news:1".into()));
        for p in [
            "/vi/news/Tin-tuc/Ra-mat-1.html",
            "/vi/news/tin-tuc/ra-mat-1.html",
            "/news/old-cat/Other-slug-1.html",
            "/Tin-tuc/Ra-mat-1",
            "/index.php?nv=news&language=vi&op=Tin-tuc%2FRa-mat-1.html",
            "/vi/news/print/Tin-tuc/Ra-mat-1.html",
        ] {
            assert_eq!(s.match_path(p), art, "{p}");
        }
    }

    #[test]
    fn matches_listings_pages_and_tags() {
        let s = scheme();
        let cat = |page| {
            Some(LegacyTarget::Category {
                key: "news:cat:1".into(),
                page,
            })
        };
        assert_eq!(s.match_path("/vi/news/Tin-Tuc/"), cat(1));
        assert_eq!(s.match_path("/tin-tuc/page-3/"), cat(3));
        assert_eq!(
            s.match_path("/index.php?language=vi&nv=news&op=tin-tuc/page-2"),
            cat(2)
        );
        assert_eq!(
            s.match_path("/vi/news/tag/NukeViet"),
            Some(LegacyTarget::Tag {
                key: "news:tag:3".into(),
                page: 1
            })
        );
        assert_eq!(
            s.match_path("/news/topic/nukeviet-4/page-2/"),
            Some(LegacyTarget::Tag {
                key: "news:topic:1".into(),
                page: 2
            })
        );
        assert_eq!(
            s.match_path("/vi/about/Gioi-Thieu.html"),
            Some(LegacyTarget::Article("about:1".into()))
        );
        assert_eq!(
            s.match_path("/vi/news/page-2/"),
            Some(LegacyTarget::Home { page: 2 })
        );
        assert_eq!(s.match_path("/vi/"), Some(LegacyTarget::Home { page: 1 }));
        assert_eq!(
            s.match_path("/vi/news/rss/tin-tuc/"),
            Some(LegacyTarget::Feed(Some("news:cat:1".into())))
        );
        assert_eq!(s.match_path("/vi/users/login/"), None);
    }
}
