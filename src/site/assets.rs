//! Theme static files and uploaded media, served with a fixed type per extension.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::error::AppError;
use crate::render::theme::is_safe_relative;
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

/// How a kind of media file is served.
struct MediaType {
    mime: &'static str,
    /// Shown in the browser (pictures, PDF) or only downloaded.
    inline: bool,
}

/// Media served, by extension: pictures and documents only. Nothing a browser would run as
/// this site's page (HTML, SVG, JavaScript, CSS, XML) is ever served from `/media/`, whatever
/// was uploaded or imported.
fn media_type(path: &str) -> Option<MediaType> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    let (mime, inline) = match ext.as_str() {
        "jpg" | "jpeg" => ("image/jpeg", true),
        "png" => ("image/png", true),
        "gif" => ("image/gif", true),
        "webp" => ("image/webp", true),
        "avif" => ("image/avif", true),
        "pdf" => ("application/pdf", true),
        "doc" => ("application/msword", false),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            false,
        ),
        "xls" => ("application/vnd.ms-excel", false),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            false,
        ),
        "odt" => ("application/vnd.oasis.opendocument.text", false),
        "ods" => ("application/vnd.oasis.opendocument.spreadsheet", false),
        "zip" => ("application/zip", false),
        _ => return None,
    };
    Some(MediaType { mime, inline })
}

/// The policy of a media answer: nothing loads from it, and a picture opened on its own is a
/// sandboxed document (no scripts, no forms, an origin of its own). PDF viewers refuse to run
/// in a sandbox, and `default-src 'none'` already keeps a PDF's scripts from fetching anything.
const MEDIA_CSP: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
const PDF_CSP: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";

/// `GET /media/<path>`: photos and documents from the data folder, streamed (with `Range`
/// and `If-Modified-Since`), never read whole into memory.
pub async fn media_file(
    State(app): State<AppState>,
    Path(path): Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    if !is_safe_relative(&path) {
        return Err(AppError::NotFound);
    }
    let kind = media_type(&path).ok_or(AppError::NotFound)?;
    let full = app.config.data.join("media").join(&path);
    let mime: mime_guess::mime::Mime = kind.mime.parse().expect("a valid type");
    let served = match ServeFile::new_with_mime(&full, &mime).oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    if served.status() == StatusCode::NOT_FOUND {
        return Err(AppError::NotFound);
    }
    let mut resp = served.map(Body::new);
    let h = resp.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=604800"),
    );
    let csp = if kind.mime == "application/pdf" {
        PDF_CSP
    } else {
        MEDIA_CSP
    };
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    if !kind.inline {
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    Ok(resp)
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
