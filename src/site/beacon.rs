//! Visits are counted when a browser loads the page's beacon image, not when the page is
//! requested: scripts and crawlers that fetch HTML without its resources never count, while
//! every real page view does (the beacon is never cached).
//!
//! Also `GET /api/form-token`, for scripts that need a fresh form token.

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::http::client::Reader;
use crate::participation::Purpose;
use crate::state::AppState;

/// A transparent 1×1 GIF.
const PIXEL: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
];

/// `GET /beacon.gif`: counts the visit of the reader loading it.
pub async fn beacon(State(app): State<AppState>, reader: Reader) -> Response {
    if reader.counts_view {
        app.visits.record(reader.key, app.now());
    }
    let mut resp = Response::new(Body::from(PIXEL));
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/gif"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Query of `/api/form-token`.
#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(rename = "for")]
    purpose: Option<String>,
}

/// `GET /api/form-token?for=rating|comment|vote`: a fresh token for the reader (made when new).
pub async fn form_token(
    State(app): State<AppState>,
    Query(q): Query<TokenQuery>,
    reader: Reader,
) -> Response {
    let Some(purpose) = q.purpose.as_deref().and_then(Purpose::from_name) else {
        let msg = app.text("msg_bad_token_kind");
        return super::reply::json(
            StatusCode::BAD_REQUEST,
            false,
            &msg,
            serde_json::Value::Null,
        );
    };
    let p = &app.participation;
    let who = p.identify(&reader);
    let token = p.signer.token(purpose, &who.id, app.now());
    let mut resp = (
        StatusCode::OK,
        axum::Json(serde_json::json!({ "token": token })),
    )
        .into_response();
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(c) = who.set_cookie {
        h.insert(header::SET_COOKIE, c);
    }
    resp
}
