//! Turns what a reader typed into a tantivy query.
//!
//! The query is built programmatically from the same word splitting as the index, never with
//! tantivy's `QueryParser`, so no input can produce a syntax error: operators and punctuation
//! are simply not words.

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;
use unicode_normalization::UnicodeNormalization;

use crate::schema::Fields;
use crate::tokenize::{exact_word, fold_word, joinable, words, Word};
use crate::SearchQuery;

/// Longest query considered, in characters (after NFC); the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;

// Relative weights. A title match counts three body matches; a word typed with diacritics
// that matches them exactly adds a second, heavier clause on top of the folded match; adjacent
// syllables (bigram fields) and quoted phrases add more. BM25's idf already favours the rarer
// exact forms and bigrams, so these stay modest.
const TITLE_BOOST: f32 = 3.0;
const EXACT_BOOST: f32 = 1.5;
const BIGRAM_BOOST: f32 = 1.0;
const PHRASE_BOOST: f32 = 2.0;
/// The whole unquoted query found word for word: the strongest sign a reader means that text.
const WHOLE_QUERY_BOOST: f32 = 4.0;
/// Longest query (in words) also tried as one phrase.
const WHOLE_QUERY_MAX_WORDS: usize = 8;

/// A query split into what the index understands.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Parsed {
    /// Distinct folded words, in the order typed; a document must contain each of them.
    pub words: Vec<QueryWord>,
    /// Folded adjacent pairs ("tiem_chung"), which only add to the score.
    pub bigrams: Vec<String>,
    /// Quoted phrases of two or more words: (offset in words, folded word).
    pub phrases: Vec<Vec<(usize, String)>>,
}

/// One folded query word and the distinct exact (diacritic) spellings it was typed with.
#[derive(Debug, PartialEq)]
pub(crate) struct QueryWord {
    pub folded: String,
    /// Only spellings that differ from `folded`: a word typed without marks has none.
    pub exact: Vec<String>,
}

impl Parsed {
    /// Whether a relaxed ("any word") query could find more than the strict one.
    pub fn can_relax(&self) -> bool {
        self.words.len() >= 2
    }

    fn add_word(&mut self, folded: String, exact: String) {
        let i = match self.words.iter().position(|w| w.folded == folded) {
            Some(i) => i,
            None => {
                self.words.push(QueryWord {
                    folded: folded.clone(),
                    exact: Vec::new(),
                });
                self.words.len() - 1
            }
        };
        let w = &mut self.words[i];
        if exact != folded && !w.exact.contains(&exact) {
            w.exact.push(exact);
        }
    }
}

/// Splits the query: NFC, at most [`MAX_QUERY_CHARS`], quoted phrases, words, bigrams.
pub(crate) fn parse(input: &str) -> Parsed {
    // NFC before anything else, or an NFD "ủ" splits the word; lazily, so a megabyte of
    // input costs no more than the first 200 characters.
    let text: String = input
        .nfc()
        .take(MAX_QUERY_CHARS)
        .map(|c| if is_quote(c) { '"' } else { c })
        .collect();
    let segments: Vec<&str> = text.split('"').collect();
    let last = segments.len() - 1;
    let mut parsed = Parsed::default();
    for (i, segment) in segments.iter().enumerate() {
        // Odd segments sit between quotes, unless the last quote was never closed.
        let quoted = i % 2 == 1 && i < last;
        let kept: Vec<(Word<'_>, String)> = words(segment)
            .filter(|w| quoted || !is_operator(w.text))
            .map(|w| {
                let folded = fold_word(w.text);
                (w, folded)
            })
            .filter(|(_, folded)| !folded.is_empty())
            .collect();
        for (w, folded) in &kept {
            parsed.add_word(folded.clone(), exact_word(w.text));
        }
        for pair in kept.windows(2) {
            let ((a, fa), (b, fb)) = (&pair[0], &pair[1]);
            if a.index + 1 == b.index && joinable(&segment[a.range.end..b.range.start]) {
                let bigram = format!("{fa}_{fb}");
                if !parsed.bigrams.contains(&bigram) {
                    parsed.bigrams.push(bigram);
                }
            }
        }
        if quoted && kept.len() >= 2 {
            let first = kept[0].0.index;
            let phrase = kept.iter().map(|(w, f)| (w.index - first, f.clone()));
            parsed.phrases.push(phrase.collect());
        }
    }
    parsed
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '＂')
}

/// Search-engine operators typed in capitals are not words a reader is looking for.
fn is_operator(word: &str) -> bool {
    matches!(word, "AND" | "OR")
}

/// Builds the full query: text clauses plus the category and date filters.
///
/// With `require_all`, every word must occur (in the title or the body); without it, any word
/// will do and documents with more of them score higher. Quoted phrases are required either way.
pub(crate) fn build(f: &Fields, p: &Parsed, q: &SearchQuery, require_all: bool) -> Box<dyn Query> {
    let word_occur = if require_all {
        Occur::Must
    } else {
        Occur::Should
    };
    let mut text: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for w in &p.words {
        let mut any = vec![
            term(f.title, &w.folded, TITLE_BOOST),
            term(f.body, &w.folded, 1.0),
        ];
        for e in &w.exact {
            any.push(term(f.title_exact, e, TITLE_BOOST * EXACT_BOOST));
            any.push(term(f.body_exact, e, EXACT_BOOST));
        }
        text.push((word_occur, Box::new(BooleanQuery::union(any))));
    }
    for b in &p.bigrams {
        let either = BooleanQuery::union(vec![
            term(f.title_bigram, b, TITLE_BOOST * BIGRAM_BOOST),
            term(f.body_bigram, b, BIGRAM_BOOST),
        ]);
        text.push((Occur::Should, Box::new(either)));
    }
    // Without this, a short title sharing one or two common syllables with the query (or
    // look-alikes once folded: "trường"/"Trương") outranks the one article that contains the
    // whole query word for word in its body.
    if p.phrases.is_empty() && (2..=WHOLE_QUERY_MAX_WORDS).contains(&p.words.len()) {
        if p.bigrams.len() + 1 == p.words.len() {
            // Every adjacent pair is a bigram: documents holding all of them almost always
            // hold the whole query in a row, and finding them reads no positions, which made
            // the phrase form cost most of a common query's time. Two words are one bigram,
            // already scored above.
            if p.bigrams.len() >= 2 {
                let all_pairs = |field: Field, boost: f32| -> Box<dyn Query> {
                    let pairs = p.bigrams.iter().map(|b| term(field, b, 1.0)).collect();
                    boosted(Box::new(BooleanQuery::intersection(pairs)), boost)
                };
                let either = BooleanQuery::union(vec![
                    all_pairs(f.title_bigram, TITLE_BOOST * WHOLE_QUERY_BOOST),
                    all_pairs(f.body_bigram, WHOLE_QUERY_BOOST),
                ]);
                text.push((Occur::Should, Box::new(either)));
            }
        } else {
            let whole: Vec<(usize, String)> = p
                .words
                .iter()
                .enumerate()
                .map(|(i, w)| (i, w.folded.clone()))
                .collect();
            let either = BooleanQuery::union(vec![
                phrase_query(f.title, &whole, TITLE_BOOST * WHOLE_QUERY_BOOST),
                phrase_query(f.body, &whole, WHOLE_QUERY_BOOST),
            ]);
            text.push((Occur::Should, Box::new(either)));
        }
    }
    for phrase in &p.phrases {
        let either = BooleanQuery::union(vec![
            phrase_query(f.title, phrase, TITLE_BOOST * PHRASE_BOOST),
            phrase_query(f.body, phrase, PHRASE_BOOST),
        ]);
        text.push((Occur::Must, Box::new(either)));
    }
    // The text clauses sit in their own query so that, without `require_all`, the optional
    // words are still needed for a match rather than made optional by the filters' Must.
    let mut all: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, Box::new(BooleanQuery::new(text)))];
    all.extend(
        filters(f, q)
            .into_iter()
            .map(|filter| (Occur::Must, filter)),
    );
    Box::new(BooleanQuery::new(all))
}

/// Category and date filters, scoring nothing so they never change the ranking.
fn filters(f: &Fields, q: &SearchQuery) -> Vec<Box<dyn Query>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    if !q.category_ids.is_empty() {
        let terms = q
            .category_ids
            .iter()
            .map(|id| Term::from_field_i64(f.category_id, *id));
        out.push(Box::new(TermSetQuery::new(terms)));
    }
    if q.from.is_some() || q.to.is_some() {
        let bound = |v: Option<i64>| match v {
            Some(v) => Bound::Included(Term::from_field_i64(f.published_at, v)),
            None => Bound::Unbounded,
        };
        out.push(Box::new(RangeQuery::new(bound(q.from), bound(q.to))));
    }
    out.into_iter()
        .map(|query| Box::new(ConstScoreQuery::new(query, 0.0)) as Box<dyn Query>)
        .collect()
}

fn term(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    boosted(Box::new(query), boost)
}

fn phrase_query(field: Field, phrase: &[(usize, String)], boost: f32) -> Box<dyn Query> {
    let terms = phrase
        .iter()
        .map(|(offset, word)| (*offset, Term::from_field_text(field, word)))
        .collect();
    boosted(Box::new(PhraseQuery::new_with_offset(terms)), boost)
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if boost == 1.0 {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(p: &Parsed) -> Vec<&str> {
        p.words.iter().map(|w| w.folded.as_str()).collect()
    }

    #[test]
    fn words_are_folded_deduplicated_and_keep_exact_spellings() {
        let p = parse("Đảng đăng dang");
        assert_eq!(folded(&p), ["dang"]);
        assert_eq!(p.words[0].exact, ["đảng", "đăng"]);
        assert_eq!(p.bigrams, ["dang_dang"]);
        assert!(p.phrases.is_empty());
    }

    #[test]
    fn quotes_make_phrases_and_block_bigrams() {
        let p = parse("“tiêm chủng” mở rộng \"trẻ em");
        assert_eq!(
            p.phrases,
            [vec![(0, "tiem".to_string()), (1, "chung".to_string())]]
        );
        // "chủng" and "mở" are separated by a quote; the unclosed quote is ignored.
        assert_eq!(p.bigrams, ["tiem_chung", "mo_rong", "tre_em"]);
    }

    #[test]
    fn operators_and_punctuation_are_not_words() {
        let p = parse("tiêm AND (chủng) OR title:* -\"\"");
        assert_eq!(folded(&p), ["tiem", "chung", "title"]);
        assert!(p.bigrams.is_empty());
        assert!(parse(" !!! *** \"\" : ( ").words.is_empty());
        assert_eq!(folded(&parse("and")), ["and"]);
    }

    #[test]
    fn long_queries_are_truncated_and_nfd_is_composed() {
        let long = "ab ".repeat(500);
        let p = parse(&long);
        assert_eq!(folded(&p), ["ab"]);
        let nfd: String = "TIÊM  chủng".nfd().collect();
        assert_eq!(parse(&nfd), parse("tiêm chủng"));
        // 198 characters of "a ", then "đảng" is cut after its second character.
        let p = parse(&format!("{}đảng", "a ".repeat(99)));
        assert_eq!(folded(&p), ["a", "da"]);
    }
}
