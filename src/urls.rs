//! Reader URLs, in one place so every link and every canonical check agree.

/// First path segments that are not category slugs.
pub const RESERVED: &[&str] = &[
    "trang",
    "tag",
    "tham-do",
    "static",
    "media",
    "admin",
    "api",
    "tim-kiem",
    "healthz",
    "metrics",
    "rss.xml",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "favicon.ico",
];

/// `/<category>/<slug>-<id>.html`
pub fn article(category_slug: &str, slug: &str, id: i64) -> String {
    if slug.is_empty() {
        format!("/{category_slug}/{id}.html")
    } else {
        format!("/{category_slug}/{slug}-{id}.html")
    }
}

/// `/<category>/`, or `/<category>/trang-N/` past the first page.
pub fn category(slug: &str, page: u32) -> String {
    if page <= 1 {
        format!("/{slug}/")
    } else {
        format!("/{slug}/trang-{page}/")
    }
}

/// `/tag/<slug>/`, or `/tag/<slug>/trang-N/`.
pub fn tag(slug: &str, page: u32) -> String {
    if page <= 1 {
        format!("/tag/{slug}/")
    } else {
        format!("/tag/{slug}/trang-{page}/")
    }
}

/// `/trang/<slug>` for a static page.
pub fn page(slug: &str) -> String {
    format!("/trang/{slug}")
}

/// `/tham-do/<id>` for a poll's results.
pub fn poll(id: i64) -> String {
    format!("/tham-do/{id}")
}

/// Reads `<slug>-<id>.html` (or `<id>.html`) into the id; the slug part is not trusted.
pub fn parse_article_file(file: &str) -> Option<i64> {
    let stem = file.strip_suffix(".html")?;
    let digits = stem.rsplit_once('-').map_or(stem, |(_, id)| id);
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|id| *id > 0)
}

/// Reads `trang-N` into N (2 ≤ N ≤ 100000).
pub fn parse_page_segment(seg: &str) -> Option<u32> {
    let n = seg.strip_prefix("trang-")?;
    if n.len() > 6 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok().filter(|n| (2..=100_000).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_files() {
        assert_eq!(parse_article_file("tiem-chung-mo-rong-42.html"), Some(42));
        assert_eq!(parse_article_file("42.html"), Some(42));
        assert_eq!(parse_article_file("Tiem-Chung-42.html"), Some(42));
        assert_eq!(parse_article_file("tiem-chung-abc.html"), None);
        assert_eq!(parse_article_file("tiem-chung-42"), None);
        assert_eq!(parse_article_file("x-99999999999999999999999.html"), None);
        assert_eq!(parse_article_file("x-0.html"), None);
        // A stray dash still leaves the id; the canonical check then redirects.
        assert_eq!(parse_article_file("x--1.html"), Some(1));
    }

    #[test]
    fn page_segments() {
        assert_eq!(parse_page_segment("trang-2"), Some(2));
        assert_eq!(parse_page_segment("trang-1"), None);
        assert_eq!(parse_page_segment("trang-99999999999"), None);
        assert_eq!(parse_page_segment("trang-x"), None);
        assert_eq!(category("tin-tuc", 1), "/tin-tuc/");
        assert_eq!(category("tin-tuc", 3), "/tin-tuc/trang-3/");
    }
}
