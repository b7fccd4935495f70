//! Matching, ranking, filters, sorting and snippets over the test corpus.

mod common;

use common::*;
use cong_search::{SearchQuery, Sort};
use unicode_normalization::UnicodeNormalization;

#[test]
fn queries_without_diacritics_find_words_with_them() {
    let index = corpus_index();
    assert_eq!(search_ids(&index, "dang uy")[0], 1);
    assert_eq!(search_ids(&index, "dich benh sot xuat huyet"), [5]);
    let hits = search_ids(&index, "tiem chung");
    assert_eq!(hits[0], 2);
    assert!(hits.contains(&4));
}

#[test]
fn exact_diacritics_rank_above_other_words_folding_the_same() {
    let index = corpus_index();
    let hits = search_ids(&index, "đảng");
    assert!(rank(&hits, 6) < rank(&hits, 7), "{hits:?}");
    let hits = search_ids(&index, "đăng");
    assert_eq!(hits[0], 7, "{hits:?}");
    assert!(rank(&hits, 7) < rank(&hits, 6));
}

#[test]
fn title_matches_rank_above_body_matches() {
    let index = corpus_index();
    // Document 4 has "học đường" in its title, document 5 only in its body.
    let hits = search_ids(&index, "hoc duong");
    assert_eq!(hits, [4, 5]);
}

#[test]
fn adjacent_syllables_rank_above_scattered_ones() {
    let index = corpus_index();
    // Both have "tiêm" and "chủng" in the body only; in 3 they are far apart.
    for text in ["tiêm chủng", "tiem chung"] {
        let hits = search_ids(&index, text);
        assert!(rank(&hits, 4) < rank(&hits, 3), "{text}: {hits:?}");
    }
}

#[test]
fn quoted_phrases_require_adjacency() {
    let index = corpus_index();
    let mut hits = search_ids(&index, "\"tiem chung\"");
    hits.sort();
    assert_eq!(hits, [2, 4]);
    assert!(search_ids(&index, "\"chủng tiêm\"").is_empty());
}

#[test]
fn every_word_is_required_unless_none_match_them_all() {
    let index = corpus_index();
    let strict = index.search(&q("tiêm vật nuôi")).unwrap();
    assert_eq!((strict.total, strict.relaxed), (1, false));
    assert_eq!(strict.hits[0].id, 3);

    let relaxed = index.search(&q("tiêm khongcotu")).unwrap();
    assert!(relaxed.relaxed);
    let mut hits: Vec<i64> = relaxed.hits.iter().map(|h| h.id).collect();
    hits.sort();
    assert_eq!(hits, [2, 3, 4]);
    // A single unknown word has nothing to relax.
    let none = index.search(&q("khongcotu")).unwrap();
    assert_eq!((none.total, none.relaxed), (0, false));
}

#[test]
fn nfd_mixed_case_and_extra_spaces_behave_like_clean_input() {
    let index = corpus_index();
    let clean = index.search(&q("tiêm chủng đảng ủy")).unwrap();
    let messy: String = "  TIÊM \t Chủng\n ĐẢNG   Ủy  ".nfd().collect();
    assert_ne!(messy, "tiêm chủng đảng ủy");
    assert_eq!(index.search(&q(&messy)).unwrap(), clean);
    let clean = index.search(&q("dịch bệnh")).unwrap();
    assert_eq!(clean.hits[0].id, 5);
    assert_eq!(index.search(&q("DịCh   BệNH")).unwrap(), clean);
}

#[test]
fn documents_given_in_nfd_are_found_by_nfc_queries() {
    let index = cong_search::SearchIndex::in_memory().unwrap();
    let mut d = doc(1);
    d.title = d.title.nfd().collect();
    d.body_text = d.body_text.nfd().collect();
    index.upsert(&[d]).unwrap();
    index.commit(1).unwrap();
    let results = index.search(&q("đảng ủy")).unwrap();
    assert_eq!(results.hits.len(), 1);
    assert!(results.hits[0]
        .title_html
        .starts_with("<mark>Đảng</mark> <mark>ủy</mark>"));
}

#[test]
fn category_and_date_filters() {
    let index = corpus_index();
    let filtered = |categories: &[i64], from, to| {
        let mut hits = ids(
            &index,
            &SearchQuery {
                category_ids: categories.to_vec(),
                from,
                to,
                ..q("tiêm")
            },
        );
        hits.sort();
        hits
    };
    assert_eq!(filtered(&[], None, None), [2, 3, 4]);
    assert_eq!(filtered(&[HEALTH], None, None), [2, 4]);
    assert_eq!(filtered(&[ADMIN, PARTY], None, None), [3]);
    assert_eq!(filtered(&[], Some(T0 + 3 * DAY), None), [3, 4]);
    assert_eq!(filtered(&[], None, Some(T0 + 3 * DAY)), [2, 3]);
    assert_eq!(
        filtered(&[HEALTH], Some(T0 + 3 * DAY), Some(T0 + 4 * DAY)),
        [4]
    );
    assert!(filtered(&[], Some(T0 + 4 * DAY), Some(T0 + 3 * DAY)).is_empty());
}

#[test]
fn newest_sort_and_paging() {
    let index = corpus_index();
    let newest = SearchQuery {
        sort: Sort::Newest,
        ..q("tiem")
    };
    assert_eq!(ids(&index, &newest), [4, 3, 2]);
    let page = SearchQuery {
        offset: 1,
        limit: 1,
        ..newest.clone()
    };
    let results = index.search(&page).unwrap();
    assert_eq!(results.total, 3);
    assert_eq!(results.hits.iter().map(|h| h.id).collect::<Vec<_>>(), [3]);
    let count_only = index.search(&SearchQuery { limit: 0, ..newest }).unwrap();
    assert_eq!((count_only.total, count_only.hits.len()), (3, 0));
}

#[test]
fn hits_highlight_the_original_words() {
    let index = corpus_index();
    let results = index.search(&q("tiem chung")).unwrap();
    let first = &results.hits[0];
    assert_eq!(first.id, 2);
    assert_eq!(
        first.title_html,
        "Tổ chức <mark>tiêm</mark> <mark>chủng</mark> mở rộng cho trẻ dưới năm tuổi"
    );
    assert!(first
        .snippet_html
        .contains("lịch <mark>tiêm</mark> <mark>chủng</mark> định kỳ"));
    assert!(first.score > 0.0);
}

#[test]
fn markup_in_documents_is_escaped() {
    let index = corpus_index();
    let results = index.search(&q("ma doc")).unwrap();
    let hit = &results.hits[0];
    assert_eq!(hit.id, 8);
    assert_eq!(
        hit.title_html,
        "Cảnh báo <mark>mã</mark> <mark>độc</mark> &lt;script&gt; trong tệp đính kèm"
    );
    assert!(hit
        .snippet_html
        .contains("Đoạn <mark>mã</mark> &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(hit.snippet_html.contains("&amp; dữ liệu"));
    let hit = &index.search(&q("script")).unwrap().hits[0];
    assert!(hit.title_html.contains("&lt;<mark>script</mark>&gt;"));
    for html in [&hit.title_html, &hit.snippet_html] {
        let without_marks = html.replace("<mark>", "").replace("</mark>", "");
        assert!(!without_marks.contains('<'), "{html}");
    }
}
