//! Whatever a reader types, a search returns results or nothing, never an error or a panic.

mod common;

use common::*;
use cong_search::{Hit, SearchIndex, SearchQuery, Sort, MAX_QUERY_CHARS};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Only `<mark>` tags may appear in the HTML of a hit.
fn assert_safe(hit: &Hit) {
    for html in [&hit.title_html, &hit.snippet_html] {
        let without_marks = html.replace("<mark>", "").replace("</mark>", "");
        assert!(!without_marks.contains('<'), "{html}");
        assert!(!without_marks.contains('>'), "{html}");
    }
}

fn check(index: &SearchIndex, query: &SearchQuery) {
    let results = index
        .search(query)
        .unwrap_or_else(|e| panic!("{query:?}: {e}"));
    assert!(results.hits.len() <= results.total);
    results.hits.iter().for_each(assert_safe);
}

#[test]
fn listed_hostile_queries_never_fail() {
    let index = corpus_index();
    let long_word = "đ".repeat(1000);
    let long_words = "tiêm chủng ".repeat(100);
    let nul = "\u{0}tiêm\u{0}";
    let queries = [
        "",
        "   ",
        "\t\n",
        "!!!",
        "...,,,;;;",
        "AND",
        "AND OR",
        "\"",
        "\"\"",
        "\"\"\"tiêm\"",
        "\"tiêm",
        "*",
        "tiê*",
        ":",
        "title:đảng",
        "(",
        "((tiêm) AND (chủng",
        "tiêm AND chủng OR NOT đảng",
        "-tiêm +chủng ~2 ^3 [a TO b] {x}",
        "\\",
        "'; DROP TABLE articles; --",
        "<script>alert(1)</script>",
        nul,
        "\u{301}\u{303}",
        "🙂 🇻🇳",
        &long_word,
        &long_words,
    ];
    for text in queries {
        for sort in [Sort::Relevance, Sort::Newest] {
            check(&index, &SearchQuery { sort, ..q(text) });
        }
    }
    assert_eq!(index.search(&q("")).unwrap().total, 0);
    assert_eq!(index.search(&q("AND")).unwrap().total, 0);
    assert!(index.search(&q(&long_words)).unwrap().total > 0);
}

#[test]
fn extreme_paging_and_filters_never_fail() {
    let index = corpus_index();
    for (offset, limit) in [
        (0, 0),
        (usize::MAX, 10),
        (10_001, 10),
        (0, usize::MAX),
        (2, 5),
    ] {
        check(
            &index,
            &SearchQuery {
                offset,
                limit,
                ..q("tiêm")
            },
        );
    }
    for (from, to) in [
        (Some(i64::MIN), Some(i64::MAX)),
        (Some(i64::MAX), None),
        (None, Some(i64::MIN)),
        (Some(5), Some(-5)),
    ] {
        check(
            &index,
            &SearchQuery {
                from,
                to,
                category_ids: vec![i64::MIN, 0, i64::MAX, HEALTH],
                ..q("tiêm")
            },
        );
    }
}

#[test]
fn queries_longer_than_the_limit_are_truncated() {
    let index = corpus_index();
    // The second word starts after the limit, so it is ignored rather than required.
    let text = format!("tiêm{}khongcotu", " ".repeat(MAX_QUERY_CHARS));
    let results = index.search(&q(&text)).unwrap();
    assert_eq!((results.total, results.relaxed), (3, false));
}

/// One index for all generated cases: building it per case would dominate the run time.
fn shared_index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(corpus_index)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_queries_never_fail(text in "\\PC{0,260}") {
        check(shared_index(), &q(&text));
    }

    #[test]
    fn random_operator_soup_never_fails(
        text in "[\"“”*:()\\-+~^!?&|<>/\\\\ aAnNdDoOrRđĐảủtiêmchủngĐẢNG\u{301}\u{323}]{0,80}",
        newest in any::<bool>(),
    ) {
        let sort = if newest { Sort::Newest } else { Sort::Relevance };
        check(shared_index(), &SearchQuery { sort, ..q(&text) });
    }
}
