//! `GET /media/<path>`: photos and documents, from the folder or the bucket, streamed (never
//! read whole into memory), with `ETag`/`Last-Modified` and 304, `Range`, and a type fixed by
//! the extension from an allow-list. Photo originals (`goc/`) are never served: they may carry
//! the camera's location.

mod answers;

use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::media::storage::{ORIGINALS, PUBLIC};
use crate::render::theme::is_safe_relative;
use crate::state::AppState;
use answers::{from_bucket, from_folder, from_memory};

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

/// Uploaded files are named by their content: a name never comes to mean other bytes.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Imported files keep their old names, which an import run may fill again.
const A_WEEK: &str = "public, max-age=604800";

/// Seconds a signed link to the bucket stays good.
const SIGNED_FOR: u64 = 3600;

/// `GET /media/<path>`.
pub async fn file(
    State(app): State<AppState>,
    Path(path): Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    if !is_safe_relative(&path) || path.starts_with(ORIGINALS) {
        return Err(AppError::NotFound);
    }
    let kind = media_type(&path).ok_or(AppError::NotFound)?;
    let cache = if path.starts_with(PUBLIC) {
        IMMUTABLE
    } else {
        A_WEEK
    };
    let storage = &app.media.storage;
    let mut resp = if let Some(dir) = storage.folder() {
        let full = dir.join(&path);
        if path.starts_with(PUBLIC) && app.media.hot.enabled() {
            from_memory(&app, &path, &full, kind.mime, req).await?
        } else {
            from_folder(&full, kind.mime, req).await?
        }
    } else if let Some(link) = storage.signed_link(&path, SIGNED_FOR).await {
        let mut r = StatusCode::TEMPORARY_REDIRECT.into_response();
        let link = HeaderValue::from_str(&link).map_err(|_| AppError::NotFound)?;
        r.headers_mut().insert(header::LOCATION, link);
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Ok(r);
    } else {
        from_bucket(&app, &path, kind.mime, req.headers()).await?
    };
    let h = resp.headers_mut();
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    let csp = if kind.mime == "application/pdf" {
        PDF_CSP
    } else {
        MEDIA_CSP
    };
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    let name = match path.strip_prefix(PUBLIC) {
        // An uploaded document is saved under the name its uploader gave it.
        Some(key) if !kind.mime.starts_with("image/") && key.len() > 16 => app
            .store
            .media_by_hash(&key[..16])
            .await?
            .map(|m| m.original_name),
        _ => None,
    };
    let how = if kind.inline { "inline" } else { "attachment" };
    if name.is_some() || !kind.inline {
        let fallback = path.rsplit('/').next().unwrap_or("");
        h.insert(
            header::CONTENT_DISPOSITION,
            disposition(how, name.as_deref(), fallback),
        );
    }
    Ok(resp)
}

/// `inline` or `attachment`, with the file's own name when known (RFC 6266: an ASCII
/// `filename` for old clients, the UTF-8 name in `filename*`).
fn disposition(how: &str, name: Option<&str>, fallback: &str) -> HeaderValue {
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return HeaderValue::from_str(how).expect("a token");
    };
    let ascii: String = fallback
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    HeaderValue::from_str(&format!(
        "{how}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_str(how).expect("a token"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_keeps_its_vietnamese_name() {
        let v = disposition(
            "attachment",
            Some("Báo cáo quý 4.docx"),
            "0123-bao-cao.docx",
        );
        assert_eq!(
            v.to_str().unwrap(),
            "attachment; filename=\"0123-bao-cao.docx\"; \
             filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD%204.docx"
        );
        assert_eq!(
            disposition("attachment", None, "a.zip").to_str().unwrap(),
            "attachment"
        );
        let quote = disposition("inline", Some("a\"b;.pdf"), "x\"y.pdf");
        assert_eq!(
            quote.to_str().unwrap(),
            "inline; filename=\"x_y.pdf\"; filename*=UTF-8''a%22b%3B.pdf"
        );
    }

    #[test]
    fn originals_and_unlisted_types_have_no_type() {
        assert!(media_type("up/a.svg").is_none());
        assert!(media_type("up/a.html").is_none());
        assert!(!media_type("up/a.docx").unwrap().inline);
    }
}
