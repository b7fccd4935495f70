//! The index lifecycle: upserts, deletes, commits with outbox positions, reopening, rebuilds.

mod common;

use common::*;
use cong_search::{SearchDoc, SearchIndex};

fn replacement() -> SearchDoc {
    SearchDoc {
        title: "Lịch khám sức khỏe định kỳ cho người cao tuổi".to_string(),
        body_text: "Trạm y tế khám miễn phí vào sáng thứ Bảy.".to_string(),
        ..doc(2)
    }
}

#[test]
fn upsert_replaces_by_id() {
    let index = corpus_index();
    index.upsert(&[replacement()]).unwrap();
    // Not visible before the commit.
    assert!(search_ids(&index, "kham").is_empty());
    index.commit(2).unwrap();
    assert_eq!(search_ids(&index, "kham"), [2]);
    assert!(!search_ids(&index, "tiem chung").contains(&2));
    // The same id twice in one batch, and again in a later batch, still leaves one document.
    index.upsert(&[replacement(), replacement()]).unwrap();
    index.commit(3).unwrap();
    index.upsert(&[replacement()]).unwrap();
    index.commit(4).unwrap();
    assert_eq!(index.search(&q("kham")).unwrap().total, 1);
}

#[test]
fn delete_removes_at_the_next_commit() {
    let index = corpus_index();
    index.delete(&[4, 999]).unwrap();
    assert_eq!(search_ids(&index, "hoc duong"), [4, 5]);
    index.commit(2).unwrap();
    assert_eq!(search_ids(&index, "hoc duong"), [5]);
}

#[test]
fn outbox_position_round_trips_through_disk() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        assert_eq!(index.outbox_position().unwrap(), None);
        index.upsert(&all_docs()).unwrap();
        index.commit(41).unwrap();
        index.delete(&[1]).unwrap();
        index.commit(42).unwrap();
        assert_eq!(index.outbox_position().unwrap(), Some(42));
        // Uncommitted work is lost on close, and the position stays with the last commit.
        index.delete(&[2]).unwrap();
    }
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.outbox_position().unwrap(), Some(42));
    assert!(!search_ids(&index, "dang uy").contains(&1));
    assert_eq!(search_ids(&index, "tiem chung")[0], 2);
}

#[test]
fn open_creates_missing_directories() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("data").join("search");
    let index = SearchIndex::open(&nested).unwrap();
    index.commit(0).unwrap();
    assert_eq!(index.outbox_position().unwrap(), Some(0));
}

#[test]
fn a_corrupt_index_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        index.upsert(&all_docs()).unwrap();
        index.commit(1).unwrap();
    }
    std::fs::write(dir.path().join("meta.json"), b"{ not json").unwrap();
    assert!(SearchIndex::open(dir.path()).is_err());
}

#[test]
fn a_second_writer_on_the_same_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _first = SearchIndex::open(dir.path()).unwrap();
    assert!(SearchIndex::open(dir.path()).is_err());
}

#[test]
fn clear_then_commit_swaps_the_contents_at_once() {
    let index = corpus_index();
    index.upsert(&[replacement()]).unwrap();
    index.clear().unwrap();
    // Until the commit, searches still see the old contents.
    assert_eq!(search_ids(&index, "dang uy"), [1]);
    index.upsert(&[doc(5)]).unwrap();
    assert_eq!(search_ids(&index, "dang uy"), [1]);
    index.commit(9).unwrap();
    assert!(search_ids(&index, "dang").is_empty());
    // The upsert made before `clear` was discarded too.
    assert!(search_ids(&index, "kham").is_empty());
    assert_eq!(search_ids(&index, "sot xuat huyet"), [5]);
    assert_eq!(index.outbox_position().unwrap(), Some(9));
}

#[test]
fn searches_run_while_another_thread_writes() {
    let index = corpus_index();
    std::thread::scope(|s| {
        s.spawn(|| {
            for n in 0..20 {
                index.upsert(&[doc(2)]).unwrap();
                index.commit(n).unwrap();
            }
        });
        for _ in 0..50 {
            assert_eq!(index.search(&q("tiem chung")).unwrap().total, 3);
        }
    });
}

#[test]
fn repeated_searches_come_from_the_cache_until_the_next_commit() {
    let index = corpus_index();
    let first = index.search(&q("tiem chung")).unwrap();
    // Another spelling of the same query shares the entry.
    let again = index.search(&q("  TIEM   chung ")).unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    index.delete(&[2]).unwrap();
    index.commit(2).unwrap();
    let after = index.search(&q("tiem chung")).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&first, &after));
    assert_eq!(after.total, first.total - 1);
}

#[test]
fn an_index_without_a_result_cache_answers_the_same() {
    let cached = corpus_index();
    let uncached = SearchIndex::in_memory().unwrap().with_result_cache(0);
    uncached.upsert(&all_docs()).unwrap();
    uncached.commit(1).unwrap();
    for text in ["tiem chung", "dang uy", "sốt xuất huyết", "\"học đường\""] {
        let a = uncached.search(&q(text)).unwrap();
        let b = uncached.search(&q(text)).unwrap();
        assert!(
            !std::sync::Arc::ptr_eq(&a, &b),
            "{text}: cached although turned off"
        );
        assert_eq!(*a, *cached.search(&q(text)).unwrap(), "{text}");
    }
}

#[test]
fn merging_segments_keeps_documents_and_the_outbox_position() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    // A rebuild with one commit per document: as many segments as documents, none merged
    // in the background meanwhile.
    index.clear().unwrap();
    for (n, d) in all_docs().into_iter().enumerate() {
        index.upsert(&[d]).unwrap();
        index.commit(n as i64 + 1).unwrap();
    }
    let before = search_ids(&index, "tiem chung");
    assert_eq!(index.segment_count(), all_docs().len());
    index.merge_segments().unwrap();
    assert_eq!(index.segment_count(), 1);
    assert_eq!(search_ids(&index, "tiem chung"), before);
    assert_eq!(index.search(&q("phuong")).unwrap().total, {
        let again = SearchIndex::in_memory().unwrap();
        again.upsert(&all_docs()).unwrap();
        again.commit(1).unwrap();
        again.search(&q("phuong")).unwrap().total
    });
    assert_eq!(
        index.outbox_position().unwrap(),
        Some(all_docs().len() as i64)
    );
    // Merged-away files are gone, and the merged index opens again.
    drop(index);
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.segment_count(), 1);
    assert_eq!(search_ids(&index, "tiem chung"), before);
}
