//! Serving a page from the cache, or rendering and caching it first.

use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::error::AppError;
use crate::http::client::Reader;
use crate::live::{CachedPage, Fill, ViewCounter};
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
            let page = Arc::new(live_page(app, &text, content_type, version, viewed));
            app.cache.insert(key, page.clone());
            Ok(respond(app, &page, reader))
        }
    }
}

/// Renders and sends a page that must not be cached (it shows figures that change with
/// every write, like poll results).
pub async fn uncached<F, Fut>(
    app: &AppState,
    reader: &Reader,
    render: F,
) -> Result<Response, AppError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Output, AppError>>,
{
    match render().await? {
        Output::Redirect(to) => Ok(moved_permanently(&to)),
        Output::Page {
            text,
            content_type,
            viewed,
        } => {
            let page = live_page(app, &text, content_type, 0, viewed);
            Ok(respond(app, &page, reader))
        }
    }
}

/// A page with its live holes bound to this app's counters.
pub fn live_page(
    app: &AppState,
    text: &str,
    content_type: &'static str,
    version: u64,
    viewed: Option<Arc<ViewCounter>>,
) -> CachedPage {
    CachedPage::new(
        app.renderer.marker(),
        text,
        content_type,
        version,
        viewed,
        |id| app.views.handle(id, 0),
        |id| app.ratings.handle(id, 0, 0),
    )
}

/// Prints a page for one reader: current figures, and form tokens bound to the reader (who
/// is identified, or made, only when the page has a form). Returns the cookie to set for a
/// new reader.
pub fn fill(
    app: &AppState,
    page: &CachedPage,
    reader: &Reader,
    count_view: bool,
) -> (Bytes, Option<HeaderValue>) {
    let now = app.now();
    let p = &app.participation;
    let mut who = None;
    let body = {
        let mut token = |purpose| {
            let id = &who.get_or_insert_with(|| p.identify(reader)).id;
            p.signer.token(purpose, id, now)
        };
        page.serve(&mut Fill {
            visits: &app.visits,
            thousands: app.locale.thousands_sep(),
            count_view,
            token: &mut token,
        })
    };
    (
        body,
        who.and_then(|w: crate::participation::Identified| w.set_cookie),
    )
}

/// Sends a cached page, counting (for an article) the view.
pub fn respond(app: &AppState, page: &CachedPage, reader: &Reader) -> Response {
    let (body, cookie) = fill(app, page, reader, reader.counts_view);
    let mut resp = Response::new(Body::from(body));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(page.content_type),
    );
    // A page with forms carries this reader's tokens: no shared cache may keep it.
    let cache = if page.has_forms() {
        "private, no-cache"
    } else {
        "no-cache"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Some(c) = cookie {
        h.insert(header::SET_COOKIE, c);
    }
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
