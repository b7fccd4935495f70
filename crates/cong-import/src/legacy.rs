//! Old URLs: the one spelling they are stored and looked up in, and what an old URL means.
//!
//! Readers list the exact old paths of every article, category and tag (`legacy_paths`). Paths
//! that cannot be listed (category paging, case variants of NukeViet slugs) are understood by
//! each source's `LegacyScheme::match_path`, which the site calls when the exact lookup misses.

use serde::{Deserialize, Serialize};

/// What an old URL leads to, by source key (the writer maps keys to its own ids).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LegacyTarget {
    /// An article or page, by key.
    Article(String),
    /// A category listing, by key; `page` counts from 1.
    Category {
        /// Category key.
        key: String,
        /// Page of the listing, from 1.
        page: u32,
    },
    /// A tag listing, by key; `page` counts from 1.
    Tag {
        /// Tag key.
        key: String,
        /// Page of the listing, from 1.
        page: u32,
    },
    /// The home page (or a module's front page); `page` counts from 1.
    Home {
        /// Page of the listing, from 1.
        page: u32,
    },
    /// A news feed: the whole site's, or a category's when a key is given.
    Feed(Option<String>),
}

/// Puts a path with optional query into the one spelling used for storing and looking up.
///
/// Browsers send non-ASCII as upper-case percent escapes while exports hold raw UTF-8 or
/// lower-case escapes; both become upper-case escapes. Escapes of unreserved ASCII are decoded,
/// a fragment is dropped, and an empty path becomes `/`.
pub fn normalize_path(path_and_query: &str) -> String {
    let raw = path_and_query.split('#').next().unwrap_or("").as_bytes();
    let mut out = String::with_capacity(raw.len() + 8);
    if raw.first() != Some(&b'/') {
        out.push('/');
    }
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'%' && i + 2 < raw.len() {
            if let (Some(h), Some(l)) = (hex(raw[i + 1]), hex(raw[i + 2])) {
                let v = h * 16 + l;
                if v.is_ascii_alphanumeric() || b"-._~".contains(&v) {
                    out.push(v as char);
                } else {
                    push_escape(&mut out, v);
                }
                i += 3;
                continue;
            }
        }
        if b.is_ascii_graphic() && b != b'%' {
            out.push(b as char);
        } else {
            push_escape(&mut out, b);
        }
        i += 1;
    }
    out
}

fn push_escape(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[(b >> 4) as usize] as char);
    out.push(HEX[(b & 15) as usize] as char);
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The normalised path and query of an absolute or site-relative URL; `None` for other schemes.
pub fn url_path(url: &str) -> Option<String> {
    let url = url.trim();
    if url.starts_with('/') && !url.starts_with("//") {
        return Some(normalize_path(url));
    }
    let rest = if let Some(r) = url.strip_prefix("//") {
        r
    } else {
        let (scheme, r) = url.split_once("://")?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        r
    };
    let at = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(normalize_path(&rest[at..]))
}

/// The host of an absolute URL, lower-cased, without port.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map(|(_, r)| r)?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    Some(host.to_ascii_lowercase())
}

/// Decodes percent escapes (invalid UTF-8 is replaced); used for slugs and query values.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits `/a/b/?x=1&y=2` into decoded path segments (empty ones dropped) and query pairs.
pub(crate) fn split_path(path_and_query: &str) -> (Vec<String>, Vec<(String, String)>) {
    let p = path_and_query.split('#').next().unwrap_or("");
    let (path, query) = p.split_once('?').unwrap_or((p, ""));
    let segs = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let pairs = query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(&v.replace('+', " ")))
        })
        .collect();
    (segs, pairs)
}

/// Parses a `page-N` (NukeViet) or `N` (WordPress `/page/N/`) page number of at least 1.
pub(crate) fn page_number(s: &str) -> Option<u32> {
    let n: u32 = s.parse().ok()?;
    (n >= 1).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_escapes_and_raw_utf8_alike() {
        assert_eq!(normalize_path("/tin-t%e1%bb%a9c/"), "/tin-t%E1%BB%A9c/");
        assert_eq!(normalize_path("/tin-tức/"), "/tin-t%E1%BB%A9c/");
        assert_eq!(normalize_path("/a%2Db?p=1#top"), "/a-b?p=1");
        assert_eq!(normalize_path("?p=3"), "/?p=3");
        assert_eq!(normalize_path("/50%"), "/50%25");
        assert_eq!(normalize_path("/a b"), "/a%20b");
    }

    #[test]
    fn takes_path_from_urls() {
        assert_eq!(
            url_path("https://example.org/path/?p=1&amp=2").as_deref(),
            Some("/path/?p=1&amp=2")
        );
        assert_eq!(url_path("http://example.org").as_deref(), Some("/"));
        assert_eq!(url_path("mailto:a@b"), None);
        assert_eq!(
            url_host("https://U:p@Example.org:8080/x").as_deref(),
            Some("example.org")
        );
    }

    #[test]
    fn splits_paths_and_queries() {
        let (s, q) = split_path("/vi/news/Tin-tuc/page-2/?a=b+c&d");
        assert_eq!(s, ["vi", "news", "Tin-tuc", "page-2"]);
        assert_eq!(q, [("a".into(), "b c".into()), ("d".into(), String::new())]);
    }
}
