//! The answers `/media/` gives: from memory, streamed from the folder, or passed through from
//! the bucket; each with `ETag` and 304, `Range` and 206.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use object_store::{GetOptions, GetRange};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::error::AppError;
use crate::media::hot::{HotFile, FILE_MAX};
use crate::media::storage::PUBLIC;
use crate::state::AppState;

/// A file from the folder: `Range` and `If-Modified-Since` as the file server does them, plus
/// an `ETag` from the file's size and change time.
pub async fn from_folder(
    full: &std::path::Path,
    mime: &'static str,
    req: Request,
) -> Result<Response, AppError> {
    let meta = tokio::fs::metadata(full)
        .await
        .map_err(|_| AppError::NotFound)?;
    if !meta.is_file() {
        return Err(AppError::NotFound);
    }
    let changed = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .unwrap_or_default();
    let etag = format!(
        "\"{:x}-{:x}-{:x}\"",
        meta.len(),
        changed.as_secs(),
        changed.subsec_nanos()
    );
    let etag = HeaderValue::from_str(&etag).expect("hex digits and quotes");
    if none_match(req.headers(), &etag) {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        r.headers_mut().insert(header::ETAG, etag);
        return Ok(r);
    }
    let mime: mime_guess::mime::Mime = mime.parse().expect("a valid type");
    let served = match ServeFile::new_with_mime(full, &mime).oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    if served.status() == StatusCode::NOT_FOUND {
        return Err(AppError::NotFound);
    }
    let mut resp = served.map(Body::new);
    resp.headers_mut().insert(header::ETAG, etag);
    Ok(resp)
}

/// An uploaded file from memory, read whole into it first when it is small enough (larger
/// ones are streamed from the folder). Its name says its content, so its ETag is its name.
pub async fn from_memory(
    app: &AppState,
    path: &str,
    full: &std::path::Path,
    mime: &'static str,
    req: Request,
) -> Result<Response, AppError> {
    let file = match app.media.hot.get(path) {
        Some(file) => file,
        None => {
            let meta = tokio::fs::metadata(full)
                .await
                .map_err(|_| AppError::NotFound)?;
            if !meta.is_file() {
                return Err(AppError::NotFound);
            }
            if meta.len() > FILE_MAX {
                return from_folder(full, mime, req).await;
            }
            let bytes = tokio::fs::read(full)
                .await
                .map_err(|_| AppError::NotFound)?;
            let modified = meta
                .modified()
                .map(|t| http_date(t.into()))
                .unwrap_or_default();
            let file = HotFile {
                bytes: bytes.into(),
                modified,
            };
            app.media.hot.insert(path, file.clone());
            file
        }
    };
    let etag = HeaderValue::from_str(&format!("\"{}\"", path.trim_start_matches(PUBLIC)))
        .map_err(|_| AppError::NotFound)?;
    let headers = req.headers();
    if none_match(headers, &etag) {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        r.headers_mut().insert(header::ETAG, etag);
        return Ok(r);
    }
    let len = file.bytes.len() as u64;
    let part = match range(headers) {
        None => None,
        Some(r) => match span(&r, len) {
            Some(s) => Some(s),
            None => {
                let mut r = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
                let all = HeaderValue::from_str(&format!("bytes */{len}")).expect("digits");
                r.headers_mut().insert(header::CONTENT_RANGE, all);
                return Ok(r);
            }
        },
    };
    let body = match &part {
        Some(p) => file.bytes.slice(p.start as usize..p.end as usize),
        None => file.bytes.clone(),
    };
    let mut resp = Response::new(Body::from(body));
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::ETAG, etag);
    if let Ok(v) = HeaderValue::from_str(&file.modified) {
        h.insert(header::LAST_MODIFIED, v);
    }
    if let Some(p) = part {
        let range = format!("bytes {}-{}/{len}", p.start, p.end - 1);
        h.insert(
            header::CONTENT_RANGE,
            HeaderValue::from_str(&range).expect("digits"),
        );
        *resp.status_mut() = StatusCode::PARTIAL_CONTENT;
    }
    Ok(resp)
}

/// The bytes a range asks for in a file of `len` bytes; `None` when none of them exist.
fn span(r: &GetRange, len: u64) -> Option<std::ops::Range<u64>> {
    let s = match r {
        GetRange::Bounded(b) => b.start..b.end.min(len),
        GetRange::Offset(a) => *a..len,
        GetRange::Suffix(n) => len.saturating_sub(*n)..len,
    };
    (s.start < s.end).then_some(s)
}

/// An HTTP date (`Tue, 08 Dec 2026 01:02:03 GMT`).
fn http_date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Whether `If-None-Match` names `etag` (or is `*`).
fn none_match(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(sent) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let ours = etag.to_str().unwrap_or("");
    sent.split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == ours)
}

/// A single byte range from a `Range` header; `None` for none, several, or a malformed one
/// (the whole file is then sent, as HTTP allows).
fn range(headers: &HeaderMap) -> Option<GetRange> {
    let spec = headers
        .get(header::RANGE)?
        .to_str()
        .ok()?
        .strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.trim().split_once('-')?;
    match (a.parse::<u64>().ok(), b.parse::<u64>().ok()) {
        (Some(a), Some(b)) if a <= b => Some(GetRange::Bounded(a..b + 1)),
        (Some(a), None) if b.is_empty() => Some(GetRange::Offset(a)),
        (None, Some(n)) if a.is_empty() && n > 0 => Some(GetRange::Suffix(n)),
        _ => None,
    }
}

/// A file from the bucket, passed through as it streams in.
pub async fn from_bucket(
    app: &AppState,
    path: &str,
    mime: &'static str,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let wanted = range(headers);
    let opts = GetOptions {
        if_none_match: text(header::IF_NONE_MATCH),
        if_modified_since: text(header::IF_MODIFIED_SINCE)
            .and_then(|d| chrono::DateTime::parse_from_rfc2822(&d).ok())
            .map(|d| d.with_timezone(&chrono::Utc)),
        range: wanted.clone(),
        ..GetOptions::default()
    };
    let got = match app.media.storage.get(path, opts).await {
        Ok(g) => g,
        Err(object_store::Error::NotFound { .. }) => return Err(AppError::NotFound),
        Err(object_store::Error::NotModified { .. }) => {
            return Ok(StatusCode::NOT_MODIFIED.into_response())
        }
        Err(e) if wanted.is_some() && e.to_string().contains("416") => {
            return Ok(StatusCode::RANGE_NOT_SATISFIABLE.into_response())
        }
        Err(e) => {
            tracing::error!(error = %e, path, "media storage failed");
            return Ok(StatusCode::SERVICE_UNAVAILABLE.into_response());
        }
    };
    let total = got.meta.size;
    let part = got.range.clone();
    let etag = got.meta.e_tag.clone();
    let modified = got.meta.last_modified;
    let partial = wanted.is_some();
    let mut resp = Response::new(Body::from_stream(got.into_stream()));
    if partial {
        *resp.status_mut() = StatusCode::PARTIAL_CONTENT;
    }
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(part.end - part.start),
    );
    if partial {
        let range = format!(
            "bytes {}-{}/{total}",
            part.start,
            part.end.saturating_sub(1)
        );
        h.insert(
            header::CONTENT_RANGE,
            HeaderValue::from_str(&range).expect("digits"),
        );
    }
    if let Some(tag) = etag.and_then(|t| HeaderValue::from_str(&t).ok()) {
        h.insert(header::ETAG, tag);
    }
    h.insert(
        header::LAST_MODIFIED,
        HeaderValue::from_str(&http_date(modified)).expect("a date"),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_range(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::RANGE, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn single_ranges_are_read_and_the_rest_ignored() {
        assert_eq!(
            range(&with_range("bytes=0-99")),
            Some(GetRange::Bounded(0..100))
        );
        assert_eq!(
            range(&with_range("bytes=100-")),
            Some(GetRange::Offset(100))
        );
        assert_eq!(range(&with_range("bytes=-10")), Some(GetRange::Suffix(10)));
        assert_eq!(range(&with_range("bytes=5-1")), None);
        assert_eq!(range(&with_range("bytes=0-1,4-5")), None);
        assert_eq!(range(&with_range("items=0-1")), None);
        assert_eq!(range(&HeaderMap::new()), None);
    }

    #[test]
    fn spans_stay_inside_the_file() {
        assert_eq!(span(&GetRange::Bounded(0..10), 100), Some(0..10));
        assert_eq!(span(&GetRange::Bounded(90..200), 100), Some(90..100));
        assert_eq!(span(&GetRange::Bounded(100..200), 100), None);
        assert_eq!(span(&GetRange::Offset(40), 100), Some(40..100));
        assert_eq!(span(&GetRange::Suffix(500), 100), Some(0..100));
        assert_eq!(span(&GetRange::Suffix(10), 100), Some(90..100));
    }
}
