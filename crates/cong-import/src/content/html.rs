//! A small HTML tag scanner: enough to find tags, comments and attributes in stored post
//! bodies without building a tree (the sanitiser builds the real one at the end).

use std::borrow::Cow;

use super::entities::decode_entities;

/// A piece of markup found in a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Markup<'a> {
    /// Byte offset of the `<`.
    pub start: usize,
    /// Byte offset just past the `>`.
    pub end: usize,
    /// Tag name as written (compare with `eq_ignore_ascii_case`); empty for comments.
    pub name: &'a str,
    /// `</name>`.
    pub closing: bool,
    /// `<!-- ... -->`.
    pub comment: bool,
    /// The text between the name and the `>` (attributes, maybe a trailing `/`).
    pub attrs: &'a str,
}

/// Finds the next tag or comment at or after `from`; a `<` that starts neither is text.
pub(crate) fn next_markup(s: &str, mut from: usize) -> Option<Markup<'_>> {
    let b = s.as_bytes();
    loop {
        let lt = from + memchr::memchr(b'<', &b[from..])?;
        if b[lt + 1..].starts_with(b"!--") {
            let body = lt + 4;
            let end = s[body..].find("-->").map_or(s.len(), |i| body + i + 3);
            return Some(Markup {
                start: lt,
                end,
                name: "",
                closing: false,
                comment: true,
                attrs: "",
            });
        }
        let closing = b.get(lt + 1) == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
            from = lt + 1;
            continue;
        }
        let attrs_at = name_at + name_len;
        let Some(gt) = tag_end(b, attrs_at) else {
            from = lt + 1;
            continue;
        };
        return Some(Markup {
            start: lt,
            end: gt + 1,
            name: &s[name_at..attrs_at],
            closing,
            comment: false,
            attrs: &s[attrs_at..gt],
        });
    }
}

/// The `>` that ends a tag, skipping quoted attribute values.
fn tag_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut quote = 0u8;
    while i < b.len() {
        let c = b[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'>' {
            return Some(i);
        } else if c == b'<' {
            return None;
        }
        i += 1;
    }
    None
}

/// The value of attribute `name` in a tag's attribute text, entities decoded.
pub(crate) fn attr<'a>(attrs: &'a str, name: &str) -> Option<Cow<'a, str>> {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let n0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !b"=/>".contains(&b[i]) {
            i += 1;
        }
        let key = &attrs[n0..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let v0 = i + 1;
                i = v0 + b[v0..].iter().position(|c| *c == q).unwrap_or(b.len() - v0);
                value = &attrs[v0..i];
                i += 1;
            } else {
                let v0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = &attrs[v0..i];
            }
        }
        if !key.is_empty() && key.eq_ignore_ascii_case(name) {
            return Some(decode_entities(value));
        }
        if key.is_empty() && i == n0 {
            i += 1;
        }
    }
    None
}

/// Elements after which text starts on a new line when flattened.
const BREAKING: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "pre",
    "table",
    "figure",
    "figcaption",
    "section",
    "article",
    "header",
    "footer",
    "dd",
    "dt",
];

/// Flattens HTML to plain text: tags dropped, entities decoded, `<br>` and blocks become line
/// breaks, runs of ASCII blanks collapse (other characters, however odd, are kept as they are).
pub fn html_to_text(html: &str) -> String {
    let mut raw = String::with_capacity(html.len());
    let mut pos = 0;
    let mut skip_until: Option<&str> = None;
    while let Some(m) = next_markup(html, pos) {
        if skip_until.is_none() {
            raw.push_str(&decode_entities(&html[pos..m.start]));
        }
        pos = m.end;
        if m.comment {
            continue;
        }
        if let Some(end) = skip_until {
            if m.closing && m.name.eq_ignore_ascii_case(end) {
                skip_until = None;
            }
            continue;
        }
        let name = m.name;
        if !m.closing && (name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style"))
        {
            skip_until = Some(if name.eq_ignore_ascii_case("script") {
                "script"
            } else {
                "style"
            });
        } else if name.eq_ignore_ascii_case("br") {
            raw.push('\n');
        } else if BREAKING.iter().any(|b| name.eq_ignore_ascii_case(b)) {
            raw.push_str(if name.eq_ignore_ascii_case("p") {
                "\n\n"
            } else {
                "\n"
            });
        }
    }
    if skip_until.is_none() {
        raw.push_str(&decode_entities(&html[pos..]));
    }
    tidy_blanks(&raw)
}

/// Collapses ASCII blanks within lines, trims lines, keeps at most one empty line in a row.
fn tidy_blanks(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut empty_run = 0;
    for line in raw.replace("\r\n", "\n").split(['\n', '\r']) {
        let mut l = String::with_capacity(line.len());
        for word in line.split([' ', '\t']).filter(|w| !w.is_empty()) {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
        if l.is_empty() {
            empty_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if empty_run > 0 { "\n\n" } else { "\n" });
        }
        empty_run = 0;
        out.push_str(&l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_comments_and_attributes() {
        let s = r#"a < b <img src="x.jpg" alt='A "q"' data-x=1/><!-- c --></p>"#;
        let m = next_markup(s, 0).unwrap();
        assert_eq!((m.name, m.closing), ("img", false));
        assert_eq!(attr(m.attrs, "SRC").as_deref(), Some("x.jpg"));
        assert_eq!(attr(m.attrs, "alt").as_deref(), Some("A \"q\""));
        assert_eq!(attr(m.attrs, "data-x").as_deref(), Some("1/"));
        let c = next_markup(s, m.end).unwrap();
        assert!(c.comment);
        let p = next_markup(s, c.end).unwrap();
        assert!(p.closing && p.name == "p");
    }

    #[test]
    fn flattens_to_text() {
        let html =
            "Hi,<br />this is <b>bold</b> &amp; <script>x()</script>fine.<p>Next  \t para</p>";
        assert_eq!(html_to_text(html), "Hi,\nthis is bold & fine.\n\nNext para");
        assert_eq!(html_to_text(r"\o/ ¯\_(ツ)_/¯"), r"\o/ ¯\_(ツ)_/¯");
    }
}
