//! The back-office home page, the session ping behind "stay logged in", and log-out.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::context;

use super::audit::record;
use super::guard::{Anyone, Authors, Change, Staff};
use super::session::{csrf_ok, current, session_cookie, set_cookie};
use super::view::{frame, no_store, page, see_other};
use crate::error::AppError;
use crate::http::client::Reader;
use crate::state::AppState;

/// `GET /admin/`: every role.
pub async fn dashboard(State(app): State<AppState>, me: Staff<Authors>) -> Response {
    let ctx = context! { ..frame(&app, &me, "admin_home") };
    page(&app, StatusCode::OK, "admin/home.html", ctx)
}

/// `POST /admin/ping` with the `X-CSRF-Token` header: renews the session (the page's "stay
/// logged in" button). JSON, so the page's script can tell an ended session (401) apart.
pub async fn ping(
    State(app): State<AppState>,
    reader: Reader,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let answer = match current(&app, &headers, &reader).await? {
        Some(me) if csrf_ok(&me, &headers, None) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "ok": true, "idle_secs": me.secs_left })),
        ),
        Some(_) => (
            StatusCode::FORBIDDEN,
            axum::Json(serde_json::json!({ "ok": false })),
        ),
        None => (
            StatusCode::UNAUTHORIZED,
            axum::Json(serde_json::json!({ "ok": false })),
        ),
    };
    let mut resp = answer.into_response();
    no_store(resp.headers_mut());
    Ok(resp)
}

/// `POST /admin/logout` with `csrf`: ends the session on the server.
pub async fn logout(State(app): State<AppState>, c: Change<Anyone>) -> Result<Response, AppError> {
    app.store.end_session(&c.me.session).await?;
    record(&app, (&c.me).into(), "logout", None, "").await?;
    let mut resp = see_other("/admin/login");
    set_cookie(&mut resp, session_cookie(None, c.me.secure));
    Ok(resp)
}
