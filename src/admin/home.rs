//! The back-office home page, the session ping behind "stay logged in", and log-out.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::context;

use super::login::audit;
use super::session::{csrf_ok, current, require, session_cookie};
use super::view::{no_store, page, see_other};
use crate::auth::Role;
use crate::http::client::Reader;
use crate::participation::check::Posted;
use crate::state::AppState;

/// `GET /admin/`: every role.
pub async fn dashboard(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let me = match require(&app, &headers, Role::Author).await {
        Ok(me) => me,
        Err(resp) => return resp,
    };
    let cfg = &app.config.admin;
    let ctx = context! {
        title => app.text("admin_home"),
        me => context! {
            name => me.user.name,
            display_name => me.user.display_name,
            role => app.text(&format!("role_{}", me.role.name())),
        },
        csrf => me.csrf,
        idle_secs => cfg.idle_secs,
        warn_secs => cfg.warn_secs,
    };
    page(&app, StatusCode::OK, "admin/home.html", ctx)
}

/// `POST /admin/ping`: renews the session (the page's "stay logged in" button). JSON.
pub async fn ping(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let answer = match current(&app, &headers).await {
        Some(me) if csrf_ok(&me, &headers, None) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "ok": true, "idle_secs": app.config.admin.idle_secs })),
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
    resp
}

/// `POST /admin/logout` with `csrf`: ends the session on the server.
pub async fn logout(
    State(app): State<AppState>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Posted::parse(&headers, &body);
    let Some(me) = current(&app, &headers).await else {
        return see_other("/admin/login");
    };
    if !csrf_ok(&me, &headers, form.get("csrf")) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let _ = app.store.end_session(&me.session).await;
    audit(&app, &reader, Some(&me.user), &me.user.name, "logout").await;
    let mut resp = see_other("/admin/login");
    resp.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&app, None));
    resp
}
