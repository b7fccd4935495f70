//! Back-office pages: rendered fresh (never cached), never indexed, never stored by browsers.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::Value;

use crate::state::AppState;

/// Renders a back-office template with the given status.
pub fn page(app: &AppState, status: StatusCode, template: &str, ctx: Value) -> Response {
    match app.renderer.render(template, ctx) {
        Ok(html) => {
            let mut resp = (status, html).into_response();
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            no_store(h);
            resp
        }
        Err(e) => {
            tracing::error!(error = %e, "back-office page failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Headers every back-office answer carries.
pub fn no_store(h: &mut axum::http::HeaderMap) {
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
}

/// A 303 to a back-office page.
pub fn see_other(to: &'static str) -> Response {
    let mut resp = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, HeaderValue::from_static(to))],
    )
        .into_response();
    no_store(resp.headers_mut());
    resp
}
