//! Theme static files, served with a fixed type per extension, and the health check.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

/// Types of the theme's own files, by extension; anything else is not served at all (never a
/// guessed type).
fn content_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => return None,
    })
}

fn file_response(bytes: Vec<u8>, ctype: &'static str, max_age: &'static str) -> Response {
    let mut resp = Response::new(Body::from(bytes));
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(max_age));
    resp
}

/// `GET /static/<path>`: the theme's CSS and images.
pub async fn theme_file(
    State(app): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, AppError> {
    let ctype = content_type(&path).ok_or(AppError::NotFound)?;
    let bytes = app.theme.static_file(&path).ok_or(AppError::NotFound)?;
    Ok(file_response(
        bytes.into_owned(),
        ctype,
        "public, max-age=86400",
    ))
}

/// `GET /healthz`: 200 once the database answers.
pub async fn healthz(State(app): State<AppState>) -> Response {
    match app.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}
