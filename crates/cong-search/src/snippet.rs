//! Highlighted titles and body snippets, as HTML.
//!
//! Words are found with the same splitting and folding as the index, so "tiem" highlights
//! "tiêm" in the original text with its diacritics. tantivy's `SnippetGenerator` is not used:
//! its length limit counts bytes (Vietnamese letters take two or three), it returns nothing
//! when only the title matched, and it adds no ellipses.

use std::collections::HashMap;
use std::ops::Range;

use cong_text::escape_html;

use crate::tokenize::{exact_word, fold_word, quick_first_folded, words};

/// Longest body snippet, in characters (ellipses not counted).
pub const SNIPPET_CHARS: usize = 200;

/// Context kept before the first highlighted word of a snippet, in characters.
const LEAD_CHARS: usize = 40;

/// Most highlighted words considered as the start of a snippet window; enough for a good
/// window, and bounded for a word that occurs thousands of times.
const MAX_CANDIDATES: usize = 256;

/// The query words to highlight: folded forms, and for each the spellings it was typed with.
pub(crate) struct Terms {
    ids: HashMap<String, usize>,
    /// Per term id, the typed spellings with diacritics (empty when typed without any).
    spellings: Vec<Vec<String>>,
    firsts: Vec<char>,
}

impl Terms {
    /// Terms from (folded word, typed spellings that differ from it).
    pub(crate) fn new<'a>(terms: impl IntoIterator<Item = (&'a str, &'a [String])>) -> Self {
        let mut ids = HashMap::new();
        let mut spellings = Vec::new();
        for (folded, exact) in terms {
            if !ids.contains_key(folded) {
                ids.insert(folded.to_string(), spellings.len());
                spellings.push(exact.to_vec());
            }
        }
        let firsts = ids.keys().filter_map(|t| t.chars().next()).collect();
        Terms {
            ids,
            spellings,
            firsts,
        }
    }

    /// The term this original word folds to, if any, and whether it is spelt as typed.
    fn find(&self, word: &str) -> Option<(usize, bool)> {
        if let Some(c) = quick_first_folded(word) {
            if !self.firsts.contains(&c) {
                return None;
            }
        }
        let id = *self.ids.get(&fold_word(word))?;
        let typed = &self.spellings[id];
        Some((id, typed.is_empty() || typed.contains(&exact_word(word))))
    }
}

/// A word of the text with its byte and character ranges and the term it matches.
struct Span {
    bytes: Range<usize>,
    chars: Range<usize>,
    term: Option<usize>,
    /// The word is spelt as the query typed it (always, for words typed without diacritics).
    as_typed: bool,
}

fn spans(text: &str, terms: &Terms) -> Vec<Span> {
    let (mut byte, mut char) = (0, 0);
    words(text)
        .map(|w| {
            char += text[byte..w.range.start].chars().count();
            let start = char;
            char += w.text.chars().count();
            byte = w.range.end;
            let found = terms.find(w.text);
            Span {
                bytes: w.range.clone(),
                chars: start..char,
                term: found.map(|(id, _)| id),
                as_typed: found.is_some_and(|(_, as_typed)| as_typed),
            }
        })
        .collect()
}

/// The highlighted title and body snippet of one hit.
///
/// A query word typed with diacritics highlights only words spelt that way ("chủng", not
/// "chung"), unless the document has no such word, in which case its folded matches show
/// why it was found (a misspelt tone mark, or "đăng" for "đảng").
pub(crate) fn title_and_snippet(title: &str, body: &str, terms: &Terms) -> (String, String) {
    let (mut t, mut b) = (spans(title, terms), spans(body, terms));
    let mut has_typed = vec![false; terms.spellings.len()];
    for s in t.iter().chain(&b).filter(|s| s.as_typed) {
        if let Some(id) = s.term {
            has_typed[id] = true;
        }
    }
    for s in t.iter_mut().chain(b.iter_mut()) {
        if s.term.is_some_and(|id| has_typed[id]) && !s.as_typed {
            s.term = None;
        }
    }
    (render(title, 0..title.len(), &t), snippet(body, &b))
}

/// At most [`SNIPPET_CHARS`] characters of the text around its best cluster of matched words
/// (or its beginning when nothing matched), escaped, with matches in `<mark>` and "…" where
/// text was cut.
fn snippet(text: &str, spans: &[Span]) -> String {
    let total_chars = spans.last().map_or(0, |s| s.chars.end);
    if spans.is_empty() || total_chars <= SNIPPET_CHARS {
        // Short text (or no words at all): show it whole, cut by characters if need be.
        let end = text
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map_or(text.len(), |(i, _)| i);
        return render(text, 0..end, spans);
    }
    let (first, last) = best_window(spans);
    // From the very beginning when that only adds a little leading punctuation (an opening
    // quote), so the snippet does not start with a needless "…".
    let start = if first == 0 && spans[0].chars.start <= LEAD_CHARS {
        0
    } else {
        spans[first].bytes.start
    };
    render(
        text,
        start..extend_punctuation(text, spans[last].bytes.end),
        spans,
    )
}

/// Chooses the window (first and last span index) with the most distinct matched terms, then
/// the most adjacent matched pairs ("tiêm chủng"), then one that starts at such a pair, then
/// the most matches, then the earliest.
fn best_window(spans: &[Span]) -> (usize, usize) {
    let window_from = |first: usize| {
        let start = spans[first].chars.start;
        let mut last = first;
        while last + 1 < spans.len() && spans[last + 1].chars.end - start <= SNIPPET_CHARS {
            last += 1;
        }
        last
    };
    let pair_at = |i: usize| {
        let next = spans.get(i + 1).and_then(|s| s.term);
        spans[i].term.is_some() && next.is_some() && next != spans[i].term
    };
    let mut best = (0, window_from(0));
    let mut best_score = (0, 0, false, 0);
    let matches = spans.iter().enumerate().filter(|(_, s)| s.term.is_some());
    for (m, span) in matches.take(MAX_CANDIDATES) {
        let mut first = m;
        while first > 0 && span.chars.start - spans[first - 1].chars.start <= LEAD_CHARS {
            first -= 1;
        }
        let last = window_from(first);
        let mut seen: Vec<usize> = spans[first..=last].iter().filter_map(|s| s.term).collect();
        let count = seen.len();
        seen.sort_unstable();
        seen.dedup();
        let pairs = (first..last).filter(|&i| pair_at(i)).count();
        let score = (seen.len(), pairs, pair_at(m), count);
        if score > best_score {
            (best, best_score) = ((first, last), score);
        }
    }
    best
}

/// Keeps a full stop, comma or closing bracket that directly follows the last word.
fn extend_punctuation(text: &str, end: usize) -> usize {
    let extra: usize = text[end..]
        .chars()
        .take(2)
        .take_while(|c| !c.is_whitespace() && !c.is_alphanumeric())
        .map(char::len_utf8)
        .sum();
    end + extra
}

/// Escapes `text[range]`, collapsing whitespace runs, wrapping matched spans in `<mark>`.
fn render(text: &str, range: Range<usize>, spans: &[Span]) -> String {
    let mut out = String::new();
    if !text[..range.start].trim().is_empty() {
        out.push('…');
    }
    let mut pos = range.start;
    let inside = spans
        .iter()
        .filter(|s| s.term.is_some() && s.bytes.start >= range.start && s.bytes.end <= range.end);
    for s in inside {
        push_text(&mut out, &text[pos..s.bytes.start]);
        out.push_str("<mark>");
        out.push_str(&escape_html(&text[s.bytes.clone()]));
        out.push_str("</mark>");
        pos = s.bytes.end;
    }
    push_text(&mut out, &text[pos..range.end]);
    let out = out.trim().to_string();
    if text[range.end..].trim().is_empty() {
        out
    } else {
        out + "…"
    }
}

fn push_text(out: &mut String, text: &str) {
    let mut collapsed = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                collapsed.push(' ');
                space = false;
            }
            collapsed.push(c);
        }
    }
    if space {
        collapsed.push(' ');
    }
    out.push_str(&escape_html(&collapsed));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    /// (title html, snippet html) for `query` over (`title`, `body`).
    fn show(query: &str, title: &str, body: &str) -> (String, String) {
        let parsed = parse(query);
        let terms = Terms::new(
            parsed
                .words
                .iter()
                .map(|w| (w.folded.as_str(), &w.exact[..])),
        );
        title_and_snippet(title, body, &terms)
    }

    fn snip(query: &str, body: &str) -> String {
        show(query, "", body).1
    }

    #[test]
    fn highlights_original_words_and_escapes() {
        let (title, _) = show("tiem dang", "Lịch <b>tiêm</b> chủng & \"Đảng\"", "");
        assert_eq!(
            title,
            "Lịch &lt;b&gt;<mark>tiêm</mark>&lt;/b&gt; chủng &amp; &quot;<mark>Đảng</mark>&quot;"
        );
    }

    #[test]
    fn words_typed_with_diacritics_highlight_that_spelling_when_present() {
        let (title, body) = show("tiêm chủng", "Chung tay tiêm chủng", "Hoạt động chung.");
        assert_eq!(title, "Chung tay <mark>tiêm</mark> <mark>chủng</mark>");
        assert_eq!(body, "Hoạt động chung.");
        // No "chủng" anywhere: the folded match shows why the document was found.
        let (title, _) = show("tiêm chũng", "Tiêm chủng mở rộng", "");
        assert_eq!(title, "<mark>Tiêm</mark> <mark>chủng</mark> mở rộng");
        let (title, _) = show("tiem chung", "Chung tay tiêm chủng", "");
        assert_eq!(
            title,
            "<mark>Chung</mark> tay <mark>tiêm</mark> <mark>chủng</mark>"
        );
    }

    #[test]
    fn short_text_is_shown_whole_with_collapsed_spaces() {
        assert_eq!(
            snip("hoc", "  Trẻ   em\n\nđi học. "),
            "Trẻ em đi <mark>học</mark>."
        );
    }

    #[test]
    fn long_text_is_cut_around_the_best_cluster() {
        let filler = "lời mở đầu không liên quan. ".repeat(20);
        let text = format!("{filler}Phường tổ chức tiêm chủng cho trẻ. {filler}");
        let html = snip("tiem chung", &text);
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(
            html.contains("<mark>tiêm</mark> <mark>chủng</mark>"),
            "{html}"
        );
        let visible = html.replace("<mark>", "").replace("</mark>", "");
        assert!(visible.chars().count() <= SNIPPET_CHARS + 4, "{visible}");
    }

    #[test]
    fn snippets_prefer_adjacent_matches() {
        let text = format!(
            "{}Hoạt động chung. {}Phường tổ chức tiêm chủng cho trẻ. {}",
            "a ".repeat(100),
            "b ".repeat(60),
            "c ".repeat(100)
        );
        let html = snip("tiem chung", &text);
        assert!(
            html.contains("<mark>tiêm</mark> <mark>chủng</mark>"),
            "{html}"
        );
        assert!(!html.contains("Hoạt động"), "{html}");
    }

    #[test]
    fn without_matches_the_beginning_is_shown() {
        let html = snip("khong", &"Mở đầu bài viết. ".repeat(40));
        assert!(html.starts_with("Mở đầu bài viết.") && html.ends_with('…'));
        assert!(!html.contains("<mark>"));
    }

    #[test]
    fn text_without_words_is_cut_by_characters() {
        let text = "!".repeat(1000);
        assert_eq!(snip("a", &text), format!("{}…", "!".repeat(200)));
    }
}
