//! Serving a page from the cache, or rendering and caching it first.

use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::http::client::Reader;
use crate::live::{CachedPage, ViewCounter};
use crate::state::AppState;

/// HTML content type.
pub const HTML: &str = "text/html; charset=utf-8";

/// What rendering a route produced.
pub enum Output {
    /// A page to cache and send.
    Page {
        /// Rendered text with live markers.
        text: String,
        /// Content-Type.
        content_type: &'static str,
        /// The article whose views a request for this page counts.
        viewed: Option<Arc<ViewCounter>>,
    },
    /// A permanent redirect to a canonical URL (not cached).
    Redirect(String),
}

impl Output {
    /// An HTML page that counts no article view.
    pub fn html(text: String) -> Output {
        Output::Page {
            text,
            content_type: HTML,
            viewed: None,
        }
    }
}

/// Answers from the page cache under `key`, rendering with `render` on a miss.
pub async fn cached<F, Fut>(
    app: &AppState,
    key: &str,
    reader: &Reader,
    render: F,
) -> Result<Response, AppError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Output, AppError>>,
{
    if let Some(page) = app.cache.get(key) {
        return Ok(respond(app, &page, reader));
    }
    // Read the version before rendering: a write landing meanwhile makes this copy stale.
    let version = app.cache.version();
    match render().await? {
        Output::Redirect(to) => Ok(moved_permanently(&to)),
        Output::Page {
            text,
            content_type,
            viewed,
        } => {
            let page = Arc::new(CachedPage::new(
                app.renderer.marker(),
                &text,
                content_type,
                version,
                viewed,
                |id| Some(app.views.handle(id, 0)),
            ));
            app.cache.insert(key, page.clone());
            Ok(respond(app, &page, reader))
        }
    }
}

/// Sends a cached page, counting the visit and (for an article) the view.
pub fn respond(app: &AppState, page: &CachedPage, reader: &Reader) -> Response {
    if page.content_type == HTML {
        app.visits.record(reader.key, app.now());
    }
    let body = page.serve(&app.visits, app.locale.thousands_sep(), reader.counts_view);
    let mut resp = Response::new(Body::from(body));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(page.content_type),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// A 301 to `to` (a site path or absolute URL); non-ASCII is percent-encoded.
pub fn moved_permanently(to: &str) -> Response {
    let mut encoded = String::with_capacity(to.len());
    for b in to.bytes() {
        if b.is_ascii_graphic() {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    match HeaderValue::from_str(&encoded) {
        Ok(v) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, v)]).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
