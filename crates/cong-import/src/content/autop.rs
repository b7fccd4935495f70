//! Paragraphs for classic WordPress content, which stores blank lines instead of `<p>` and
//! lets the theme add them when showing the post.
//!
//! The rule, close to what readers saw: text outside block elements is cut at blank lines into
//! `<p>` paragraphs; inside a block element (a list item, a cell, a div) text is left alone
//! unless it has blank lines of its own; a single line break inside a paragraph is a `<br>`;
//! `<pre>`, `<script>` and `<style>` are copied untouched.

use super::html::next_markup;

/// Elements that start their own block; text around them is never put in the same `<p>`.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "iframe",
    "legend",
    "li",
    "main",
    "map",
    "math",
    "menu",
    "nav",
    "object",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "audio",
    "video",
    "script",
    "style",
    "textarea",
    "noscript",
    "embed",
];

/// Elements whose content is copied as it is.
const RAW: &[&str] = &["pre", "script", "style", "textarea"];

fn is_in(list: &[&str], name: &str) -> bool {
    list.iter().any(|b| name.eq_ignore_ascii_case(b))
}

/// Adds `<p>` and `<br>` to classic-editor content.
pub fn autop(text: &str) -> String {
    let text = join_tag_lines(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut depth = 0usize;
    let mut run_start = 0;
    let mut pos = 0;
    while let Some(m) = next_markup(&text, pos) {
        pos = m.end;
        if m.comment || !is_in(BLOCKS, m.name) {
            continue;
        }
        paragraphs(&text[run_start..m.start], depth > 0, &mut out);
        out.push_str(&text[m.start..m.end]);
        run_start = m.end;
        let void = m.name.eq_ignore_ascii_case("hr") || m.attrs.trim_end().ends_with('/');
        if m.closing {
            depth = depth.saturating_sub(1);
        } else if is_in(RAW, m.name) {
            let close = format!("</{}", m.name.to_ascii_lowercase());
            let end = find_ci(&text, m.end, &close).unwrap_or(text.len());
            out.push_str(&text[m.end..end]);
            run_start = end;
            pos = end;
            depth += 1;
        } else if !void {
            depth += 1;
        }
    }
    paragraphs(&text[run_start..], depth > 0, &mut out);
    out
}

/// Line breaks inside a tag are blanks; they must not become `<br>`.
fn join_tag_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(m) = next_markup(text, pos) {
        out.push_str(&text[pos..m.start]);
        let tag = &text[m.start..m.end];
        if m.comment {
            out.push_str(tag);
        } else {
            out.push_str(&tag.replace('\n', " "));
        }
        pos = m.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Byte offset of `needle` (ASCII, lower case) in `hay` at or after `from`, ignoring case.
fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    (from..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Writes one run of inline content (text and inline tags) between block tags.
fn paragraphs(run: &str, nested: bool, out: &mut String) {
    if run.trim().is_empty() {
        out.push_str(run);
        return;
    }
    let parts = split_blank_lines(run);
    if nested && parts.len() == 1 {
        out.push_str(&line_breaks(run.trim_matches('\n')));
        return;
    }
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        out.push_str("<p>");
        out.push_str(&line_breaks(part));
        out.push_str("</p>\n");
    }
}

/// Splits at lines that hold only blanks, dropping them.
fn split_blank_lines(run: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut off = 0;
    for line in run.split('\n') {
        let end = off + line.len();
        if line.trim().is_empty() {
            if let Some((s, e)) = cur.take() {
                parts.push(&run[s..e]);
            }
        } else {
            cur = Some((cur.map_or(off, |(s, _)| s), end));
        }
        off = end + 1;
    }
    if let Some((s, e)) = cur {
        parts.push(&run[s..e]);
    }
    parts
}

fn line_breaks(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("<br>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_blank_line_paragraphs() {
        assert_eq!(
            autop("First line\nsecond line\n\nNext paragraph.\n"),
            "<p>First line<br>\nsecond line</p>\n<p>Next paragraph.</p>\n"
        );
    }

    #[test]
    fn leaves_blocks_and_pre_alone() {
        let s = "Intro\n<ul>\n<li>one</li>\n<li>two\nlines</li>\n</ul>\n<pre>a\n\nb</pre>\nEnd";
        assert_eq!(
            autop(s),
            "<p>Intro</p>\n<ul>\n<li>one</li>\n<li>two<br>\nlines</li>\n</ul>\n<pre>a\n\nb</pre><p>End</p>\n"
        );
    }

    #[test]
    fn blank_lines_inside_a_block_make_paragraphs() {
        assert_eq!(
            autop("<blockquote>One\n\nTwo</blockquote>"),
            "<blockquote><p>One</p>\n<p>Two</p>\n</blockquote>"
        );
    }

    #[test]
    fn inline_tags_stay_in_the_paragraph() {
        assert_eq!(
            autop("A <a href=\"x\">link</a> and <img src=\"y.jpg\" />.\n\n"),
            "<p>A <a href=\"x\">link</a> and <img src=\"y.jpg\" />.</p>\n"
        );
    }
}
