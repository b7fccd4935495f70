//! Article view counts kept in memory; the database learns them at the next flush.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use dashmap::DashMap;

/// The live view count of one article.
#[derive(Debug)]
pub struct ViewCounter {
    shown: AtomicU64,
    pending: AtomicU64,
}

impl ViewCounter {
    /// Counts one view and returns the count including it.
    pub fn hit(&self) -> u64 {
        self.pending.fetch_add(1, Ordering::Relaxed);
        self.shown.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The count as readers see it now.
    pub fn current(&self) -> u64 {
        self.shown.load(Ordering::Relaxed)
    }
}

/// View counters of every article read since start.
#[derive(Debug, Default)]
pub struct ViewCounters {
    by_article: DashMap<i64, Arc<ViewCounter>>,
}

impl ViewCounters {
    /// The counter of an article, starting from `stored` (the database's figure) when new.
    pub fn handle(&self, article_id: i64, stored: i64) -> Arc<ViewCounter> {
        self.by_article
            .entry(article_id)
            .or_insert_with(|| {
                Arc::new(ViewCounter {
                    shown: AtomicU64::new(stored.max(0) as u64),
                    pending: AtomicU64::new(0),
                })
            })
            .clone()
    }

    /// Takes the views not yet written, as (article id, count) pairs.
    pub fn take_pending(&self) -> Vec<(i64, i64)> {
        self.by_article
            .iter()
            .filter_map(|e| {
                let n = e.value().pending.swap(0, Ordering::Relaxed);
                (n > 0).then(|| (*e.key(), n as i64))
            })
            .collect()
    }

    /// Puts back views whose write failed, so the next flush retries them.
    pub fn restore(&self, deltas: &[(i64, i64)]) {
        for (id, n) in deltas {
            if let Some(c) = self.by_article.get(id) {
                c.pending.fetch_add(*n as u64, Ordering::Relaxed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_stored_and_hands_back_pending() {
        let c = ViewCounters::default();
        let h = c.handle(7, 40);
        assert_eq!(h.hit(), 41);
        assert_eq!(c.handle(7, 0).hit(), 42, "existing counter is reused");
        let taken = c.take_pending();
        assert_eq!(taken, vec![(7, 2)]);
        assert!(c.take_pending().is_empty());
        c.restore(&taken);
        assert_eq!(c.take_pending(), vec![(7, 2)]);
        assert_eq!(h.current(), 42);
    }
}
