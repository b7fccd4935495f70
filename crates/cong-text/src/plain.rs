//! Readers' plain text (comments) shown as HTML: escaped, paragraphs kept, web addresses made
//! into links that pass no search-engine credit.

use crate::escape_html;

/// Characters that end a sentence more often than an address.
const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?', ')', ']', '"', '\''];

/// Where the web addresses in `text` are: byte ranges of `http://…`, `https://…` or `www.…`
/// runs up to the next space, without trailing punctuation.
fn links(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let trimmed = word.trim_end();
        let lower = trimmed.to_ascii_lowercase();
        let is_link = ["http://", "https://", "www."]
            .iter()
            .any(|p| lower.starts_with(p) && lower.len() > p.len());
        if is_link {
            let core = trimmed.trim_end_matches(TRAILING);
            if core.len() > 4 {
                out.push(start..start + core.len());
            }
        }
        start += word.len();
    }
    out
}

/// How many web addresses `text` holds.
pub fn count_links(text: &str) -> usize {
    links(text).len()
}

/// `text` as HTML: escaped, line breaks as `<br>`, addresses as
/// `<a href="…" rel="nofollow ugc">`.
pub fn plain_text_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    let push_text = |out: &mut String, s: &str| {
        out.push_str(&escape_html(s).replace('\n', "<br>\n"));
    };
    for r in links(text) {
        push_text(&mut out, &text[at..r.start]);
        let shown = &text[r.clone()];
        let href = if shown.to_ascii_lowercase().starts_with("www.") {
            format!("http://{shown}")
        } else {
            shown.to_string()
        };
        out.push_str(&format!(
            "<a href=\"{}\" rel=\"nofollow ugc\">{}</a>",
            escape_html(&href),
            escape_html(shown)
        ));
        at = r.end;
    }
    push_text(&mut out, &text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_and_counted() {
        let t = "Xem https://soyte.vn/a?b=1. và www.example.vn, hoặc http:// (trống) ftp://x.vn";
        assert_eq!(count_links(t), 2);
        assert_eq!(count_links("không có địa chỉ nào"), 0);
    }

    #[test]
    fn text_is_escaped_and_links_are_nofollow() {
        let html = plain_text_html("<b>Chào</b>\nxem www.x.vn/a\"b, \"javascript:alert(1)\"");
        assert_eq!(
            html,
            "&lt;b&gt;Chào&lt;/b&gt;<br>\nxem <a href=\"http://www.x.vn/a&quot;b\" \
             rel=\"nofollow ugc\">www.x.vn/a&quot;b</a>, &quot;javascript:alert(1)&quot;"
        );
    }
}
