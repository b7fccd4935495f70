//! Article rating totals as readers see them, kept in memory beside the cached pages.
//!
//! The figures start from the database when an article page is rendered and are replaced by
//! the totals each accepted rating returns, so a cached page shows a new rating at once.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use dashmap::DashMap;

/// The rating figures of one article.
#[derive(Debug, Default)]
pub struct RatingFigure {
    total: AtomicI64,
    count: AtomicI64,
}

impl RatingFigure {
    /// (sum of stars, number of ratings).
    pub fn get(&self) -> (i64, i64) {
        (
            self.total.load(Ordering::Relaxed),
            self.count.load(Ordering::Relaxed),
        )
    }

    /// Records totals just committed.
    pub fn set(&self, total: i64, count: i64) {
        self.total.store(total, Ordering::Relaxed);
        self.count.store(count, Ordering::Relaxed);
    }
}

/// Rating figures of every article shown since start.
#[derive(Debug, Default)]
pub struct RatingFigures {
    by_article: DashMap<i64, Arc<RatingFigure>>,
}

impl RatingFigures {
    /// The figure of an article, starting from the stored totals when new.
    pub fn handle(&self, article_id: i64, total: i64, count: i64) -> Arc<RatingFigure> {
        self.by_article
            .entry(article_id)
            .or_insert_with(|| {
                let f = RatingFigure::default();
                f.set(total, count);
                Arc::new(f)
            })
            .clone()
    }

    /// Records totals just committed for an article.
    pub fn set(&self, article_id: i64, total: i64, count: i64) {
        self.handle(article_id, total, count).set(total, count);
    }
}

/// The average of a rating, one decimal, with the locale's decimal separator ("4,5").
pub fn average(total: i64, count: i64, decimal: char) -> String {
    if count <= 0 {
        return format!("0{decimal}0");
    }
    // Rounded half up in tenths, in integers so 4.45 does not become 4.4.
    let tenths = (total * 10 * 2 + count) / (count * 2);
    format!("{}{decimal}{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_round_half_up_with_the_locale_separator() {
        assert_eq!(average(0, 0, ','), "0,0");
        assert_eq!(average(9, 2, ','), "4,5");
        assert_eq!(average(89, 20, '.'), "4.5"); // 4.45
        assert_eq!(average(13, 3, ','), "4,3");
        assert_eq!(average(5, 1, ','), "5,0");
    }

    #[test]
    fn committed_totals_replace_the_stored_ones() {
        let figures = RatingFigures::default();
        let f = figures.handle(7, 10, 3);
        figures.set(7, 14, 4);
        assert_eq!(f.get(), (14, 4));
        assert_eq!(figures.handle(7, 0, 0).get(), (14, 4));
    }
}
