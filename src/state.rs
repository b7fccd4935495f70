//! The application: everything a request may need, shared behind one `Arc`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use chrono_tz::Tz;
use cong_store::Store;
use cong_text::Locale;

use crate::config::Config;
use crate::live::{PageCache, RatingFigures, ViewCounters, Visits};
use crate::participation::Participation;
use crate::render::{Renderer, Theme};
use crate::sitedata::SiteData;

/// Shared application state.
pub type AppState = Arc<App>;

/// Everything the server holds.
pub struct App {
    /// Configuration in force.
    pub config: Config,
    /// The database.
    pub store: Store,
    /// Templates.
    pub renderer: Renderer,
    /// Theme files (static assets).
    pub theme: Theme,
    /// Rendered pages.
    pub cache: PageCache,
    /// Article views.
    pub views: ViewCounters,
    /// Visitor statistics.
    pub visits: Visits,
    /// Article rating totals shown on pages.
    pub ratings: RatingFigures,
    /// Reader identity, form tokens, limits and the writer of ratings, comments and votes.
    pub participation: Participation,
    /// UI strings of the site's locale (for messages built outside templates).
    pub strings: BTreeMap<String, String>,
    /// Absolute base URL, without a trailing slash.
    pub base_url: String,
    /// The base URL is https: cookies are `Secure` and answers carry HSTS.
    pub https: bool,
    /// Password hashing, a few at a time.
    pub hasher: crate::auth::hashing::Hasher,
    /// Log-in limits.
    pub login_rules: crate::auth::throttle::Rules,
    /// Site zone.
    pub tz: Tz,
    /// Interface locale.
    pub locale: Locale,
    site_data: RwLock<Arc<SiteData>>,
    reload: tokio::sync::Mutex<()>,
    /// Publication time of the next scheduled article (i64::MAX when none).
    pub next_due: AtomicI64,
    /// This instance's search index.
    pub search: Arc<cong_search::SearchIndex>,
    /// The index must be rebuilt before it is complete.
    pub search_needs_rebuild: AtomicBool,
    /// The index has caught up with the database at least once.
    pub search_ready: AtomicBool,
    /// Wakes the search sync after a content change.
    pub search_wake: tokio::sync::Notify,
    /// Media storage and the variants job's wake-up.
    pub media: crate::media::Media,
}

impl App {
    /// Puts the parts together.
    pub fn new(
        config: Config,
        store: Store,
        renderer: Renderer,
        theme: Theme,
        search: (Arc<cong_search::SearchIndex>, bool),
        participation: Participation,
    ) -> anyhow::Result<App> {
        let tz = config.tz();
        let locale = config.locale();
        let strings = theme.strings(locale)?;
        Ok(App {
            cache: PageCache::new(config.cache.max_mib * 1024 * 1024),
            base_url: config.base_url(),
            https: config.base_url().starts_with("https://"),
            hasher: crate::auth::hashing::Hasher::new(config.security.hash_permits()),
            login_rules: crate::auth::throttle::Rules::of(&config.security),
            views: ViewCounters::default(),
            visits: Visits::default(),
            ratings: RatingFigures::default(),
            participation,
            site_data: RwLock::new(Arc::new(SiteData::default())),
            reload: tokio::sync::Mutex::new(()),
            next_due: AtomicI64::new(i64::MAX),
            search_needs_rebuild: AtomicBool::new(search.1),
            search: search.0,
            search_ready: AtomicBool::new(false),
            search_wake: tokio::sync::Notify::new(),
            media: crate::media::Media::open(&config)?,
            strings,
            config,
            store,
            renderer,
            theme,
            tz,
            locale,
        })
    }

    /// Unix seconds now.
    pub fn now(&self) -> i64 {
        chrono::Utc::now().timestamp()
    }

    /// A UI string by key (the key itself when the theme lacks it, so a gap shows, not breaks).
    pub fn text(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The site-wide snapshot at the current content version, reloaded when stale.
    pub async fn site_data(&self) -> cong_store::Result<Arc<SiteData>> {
        let version = self.cache.version();
        let current = self.site_data.read().map(|d| d.clone()).unwrap_or_default();
        if current.version == version {
            return Ok(current);
        }
        let _guard = self.reload.lock().await;
        let current = self.site_data.read().map(|d| d.clone()).unwrap_or_default();
        if current.version == version {
            return Ok(current);
        }
        let fresh = Arc::new(SiteData::load(&self.store, version, self.now()).await?);
        if let Ok(mut slot) = self.site_data.write() {
            *slot = fresh.clone();
        }
        Ok(fresh)
    }

    /// Marks content changed: cached pages and the site snapshot are rebuilt on next use.
    pub fn content_changed(&self) {
        self.cache.bump();
        self.search_wake.notify_one();
    }

    /// Reads the time of the next scheduled article, for the job that publishes it.
    pub async fn refresh_next_due(&self) -> cong_store::Result<()> {
        let next = self.store.next_scheduled(self.now()).await?;
        self.next_due
            .store(next.unwrap_or(i64::MAX), Ordering::Relaxed);
        Ok(())
    }
}
