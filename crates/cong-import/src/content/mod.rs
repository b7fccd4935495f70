//! Turning stored post bodies into the clean HTML Cổng keeps: WordPress block comments and
//! shortcodes resolved, classic paragraphs restored, then the editor's allow-list applied.

mod autop;
mod entities;
mod html;
mod shortcode;

pub use autop::autop;
pub use entities::decode_entities;
pub use html::html_to_text;
pub(crate) use shortcode::Attachments;
#[cfg(test)]
pub(crate) use shortcode::NoAttachments;

use crate::model::ImportPhoto;
use crate::report::Report;
use cong_text::{escape_html, sanitize_html};
use html::{attr, next_markup};

/// Cleans a WordPress `post_content`: blocks unwrapped, shortcodes expanded, paragraphs added
/// to classic content, then sanitised.
pub(crate) fn clean_wordpress(raw: &str, media: &dyn Attachments, report: &mut Report) -> String {
    // WordPress itself skips wpautop for block content; the blocks already carry their <p>.
    let has_blocks = raw.contains("<!-- wp:");
    let unwrapped = if has_blocks {
        strip_block_comments(raw, report)
    } else {
        raw.to_string()
    };
    let expanded = shortcode::expand_shortcodes(&unwrapped, media, report);
    if has_blocks {
        clean_html(&expanded)
    } else {
        clean_html(&autop(&expanded))
    }
}

/// Cleans a WordPress post body as the reader does, outside an export: `photos` stand for the
/// post's attachments (`[gallery]` shows them all; attachment id `N` is the N-th). For tools
/// and the fuzz targets, which have a body but no export around it.
pub fn clean_wordpress_body(raw: &str, photos: &[ImportPhoto], report: &mut Report) -> String {
    clean_wordpress(raw, &Listed(photos), report)
}

/// Attachments given as a list, numbered from 1.
struct Listed<'a>(&'a [ImportPhoto]);

impl Attachments for Listed<'_> {
    fn by_id(&self, id: &str) -> Option<ImportPhoto> {
        let n: usize = id.parse().ok()?;
        self.0.get(n.checked_sub(1)?).cloned()
    }

    fn of_post(&self) -> Vec<ImportPhoto> {
        self.0.to_vec()
    }
}

/// Sanitises stored HTML; `<h1>` (the page title's level in Cổng's themes, and not on the
/// allow-list) becomes `<h2>` so the heading survives as a heading.
pub(crate) fn clean_html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pos = 0;
    while let Some(m) = next_markup(raw, pos) {
        out.push_str(&raw[pos..m.start]);
        if !m.comment && m.name.eq_ignore_ascii_case("h1") {
            out.push_str(if m.closing { "</h2" } else { "<h2" });
            out.push_str(&raw[m.start + m.name.len() + 1 + usize::from(m.closing)..m.end]);
        } else {
            out.push_str(&raw[m.start..m.end]);
        }
        pos = m.end;
    }
    out.push_str(&raw[pos..]);
    sanitize_html(&out)
}

/// Removes `<!-- wp:name {...} -->` delimiters, keeping what they wrap; self-closing blocks
/// are rendered by PHP at view time (latest posts, archives...), so they are counted as lost.
fn strip_block_comments(raw: &str, report: &mut Report) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pos = 0;
    while let Some(rel) = raw[pos..].find("<!-- ") {
        let at = pos + rel;
        let body = &raw[at + 5..];
        if !(body.starts_with("wp:") || body.starts_with("/wp:")) {
            out.push_str(&raw[pos..at + 5]);
            pos = at + 5;
            continue;
        }
        out.push_str(&raw[pos..at]);
        let Some(end) = body.find("-->") else {
            pos = raw.len();
            break;
        };
        let comment = &body[..end];
        if comment.trim_end().ends_with('/') {
            let name = comment[3..]
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("");
            report.unsupported(&format!("<!-- wp:{name} /-->"));
        }
        pos = at + 5 + end + 3;
    }
    out.push_str(&raw[pos..]);
    out
}

/// The distinct images of a cleaned body, in order; `local` maps a URL into the uploads folder.
pub fn body_photos(html: &str, local: impl Fn(&str) -> Option<String>) -> Vec<ImportPhoto> {
    let mut photos: Vec<ImportPhoto> = Vec::new();
    let mut pos = 0;
    while let Some(m) = next_markup(html, pos) {
        pos = m.end;
        if m.closing || !m.name.eq_ignore_ascii_case("img") {
            continue;
        }
        let Some(src) = attr(m.attrs, "src") else {
            continue;
        };
        if src.is_empty() || photos.iter().any(|p| p.src == src) {
            continue;
        }
        photos.push(ImportPhoto {
            local: local(&src),
            alt: attr(m.attrs, "alt").unwrap_or_default().into_owned(),
            src: src.into_owned(),
            caption: String::new(),
        });
    }
    photos
}

/// The `src` of the first `<img>` of a cleaned body that has no text alternative (no `alt`,
/// or only spaces), also when the same photo was shown before with one; `""` for one without
/// a `src`.
pub fn photo_without_alt(html: &str) -> Option<String> {
    let mut pos = 0;
    while let Some(m) = next_markup(html, pos) {
        pos = m.end;
        if !m.closing
            && m.name.eq_ignore_ascii_case("img")
            && attr(m.attrs, "alt").is_none_or(|a| a.trim().is_empty())
        {
            return Some(attr(m.attrs, "src").unwrap_or_default().into_owned());
        }
    }
    None
}

/// Rewrites the `src` of every `<img>` in sanitised HTML: `f` gets the decoded URL and returns
/// the new one, or `None` to keep it (e.g. when the file was not found and the URL stays).
pub fn rewrite_photo_srcs(html: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    each_photo(html, |tag, _, (a, b)| {
        let new = f(&decode_entities(&tag[a..b]))?;
        Some(format!("{}{}{}", &tag[..a], escape_html(&new), &tag[b..]))
    })
}

/// Adds attributes to `<img>` tags of sanitised HTML: `f` gets the decoded `src` and returns
/// the (name, value) pairs to add; a name the tag has already is left as it is.
pub fn add_photo_attributes(
    html: &str,
    mut f: impl FnMut(&str) -> Vec<(String, String)>,
) -> String {
    each_photo(html, |tag, attrs, (a, b)| {
        let added: Vec<(String, String)> = f(&decode_entities(&tag[a..b]))
            .into_iter()
            .filter(|(name, _)| attr(attrs, name).is_none())
            .collect();
        if added.is_empty() {
            return None;
        }
        let body = tag.trim_end_matches('>');
        let (body, close) = match body.strip_suffix('/') {
            Some(b) => (b.trim_end(), "/>"),
            None => (body, ">"),
        };
        let mut out = body.to_string();
        for (name, value) in added {
            out.push_str(&format!(" {name}=\"{}\"", escape_html(&value)));
        }
        out.push_str(close);
        Some(out)
    })
}

/// Copies sanitised HTML, letting `f` replace each `<img>` tag that has a `src`: it gets the
/// tag, its attribute text and the byte span of the `src` value in the tag, and returns the
/// new tag or `None` to keep it.
fn each_photo(
    html: &str,
    mut f: impl FnMut(&str, &str, (usize, usize)) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    while let Some(m) = next_markup(html, pos) {
        out.push_str(&html[pos..m.start]);
        pos = m.end;
        let tag = &html[m.start..m.end];
        let replaced = (!m.closing && m.name.eq_ignore_ascii_case("img"))
            .then(|| quoted_value_span(tag, "src"))
            .flatten()
            .and_then(|span| f(tag, m.attrs, span));
        out.push_str(replaced.as_deref().unwrap_or(tag));
    }
    out.push_str(&html[pos..]);
    out
}

/// Byte span of a double-quoted attribute value in a tag, as the sanitiser writes them.
fn quoted_value_span(tag: &str, name: &str) -> Option<(usize, usize)> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some((start, start + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_attributes_are_added_once() {
        let html =
            r#"<p>x</p><img src="/media/up/a-640.jpg" alt="Ảnh"><img src="/b.jpg" width="5">"#;
        let out = add_photo_attributes(html, |src| {
            vec![
                ("width".to_string(), "640".to_string()),
                ("srcset".to_string(), format!("{src} 640w")),
            ]
        });
        assert_eq!(
            out,
            r#"<p>x</p><img src="/media/up/a-640.jpg" alt="Ảnh" width="640" srcset="/media/up/a-640.jpg 640w"><img src="/b.jpg" width="5" srcset="/b.jpg 640w">"#
        );
    }

    #[test]
    fn block_content_keeps_its_html_and_counts_dynamic_blocks() {
        let mut r = Report::default();
        let raw = "<!-- wp:paragraph -->\n<p>Một</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:latest-posts {\"x\":1} /-->\n<!-- wp:image -->\n<figure class=\"wp-block-image\"><img src=\"https://a.org/i.jpg\" alt=\"\"/><figcaption>Chú thích</figcaption></figure>\n<!-- /wp:image -->";
        let html = clean_wordpress(raw, &NoAttachments, &mut r);
        assert!(html.contains("<p>Một</p>"), "{html}");
        assert!(
            html.contains("<figcaption>Chú thích</figcaption>"),
            "{html}"
        );
        assert!(!html.contains("<p><figure"), "{html}");
        assert_eq!(
            r.unsupported_markup.get("<!-- wp:latest-posts /-->"),
            Some(&1)
        );
    }

    #[test]
    fn classic_content_gets_paragraphs_and_figures() {
        let mut r = Report::default();
        let raw = "Đoạn một.\n\n[caption id=\"a\" width=\"300\"]<img src=\"https://a.org/x.jpg\" alt=\"X\" width=\"300\" /> Ảnh X[/caption]\n\nĐoạn hai\n<script>alert(1)</script>";
        let html = clean_wordpress(raw, &NoAttachments, &mut r);
        assert_eq!(
            html,
            "<p>Đoạn một.</p>\n<figure><img src=\"https://a.org/x.jpg\" alt=\"X\" width=\"300\"><figcaption>Ảnh X</figcaption></figure><p>Đoạn hai</p>\n"
        );
    }

    #[test]
    fn demotes_h1() {
        assert_eq!(
            clean_html("<H1 class=\"x\">Tiêu đề</H1><p>a</p>"),
            "<h2>Tiêu đề</h2><p>a</p>"
        );
    }

    #[test]
    fn finds_and_rewrites_photos() {
        let html = "<p><img src=\"https://a.org/x.jpg?w=1&amp;h=2\" alt=\"X\"><img src=\"https://a.org/x.jpg?w=1&amp;h=2\"></p>";
        let photos = body_photos(html, |s| {
            s.strip_prefix("https://a.org/").map(str::to_string)
        });
        assert_eq!(photos.len(), 1);
        assert_eq!(photos[0].src, "https://a.org/x.jpg?w=1&h=2");
        assert_eq!(photos[0].local.as_deref(), Some("x.jpg?w=1&h=2"));
        assert_eq!(photos[0].alt, "X");
        let out = rewrite_photo_srcs(html, |s| Some(format!("/media/{}", s.len())));
        assert_eq!(
            out,
            "<p><img src=\"/media/27\" alt=\"X\"><img src=\"/media/27\"></p>"
        );
    }
}
