//! Old addresses: a table of legacy paths answers 301 to the object's current URL; what the
//! table does not list, an imported site's URL scheme may still understand (paging, `?p=ID`,
//! NukeViet's stale slugs and letter cases), through the import's keys.

use std::sync::{Arc, Mutex, Weak};

use axum::http::Uri;
use axum::response::Response;
use cong_import::{nukeviet, wxr, LegacyTarget as OldTarget};
use cong_store::{ImportKind, TargetKind};

use super::serve::moved_permanently;
use crate::error::AppError;
use crate::render::views;
use crate::state::{App, AppState};
use crate::urls;

/// The current URL a legacy path leads to, if it is known and its target still exists.
pub async fn target_url(app: &AppState, path: &str) -> Result<Option<String>, AppError> {
    if path.len() > 1024 {
        return Ok(None);
    }
    let normal = cong_import::normalize_path(path);
    let url = match listed(app, path, &normal).await? {
        Some(listed) => listed,
        None => scheme_target(app, &normal).await?,
    };
    // A legacy entry must never point back at itself.
    Ok(url.filter(|u| u != path))
}

/// Where a path listed in the legacy table leads, the table alone (no scheme). For routes
/// whose shape an old address can share, e.g. NukeViet's `/<module>/<alias>-4.html` that the
/// article route reads as article 4: they ask this before answering with their own redirect.
pub async fn listed_url(app: &AppState, path: &str) -> Result<Option<String>, AppError> {
    if path.len() > 1024 {
        return Ok(None);
    }
    let normal = cong_import::normalize_path(path);
    Ok(listed(app, path, &normal)
        .await?
        .flatten()
        .filter(|u| u != path))
}

/// `Some(target)` when the table lists the path (the target `None` when it is gone).
async fn listed(
    app: &AppState,
    path: &str,
    normal: &str,
) -> Result<Option<Option<String>>, AppError> {
    // Stored paths are normalised (upper-case escapes); browsers may send other spellings.
    let mut found = app.store.legacy_target(path).await?;
    if found.is_none() && normal != path {
        found = app.store.legacy_target(normal).await?;
    }
    let Some(t) = found else {
        return Ok(None);
    };
    Ok(Some(match (t.kind, t.id) {
        (TargetKind::Url, _) => t.url,
        (kind, Some(id)) => resolve(app, kind, id, 1).await?,
        _ => None,
    }))
}

/// The current URL of an object, at page `page` of a listing.
async fn resolve(
    app: &AppState,
    kind: TargetKind,
    id: i64,
    page: u32,
) -> Result<Option<String>, AppError> {
    let data = app.site_data().await?;
    let now = app.now();
    Ok(match kind {
        TargetKind::Url => None,
        TargetKind::Article => app
            .store
            .published_article(id, now)
            .await?
            .map(|a| views::article_url(&data, a.category_id, &a.slug, a.id)),
        TargetKind::Category => data.category(id).map(|c| urls::category(&c.slug, page)),
        TargetKind::Page => app
            .store
            .all_pages()
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .map(|p| urls::page(&p.slug)),
        TargetKind::Tag => app
            .store
            .tags_in_use()
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .map(|t| urls::tag(&t.slug, page)),
    })
}

/// An imported site's URL scheme.
enum Scheme {
    Wxr(wxr::LegacyScheme),
    NukeViet(nukeviet::LegacyScheme),
}

/// The schemes of every import, with the content version they were read at, for one app.
struct Schemes {
    app: Weak<App>,
    version: u64,
    list: Arc<Vec<(String, Scheme)>>,
}

/// Read once per content version: a 404 should not cost a settings read and a JSON parse.
/// The `Weak` tells apps apart (tests run several) and keeps the address from being reused.
static SCHEMES: Mutex<Option<Schemes>> = Mutex::new(None);

async fn schemes(app: &AppState) -> Result<Arc<Vec<(String, Scheme)>>, AppError> {
    let version = app.cache.version();
    if let Ok(slot) = SCHEMES.lock() {
        if let Some(s) = slot.as_ref() {
            if s.version == version && s.app.ptr_eq(&Arc::downgrade(app)) {
                return Ok(s.list.clone());
            }
        }
    }
    let mut list = Vec::new();
    for (source, json) in app.store.import_schemes().await? {
        let parsed = if source.starts_with("wxr:") {
            serde_json::from_str(&json).map(Scheme::Wxr)
        } else {
            serde_json::from_str(&json).map(Scheme::NukeViet)
        };
        match parsed {
            Ok(s) => list.push((source, s)),
            Err(e) => tracing::warn!(%source, error = %e, "unreadable import URL scheme"),
        }
    }
    let list = Arc::new(list);
    if let Ok(mut slot) = SCHEMES.lock() {
        *slot = Some(Schemes {
            app: Arc::downgrade(app),
            version,
            list: list.clone(),
        });
    }
    Ok(list)
}

/// What an imported site's scheme makes of a path the table does not list.
async fn scheme_target(app: &AppState, path: &str) -> Result<Option<String>, AppError> {
    for (source, scheme) in schemes(app).await?.iter() {
        let found = match scheme {
            Scheme::Wxr(s) => s.match_path(path),
            Scheme::NukeViet(s) => s.match_path(path),
        };
        if let Some(t) = found {
            if let Some(url) = old_target(app, source, t, path).await? {
                return Ok(Some(url));
            }
        }
    }
    Ok(None)
}

async fn old_target(
    app: &AppState,
    source: &str,
    t: OldTarget,
    path: &str,
) -> Result<Option<String>, AppError> {
    let id = |kind, key: String| async move { app.store.imported_id(source, kind, &key).await };
    Ok(match t {
        OldTarget::Article(key) => match id(ImportKind::Article, key.clone()).await? {
            Some(a) => resolve(app, TargetKind::Article, a, 1).await?,
            None => match id(ImportKind::Page, key).await? {
                Some(p) => resolve(app, TargetKind::Page, p, 1).await?,
                None => None,
            },
        },
        OldTarget::Category { key, page } => match id(ImportKind::Category, key).await? {
            Some(c) => resolve(app, TargetKind::Category, c, page).await?,
            None => None,
        },
        OldTarget::Tag { key, page } => match id(ImportKind::Tag, key).await? {
            Some(t) => resolve(app, TargetKind::Tag, t, page).await?,
            None => None,
        },
        // Every query string on `/` reads as the old home page; only other paths move there.
        OldTarget::Home { .. } => (path.split('?').next() != Some("/")).then(|| "/".to_string()),
        OldTarget::Feed(None) => Some("/rss.xml".to_string()),
        OldTarget::Feed(Some(key)) => match id(ImportKind::Category, key).await? {
            Some(c) => {
                let data = app.site_data().await?;
                data.category(c).map(|c| format!("/{}/rss.xml", c.slug))
            }
            None => None,
        },
    })
}

/// Fallback for every unmatched route: 404 (the legacy layer gets its chance at it).
pub async fn fallback() -> AppError {
    AppError::NotFound
}

/// The 301 for a path that answered 404 but is a known legacy path (tried with its query
/// string first, then without), if it is one. Used by the layer around every route, so old
/// addresses that look like current routes (`/index.php?…`, `/vi/news/…`) are found too.
pub async fn redirect_for(app: &AppState, uri: &Uri) -> Option<Response> {
    let path = uri.path();
    let with_query = uri
        .query()
        .filter(|q| !q.is_empty())
        .map(|q| format!("{path}?{q}"));
    for candidate in with_query.iter().map(String::as_str).chain([path]) {
        match target_url(app, candidate).await {
            Ok(Some(to)) => return Some(moved_permanently(&to)),
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, "legacy path lookup failed");
                return None;
            }
        }
    }
    None
}
