//! Rendered pages kept in memory, keyed by path and valid for one content version.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use moka::sync::Cache;

use super::CachedPage;

/// The page cache. A write bumps the version; pages of an older version are rendered anew.
pub struct PageCache {
    pages: Cache<String, Arc<CachedPage>>,
    version: AtomicU64,
}

impl PageCache {
    /// A cache holding at most `max_bytes` of page text.
    pub fn new(max_bytes: u64) -> PageCache {
        let pages = Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|k: &String, v: &Arc<CachedPage>| {
                (k.len() + v.size() + 256).try_into().unwrap_or(u32::MAX)
            })
            .build();
        PageCache {
            pages,
            version: AtomicU64::new(1),
        }
    }

    /// The current content version.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// The cached page for `key`, if rendered at the current version.
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let page = self.pages.get(key)?;
        (page.version == self.version()).then_some(page)
    }

    /// Keeps a page (ignored when rendered at an older version than now).
    pub fn insert(&self, key: &str, page: Arc<CachedPage>) {
        if page.version == self.version() {
            self.pages.insert(key.to_string(), page);
        }
    }

    /// Marks every cached page stale, after content changed.
    pub fn bump(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
        self.pages.invalidate_all();
    }
}
