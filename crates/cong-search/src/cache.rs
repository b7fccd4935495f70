//! Recent results, kept until the next commit.
//!
//! Readers repeat the same few queries (the news of the week, a disease in season), and a
//! common query over a large portal scores tens of thousands of documents, so answering a
//! repeat from memory is what keeps the search page fast under load. Entries are only valid for
//! the searcher they came from: every commit or rebuild empties the cache.

use std::sync::Arc;

use moka::sync::Cache;

use crate::query::Parsed;
use crate::{SearchQuery, SearchResults};

/// Results of recent searches, bounded by an estimate of their size in bytes.
pub(crate) struct ResultCache {
    entries: Option<Cache<String, Arc<SearchResults>>>,
}

impl ResultCache {
    /// A cache holding at most about `max_bytes` of results; 0 turns caching off.
    pub(crate) fn new(max_bytes: u64) -> Self {
        let entries = (max_bytes > 0).then(|| {
            Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|key: &String, value: &Arc<SearchResults>| {
                    u32::try_from(key.len() + weight(value)).unwrap_or(u32::MAX)
                })
                .build()
        });
        ResultCache { entries }
    }

    /// The key of a search: what the index understood of the text (so "Y  TẾ" and "y tế"
    /// share an entry), plus filters, order and page.
    pub(crate) fn key(parsed: &Parsed, q: &SearchQuery) -> String {
        format!(
            "{parsed:?}|{:?}|{:?}|{:?}|{:?}|{}|{}",
            q.category_ids, q.from, q.to, q.sort, q.offset, q.limit
        )
    }

    pub(crate) fn get(&self, key: &str) -> Option<Arc<SearchResults>> {
        self.entries.as_ref()?.get(key)
    }

    pub(crate) fn insert(&self, key: String, results: Arc<SearchResults>) {
        if let Some(entries) = &self.entries {
            entries.insert(key, results);
        }
    }

    /// Forgets everything; called whenever the searcher changes.
    pub(crate) fn clear(&self) {
        if let Some(entries) = &self.entries {
            entries.invalidate_all();
        }
    }
}

fn weight(results: &SearchResults) -> usize {
    let hits: usize = results
        .hits
        .iter()
        .map(|h| std::mem::size_of_val(h) + h.title_html.len() + h.snippet_html.len())
        .sum();
    std::mem::size_of::<SearchResults>() + hits
}
