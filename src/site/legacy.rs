//! Old addresses: a table of legacy paths answers 301 to the object's current URL.

use axum::http::Uri;
use axum::response::Response;
use cong_store::TargetKind;

use super::serve::moved_permanently;
use crate::error::AppError;
use crate::render::views;
use crate::state::AppState;
use crate::urls;

/// The current URL a legacy path leads to, if it is known and its target still exists.
pub async fn target_url(app: &AppState, path: &str) -> Result<Option<String>, AppError> {
    if path.len() > 1024 {
        return Ok(None);
    }
    let Some(t) = app.store.legacy_target(path).await? else {
        return Ok(None);
    };
    let data = app.site_data().await?;
    let now = app.now();
    let url = match (t.kind, t.id) {
        (TargetKind::Url, _) => t.url,
        (TargetKind::Article, Some(id)) => app
            .store
            .published_article(id, now)
            .await?
            .map(|a| views::article_url(&data, a.category_id, &a.slug, a.id)),
        (TargetKind::Category, Some(id)) => data.category(id).map(|c| urls::category(&c.slug, 1)),
        (TargetKind::Page, Some(id)) => app
            .store
            .all_pages()
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .map(|p| urls::page(&p.slug)),
        (TargetKind::Tag, Some(id)) => app
            .store
            .tags_in_use()
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .map(|t| urls::tag(&t.slug, 1)),
        _ => None,
    };
    // A legacy entry must never point back at itself.
    Ok(url.filter(|u| u != path))
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
