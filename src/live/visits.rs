//! Visitor statistics: online now, today, this month, total.
//!
//! The rule: a visit is one reader (address + user agent) active within 30 minutes; a reader
//! seen again after 30 quiet minutes makes a new visit. Known bots and crawlers, and clients
//! without a browser user agent, make no visits. Online now is the number of readers seen in
//! the last 5 minutes.

use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use dashmap::DashMap;

const VISIT_GAP_SECS: i64 = 30 * 60;
const ONLINE_SECS: i64 = 5 * 60;
/// Readers tracked at once; past this, new readers are not counted (bounded memory under floods).
const MAX_TRACKED: usize = 500_000;

const BOT_MARKERS: &[&str] = &[
    "bot",
    "Bot",
    "crawl",
    "Crawl",
    "spider",
    "Spider",
    "slurp",
    "Slurp",
    "facebookexternalhit",
    "Mediapartners",
    "HeadlessChrome",
    "Lighthouse",
    "curl/",
    "Wget",
    "python-",
    "Python-",
    "Go-http-client",
    "Java/",
    "okhttp",
    "libwww",
    "httpclient",
    "scrapy",
    "Scrapy",
];

/// Whether a user agent belongs to a bot, crawler or script rather than a person's browser.
pub fn is_bot(user_agent: &str) -> bool {
    (!user_agent.starts_with("Mozilla/") && !user_agent.starts_with("Opera/"))
        || BOT_MARKERS.iter().any(|m| user_agent.contains(m))
}

/// A reader's identity for counting: a hash of address and user agent (neither is stored).
pub fn reader_key(ip: IpAddr, user_agent: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ip.hash(&mut h);
    user_agent.hash(&mut h);
    h.finish()
}

/// Live visit figures and what has not been written yet.
#[derive(Debug, Default)]
pub struct Visits {
    last_seen: DashMap<u64, AtomicI64>,
    online: AtomicU64,
    today: AtomicU64,
    month: AtomicU64,
    total: AtomicU64,
    pending_visits: AtomicU64,
    pending_views: AtomicU64,
}

impl Visits {
    /// Sets the stored figures (at start and at the turn of a day).
    pub fn load(&self, today: i64, month: i64, total: i64) {
        let pending = self.pending_visits.load(Ordering::Relaxed);
        self.today
            .store(today.max(0) as u64 + pending, Ordering::Relaxed);
        self.month
            .store(month.max(0) as u64 + pending, Ordering::Relaxed);
        self.total
            .store(total.max(0) as u64 + pending, Ordering::Relaxed);
    }

    /// Records a page view by a reader (`None` for bots); counts a visit when it starts one.
    pub fn record(&self, reader: Option<u64>, now: i64) {
        let Some(key) = reader else { return };
        self.pending_views.fetch_add(1, Ordering::Relaxed);
        let new_visit = match self.last_seen.get(&key) {
            Some(seen) => now - seen.swap(now, Ordering::Relaxed) >= VISIT_GAP_SECS,
            None if self.last_seen.len() < MAX_TRACKED => {
                self.last_seen.insert(key, AtomicI64::new(now));
                self.online.fetch_add(1, Ordering::Relaxed);
                true
            }
            None => false,
        };
        if new_visit {
            self.pending_visits.fetch_add(1, Ordering::Relaxed);
            self.today.fetch_add(1, Ordering::Relaxed);
            self.month.fetch_add(1, Ordering::Relaxed);
            self.total.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Recounts readers online and forgets readers quiet for longer than a visit.
    pub fn tick(&self, now: i64) {
        self.last_seen
            .retain(|_, seen| now - seen.load(Ordering::Relaxed) < VISIT_GAP_SECS);
        let online = self
            .last_seen
            .iter()
            .filter(|e| now - e.value().load(Ordering::Relaxed) < ONLINE_SECS)
            .count();
        self.online.store(online as u64, Ordering::Relaxed);
    }

    /// Takes the visits and views not yet written.
    pub fn take_pending(&self) -> (i64, i64) {
        (
            self.pending_visits.swap(0, Ordering::Relaxed) as i64,
            self.pending_views.swap(0, Ordering::Relaxed) as i64,
        )
    }

    /// Puts back counts whose write failed.
    pub fn restore(&self, visits: i64, views: i64) {
        self.pending_visits
            .fetch_add(visits as u64, Ordering::Relaxed);
        self.pending_views
            .fetch_add(views as u64, Ordering::Relaxed);
    }

    /// Readers online now.
    pub fn online(&self) -> u64 {
        self.online.load(Ordering::Relaxed)
    }
    /// Visits today.
    pub fn today(&self) -> u64 {
        self.today.load(Ordering::Relaxed)
    }
    /// Visits this month.
    pub fn month(&self) -> u64 {
        self.month.load(Ordering::Relaxed)
    }
    /// Visits in all.
    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    #[test]
    fn bots_are_told_apart() {
        assert!(!is_bot(FIREFOX));
        assert!(is_bot(
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
        ));
        assert!(is_bot("curl/8.5.0"));
        assert!(is_bot(""));
    }

    #[test]
    fn one_visit_per_half_hour_of_activity() {
        let v = Visits::default();
        v.load(10, 100, 1000);
        let me = reader_key("10.0.0.1".parse().unwrap(), FIREFOX);
        let other = reader_key("10.0.0.2".parse().unwrap(), FIREFOX);
        v.record(Some(me), 1_000);
        v.record(Some(me), 1_600);
        v.record(Some(other), 1_700);
        v.record(None, 1_700);
        assert_eq!((v.today(), v.month(), v.total()), (12, 102, 1002));
        v.tick(1_700);
        assert_eq!(v.online(), 2);
        v.record(Some(me), 1_600 + VISIT_GAP_SECS);
        assert_eq!(v.total(), 1003);
        // A minute later: `me` is still online; the other reader has been quiet for 29 minutes.
        v.tick(1_600 + VISIT_GAP_SECS + 60);
        assert_eq!(v.online(), 1, "the other reader went quiet");
        assert_eq!(v.take_pending(), (3, 4));
    }
}
