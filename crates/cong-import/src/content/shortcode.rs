//! WordPress shortcodes into plain HTML.
//!
//! Only names WordPress (or WordPress.com, or a very common plugin) defines are touched: an
//! unregistered `[name]` is shown literally by WordPress too, and real text holds brackets
//! ("coracles [simple boat]"). `[[name]]` is WordPress's escape and shows `[name]`.

use std::collections::HashMap;

use super::html::next_markup;
use crate::model::ImportPhoto;
use crate::report::Report;
use cong_text::escape_html;

/// What the content cleaner may ask about attachments (WordPress media items).
pub(crate) trait Attachments {
    /// The attachment with this post id.
    fn by_id(&self, id: &str) -> Option<ImportPhoto>;
    /// Every image attached to the post being cleaned, in export order.
    fn of_post(&self) -> Vec<ImportPhoto>;
}

/// No attachment information.
#[cfg(test)]
pub(crate) struct NoAttachments;

#[cfg(test)]
impl Attachments for NoAttachments {
    fn by_id(&self, _: &str) -> Option<ImportPhoto> {
        None
    }
    fn of_post(&self) -> Vec<ImportPhoto> {
        Vec::new()
    }
}

enum Handling {
    Figure,
    Gallery,
    Link,
    Code,
    /// Dropped together with what it encloses.
    Drop,
}

fn handling(name: &str) -> Option<Handling> {
    Some(match name {
        "caption" | "wp_caption" => Handling::Figure,
        "gallery" => Handling::Gallery,
        "embed" | "audio" | "video" | "youtube" | "vimeo" | "soundcloud" | "dailymotion"
        | "googlemaps" | "slideshare" | "scribd" | "pdf-embedder" => Handling::Link,
        "code" | "sourcecode" => Handling::Code,
        "playlist"
        | "contact-form"
        | "contact-form-7"
        | "contact-field"
        | "polldaddy"
        | "crowdsignal"
        | "archives"
        | "recipe"
        | "slideshow"
        | "wpvideo"
        | "instagram"
        | "tweet"
        | "twitter-timeline"
        | "fb_pixel"
        | "wufoo"
        | "portfolio"
        | "blog_subscription_form" => Handling::Drop,
        _ => return None,
    })
}

/// Replaces known shortcodes; counts each one that has no clean equivalent in the report.
pub(crate) fn expand_shortcodes(
    text: &str,
    media: &dyn Attachments,
    report: &mut Report,
) -> String {
    if !text.contains('[') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(rel) = text[pos..].find('[') {
        let open = pos + rel;
        out.push_str(&text[pos..open]);
        let Some(sc) = parse_at(text, open) else {
            out.push('[');
            pos = open + 1;
            continue;
        };
        pos = sc.end;
        if sc.escaped {
            out.push_str(&text[open + 1..sc.end - 1]);
            continue;
        }
        let inner = sc.content.map(|(a, b)| &text[a..b]).unwrap_or("");
        match handling(sc.name).expect("parse_at only accepts known names") {
            Handling::Figure => out.push_str(&figure(&sc.attrs, inner)),
            Handling::Gallery => {
                let html = gallery(&sc.attrs, media);
                if html.is_empty() {
                    report.unsupported("[gallery] without resolvable images");
                }
                out.push_str(&html);
            }
            Handling::Link => {
                report.unsupported(&format!("[{}]", sc.name));
                let url = ["src", "url", "mp3", "m4a", "ogg", "wav", "mp4", "webm", "0"]
                    .iter()
                    .find_map(|k| sc.attrs.get(*k).filter(|v| v.contains("://")))
                    .cloned()
                    .unwrap_or_else(|| inner.trim().to_string());
                if url.contains("://") && !url.contains(['<', '"']) {
                    let u = escape_html(&url);
                    out.push_str(&format!("<p><a href=\"{u}\">{u}</a></p>"));
                }
            }
            Handling::Code => {
                report.unsupported(&format!("[{}]", sc.name));
                out.push_str(&format!("<pre><code>{}</code></pre>", escape_html(inner)));
            }
            Handling::Drop => report.unsupported(&format!("[{}]", sc.name)),
        }
    }
    out.push_str(&text[pos..]);
    out
}

struct Shortcode<'a> {
    name: &'a str,
    attrs: HashMap<String, String>,
    content: Option<(usize, usize)>,
    end: usize,
    escaped: bool,
}

/// Parses a known shortcode starting at the `[` at `open`.
fn parse_at(text: &str, open: usize) -> Option<Shortcode<'_>> {
    let b = text.as_bytes();
    let escaped = b.get(open + 1) == Some(&b'[');
    let name_at = open + 1 + usize::from(escaped);
    let name_len = b[name_at..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
        .count();
    let name = &text[name_at..name_at + name_len];
    handling(name)?;
    let after = *b.get(name_at + name_len)?;
    if !(after == b']' || after == b'/' || after.is_ascii_whitespace()) {
        return None;
    }
    let close = name_at + name_len + text[name_at + name_len..].find(']')?;
    let raw_attrs = &text[name_at + name_len..close];
    if raw_attrs.contains('[') {
        return None;
    }
    let self_closing = raw_attrs.trim_end().ends_with('/');
    let mut end = close + 1;
    let mut content = None;
    if !self_closing {
        let closer = format!("[/{name}]");
        if let Some(rel) = text[end..].find(&closer) {
            content = Some((end, end + rel));
            end += rel + closer.len();
        }
    }
    if escaped {
        if b.get(end) != Some(&b']') {
            return None;
        }
        end += 1;
    }
    Some(Shortcode {
        name,
        attrs: parse_attrs(raw_attrs.trim_end_matches('/')),
        content,
        end,
        escaped,
    })
}

/// `a="x" b='y' c=z "positional"` into a map; positional values are keyed "0", "1", ...
fn parse_attrs(s: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut rest = s.trim_start();
    let mut n = 0;
    while !rest.is_empty() {
        let key_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '"' || c == '\'')
            .unwrap_or(rest.len());
        let (key, tail) = rest.split_at(key_len);
        let tail_t = tail.trim_start();
        let (key, value, remaining) =
            if let Some(v) = tail_t.strip_prefix('=').filter(|_| !key.is_empty()) {
                let v = v.trim_start();
                let (val, rem) = take_value(v);
                (key.to_ascii_lowercase(), val, rem)
            } else if key.is_empty() {
                let (val, rem) = take_value(rest);
                n += 1;
                ((n - 1).to_string(), val, rem)
            } else {
                n += 1;
                ((n - 1).to_string(), key.to_string(), tail)
            };
        map.insert(key, value);
        rest = remaining.trim_start();
    }
    map
}

fn take_value(v: &str) -> (String, &str) {
    if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = &v[1..];
        let end = body.find(q).unwrap_or(body.len());
        (body[..end].to_string(), body.get(end + 1..).unwrap_or(""))
    } else {
        let end = v.find(char::is_whitespace).unwrap_or(v.len());
        (v[..end].to_string(), &v[end..])
    }
}

/// `[caption]<a><img></a> Text[/caption]` (or the old `caption="Text"` form) as a figure.
fn figure(attrs: &HashMap<String, String>, inner: &str) -> String {
    let inner = inner.trim();
    // The image (possibly wrapped in a link) comes first; the caption is what follows it.
    let mut split = 0;
    let mut pos = 0;
    while let Some(m) = next_markup(inner, pos) {
        if !inner[pos..m.start].trim().is_empty() {
            break;
        }
        pos = m.end;
        if m.name.eq_ignore_ascii_case("img") || (m.closing && m.name.eq_ignore_ascii_case("a")) {
            split = m.end;
        }
        if !(m.name.eq_ignore_ascii_case("a") || m.name.eq_ignore_ascii_case("img")) {
            break;
        }
    }
    let (image, text) = inner.split_at(split);
    let caption = match attrs.get("caption") {
        Some(c) if text.trim().is_empty() => escape_html(c),
        _ => text.trim().to_string(),
    };
    if caption.is_empty() {
        format!("<figure>{image}</figure>")
    } else {
        format!("<figure>{image}<figcaption>{caption}</figcaption></figure>")
    }
}

/// `[gallery ids="1,2"]` (or every image attached to the post) as a figure of images.
fn gallery(attrs: &HashMap<String, String>, media: &dyn Attachments) -> String {
    let photos: Vec<ImportPhoto> = match attrs.get("ids").or_else(|| attrs.get("include")) {
        Some(ids) => ids
            .split(',')
            .filter_map(|id| media.by_id(id.trim()))
            .collect(),
        None => media.of_post(),
    };
    if photos.is_empty() {
        return String::new();
    }
    let mut html = String::from("<figure class=\"gallery\">");
    for p in &photos {
        html.push_str(&format!(
            "<img src=\"{}\" alt=\"{}\">",
            escape_html(&p.src),
            escape_html(&p.alt)
        ));
    }
    html.push_str("</figure>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(s: &str) -> (String, Report) {
        let mut r = Report::default();
        (expand_shortcodes(s, &NoAttachments, &mut r), r)
    }

    #[test]
    fn caption_becomes_figure() {
        let (html, r) = expand(
            r#"[caption id="attachment_1" align="alignright" width="300"]<a href="/big.jpg"><img src="/a.jpg" alt="A" /></a> Ảnh: <em>Hà Nội</em>[/caption]"#,
        );
        assert_eq!(
            html,
            r#"<figure><a href="/big.jpg"><img src="/a.jpg" alt="A" /></a><figcaption>Ảnh: <em>Hà Nội</em></figcaption></figure>"#
        );
        assert!(r.unsupported_markup.is_empty());
    }

    #[test]
    fn old_caption_attribute_form() {
        let (html, _) =
            expand(r#"[caption id="" caption="Sông & núi"]<img src="b.jpg">[/caption]"#);
        assert_eq!(
            html,
            r#"<figure><img src="b.jpg"><figcaption>Sông &amp; núi</figcaption></figure>"#
        );
    }

    #[test]
    fn unknown_brackets_stay_and_escapes_unwrap() {
        let (html, r) = expand("coracles [simple boat] and [[caption]] and [1]");
        assert_eq!(html, "coracles [simple boat] and [caption] and [1]");
        assert!(r.unsupported_markup.is_empty());
    }

    #[test]
    fn media_become_links_and_are_counted() {
        let (html, r) = expand("[audio src=\"https://x.org/a.mp3\"][embed]https://youtu.be/x[/embed][playlist ids=\"1\"]");
        assert_eq!(
            html,
            "<p><a href=\"https://x.org/a.mp3\">https://x.org/a.mp3</a></p><p><a href=\"https://youtu.be/x\">https://youtu.be/x</a></p>"
        );
        assert_eq!(r.unsupported_markup.len(), 3);
    }

    #[test]
    fn gallery_without_images_is_dropped_and_counted() {
        let (html, r) = expand("a [gallery ids=\"1,2\"] b");
        assert_eq!(html, "a  b");
        assert_eq!(r.unsupported_markup.values().sum::<u64>(), 1);
    }
}
