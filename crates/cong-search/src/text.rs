//! Plain text from sanitised article HTML, for [`SearchDoc::body_text`](crate::SearchDoc).

use std::borrow::Cow;

/// Elements whose boundaries separate words: "…tiêm</p><p>chủng…" is two words, while
/// "Đ<b>ảng</b>" stays one.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "img",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content a reader never sees as text.
const SKIP: &[&str] = &["script", "style", "template", "noscript"];

/// Converts HTML to the plain text the index wants: tags removed (block elements become line
/// breaks so words do not run together), script and style content dropped, entities decoded,
/// whitespace collapsed.
///
/// Meant for the output of `cong_text::sanitize_html`; for any other input it degrades to a
/// best effort and never panics.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        let Some((name, closing, end)) = parse_tag(rest) else {
            // A '<' that starts no tag is text ("a < b").
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        rest = &rest[end..];
        if BLOCK.contains(&name.as_str()) {
            out.push('\n');
        }
        if !closing && SKIP.contains(&name.as_str()) {
            rest = match find_ascii_ci(rest, &format!("</{name}")) {
                Some(i) => rest[i..].find('>').map_or("", |j| &rest[i + j + 1..]),
                None => "",
            };
        }
    }
    push_decoded(&mut out, rest);
    collapse_whitespace(&out)
}

/// Parses the tag at the start of `s` (which starts with '<'): lowercase name, whether it is a
/// closing tag, and the byte length up to and including its '>' (quotes respected).
fn parse_tag(s: &str) -> Option<(String, bool, usize)> {
    let body = &s[1..];
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let first = body.chars().next()?;
    let name: String = if first.is_ascii_alphabetic() {
        body.chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    } else if matches!(first, '!' | '?') && !closing {
        String::new() // <!DOCTYPE …> or <?xml …?>: skipped like a tag.
    } else {
        return None;
    };
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some((name, closing, i + 1)),
            _ => {}
        }
    }
    Some((name, closing, s.len()))
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..h.len().checked_sub(n.len())? + 1).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn push_decoded(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // Entity names are short ASCII; look no further than that for the ';'.
        let end = after.bytes().take(12).position(|b| b == b';');
        match end.and_then(|e| decode_entity(&after[..e]).map(|d| (e, d))) {
            Some((e, decoded)) => {
                out.push_str(&decoded);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<Cow<'static, str>> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        let c = char::from_u32(code)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{FFFD}');
        return Some(Cow::Owned(c.to_string()));
    }
    let s = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => " ",
        "shy" => "",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "middot" => "·",
        "bull" => "•",
        "deg" => "°",
        "copy" => "©",
        _ => return None,
    };
    Some(Cow::Borrowed(s))
}

/// Collapses whitespace runs: to one line break when the run had one, else to one space.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run: Option<char> = None;
    for c in text.chars() {
        if c.is_whitespace() {
            if c == '\n' || run.is_none() {
                run = Some(if c == '\n' { '\n' } else { ' ' });
            }
        } else {
            if let Some(sep) = run.take() {
                if !out.is_empty() {
                    out.push(sep);
                }
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_separate_words_and_inline_tags_do_not() {
        let html = "<h2>Tiêm</h2><p>Đ<b>ảng</b>&nbsp;ủy &amp; <a href=\"/x?a=1&amp;b=>\">dân</a></p><p>chủng<br>ngừa</p>";
        assert_eq!(html_to_text(html), "Tiêm\nĐảng ủy & dân\nchủng\nngừa");
    }

    #[test]
    fn scripts_comments_and_odd_input() {
        let html = "a<script>var x = '<p>';</SCRIPT>b<!-- c -->d &#273;&#x1EA3; &bogus; 1 < 2 &";
        assert_eq!(html_to_text(html), "abd đả &bogus; 1 < 2 &");
        assert_eq!(html_to_text("<p"), "");
        assert_eq!(html_to_text("x<style>never closed"), "x");
        assert_eq!(html_to_text("&#0;&#xFFFFFFFF;"), "\u{FFFD}\u{FFFD}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = html_to_text(&s);
        }
    }
}
