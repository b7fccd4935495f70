//! Word splitting and the three analyzers (folded, exact, syllable bigrams).
//!
//! Indexing, query building and snippets all split text with [`words`], so a word means the
//! same thing everywhere and token offsets always point into the original (NFC) text.

use std::ops::Range;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};
use unicode_normalization::UnicodeNormalization;

/// Tokenizer name: words folded with `fold_vi` ("Đảng" → "dang").
pub(crate) const FOLDED: &str = "vi_folded";
/// Tokenizer name: lowercase words with their diacritics ("Đảng" → "đảng").
pub(crate) const EXACT: &str = "vi_exact";
/// Tokenizer name: adjacent folded words joined by '_' ("tiêm chủng" → "tiem_chung").
pub(crate) const BIGRAM: &str = "vi_bigram";

/// Longest word kept, in bytes. Longer alphanumeric runs are hashes, ids or junk: indexing them
/// only bloats the term dictionary (and tantivy drops tokens over 64 KiB with a warning).
const MAX_WORD_BYTES: usize = 64;

/// One word of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// The word as written (a slice of the input).
    pub text: &'a str,
    /// Byte range of the word in the input.
    pub range: Range<usize>,
    /// Index among all words of the input, counting skipped over-long words, so a skipped
    /// word still separates its neighbours (no bigram or phrase across it).
    pub index: usize,
}

/// Splits text into words: runs of Unicode letters and digits (plus combining marks, so stray
/// NFD input does not cut a syllable in two). Over-long words are skipped.
pub(crate) fn words(text: &str) -> impl Iterator<Item = Word<'_>> + '_ {
    let mut chars = text.char_indices().peekable();
    let mut index = 0usize;
    std::iter::from_fn(move || loop {
        // Skip separators; a word starts with a letter or digit, never with a lone mark.
        let (start, _) = loop {
            let (i, c) = chars.next()?;
            if is_alphanumeric(c) && !is_combining_mark(c) {
                break (i, c);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if is_alphanumeric(c) || is_combining_mark(c) {
                chars.next();
            } else {
                end = i;
                break;
            }
        }
        let word = Word {
            text: &text[start..end],
            range: start..end,
            index,
        };
        index += 1;
        if word.text.len() <= MAX_WORD_BYTES {
            return Some(word);
        }
    })
}

/// Whether two words separated by `gap` count as adjacent syllables: only spaces or hyphens
/// between them, so a bigram never spans a comma, a full stop or a quote.
pub(crate) fn joinable(gap: &str) -> bool {
    gap.chars().all(|c| c.is_whitespace() || c == '-')
}

/// The folded form of one word; identical to `cong_text::fold_vi`, with a shortcut for ASCII.
pub(crate) fn fold_word(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        cong_text::fold_vi(word)
    }
}

/// The exact form of one word: NFC, lowercase, diacritics kept.
pub(crate) fn exact_word(word: &str) -> String {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    if unicode_normalization::is_nfc(&lower) {
        lower
    } else {
        lower.nfc().collect()
    }
}

/// A cheap guess at the first character of `fold_word(word)`, used only to skip words that
/// cannot match before paying for a full fold. `None` when unsure.
pub(crate) fn quick_first_folded(word: &str) -> Option<char> {
    let first = word.chars().next()?;
    if first.is_ascii() {
        return Some(first.to_ascii_lowercase());
    }
    let mut lower = first.to_lowercase();
    let (l, rest) = (lower.next()?, lower.next());
    if rest.is_some() {
        return None;
    }
    let mut base = None;
    unicode_normalization::char::decompose_canonical(l, |d| {
        if base.is_none() && !is_combining_mark(d) {
            base = Some(d);
        }
    });
    base.map(|b| if b == 'đ' { 'd' } else { b })
}

/// `char::is_alphanumeric`, answered without Unicode's tables for ASCII and the Latin blocks
/// Vietnamese is written in: the tables' slow path was a tenth of a search's time, spent
/// splitting result bodies for their snippets.
#[inline]
fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Latin-1 letters (but × and ÷), Latin Extended-A and -B.
        0xC0..=0x24F => c != '\u{D7}' && c != '\u{F7}',
        // Latin Extended Additional: ạ ả ấ … ỹ.
        0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric(),
    }
}

pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Registers the three analyzers under the names the schema refers to.
pub(crate) fn register(manager: &TokenizerManager) {
    for mode in [Mode::Folded, Mode::Exact, Mode::Bigram] {
        manager.register(mode.name(), TextAnalyzer::from(ViTokenizer::new(mode)));
    }
}

/// Which tokens a [`ViTokenizer`] emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Folded,
    Exact,
    Bigram,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Folded => FOLDED,
            Mode::Exact => EXACT,
            Mode::Bigram => BIGRAM,
        }
    }
}

/// Runs one analysis over `text` and returns its tokens (offsets into `text`).
#[cfg(test)]
fn analyze(mode: Mode, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    analyze_into(mode, text, &mut out);
    out
}

fn analyze_into(mode: Mode, text: &str, out: &mut Vec<Token>) {
    out.clear();
    let token = |range: Range<usize>, position: usize, text: String| Token {
        offset_from: range.start,
        offset_to: range.end,
        position,
        text,
        position_length: 1,
    };
    match mode {
        Mode::Folded => {
            for w in words(text) {
                let folded = fold_word(w.text);
                if !folded.is_empty() {
                    out.push(token(w.range, w.index, folded));
                }
            }
        }
        Mode::Exact => {
            // An ASCII word's exact form equals its folded form, and queries only use the
            // exact field for words with diacritics, so indexing ASCII words here is waste.
            for w in words(text).filter(|w| !w.text.is_ascii()) {
                out.push(token(w.range, w.index, exact_word(w.text)));
            }
        }
        Mode::Bigram => {
            let mut prev: Option<(Word<'_>, String)> = None;
            for w in words(text) {
                let folded = fold_word(w.text);
                if folded.is_empty() {
                    continue;
                }
                if let Some((p, p_folded)) = &prev {
                    if p.index + 1 == w.index && joinable(&text[p.range.end..w.range.start]) {
                        let pair = format!("{p_folded}_{folded}");
                        out.push(token(p.range.start..w.range.end, p.index, pair));
                    }
                }
                prev = Some((w, folded));
            }
        }
    }
}

/// A tantivy tokenizer for one [`Mode`]; tokens are computed eagerly into a reused buffer.
#[derive(Debug, Clone)]
pub(crate) struct ViTokenizer {
    mode: Mode,
    tokens: Vec<Token>,
}

impl ViTokenizer {
    pub(crate) fn new(mode: Mode) -> Self {
        ViTokenizer {
            mode,
            tokens: Vec::new(),
        }
    }
}

impl Tokenizer for ViTokenizer {
    type TokenStream<'a> = ViTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ViTokenStream<'a> {
        analyze_into(self.mode, text, &mut self.tokens);
        ViTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

/// Token stream over a precomputed token list.
pub(crate) struct ViTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl TokenStream for ViTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    // tantivy only calls these after `advance` returned true, so `next >= 1` here.
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_letter_test_agrees_with_unicode() {
        for c in (0..=0x2FFF_u32).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn texts(mode: Mode, text: &str) -> Vec<String> {
        analyze(mode, text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn folded_tokens_keep_original_offsets() {
        let text = "Đảng ủy, phường!";
        let tokens = analyze(Mode::Folded, text);
        let got: Vec<(&str, &str)> = tokens
            .iter()
            .map(|t| (t.text.as_str(), &text[t.offset_from..t.offset_to]))
            .collect();
        assert_eq!(got, [("dang", "Đảng"), ("uy", "ủy"), ("phuong", "phường")]);
    }

    #[test]
    fn exact_tokens_keep_diacritics_and_skip_ascii() {
        assert_eq!(
            texts(Mode::Exact, "ĐẢNG ủy UBND Quận 3"),
            ["đảng", "ủy", "quận"]
        );
    }

    #[test]
    fn bigrams_join_adjacent_words_only() {
        assert_eq!(
            texts(Mode::Bigram, "Tiêm chủng, mở rộng Covid-19"),
            ["tiem_chung", "mo_rong", "rong_covid", "covid_19"]
        );
        let tokens = analyze(Mode::Bigram, "ab cd");
        assert_eq!((tokens[0].offset_from, tokens[0].offset_to), (0, 5));
    }

    #[test]
    fn long_words_are_skipped_and_break_adjacency() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let text = format!("tiêm {long} chủng");
        assert_eq!(texts(Mode::Folded, &text), ["tiem", "chung"]);
        assert!(texts(Mode::Bigram, &text).is_empty());
        let positions: Vec<usize> = analyze(Mode::Folded, &text)
            .iter()
            .map(|t| t.position)
            .collect();
        assert_eq!(positions, [0, 2]);
    }

    #[test]
    fn nfd_marks_stay_inside_the_word() {
        let nfd: String = "chủng".nfd().collect();
        let got: Vec<&str> = words(&nfd).map(|w| w.text).collect();
        assert_eq!(got, [nfd.as_str()]);
        assert_eq!(fold_word(&nfd), "chung");
    }

    #[test]
    fn quick_first_agrees_with_fold() {
        for w in ["Đảng", "ủy", "Ưu", "tiêm", "Zalo", "ÂM", "đ", "9x"] {
            let folded = fold_word(w);
            assert_eq!(quick_first_folded(w), folded.chars().next(), "{w}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_word_matches_fold_vi(s in "[a-zA-Z0-9àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵĐÂĂÊÔƠƯ]{1,12}") {
            proptest::prop_assert_eq!(fold_word(&s), cong_text::fold_vi(&s));
        }

        #[test]
        fn tokens_are_never_empty_and_offsets_are_char_boundaries(s in "\\PC{0,60}") {
            for mode in [Mode::Folded, Mode::Exact, Mode::Bigram] {
                for t in analyze(mode, &s) {
                    proptest::prop_assert!(!t.text.is_empty());
                    proptest::prop_assert!(s.get(t.offset_from..t.offset_to).is_some());
                }
            }
        }
    }
}
